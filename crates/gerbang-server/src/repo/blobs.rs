//! Document contents in the database (`blob_holders`, `blob_parts`, `document_blobs`): who has
//! proved they hold which content, the parts of uploads in progress, and which documents and
//! cases declare a content.

use crate::error::ApiError;

/// A part of an upload in progress: where it starts, how long it is, and its object.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Part {
    pub offset: i64,
    pub size: i64,
    pub object: String,
}

/// Whether `owner` has proved it holds the bytes of `sha`.
pub(crate) async fn is_holder<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    owner: &str,
    sha: &str,
) -> Result<bool, ApiError> {
    let row: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM blob_holders WHERE sha256 = $1 AND owner_id = $2")
            .bind(sha)
            .bind(owner)
            .fetch_optional(db)
            .await?;
    Ok(row.is_some())
}

/// Records that `owner` holds the stored file `sha` from `at`.
pub(crate) async fn add_holder(
    db: &crate::db::Db,
    owner: &str,
    sha: &str,
    at: &str,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO blob_holders (sha256, owner_id, since) VALUES ($1, $2, $3)
         ON CONFLICT (sha256, owner_id) DO NOTHING",
    )
    .bind(sha)
    .bind(owner)
    .bind(at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The document records (JSON) of `owner` that declare content `sha`.
pub(crate) async fn declaring_documents(
    db: &crate::db::Db,
    owner: &str,
    sha: &str,
) -> Result<Vec<String>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT r.data FROM document_blobs d JOIN records r ON r.kind = 'document' AND r.id = d.document_id
         WHERE d.sha256 = $1 AND d.owner_id = $2",
    )
    .bind(sha)
    .bind(owner)
    .fetch_all(db.pool())
    .await?)
}

/// The largest size `owner`'s documents declare for `sha` (`None`: none declares it).
pub(crate) async fn declared_size(
    db: &crate::db::Db,
    owner: &str,
    sha: &str,
) -> Result<Option<i64>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT MAX(size) FROM document_blobs WHERE sha256 = $1 AND owner_id = $2",
    )
    .bind(sha)
    .bind(owner)
    .fetch_one(db.pool())
    .await?)
}

/// Whether a filed case references content `sha`.
pub(crate) async fn in_a_filed_case(db: &crate::db::Db, sha: &str) -> Result<bool, ApiError> {
    let filed: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM document_blobs d JOIN filings f ON f.case_id = d.case_id
         WHERE d.sha256 = $1 LIMIT 1",
    )
    .bind(sha)
    .fetch_optional(db.pool())
    .await?;
    Ok(filed.is_some())
}

/// The parts `owner` has uploaded of `sha`, in order.
pub(crate) async fn parts(
    db: &crate::db::Db,
    owner: &str,
    sha: &str,
) -> Result<Vec<Part>, ApiError> {
    Ok(sqlx::query_as(
        r#"SELECT "offset", size, object FROM blob_parts WHERE owner_id = $1 AND sha256 = $2 ORDER BY "offset""#,
    )
    .bind(owner)
    .bind(sha)
    .fetch_all(db.pool())
    .await?)
}

/// Adds a part at `offset`; false when another request already added one there.
pub(crate) async fn add_part(
    db: &crate::db::Db,
    owner: &str,
    sha: &str,
    part: &Part,
    at: &str,
) -> Result<bool, ApiError> {
    let inserted = sqlx::query(
        r#"INSERT INTO blob_parts (owner_id, sha256, "offset", size, object, received_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"#,
    )
    .bind(owner)
    .bind(sha)
    .bind(part.offset)
    .bind(part.size)
    .bind(&part.object)
    .bind(at)
    .execute(db.pool())
    .await?
    .rows_affected();
    Ok(inserted > 0)
}

/// Forgets the part rows of `owner`'s upload of `sha`.
pub(crate) async fn forget_parts(
    db: &crate::db::Db,
    owner: &str,
    sha: &str,
) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM blob_parts WHERE owner_id = $1 AND sha256 = $2")
        .bind(owner)
        .bind(sha)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Records which content each new document declares: (document id, sha256, size, case id), all
/// `owner`'s.
pub(crate) async fn declare(
    tx: &mut crate::repo::Tx,
    owner: &str,
    rows: &[(String, String, i64, String)],
) -> Result<(), ApiError> {
    for chunk in rows.chunks(100) {
        let sql = format!(
            "INSERT INTO document_blobs (document_id, sha256, size, owner_id, case_id) VALUES {}",
            crate::repo::rows_of(chunk.len(), 5)
        );
        let mut q = sqlx::query(&sql);
        for (id, sha, size, case) in chunk {
            q = q.bind(id).bind(sha).bind(*size).bind(owner).bind(case);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
