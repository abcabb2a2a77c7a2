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
