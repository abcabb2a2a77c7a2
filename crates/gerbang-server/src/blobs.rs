//! Document contents, stored by SHA-256 in an object store (a directory, or an S3-compatible
//! bucket). Uploads resume on any replica: each chunk is a part object, listed in the
//! database, at the offset the server reports; the whole becomes the blob only when its hash
//! checks out.
//! Only an account with a document of that hash may upload it, and it must send the bytes even
//! when another account already did (knowing a hash proves nothing): each account uploads its
//! own parts, and becomes a holder of the blob once its bytes hash to the name and are of the
//! type its document declares. Holders, and officers once a filed case references
//! the file, may read it. Nobody else learns that the file exists.

use crate::error::ApiError;
use crate::objects::{Blobs, object, store_error};
use crate::repo::blobs::{self as repo, Part};
use crate::state::AppState;
use axum::body::Bytes;
use gerbang_wire::{Account, BlobStatus, ErrorCode, Role};
use object_store::ObjectStore;
use object_store::path::Path as ObjectPath;
use sha2::{Digest, Sha256};

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
    Ok(repo::is_holder(db, owner, sha).await? && blobs.exists(sha).await?)
}

/// The media types `who`'s documents declare for `sha`.
async fn declared_types(
    state: &AppState,
    who: &Account,
    sha: &str,
) -> Result<Vec<String>, ApiError> {
    let rows = repo::declaring_documents(&state.db, &who.id, sha).await?;
    Ok(rows
        .iter()
        .filter_map(|d| serde_json::from_str::<gerbang_core::record::Document>(d).ok())
        .map(|d| d.media_type)
        .collect())
}

/// The declared size of `sha` if `who` may upload it (owns a document with that content).
async fn upload_size(state: &AppState, who: &Account, sha: &str) -> Result<u64, ApiError> {
    let size = repo::declared_size(&state.db, &who.id, sha).await?;
    size.map(|s| s.max(0) as u64)
        .ok_or(ApiError::NoSuch("document"))
}

/// The bytes received so far: the parts that continue each other from 0.
fn received_of(parts: &[Part]) -> u64 {
    let mut end = 0i64;
    for part in parts {
        if part.offset != end {
            break;
        }
        end += part.size;
    }
    end.max(0) as u64
}

/// Forgets the parts of `owner`'s upload of `sha` (rows first: a row never names a missing
/// object that a reader would trust; an object left behind by a crash is only garbage).
async fn discard_parts(state: &AppState, owner: &str, sha: &str, parts: &[Part]) {
    let _ = repo::forget_parts(&state.db, owner, sha).await;
    for part in parts {
        let _ = state
            .blobs
            .store
            .delete(&ObjectPath::from(part.object.as_str()))
            .await;
    }
}

/// Whether `who` may read `sha`: bytes they uploaded, or (officers) a file of a filed case.
async fn may_read(state: &AppState, who: &Account, sha: &str) -> Result<bool, ApiError> {
    if holds(&state.blobs, state.db.pool(), &who.id, sha).await? {
        return Ok(true);
    }
    if who.role != Role::Officer {
        return Ok(false);
    }
    repo::in_a_filed_case(&state.db, sha).await
}

