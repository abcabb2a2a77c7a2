//! The audit log: every change, who made it and when, each row hashed with the previous row's
//! hash, so editing or deleting a row in the file breaks the chain at that row.

use crate::StoreError;
use sha2::{Digest, Sha256};
use sqlx::{SqliteConnection, SqlitePool};

/// The hash the first row chains from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit entry, before it is chained.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// Who (a user name).
    pub actor: &'a str,
    /// What (`profile.create`, `case.create`, …).
    pub action: &'a str,
    /// The kind of record changed.
    pub record_kind: &'a str,
    /// Its id.
    pub record_id: &'a str,
    /// Details (JSON).
    pub detail: String,
}

fn row_hash(prev: &str, at: &str, e: &Entry<'_>) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        at,
        e.actor,
        e.action,
        e.record_kind,
        e.record_id,
        &e.detail,
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    gerbang_core::hex(&h.finalize())
}

/// Appends `entry` inside the caller's transaction.
pub async fn append(
    conn: &mut SqliteConnection,
    at: &str,
    entry: &Entry<'_>,
) -> Result<(), StoreError> {
    let prev: Option<String> =
        sqlx::query_scalar("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let prev = prev.unwrap_or_else(|| GENESIS.to_owned());
    let hash = row_hash(&prev, at, entry);
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, record_kind, record_id, detail, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(at)
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.record_kind)
    .bind(entry.record_id)
    .bind(&entry.detail)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit chain broken at entry {seq}: {reason}")]
pub struct Broken {
    /// The first entry that does not verify.
    pub seq: i64,
    /// Why.
    pub reason: String,
}

/// An `audit_log` row.
#[derive(sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    record_kind: String,
    record_id: String,
    detail: String,
    prev_hash: String,
    hash: String,
}

/// Checks the whole chain; returns how many entries verified.
pub async fn verify(pool: &SqlitePool) -> Result<Result<u64, Broken>, StoreError> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT seq, at, actor, action, record_kind, record_id, detail, prev_hash, hash
         FROM audit_log ORDER BY seq",
    )
    .fetch_all(pool)
    .await?;
    let mut prev = GENESIS.to_owned();
    let mut count = 0;
    for row in rows {
        let seq = row.seq;
        if row.prev_hash != prev {
            return Ok(Err(Broken {
                seq,
                reason:
                    "it does not chain from the previous entry (an entry was removed or reordered)"
                        .to_owned(),
            }));
        }
        let entry = Entry {
            actor: &row.actor,
            action: &row.action,
            record_kind: &row.record_kind,
            record_id: &row.record_id,
            detail: row.detail,
        };
        let hash = row.hash;
        if row_hash(&prev, &row.at, &entry) != hash {
            return Ok(Err(Broken {
                seq,
                reason: "its content does not match its hash (it was edited)".to_owned(),
            }));
        }
        prev = hash;
        count += 1;
    }
    Ok(Ok(count))
}
