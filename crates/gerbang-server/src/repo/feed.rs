//! The change feed (`changes`): appended under the feed lock, read after a cursor by what an
//! account may see.

use crate::db::Db;
use crate::error::ApiError;
use crate::repo::{Tx, feed_lock};
use gerbang_wire::{Account, Role};

pub(crate) async fn append_change(
    tx: &mut Tx,
    kind: &str,
    record_id: &str,
    owner_id: &str,
    for_officers: bool,
    version: i64,
    data: &str,
) -> Result<(), ApiError> {
    feed_lock(tx).await?;
    sqlx::query(
        "INSERT INTO changes (kind, record_id, owner_id, for_officers, version, data, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(kind)
    .bind(record_id)
    .bind(owner_id)
    .bind(i64::from(for_officers))
    .bind(version)
    .bind(data)
    .bind(crate::clock::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A feed row as a pull reads it.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ChangeRow {
    pub seq: i64,
    pub kind: String,
    pub record_id: String,
    pub version: i64,
    pub data: String,
}

/// Up to `limit` changes after `after` that `who` may see, in feed order: applicants their
/// own records, officers what has been filed.
pub(crate) async fn changes_after(
    db: &Db,
    who: &Account,
    after: i64,
    limit: i64,
) -> Result<Vec<ChangeRow>, ApiError> {
    let rows = if who.role == Role::Officer {
        sqlx::query_as(
            "SELECT seq, kind, record_id, version, data FROM changes
             WHERE for_officers = 1 AND seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(db.reads())
        .await?
    } else {
        sqlx::query_as(
            "SELECT seq, kind, record_id, version, data FROM changes
             WHERE owner_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .bind(&who.id)
        .bind(after)
        .bind(limit)
        .fetch_all(db.reads())
        .await?
    };
    Ok(rows)
}

/// A feed row to append: (kind, record id, for officers, version, data).
pub(crate) type Queued = (&'static str, String, bool, i64, String);

/// Appends `rows` as `owner`'s changes at `at`, under the feed lock, in batches.
pub(crate) async fn append_all(
    tx: &mut Tx,
    owner: &str,
    at: &str,
    rows: &[Queued],
) -> Result<(), ApiError> {
    if rows.is_empty() {
        return Ok(());
    }
    feed_lock(tx).await?;
    for chunk in rows.chunks(100) {
        let sql = format!(
            "INSERT INTO changes (kind, record_id, owner_id, for_officers, version, data, at) VALUES {}",
            crate::repo::rows_of(chunk.len(), 7)
        );
        let mut q = sqlx::query(&sql);
        for (kind, id, for_officers, version, data) in chunk {
            q = q
                .bind(*kind)
                .bind(id)
                .bind(owner)
                .bind(i64::from(*for_officers))
                .bind(*version)
                .bind(data)
                .bind(at);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
