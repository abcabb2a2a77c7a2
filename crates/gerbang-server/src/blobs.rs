//! Document contents, stored by SHA-256 in an object store (a directory, or an S3-compatible
//! bucket). Uploads resume on any replica: each chunk is a part object, listed in the
//! database, at the offset the server reports; the whole becomes the blob only when its hash
//! checks out.
//! Only an account with a document of that hash may upload it, and it must send the bytes even
//! when another account already did (knowing a hash proves nothing): each account uploads its
//! own parts, and becomes a holder of the blob once its bytes hash to the name and are of the
//! type its document declares. Holders, and officers once a filed case references
//! the file, may read it. Nobody else learns that the file exists.

use crate::auth::Caller;
use crate::edge::{Params, Segment};
use crate::http::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use gerbang_wire::{BlobStatus, ErrorCode, Role};
use object_store::ObjectStore;
use object_store::path::Path as ObjectPath;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// The largest chunk one request may carry.
pub const MAX_CHUNK: usize = 4 * 1024 * 1024;

pub(crate) fn valid_sha(sha: &str) -> Result<(), ApiError> {
    if sha.len() == 64
        && sha
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        Ok(())
    } else {
        Err(ApiError::Invalid(
            "a blob is named by its SHA-256 in lowercase hex".to_owned(),
        ))
    }
}

/// Where document contents live: a directory (the default) or an S3-compatible bucket, through
/// `object_store`; every call is async and nothing is read whole into memory. Objects:
/// `{sha[..2]}/{sha}` for a verified file, `parts/{account}/{sha}/{offset}-{id}` for the parts
/// of an upload in progress (listed in the `blob_parts` table, so any replica can take the
/// next chunk).
#[derive(Clone)]
pub struct Blobs {
    store: std::sync::Arc<dyn ObjectStore>,
    /// Where, for logs and errors (never a credential).
    pub describe: String,
}

impl std::fmt::Debug for Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blobs").field("at", &self.describe).finish()
    }
}

impl Blobs {
    /// Files under the directory `dir` (made if missing).
    pub fn local(dir: &std::path::Path) -> Result<Blobs, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the blob directory {}: {e}", dir.display()))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| format!("cannot use the blob directory {}: {e}", dir.display()))?;
        Ok(Blobs {
            store: std::sync::Arc::new(store),
            describe: dir.display().to_string(),
        })
    }

    /// `s3://bucket[/prefix]` (an S3-compatible store configured by the usual `AWS_*`
    /// variables: `AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_ALLOW_HTTP`), or a directory.
    pub fn open(location: &str) -> Result<Blobs, String> {
        let Some(rest) = location.strip_prefix("s3://") else {
            return Blobs::local(std::path::Path::new(location));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(format!(
                "--blobs {location}: name a bucket (s3://bucket/prefix)"
            ));
        }
        let s3 = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| format!("cannot use the bucket {bucket}: {e}"))?;
        let store: std::sync::Arc<dyn ObjectStore> = if prefix.trim_matches('/').is_empty() {
            std::sync::Arc::new(s3)
        } else {
            std::sync::Arc::new(object_store::prefix::PrefixStore::new(
                s3,
                prefix.trim_matches('/'),
            ))
        };
        Ok(Blobs {
            store,
            describe: format!("s3://{bucket}/{}", prefix.trim_matches('/')),
        })
    }

    /// Whether the store answers (for `/ready`): a listing of one object.
    pub async fn reachable(&self) -> Result<(), String> {
        use futures_util::StreamExt;
        let mut list = self.store.list(Some(&ObjectPath::from("parts")));
        match list.next().await {
            None | Some(Ok(_)) => Ok(()),
            Some(Err(e)) => Err(e.to_string()),
        }
    }

    /// Whether the verified file `sha` is stored.
    pub async fn exists(&self, sha: &str) -> Result<bool, ApiError> {
        match self.store.head(&object(sha)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(store_error(e)),
        }
    }
}

fn object(sha: &str) -> ObjectPath {
    ObjectPath::from(format!("{}/{sha}", &sha[..2]))
}

