//! Documents' contents by SHA-256: where an upload stands, a chunk appended, the content read
//! (its owner; officers once the case is filed).

use crate::auth::Caller;
use crate::edge::{Params, Segment};
use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use gerbang_wire::BlobStatus;

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
#[utoipa::path(get, path = gerbang_wire::routes::BLOB_STATUS, tag = "documents",
    security(("bearer" = [])), params(ShaPath),
    responses(
        (status = 200, description = "Bytes received, and whether the file is complete.", body = BlobStatus),
        (status = 404, description = "`not_found`: no document of this account has this hash.", body = crate::schema::ErrorBody),
    ))]
pub async fn status(
    State(state): State<AppState>,
    caller: Caller,
    Segment(sha): Segment,
) -> Result<Json<BlobStatus>, ApiError> {
    Ok(Json(
        crate::blobs::status(&state, &caller.account, &sha).await?,
    ))
}

/// Where a chunk goes.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChunkParams {
    /// The byte offset this chunk starts at (must be what the server has received).
    #[param(minimum = 0, maximum = 2147483648_i64)]
    pub(crate) offset: u64,
}

/// Append a chunk (at most 4 MiB) at `offset`; the last one completes the file, which is then
/// verified against its SHA-256 and the type its document declares (else discarded).
#[utoipa::path(patch, path = gerbang_wire::routes::BLOB, tag = "documents",
    security(("bearer" = [])), params(ShaPath, ChunkParams),
    request_body(content = crate::schema::Bytes, content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "Stored; `complete` once the whole file is in and verified.", body = BlobStatus),
        (status = 400, description = "`invalid_request`: a chunk over 4 MiB, or one that would exceed the declared size.", body = crate::schema::ErrorBody),
        (status = 404, description = "`not_found`: no document of this account has this hash.", body = crate::schema::ErrorBody),
        (status = 409, description = "`offset_mismatch`: continue from the bytes the server has.", body = crate::schema::ErrorBody),
        (status = 422, description = "`hash_mismatch` or `wrong_content_type`: the file was discarded.", body = crate::schema::ErrorBody),
    ))]
pub async fn put_chunk(
    State(state): State<AppState>,
    caller: Caller,
    Segment(sha): Segment,
    Params(p): Params<ChunkParams>,
    body: Bytes,
) -> Result<Json<BlobStatus>, ApiError> {
    Ok(Json(
        crate::blobs::put_chunk(&state, &caller.account, &sha, p.offset, body).await?,
    ))
}

/// The content: for its owner, and for officers once the case is filed.
#[utoipa::path(get, path = gerbang_wire::routes::BLOB, tag = "documents",
    security(("bearer" = [])), params(ShaPath),
    responses(
        (status = 200, description = "The bytes.", body = crate::schema::Bytes, content_type = "application/octet-stream"),
        (status = 404, description = "`not_found`: no such content this account may read.", body = crate::schema::ErrorBody),
    ))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Segment(sha): Segment,
) -> Result<impl IntoResponse, ApiError> {
    // Streamed: a large file is served in constant memory.
    let got = crate::blobs::read(&state, &caller.account, &sha).await?;
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
