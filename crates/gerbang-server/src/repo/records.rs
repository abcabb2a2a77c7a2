//! The synced records (`records`): profiles, cases and documents as the server holds them,
//! each with its owner and version.

use crate::error::ApiError;
use crate::repo::Tx;
use gerbang_core::record::Profile;
use gerbang_wire::Account;

/// `who`'s profile `id` as the server holds it.
pub(crate) async fn own_profile(
    tx: &mut Tx,
    who: &Account,
    id: &str,
) -> Result<Option<Profile>, ApiError> {
    let data: Option<String> = sqlx::query_scalar(
        "SELECT data FROM records WHERE kind = 'profile' AND id = $1 AND owner_id = $2",
    )
    .bind(id)
    .bind(&who.id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(data.and_then(|d| serde_json::from_str(&d).ok()))
}

/// A synced record as stored: its owner, version and data (JSON).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct Record {
    pub id: String,
    pub owner_id: String,
    pub version: i64,
    pub data: String,
}

/// Record `id` of `kind`, whoever owns it.
pub(crate) async fn record(tx: &mut Tx, kind: &str, id: &str) -> Result<Option<Record>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, owner_id, version, data FROM records WHERE kind = $1 AND id = $2",
    )
    .bind(kind)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Record `id` of `kind` if `owner` owns it.
pub(crate) async fn owned(
    tx: &mut Tx,
    kind: &str,
    id: &str,
    owner: &str,
) -> Result<Option<Record>, ApiError> {
    Ok(record(tx, kind, id).await?.filter(|r| r.owner_id == owner))
}

/// The document records of `owner`'s case `case_id`, by id (through the table that records
/// each document's case).
pub(crate) async fn case_documents(
    tx: &mut Tx,
    case_id: &str,
    owner: &str,
) -> Result<Vec<Record>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.owner_id, r.version, r.data FROM document_blobs d
         JOIN records r ON r.kind = 'document' AND r.id = d.document_id
         WHERE d.case_id = $1 AND d.owner_id = $2 ORDER BY r.id",
    )
    .bind(case_id)
    .bind(owner)
    .fetch_all(&mut **tx)
    .await?)
}