fn store_error(e: object_store::Error) -> ApiError {
    tracing::error!(error = %e, "blob store");
    ApiError::StorageUnavailable
}

/// Whether `owner` has proved it holds the bytes of `sha` (uploaded them) and they are stored.
pub(crate) async fn holds<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    blobs: &Blobs,
    db: E,
    owner: &str,
    sha: &str,
) -> Result<bool, ApiError> {
    if sha.len() != 64 {
        return Ok(false);
    }
    let row: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM blob_holders WHERE sha256 = $1 AND owner_id = $2")
            .bind(sha)
            .bind(owner)
            .fetch_optional(db)
            .await?;
    Ok(row.is_some() && blobs.exists(sha).await?)
}

/// The media types `caller`'s documents declare for `sha`.
async fn declared_types(
    state: &AppState,
    caller: &Caller,
    sha: &str,
) -> Result<Vec<String>, ApiError> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT r.data FROM document_blobs d JOIN records r ON r.kind = 'document' AND r.id = d.document_id
         WHERE d.sha256 = $1 AND d.owner_id = $2",
    )
    .bind(sha)
    .bind(&caller.account.id)
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows
        .iter()
        .filter_map(|d| serde_json::from_str::<gerbang_core::record::Document>(d).ok())
        .map(|d| d.media_type)
        .collect())
}

/// The declared size of `sha` if `caller` may upload it (owns a document with that content).
async fn upload_size(state: &AppState, caller: &Caller, sha: &str) -> Result<u64, ApiError> {
    let size: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(size) FROM document_blobs WHERE sha256 = $1 AND owner_id = $2",
    )
    .bind(sha)
    .bind(&caller.account.id)
    .fetch_one(state.db.pool())
    .await?;
    size.map(|s| s.max(0) as u64)
        .ok_or(ApiError::NoSuch("document"))
}

/// The parts `owner` has uploaded of `sha`, in order: (offset, size, object).
async fn parts(
    state: &AppState,
    owner: &str,
    sha: &str,
) -> Result<Vec<(i64, i64, String)>, ApiError> {
    let rows = sqlx::query(
        r#"SELECT "offset", size, object FROM blob_parts WHERE owner_id = $1 AND sha256 = $2 ORDER BY "offset""#,
    )
    .bind(owner)
    .bind(sha)
    .fetch_all(state.db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("offset")?,
                r.try_get("size")?,
                r.try_get("object")?,
            ))
        })
        .collect()
}

/// The bytes received so far: the parts that continue each other from 0.
fn received_of(parts: &[(i64, i64, String)]) -> u64 {
    let mut end = 0i64;
    for (offset, size, _) in parts {
        if *offset != end {
            break;
        }
        end += size;
    }
    end.max(0) as u64
}

/// Forgets the parts of `owner`'s upload of `sha` (rows first: a row never names a missing
/// object that a reader would trust; an object left behind by a crash is only garbage).
async fn discard_parts(state: &AppState, owner: &str, sha: &str, parts: &[(i64, i64, String)]) {
    let _ = sqlx::query("DELETE FROM blob_parts WHERE owner_id = $1 AND sha256 = $2")
        .bind(owner)
        .bind(sha)
        .execute(state.db.pool())
        .await;
    for (_, _, o) in parts {
        let _ = state
            .blobs
            .store
            .delete(&ObjectPath::from(o.as_str()))
            .await;
    }
}

/// Whether `caller` may read `sha`: bytes they uploaded, or (officers) a file of a filed case.
async fn may_read(state: &AppState, caller: &Caller, sha: &str) -> Result<bool, ApiError> {
    if holds(&state.blobs, state.db.pool(), &caller.account.id, sha).await? {
        return Ok(true);
    }
    if caller.account.role != Role::Officer {
        return Ok(false);
    }
    let filed: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM document_blobs d JOIN filings f ON f.case_id = d.case_id
         WHERE d.sha256 = $1 LIMIT 1",
    )
    .bind(sha)
    .fetch_optional(state.db.pool())
    .await?;
    Ok(filed.is_some())
}