/// Joins the parts of a whole upload into the file `sha`: streamed through the hash and the
/// type check and, unless the file is already stored, into the store as a multipart upload
/// that becomes visible only when complete. A mismatch discards the parts.
async fn complete(
    state: &AppState,
    who: &Account,
    sha: &str,
    size: u64,
    parts: &[Part],
) -> Result<BlobStatus, ApiError> {
    use futures_util::StreamExt;
    let owner = who.id.as_str();
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
    for Part { object: part, .. } in parts {
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
    if let Some(refusal) = refusal(state, who, sha, &got, &head).await? {
        if let Some(u) = upload {
            let _ = u.abort().await;
        }
        discard_parts(state, owner, sha, parts).await;
        return Err(refusal);
    }
    if let Some(u) = upload {
        u.finish().await.map_err(store_error)?;
    }
    let status = stored(state, who, sha, size).await?;
    discard_parts(state, owner, sha, parts).await;
    Ok(status)
}

/// Why the content whose SHA-256 came out as `got` and which starts with `head` is not the
/// file `sha` that `who`'s documents declare, if it is not.
async fn refusal(
    state: &AppState,
    who: &Account,
    sha: &str,
    got: &str,
    head: &[u8],
) -> Result<Option<ApiError>, ApiError> {
    if got != sha {
        return Ok(Some(ApiError::HashMismatch));
    }
    let found = gerbang_core::record::document::detect(head);
    let declared = declared_types(state, who, sha).await?;
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

/// Records that `who` holds the stored file `sha`.
async fn stored(
    state: &AppState,
    who: &Account,
    sha: &str,
    size: u64,
) -> Result<BlobStatus, ApiError> {
    repo::add_holder(&state.db, &who.id, sha, &crate::clock::now()).await?;
    tracing::info!(user = %who.username, %sha, size, "blob stored");
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
    who: &Account,
    sha: &str,
    body: Bytes,
) -> Result<BlobStatus, ApiError> {
    let got = gerbang_core::hex(&Sha256::digest(&body));
    let head = &body[..body.len().min(16)];
    if let Some(refusal) = refusal(state, who, sha, &got, head).await? {
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
    stored(state, who, sha, size).await
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

/// Where the upload of `sha` stands for `who` (joining the parts if all are in but a replica
/// stopped before joining them).
pub async fn status(state: &AppState, who: &Account, sha: &str) -> Result<BlobStatus, ApiError> {
    valid_sha(sha)?;
    let size = upload_size(state, who, sha).await?;
    if holds(&state.blobs, state.db.pool(), &who.id, sha).await? {
        return Ok(BlobStatus {
            complete: true,
            received: size,
            size,
        });
    }
    let parts = repo::parts(&state.db, &who.id, sha).await?;
    let received = received_of(&parts);
    if received == size && size > 0 {
        // Every part is in, but the replica joining them stopped: join them now.
        return complete(state, who, sha, size, &parts).await;
    }
    Ok(BlobStatus {
        complete: false,
        received,
        size,
    })
}

/// Appends `body` at `offset` to `who`'s upload of `sha`; the last chunk completes the file,
/// which is then verified against its SHA-256 and declared type (else discarded).
pub async fn put_chunk(
    state: &AppState,
    who: &Account,
    sha: &str,
    offset: u64,
    body: Bytes,
) -> Result<BlobStatus, ApiError> {
    valid_sha(sha)?;
    let size = upload_size(state, who, sha).await?;
    if holds(&state.blobs, state.db.pool(), &who.id, sha).await? {
        return Ok(BlobStatus {
            complete: true,
            received: size,
            size,
        });
    }
    if body.len() > MAX_CHUNK {
        return Err(ApiError::Invalid(format!(
            "a chunk may carry at most {MAX_CHUNK} bytes"
        )));
    }
    let existing = repo::parts(&state.db, &who.id, sha).await?;
    let received = received_of(&existing);
    if offset != received {
        return Err(ApiError::OffsetMismatch { received });
    }
    if received + body.len() as u64 > size {
        return Err(ApiError::Invalid(format!(
            "the document is {size} bytes; this chunk would make it {}",
            received + body.len() as u64
        )));
    }
    if existing.is_empty() && body.len() as u64 == size && size > 0 {
        return store_whole(state, who, sha, body).await;
    }
    let mut all = existing;
    if !body.is_empty() {
        let name = format!(
            "parts/{}/{sha}/{received:012}-{}",
            who.id,
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
        let part = Part {
            offset: received as i64,
            size: len,
            object: name,
        };
        let added = repo::add_part(&state.db, &who.id, sha, &part, &crate::clock::now()).await?;
        if !added {
            let _ = state
                .blobs
                .store
                .delete(&ObjectPath::from(part.object.as_str()))
                .await;
            let now = received_of(&repo::parts(&state.db, &who.id, sha).await?);
            return Err(ApiError::OffsetMismatch { received: now });
        }
        all.push(part);
    }
    let received = received_of(&all);
    if received < size {
        return Ok(BlobStatus {
            complete: false,
            received,
            size,
        });
    }
    complete(state, who, sha, size, &all).await
}

/// The content of `sha`, streamed, if `who` may read it: its holder, or an officer once a
/// filed case references it. Anyone else is told it does not exist.
pub async fn read(
    state: &AppState,
    who: &Account,
    sha: &str,
) -> Result<object_store::GetResult, ApiError> {
    valid_sha(sha)?;
    if !may_read(state, who, sha).await? {
        return Err(ApiError::NoSuch("document"));
    }
    match state.blobs.store.get(&object(sha)).await {
        Ok(got) => Ok(got),
        Err(object_store::Error::NotFound { .. }) => Err(ApiError::NoSuch("document content")),
        Err(e) => Err(store_error(e)),
    }
}
