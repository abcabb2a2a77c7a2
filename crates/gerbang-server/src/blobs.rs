//! Document contents, stored by SHA-256 in a directory (an object store's interface in
//! miniature: put by offset, verify, get). Uploads resume: a partial file grows chunk by chunk
//! at the offset the server reports, and becomes the blob only when its hash checks out.
//! Only an account with a document of that hash may upload it, and it must send the bytes even
//! when another account already did (knowing a hash proves nothing): each account uploads into
//! its own partial file, and becomes a holder of the blob once its bytes hash to the name and
//! are of the type its document declares. Holders, and officers once a filed case references
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
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::PathBuf;

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

fn final_path(state: &AppState, sha: &str) -> PathBuf {
    state.blobs.join(&sha[..2]).join(sha)
}

fn partial_path(state: &AppState, caller: &Caller, sha: &str) -> PathBuf {
    state
        .blobs
        .join("partial")
        .join(&caller.account.id)
        .join(sha)
}

/// Whether `owner` has proved it holds the bytes of `sha` (uploaded them) and they are stored.
pub(crate) async fn holds<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    state_blobs: &std::path::Path,
    db: E,
    owner: &str,
    sha: &str,
) -> Result<bool, ApiError> {
    if sha.len() != 64 || !state_blobs.join(&sha[..2]).join(sha).is_file() {
        return Ok(false);
    }
    let row: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM blob_holders WHERE sha256 = $1 AND owner_id = $2")
            .bind(sha)
            .bind(owner)
            .fetch_optional(db)
            .await?;
    Ok(row.is_some())
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

fn io(e: std::io::Error) -> ApiError {
    tracing::error!(error = %e, "blob store");
    ApiError::Internal
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
    let received = std::fs::metadata(partial_path(&state, &caller, &sha)).map_or(0, |m| m.len());
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
    let done = final_path(&state, &sha);
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
    let partial = partial_path(&state, &caller, &sha);
    std::fs::create_dir_all(partial.parent().unwrap_or(&state.blobs)).map_err(io)?;
    let received = std::fs::metadata(&partial).map_or(0, |m| m.len());
    if p.offset != received {
        return Err(ApiError::OffsetMismatch { received });
    }
    if received + body.len() as u64 > size {
        return Err(ApiError::Invalid(format!(
            "the document is {size} bytes; this chunk would make it {}",
            received + body.len() as u64
        )));
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&partial)
        .map_err(io)?;
    file.write_all(&body).map_err(io)?;
    file.sync_all().map_err(io)?;
    let received = received + body.len() as u64;
    if received < size {
        return Ok(Json(BlobStatus {
            complete: false,
            received,
            size,
        }));
    }
    // Complete: verify the hash and the type, then publish atomically; a mismatch is discarded.
    let mut hasher = Sha256::new();
    let mut f = std::fs::File::open(&partial).map_err(io)?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut head: Vec<u8> = Vec::with_capacity(16);
    loop {
        let n = f.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        if head.len() < 16 {
            head.extend_from_slice(&buf[..n.min(16 - head.len())]);
        }
        hasher.update(&buf[..n]);
    }
    let got = gerbang_core::hex(&hasher.finalize());
    if got != sha {
        let _ = std::fs::remove_file(&partial);
        return Err(ApiError::HashMismatch);
    }
    let found = gerbang_core::record::document::detect(&head);
    let declared = declared_types(&state, &caller, &sha).await?;
    if found.is_none_or(|found| !declared.iter().any(|d| d == found)) {
        let _ = std::fs::remove_file(&partial);
        return Err(ApiError::Refused {
            code: ErrorCode::WrongContentType,
            message: format!(
                "the uploaded content is {} but its document says {}",
                found.unwrap_or("not a PDF, PNG or JPEG file"),
                declared.first().map_or("nothing", String::as_str)
            ),
        });
    }
    std::fs::create_dir_all(done.parent().unwrap_or(&state.blobs)).map_err(io)?;
    if done.exists() {
        // Another account stored the same bytes; this one has now proved it holds them too.
        let _ = std::fs::remove_file(&partial);
    } else {
        std::fs::rename(&partial, &done).map_err(io)?;
    }
    sqlx::query(
        "INSERT INTO blob_holders (sha256, owner_id, since) VALUES ($1, $2, $3)
         ON CONFLICT (sha256, owner_id) DO NOTHING",
    )
    .bind(&sha)
    .bind(&caller.account.id)
    .bind(crate::auth::now())
    .execute(state.db.pool())
    .await?;
    tracing::info!(user = %caller.account.username, %sha, size, "blob stored");
    Ok(Json(BlobStatus {
        complete: true,
        received,
        size,
    }))
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
    let bytes = std::fs::read(final_path(&state, &sha)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            ApiError::NoSuch("document content")
        } else {
            io(e)
        }
    })?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes))
}

/// The documents among `documents` whose content `owner` has not uploaded (filing needs all).
pub(crate) async fn missing_contents(
    state_blobs: &std::path::Path,
    conn: &mut sqlx::AnyConnection,
    owner: &str,
    documents: &[gerbang_core::record::Document],
) -> Result<Vec<String>, ApiError> {
    let mut missing = Vec::new();
    for d in documents {
        if !holds(state_blobs, &mut *conn, owner, &d.sha256).await? {
            missing.push(d.original_name.clone());
        }
    }
    Ok(missing)
}