/// Joins the parts of a whole upload into the file `sha`: streamed through the hash and the
/// type check and, unless the file is already stored, into the store as a multipart upload
/// that becomes visible only when complete. A mismatch discards the parts.
async fn complete(
    state: &AppState,
    caller: &Caller,
    sha: &str,
    size: u64,
    parts: &[(i64, i64, String)],
) -> Result<BlobStatus, ApiError> {
    use futures_util::StreamExt;
    let owner = caller.account.id.as_str();
    let mut upload = if state.blobs.exists(sha).await? {
        None
    } else {
        let target = state
            .blobs
            .store
            .put_multipart(&object(sha))
            .await
            .map_err(store_error)?;
        Some(object_store::WriteMultipart::new(target))
    };
    let mut hasher = Sha256::new();
    let mut head: Vec<u8> = Vec::with_capacity(16);
    for (_, _, part) in parts {
        let got = state
            .blobs
            .store
            .get(&ObjectPath::from(part.as_str()))
            .await;
        let mut stream = match got {
            Ok(g) => g.into_stream(),
            Err(e) => {
                if let Some(u) = upload {
                    let _ = u.abort().await;
                }
                if matches!(e, object_store::Error::NotFound { .. }) {
                    // A part was lost (a store restored from an older backup): start again.
                    discard_parts(state, owner, sha, parts).await;
                    return Ok(BlobStatus {
                        complete: false,
                        received: 0,
                        size,
                    });
                }
                return Err(store_error(e));
            }
        };
        while let Some(bytes) = stream.next().await {
            let bytes = match bytes {
                Ok(b) => b,
                Err(e) => {
                    if let Some(u) = upload {
                        let _ = u.abort().await;
                    }
                    return Err(store_error(e));
                }
            };
            if head.len() < 16 {
                head.extend_from_slice(&bytes[..bytes.len().min(16 - head.len())]);
            }
            hasher.update(&bytes);
            if let Some(u) = upload.as_mut() {
                if let Err(e) = u.wait_for_capacity(2).await {
                    return Err(store_error(e));
                }
                u.put(bytes);
            }
        }
    }
    let got = gerbang_core::hex(&hasher.finalize());
    if let Some(refusal) = refusal(state, caller, sha, &got, &head).await? {
        if let Some(u) = upload {
            let _ = u.abort().await;
        }
        discard_parts(state, owner, sha, parts).await;
        return Err(refusal);
    }
    if let Some(u) = upload {
        u.finish().await.map_err(store_error)?;
    }
    let status = stored(state, caller, sha, size).await?;
    discard_parts(state, owner, sha, parts).await;
    Ok(status)
}

/// Why the content whose SHA-256 came out as `got` and which starts with `head` is not the
/// file `sha` that `caller`'s documents declare, if it is not.
async fn refusal(
    state: &AppState,
    caller: &Caller,
    sha: &str,
    got: &str,
    head: &[u8],
) -> Result<Option<ApiError>, ApiError> {
    if got != sha {
        return Ok(Some(ApiError::HashMismatch));
    }
    let found = gerbang_core::record::document::detect(head);
    let declared = declared_types(state, caller, sha).await?;
    if found.is_some_and(|found| declared.iter().any(|d| d == found)) {
        return Ok(None);
    }
    Ok(Some(ApiError::Refused {
        code: ErrorCode::WrongContentType,
        message: format!(
            "the uploaded content is {} but its document says {}",
            found.unwrap_or("not a PDF, PNG or JPEG file"),
            declared.first().map_or("nothing", String::as_str)
        ),
    }))
}

/// Records that `caller` holds the stored file `sha`.
async fn stored(
    state: &AppState,
    caller: &Caller,
    sha: &str,
    size: u64,
) -> Result<BlobStatus, ApiError> {
    sqlx::query(
        "INSERT INTO blob_holders (sha256, owner_id, since) VALUES ($1, $2, $3)
         ON CONFLICT (sha256, owner_id) DO NOTHING",
    )
    .bind(sha)
    .bind(&caller.account.id)
    .bind(crate::auth::now())
    .execute(state.db.pool())
    .await?;
    tracing::info!(user = %caller.account.username, %sha, size, "blob stored");
    crate::metrics::upload_completed(size);
    Ok(BlobStatus {
        complete: true,
        received: size,
        size,
    })
}

