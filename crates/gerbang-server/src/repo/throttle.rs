//! Failed sign-ins (`signin_failures`): per key (account, address, both), how many, the last
//! one and until when the key must wait (milliseconds).

use crate::db::Db;
use crate::error::ApiError;
use crate::repo::{Tx, placeholders};

/// The latest time any of `keys` must wait until (0: none waits).
pub(crate) async fn wait_until(db: &Db, keys: &[String]) -> Result<i64, ApiError> {
    let sql = format!(
        "SELECT MAX(until_ms) FROM signin_failures WHERE key IN ({})",
        placeholders(1, keys.len(), 1)
    );
    let mut q = sqlx::query_scalar::<_, Option<i64>>(&sql);
    for k in keys {
        q = q.bind(k);
    }
    Ok(q.fetch_one(db.pool()).await?.unwrap_or(0))
}

/// Forgets failures last seen before `before` (ms).
pub(crate) async fn forget_before(tx: &mut Tx, before: i64) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM signin_failures WHERE last_ms < $1")
        .bind(before)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// `key`'s failures and when the last was (ms), if any.
pub(crate) async fn of_key(tx: &mut Tx, key: &str) -> Result<Option<(i64, i64)>, ApiError> {
    Ok(
        sqlx::query_as("SELECT failures, last_ms FROM signin_failures WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// Stores `key`'s count, its last failure and until when it waits (ms).
pub(crate) async fn save(
    tx: &mut Tx,
    key: &str,
    failures: i64,
    last_ms: i64,
    until_ms: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO signin_failures (key, failures, last_ms, until_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
             last_ms = excluded.last_ms, until_ms = excluded.until_ms",
    )
    .bind(key)
    .bind(failures)
    .bind(last_ms)
    .bind(until_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Forgets `keys` altogether.
pub(crate) async fn forget(db: &Db, keys: &[String]) -> Result<(), ApiError> {
    let sql = format!(
        "DELETE FROM signin_failures WHERE key IN ({})",
        placeholders(1, keys.len(), 1)
    );
    let mut q = sqlx::query(&sql);
    for k in keys {
        q = q.bind(k);
    }
    q.execute(db.pool()).await?;
    Ok(())
}
