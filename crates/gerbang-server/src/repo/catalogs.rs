//! Published catalogs (`catalog_versions`): every version this server ever published, with the
//! SHA-256 and the bundle, so a case keeps the rules it was derived with.

use crate::db::Db;
use crate::error::ApiError;
use crate::repo::Tx;

/// The SHA-256 `version` was published with, read outside a transaction.
pub(crate) async fn sha_now(db: &Db, version: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT sha256 FROM catalog_versions WHERE version = $1")
        .bind(version)
        .fetch_optional(db.pool())
        .await
}

/// Records a newly published version (once).
pub(crate) async fn insert(
    db: &Db,
    version: &str,
    sha256: &str,
    bundle: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO catalog_versions (version, sha256, bundle, published_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING",
    )
    .bind(version)
    .bind(sha256)
    .bind(bundle)
    .bind(at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The SHA-256 `version` was published with.
pub(crate) async fn sha(tx: &mut Tx, version: &str) -> Result<Option<String>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT sha256 FROM catalog_versions WHERE version = $1")
            .bind(version)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// The bundle of `version`.
pub(crate) async fn bundle(tx: &mut Tx, version: &str) -> Result<String, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT bundle FROM catalog_versions WHERE version = $1")
            .bind(version)
            .fetch_one(&mut **tx)
            .await?,
    )
}