/// A file sent whole in one chunk: checked in memory and stored with one write (a put is
/// atomic: readers see the whole object or none), without a part in between.
async fn store_whole(
    state: &AppState,
    caller: &Caller,
    sha: &str,
    body: Bytes,
) -> Result<BlobStatus, ApiError> {
    let got = gerbang_core::hex(&Sha256::digest(&body));
    let head = &body[..body.len().min(16)];
    if let Some(refusal) = refusal(state, caller, sha, &got, head).await? {
        return Err(refusal);
    }
    let size = body.len() as u64;
    if !state.blobs.exists(sha).await? {
        state
            .blobs
            .store
            .put(&object(sha), body.into())
            .await
            .map_err(store_error)?;
    }
    stored(state, caller, sha, size).await
}

/// A document's content, by its SHA-256.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Read by `Segment`; declared for the API description.
pub struct ShaPath {
    /// SHA-256 of the content, 64 lowercase hex digits.
    #[param(pattern = "^[0-9a-f]{64}$")]
    sha256: String,
}

/// Where the upload of a document's content stands (for owners of a document with that hash).
#[utoipa::path(get, path = "/api/v1/blobs/{sha256}/status", tag = "documents",
    security(("bearer" = [])), params(ShaPath),
    responses(
        (status = 200, description = "Bytes received, and whether the file is complete.", body = BlobStatus),
        (status = 404, description = "`not_found`: no document of this account has this hash.", body = crate::openapi::ErrorBody),
    ))]
pub async fn status(
    State(state): State<AppState>,
    caller: Caller,
    Segment(sha): Segment,
) -> Result<Json<BlobStatus>, ApiError> {
    valid_sha(&sha)?;
    let size = upload_size(&state, &caller, &sha).await?;
    if holds(&state.blobs, state.db.pool(), &caller.account.id, &sha).await? {
        return Ok(Json(BlobStatus {
            complete: true,
            received: size,
            size,
        }));
    }
    let parts = parts(&state, &caller.account.id, &sha).await?;
    let received = received_of(&parts);
    if received == size && size > 0 {
        // Every part is in, but the replica joining them stopped: join them now.
        return Ok(Json(complete(&state, &caller, &sha, size, &parts).await?));
    }
    Ok(Json(BlobStatus {
        complete: false,
        received,
        size,
    }))
}

/// Where a chunk goes.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChunkParams {
    /// The byte offset this chunk starts at (must be what the server has received).
    #[param(minimum = 0, maximum = 2147483648_i64)]
    offset: u64,
}

/// Append a chunk (at most 4 MiB) at `offset`; the last one completes the file, which is then
/// verified against its SHA-256 and the type its document declares (else discarded).
#[utoipa::path(patch, path = "/api/v1/blobs/{sha256}", tag = "documents",
    security(("bearer" = [])), params(ShaPath, ChunkParams),
    request_body(content = crate::openapi::Bytes, content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "Stored; `complete` once the whole file is in and verified.", body = BlobStatus),
        (status = 400, description = "`invalid_request`: a chunk over 4 MiB, or one that would exceed the declared size.", body = crate::openapi::ErrorBody),
        (status = 404, description = "`not_found`: no document of this account has this hash.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`offset_mismatch`: continue from the bytes the server has.", body = crate::openapi::ErrorBody),
        (status = 422, description = "`hash_mismatch` or `wrong_content_type`: the file was discarded.", body = crate::openapi::ErrorBody),
    ))]
