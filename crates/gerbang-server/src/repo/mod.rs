//! The repositories: the SQL behind the services, one module per table group, and the write
//! transaction every service opens here (record and device locks on PostgreSQL, taken in one
//! order so writers never deadlock; the feed lock held from the first appended change to the
//! commit, so feed order is commit order).

use crate::db::Db;
use crate::error::ApiError;
use gerbang_wire::DatabaseKind;

pub mod accounts;
pub mod blobs;
pub mod catalogs;
pub mod feed;
pub mod filings;
pub mod meta;
pub mod mutations;
pub mod records;
pub mod reviews;
pub mod throttle;

pub(crate) type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The advisory lock that orders the change feed on PostgreSQL.
const FEED_LOCK: i64 = 0x0067_6572_6261_6e67; // "gerbang" in ASCII

/// A write transaction holding the locks of `keys` (record ids as `r:ID`, devices as `d:ID`)
/// until it ends. Every writer names all its keys here, before anything else, and they are
/// taken in the order of their lock numbers: no two writers can deadlock on them.
pub(crate) async fn begin(db: &Db, keys: &[String]) -> Result<Tx, ApiError> {
    let mut tx = db.pool().begin().await?;
    if db.kind() == DatabaseKind::Postgres && !keys.is_empty() {
        // One statement, so the order holds across all the keys (a push names at most
        // 2 x 500 records and its device, far below PostgreSQL's 65,535 parameters).
        let sql = format!(
            "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(v, 0) AS k
             FROM (VALUES {}) AS t(v) ORDER BY k) AS s",
            rows_of(keys.len(), 1)
        );
        let mut q = sqlx::query(&sql);
        for k in keys {
            q = q.bind(k);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(tx)
}

/// A whole-database write (an upgrade of the stored records): every other writer waits.
pub(crate) async fn begin_exclusive(db: &Db) -> Result<Tx, ApiError> {
    let mut tx = db.pool().begin().await?;
    if db.kind() == DatabaseKind::Postgres {
        sqlx::query("LOCK TABLE records, changes IN EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
    }
    Ok(tx)
}

/// The lock key of record `id`.
pub(crate) fn record_key(id: &str) -> String {
    format!("r:{id}")
}

/// Takes the feed lock (PostgreSQL): from here to the commit, no other transaction appends.
pub(crate) async fn feed_lock(tx: &mut Tx) -> Result<(), ApiError> {
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(FEED_LOCK)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// `$from, $from+1, …`: `n` numbered placeholders, `step` apart (both databases read `$n`).
pub(crate) fn placeholders(from: usize, n: usize, step: usize) -> String {
    (0..n)
        .map(|i| format!("${}", from + i * step))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `($1, …, $w), ($w+1, …), …`: `rows` rows of `width` placeholders for a multi-row insert.
pub(crate) fn rows_of(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", placeholders(1 + r * width, width, 1)))
        .collect::<Vec<_>>()
        .join(", ")
}
