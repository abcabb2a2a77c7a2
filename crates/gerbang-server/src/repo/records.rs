//! The synced records (`records`): profiles, cases and documents as the server holds them,
//! each with its owner and version.

use crate::error::ApiError;
use crate::repo::{Tx, placeholders, rows_of};
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

/// The version of record `id` of `kind`, if it exists (without reading its data).
pub(crate) async fn version(tx: &mut Tx, kind: &str, id: &str) -> Result<Option<i64>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT version FROM records WHERE kind = $1 AND id = $2")
            .bind(kind)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?,
    )
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

/// The profiles, cases, documents and plans among `ids`, whoever owns them.
pub(crate) async fn among(tx: &mut Tx, ids: &[String]) -> Result<Vec<(String, Record)>, ApiError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT kind, id, owner_id, version, data FROM records
             WHERE kind IN ('profile', 'case', 'document', 'plan') AND id IN ({})",
            placeholders(1, chunk.len(), 1)
        );
        let mut q = sqlx::query_as::<_, KindedRecord>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        out.extend(
            q.fetch_all(&mut **tx)
                .await?
                .into_iter()
                .map(|r| (r.kind, r.record)),
        );
    }
    Ok(out)
}

/// A record with its kind.
#[derive(sqlx::FromRow)]
struct KindedRecord {
    kind: String,
    #[sqlx(flatten)]
    record: Record,
}

/// A record as a push writes it.
#[derive(Debug)]
pub(crate) struct Write<'a> {
    pub kind: &'a str,
    pub id: &'a str,
    pub owner: &'a str,
    pub version: i64,
    pub data: &'a str,
    pub at: &'a str,
}

/// Creates or replaces `rows`, in batches.
pub(crate) async fn upsert(tx: &mut Tx, rows: &[Write<'_>]) -> Result<(), ApiError> {
    for chunk in rows.chunks(100) {
        let sql = format!(
            "INSERT INTO records (kind, id, owner_id, version, data, updated_at) VALUES {}
             ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version,
                 data = excluded.data, updated_at = excluded.updated_at",
            rows_of(chunk.len(), 6)
        );
        let mut q = sqlx::query(&sql);
        for w in chunk {
            q = q
                .bind(w.kind)
                .bind(w.id)
                .bind(w.owner)
                .bind(w.version)
                .bind(w.data)
                .bind(w.at);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Every record of `kind`.
pub(crate) async fn of_kind(tx: &mut Tx, kind: &str) -> Result<Vec<Record>, ApiError> {
    Ok(
        sqlx::query_as("SELECT id, owner_id, version, data FROM records WHERE kind = $1")
            .bind(kind)
            .fetch_all(&mut **tx)
            .await?,
    )
}

/// Replaces a record's data in place (its version stays: an upgrade of the stored shape).
pub(crate) async fn set_data(
    tx: &mut Tx,
    kind: &str,
    id: &str,
    data: &str,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE records SET data = $1 WHERE kind = $2 AND id = $3")
        .bind(data)
        .bind(kind)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