pub async fn put_chunk(
    State(state): State<AppState>,
    caller: Caller,
    Segment(sha): Segment,
    Params(p): Params<ChunkParams>,
    body: Bytes,
) -> Result<Json<BlobStatus>, ApiError> {
    valid_sha(&sha)?;
    let size = upload_size(&state, &caller, &sha).await?;
    if holds(&state.blobs, state.db.pool(), &caller.account.id, &sha).await? {
        return Ok(Json(BlobStatus {
            complete: true,
            received: size,
            size,
        }));
    }
    if body.len() > MAX_CHUNK {
        return Err(ApiError::Invalid(format!(
            "a chunk may carry at most {MAX_CHUNK} bytes"
        )));
    }
    let existing = parts(&state, &caller.account.id, &sha).await?;
    let received = received_of(&existing);
    if p.offset != received {
        return Err(ApiError::OffsetMismatch { received });
    }
    if received + body.len() as u64 > size {
        return Err(ApiError::Invalid(format!(
            "the document is {size} bytes; this chunk would make it {}",
            received + body.len() as u64
        )));
    }
    if existing.is_empty() && body.len() as u64 == size && size > 0 {
        return Ok(Json(store_whole(&state, &caller, &sha, body).await?));
    }
    let mut all = existing;
    if !body.is_empty() {
        let name = format!(
            "parts/{}/{sha}/{received:012}-{}",
            caller.account.id,
            uuid::Uuid::new_v4().simple()
        );
        let len = body.len() as i64;
        state
            .blobs
            .store
            .put(&ObjectPath::from(name.as_str()), body.into())
            .await
            .map_err(store_error)?;
        // The row makes the part count; of two requests for one offset, one row wins.
        let inserted = sqlx::query(
            r#"INSERT INTO blob_parts (owner_id, sha256, "offset", size, object, received_at)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"#,
        )
        .bind(&caller.account.id)
        .bind(&sha)
        .bind(received as i64)
        .bind(len)
        .bind(&name)
        .bind(crate::auth::now())
        .execute(state.db.pool())
        .await?
        .rows_affected();
        if inserted == 0 {
            let _ = state
                .blobs
                .store
                .delete(&ObjectPath::from(name.as_str()))
                .await;
            let now = received_of(&parts(&state, &caller.account.id, &sha).await?);
            return Err(ApiError::OffsetMismatch { received: now });
        }
        all.push((received as i64, len, name));
    }
    let received = received_of(&all);
    if received < size {
        return Ok(Json(BlobStatus {
            complete: false,
            received,
            size,
        }));
    }
    Ok(Json(complete(&state, &caller, &sha, size, &all).await?))
}

/// The content: for its owner, and for officers once the case is filed.
#[utoipa::path(get, path = "/api/v1/blobs/{sha256}", tag = "documents",
    security(("bearer" = [])), params(ShaPath),
    responses(
        (status = 200, description = "The bytes.", body = crate::openapi::Bytes, content_type = "application/octet-stream"),
        (status = 404, description = "`not_found`: no such content this account may read.", body = crate::openapi::ErrorBody),
    ))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Segment(sha): Segment,
) -> Result<impl IntoResponse, ApiError> {
    valid_sha(&sha)?;
    if !may_read(&state, &caller, &sha).await? {
        return Err(ApiError::NoSuch("document"));
    }
    // Streamed: a large file is served in constant memory.
    let got = match state.blobs.store.get(&object(&sha)).await {
        Ok(g) => g,
        Err(object_store::Error::NotFound { .. }) => {
            return Err(ApiError::NoSuch("document content"));
        }
        Err(e) => return Err(store_error(e)),
    };
    let length = got.meta.size;
    let body = axum::body::Body::from_stream(got.into_stream());
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_LENGTH, length.to_string()),
        ],
        body,
    ))
}

/// The documents among `documents` whose content `owner` has not uploaded (filing needs all).
pub(crate) async fn missing_contents(
    blobs: &Blobs,
    conn: &mut sqlx::AnyConnection,
    owner: &str,
    documents: &[gerbang_core::record::Document],
) -> Result<Vec<String>, ApiError> {
    let mut missing = Vec::new();
    for d in documents {
        if !holds(blobs, &mut *conn, owner, &d.sha256).await? {
            missing.push(d.original_name.clone());
        }
    }
    Ok(missing)
}
