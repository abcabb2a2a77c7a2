//! Document contents, stored by SHA-256 in a directory (an object store's interface in
//! miniature: put by offset, verify, get). Uploads resume: a partial file grows chunk by chunk
//! at the offset the server reports, and becomes the blob only when its hash checks out.
//! Only the owner of a document with that hash may upload it; the owner, and officers once
//! the case is filed, may read it. Nobody else learns that the file exists.

use crate::auth::Caller;
use crate::http::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use gerbang_sync::wire::{BlobStatus, Role};
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

fn partial_path(state: &AppState, sha: &str) -> PathBuf {
    state.blobs.join("partial").join(sha)
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

/// Whether `caller` may read `sha`: their own document, or (officers) one of a filed case.
async fn may_read(state: &AppState, caller: &Caller, sha: &str) -> Result<bool, ApiError> {
    let own: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM document_blobs WHERE sha256 = $1 AND owner_id = $2 LIMIT 1",
    )
    .bind(sha)
    .bind(&caller.account.id)
    .fetch_optional(state.db.pool())
    .await?;
    if own.is_some() {
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

/// `GET /api/v1/blobs/{sha}/status`.
pub async fn status(
    State(state): State<AppState>,
    caller: Caller,
    Path(sha): Path<String>,
) -> Result<Json<BlobStatus>, ApiError> {
    valid_sha(&sha)?;
    let size = upload_size(&state, &caller, &sha).await?;
    let done = final_path(&state, &sha);
    if done.exists() {
        return Ok(Json(BlobStatus {
            complete: true,
            received: size,
            size,
        }));
    }
    let received = std::fs::metadata(partial_path(&state, &sha)).map_or(0, |m| m.len());
    Ok(Json(BlobStatus {
        complete: false,
        received,
        size,
    }))
}

/// Where a chunk goes.
#[derive(Debug, serde::Deserialize)]
pub struct ChunkParams {
    /// The byte offset this chunk starts at (must be what the server has received).
    offset: u64,
}

/// `PATCH /api/v1/blobs/{sha}?offset=N`: appends a chunk; the last one completes the blob,
/// which is then verified against its name.
pub async fn put_chunk(
    State(state): State<AppState>,
    caller: Caller,
    Path(sha): Path<String>,
    Query(p): Query<ChunkParams>,
    body: Bytes,
) -> Result<Json<BlobStatus>, ApiError> {
    valid_sha(&sha)?;
    let size = upload_size(&state, &caller, &sha).await?;
    let done = final_path(&state, &sha);
    if done.exists() {
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
    let partial = partial_path(&state, &sha);
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
    // Complete: verify, then publish atomically; a mismatch is discarded.
    let mut hasher = Sha256::new();
    let mut f = std::fs::File::open(&partial).map_err(io)?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    let got = gerbang_core::hex(&hasher.finalize());
    if got != sha {
        let _ = std::fs::remove_file(&partial);
        return Err(ApiError::HashMismatch);
    }
    std::fs::create_dir_all(done.parent().unwrap_or(&state.blobs)).map_err(io)?;
    std::fs::rename(&partial, &done).map_err(io)?;
    tracing::info!(user = %caller.account.username, %sha, size, "blob stored");
    Ok(Json(BlobStatus {
        complete: true,
        received,
        size,
    }))
}

/// `GET /api/v1/blobs/{sha}`: the content, for its owner or (filed cases) officers.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(sha): Path<String>,
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

/// Whether every document of a case has its content stored (filing needs it).
pub fn missing_contents(state_blobs: &std::path::Path, shas: &[(String, String)]) -> Vec<String> {
    shas.iter()
        .filter(|(_, sha)| sha.len() != 64 || !state_blobs.join(&sha[..2]).join(sha).is_file())
        .map(|(name, _)| name.clone())
        .collect()
}
