//! The mutation log (`mutations`): every change a device pushed, by device and sequence
//! number, with the result it got, so a replay answers the same and an id is used once.

use crate::error::ApiError;
use crate::repo::{Tx, placeholders, rows_of};

/// A mutation-log row to append: (seq, mutation id, kind, record id, status, result JSON).
pub(crate) type Logged = (i64, String, String, String, &'static str, String);

/// The account that pushed from `device` before, if any.
pub(crate) async fn device_owner(tx: &mut Tx, device: &str) -> Result<Option<String>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT user_id FROM mutations WHERE device_id = $1 LIMIT 1")
            .bind(device)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// The last sequence number `device` pushed (0: none).
pub(crate) async fn last_seq(tx: &mut Tx, device: &str) -> Result<i64, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM mutations WHERE device_id = $1")
            .bind(device)
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// The first of `ids` that `device` already used, with the seq it was used for.
pub(crate) async fn first_used(
    tx: &mut Tx,
    device: &str,
    ids: &[&str],
) -> Result<Option<(String, i64)>, ApiError> {
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT mutation_id, seq FROM mutations WHERE device_id = $1 AND mutation_id IN ({})",
            placeholders(2, chunk.len(), 1)
        );
        let mut q = sqlx::query_as::<_, (String, i64)>(&sql).bind(device);
        for id in chunk {
            q = q.bind(*id);
        }
        if let Some(used) = q.fetch_optional(&mut **tx).await? {
            return Ok(Some(used));
        }
    }
    Ok(None)
}

/// The mutation id and stored result (JSON) of `device`'s `seq`.
pub(crate) async fn stored(
    tx: &mut Tx,
    device: &str,
    seq: i64,
) -> Result<Option<(String, String)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT mutation_id, result FROM mutations WHERE device_id = $1 AND seq = $2",
    )
    .bind(device)
    .bind(seq)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Appends `rows` to `device`'s log as `owner`'s, applied `at`.
pub(crate) async fn append(
    tx: &mut Tx,
    device: &str,
    owner: &str,
    at: &str,
    rows: &[Logged],
) -> Result<(), ApiError> {
    for chunk in rows.chunks(100) {
        let sql = format!(
            "INSERT INTO mutations (device_id, seq, mutation_id, user_id, kind, record_id, status, result, applied_at) VALUES {}",
            rows_of(chunk.len(), 9)
        );
        let mut q = sqlx::query(&sql);
        for (seq, id, kind, record, status, result) in chunk {
            q = q
                .bind(device)
                .bind(*seq)
                .bind(id)
                .bind(owner)
                .bind(kind)
                .bind(record)
                .bind(*status)
                .bind(result)
                .bind(at);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
