//! Filings (`filings`): each case's filing number, owner, the snapshot filed and when.

use crate::error::ApiError;
use crate::repo::{Tx, placeholders};

/// A case's filing.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct Filing {
    pub number: String,
    pub owner_id: String,
    pub snapshot_hash: String,
    pub filed_at: String,
}

/// `case_id`'s filing, if it was filed.
pub(crate) async fn of_case(tx: &mut Tx, case_id: &str) -> Result<Option<Filing>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT number, owner_id, snapshot_hash, filed_at FROM filings WHERE case_id = $1",
    )
    .bind(case_id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Numbers `case_id`'s filing: the next of Balikpapan's `year` (`BPN-2026-000042`), counted in
/// the transaction so two replicas never hand out one number twice, and records it.
pub(crate) async fn number_and_record(
    tx: &mut Tx,
    case_id: &str,
    year: i32,
    owner: &str,
    snapshot_hash: &str,
    filed_at: &str,
) -> Result<String, ApiError> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO counters (name, value) VALUES ($1, 1)
         ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
    )
    .bind(format!("filing-{year}"))
    .fetch_one(&mut **tx)
    .await?;
    let number = format!("BPN-{year}-{n:06}");
    sqlx::query(
        "INSERT INTO filings (case_id, number, owner_id, snapshot_hash, filed_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(case_id)
    .bind(&number)
    .bind(owner)
    .bind(snapshot_hash)
    .bind(filed_at)
    .execute(&mut **tx)
    .await?;
    Ok(number)
}

/// Which of `ids` are filed cases.
pub(crate) async fn filed_among(tx: &mut Tx, ids: &[String]) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT case_id FROM filings WHERE case_id IN ({})",
            placeholders(1, chunk.len(), 1)
        );
        let mut q = sqlx::query_scalar::<_, String>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        out.extend(q.fetch_all(&mut **tx).await?);
    }
    Ok(out)
}

/// Remembers that the pack whose manifest hashes to `sha256` is `case_id`'s, filed as `number`,
/// of revision round `round` (`pack_manifests`).
pub(crate) async fn record_pack(
    tx: &mut Tx,
    sha256: &str,
    case_id: &str,
    number: &str,
    round: i64,
    at: &str,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO pack_manifests (sha256, case_id, filing_number, round, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sha256) DO UPDATE SET round = excluded.round",
    )
    .bind(sha256)
    .bind(case_id)
    .bind(number)
    .bind(round)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The filing a pack's manifest hash was recorded for, with the latest round of its case.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct Pack {
    pub case_id: String,
    pub filing_number: String,
    pub round: i64,
    pub filed_at: String,
    pub latest: i64,
}

/// The filing the pack whose manifest hashes to `sha256` belongs to, if any.
pub(crate) async fn pack(db: &crate::db::Db, sha256: &str) -> Result<Option<Pack>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT m.case_id, m.filing_number, m.round, f.filed_at,
                (SELECT MAX(l.round) FROM pack_manifests l WHERE l.case_id = m.case_id) AS latest
         FROM pack_manifests m JOIN filings f ON f.case_id = m.case_id WHERE m.sha256 = $1",
    )
    .bind(sha256)
    .fetch_optional(db.pool())
    .await?)
}

/// Names the record `case_id` was filed with by its hash (an upgrade of the stored shape).
pub(crate) async fn set_snapshot(tx: &mut Tx, case_id: &str, hash: &str) -> Result<(), ApiError> {
    sqlx::query("UPDATE filings SET snapshot_hash = $1 WHERE case_id = $2")
        .bind(hash)
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A filed case the server has not derived a record for yet, with its review status.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct Underived {
    pub case_id: String,
    pub number: String,
    pub owner_id: String,
    pub status: Option<String>,
}

/// Filed cases with no derived `filed_case` record.
pub(crate) async fn underived(tx: &mut Tx) -> Result<Vec<Underived>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT f.case_id, f.number, f.owner_id, r.status FROM filings f
         LEFT JOIN reviews r ON r.case_id = f.case_id
         WHERE NOT EXISTS (SELECT 1 FROM records x WHERE x.kind = 'filed_case' AND x.id = f.case_id)",
    )
    .fetch_all(&mut **tx)
    .await?)
}
