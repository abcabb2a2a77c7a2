//! The server's own notes (`server_meta`): one value per key, such as when an upgrade ran.

use crate::error::ApiError;
use crate::repo::Tx;

/// The value of `key`, if set.
pub(crate) async fn get(tx: &mut Tx, key: &str) -> Result<Option<String>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT value FROM server_meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// Sets `key` (once: a key is never rewritten).
pub(crate) async fn set(tx: &mut Tx, key: &str, value: &str) -> Result<(), ApiError> {
    sqlx::query("INSERT INTO server_meta (key, value) VALUES ($1, $2)")
        .bind(key)
        .bind(value)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets `key` to `value` unless it is set, then answers the value that stands (of replicas
/// starting together, the first one's).
pub(crate) async fn set_once(
    db: &crate::db::Db,
    key: &str,
    value: &str,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO server_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(value)
    .execute(db.pool())
    .await?;
    sqlx::query_scalar("SELECT value FROM server_meta WHERE key = $1")
        .bind(key)
        .fetch_one(db.pool())
        .await
}
