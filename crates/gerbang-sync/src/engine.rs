//! The desktop's side of sync: push the outbox in batches (retrying with backoff while the
//! network or the server fails), record what the server made of each change, then pull the
//! change feed page by page, each page applied with its cursor in one local transaction.

use crate::wire::{self, ErrorCode, FileRequest, Mutation, Outcome, PushRequest, Receipt};
use crate::{Client, SyncError};
use gerbang_store::Store;
use gerbang_store::outbox::{Acknowledged, Pulled};
use std::time::Duration;

/// Mutations per push.
pub const PUSH_BATCH: i64 = 200;
const _: () = assert!(PUSH_BATCH as usize <= crate::wire::MAX_PUSH_MUTATIONS);

/// The push request for a batch of the outbox.
pub fn push_request(device_id: &str, batch: Vec<gerbang_store::outbox::Pending>) -> PushRequest {
    PushRequest {
        device_id: device_id.to_owned(),
        mutations: batch
            .into_iter()
            .map(|p| {
                Mutation::new(
                    p.seq,
                    p.mutation_id,
                    p.record_id,
                    p.base_version,
                    &p.payload,
                )
            })
            .collect(),
    }
}

/// What the outbox records of the server's answer to one mutation.
pub fn acknowledged(r: &wire::MutationResult) -> Acknowledged {
    Acknowledged {
        seq: r.seq,
        outcome: match r.outcome {
            Outcome::Applied => "applied",
            Outcome::Rejected => "rejected",
            Outcome::Conflict => "conflict",
        }
        .to_owned(),
        version: r.version,
        message: r.message.clone(),
        code: r.code,
    }
}
/// Changes per pull page.
pub const PULL_PAGE: i64 = 500;
/// Bytes per upload request (a dropped connection costs at most one chunk).
pub const CHUNK: usize = 1024 * 1024;
/// Attempts for a call that fails transiently (then the error is reported; nothing is lost:
/// unanswered changes stay pending).
pub const ATTEMPTS: u32 = 4;

/// Why a sync did not complete.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The server or the network.
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// The local store.
    #[error(transparent)]
    Store(#[from] gerbang_store::StoreError),
    /// The server's catalog is not usable (damaged in transit, or fails its checks).
    #[error("the city backend's catalog {version} is not usable: {reason}")]
    Catalog {
        /// Its version.
        version: String,
        /// What is wrong.
        reason: String,
    },
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Report {
    /// Changes the server applied.
    pub applied: u32,
    /// Changes it refused for good.
    pub rejected: u32,
    /// Changes made on a stale version (kept for the user).
    pub conflicts: u32,
    /// Changes pulled.
    pub pulled: u32,
    /// Document contents uploaded.
    pub uploaded: u32,
    /// Document contents downloaded (a filed case's files, for officers to read offline).
    pub downloaded: u32,
    /// Filings queued while offline that the city backend numbered in this sync.
    pub filed: Vec<Receipt>,
    /// Queued filings it refused (each kept with its reason for the case page).
    pub filings_refused: u32,
}

/// What asking to file a case did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filing {
    /// Filed now: the city's receipt.
    Filed(Receipt),
    /// The city backend could not be reached: the filing waits, and the next sync sends it.
    Queued(gerbang_store::filings::QueuedFiling),
}

/// The longest wait a server's `Retry-After` may impose on one retry (a sync is interactive).
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Retries `call` on transient errors (no answer, 5xx, 408, 429), at most [`ATTEMPTS`] calls:
/// exponential backoff from 0.2 s with jitter, so devices that lost the server together do not
/// come back together; a server's `Retry-After` (up to 30 s) is waited out instead when longer.
async fn retry<T, F, Fut>(call: F) -> Result<T, SyncError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, SyncError>>,
{
    retry_sleeping(call, tokio::time::sleep).await
}

/// [`retry`], waiting with `sleep` (tests watch the waits instead of spending them).
async fn retry_sleeping<T, F, Fut, S>(call: F, sleep: S) -> Result<T, SyncError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, SyncError>>,
    S: backon::Sleeper,
{
    use backon::Retryable;
    let backoff = backon::ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(200))
        .with_max_delay(Duration::from_secs(5))
        .with_max_times(ATTEMPTS as usize - 1)
        .with_jitter();
    call.retry(backoff)
        .sleep(sleep)
        .when(SyncError::is_transient)
        .adjust(|e, delay| {
            delay.map(|d| match e.retry_after() {
                Some(wait) => d.max(wait.min(MAX_RETRY_AFTER)),
                None => d,
            })
        })
        .await
}

/// How far a running sync has come.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Progress {
    /// `push`, `upload`, `pull` or `download`.
    pub stage: String,
    /// Items done in this stage.
    pub done: u32,
    /// Items in this stage, where known (pulls are open-ended).
    pub total: Option<u32>,
}

/// Pushes every pending change, then pulls until the feed is exhausted.
pub async fn sync_now(store: &Store, client: &Client) -> Result<Report, EngineError> {
    sync_with_progress(store, client, &|_| {}).await
}

/// [`sync_now`], reporting progress as it goes.
pub async fn sync_with_progress(
    store: &Store,
    client: &Client,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report, EngineError> {
    let mut report = Report::default();
    let device_id = store.device_id().await?;
    let to_push = u32::try_from(store.pending_changes().await?).unwrap_or(u32::MAX);
    let stage = |stage: &str, done: u32, total: Option<u32>| {
        progress(Progress {
            stage: stage.to_owned(),
            done,
            total,
        });
    };
    stage("push", 0, Some(to_push));
    loop {
        let batch = store.pending_batch(PUSH_BATCH).await?;
        if batch.is_empty() {
            break;
        }
        let request = push_request(&device_id, batch);
        let response = retry(|| client.push(&request)).await?;
        let acknowledged: Vec<Acknowledged> = response
            .results
            .iter()
            .map(|r| {
                match r.outcome {
                    Outcome::Applied => report.applied += 1,
                    Outcome::Rejected => report.rejected += 1,
                    Outcome::Conflict => report.conflicts += 1,
                }
                acknowledged(r)
            })
            .collect();
        if acknowledged.is_empty() {
            break;
        }
        store.record_results(&acknowledged).await?;
        stage(
            "push",
            report.applied + report.rejected + report.conflicts,
            Some(to_push),
        );
    }
    report.uploaded = upload_blobs(store, client, &|done, total| {
        stage("upload", done, Some(total));
    })
    .await?;
    send_queued_filings(store, client, &mut report).await?;
    let mut resynced = false;
    loop {
        let after = store.sync_cursor().await?;
        let page = match retry(|| client.pull(after, PULL_PAGE)).await {
            Err(e) if e.code() == Some(ErrorCode::CursorAhead) && !resynced => {
                // The server's feed is not the one this device followed (a reset or another
                // server): start again from its beginning.
                store.reset_sync_cursor().await?;
                resynced = true;
                continue;
            }
            other => other?,
        };
        report.pulled += page.changes.len() as u32;
        stage("pull", report.pulled, None);
        let pulled: Vec<Pulled> = page
            .changes
            .into_iter()
            .map(|c| Pulled {
                kind: c.kind,
                record_id: c.record_id,
                version: c.version,
                data: c.data,
            })
            .collect();
        store.apply_pulled(&pulled, page.cursor).await?;
        if !page.more {
            break;
        }
    }
    report.downloaded = download_blobs(store, client, &|done, total| {
        stage("download", done, Some(total));
    })
    .await?;
    Ok(report)
}

/// Downloads the content of every pulled document this device does not hold (each checked
/// against its SHA-256 before it is kept), so a filed case can be read offline.
async fn download_blobs(
    store: &Store,
    client: &Client,
    progress: &(dyn Fn(u32, u32) + Sync),
) -> Result<u32, EngineError> {
    let missing = store.missing_pulled_blobs().await?;
    let total = u32::try_from(missing.len()).unwrap_or(u32::MAX);
    let mut done = 0;
    for (sha, _size) in missing {
        progress(done, total);
        let bytes = retry(|| client.get_blob(&sha)).await?;
        store.keep_blob(&sha, &bytes)?;
        done += 1;
    }
    Ok(done)
}

/// Resubmits a case after a revision request (with a written response to each rejected item
/// whose document stays): pushes its documents and current state, then
/// asks the server to start the next round with exactly that snapshot; the pull that follows
/// brings the review back. Resubmitting again (after a lost answer) gives the same receipt.
pub async fn resubmit_case(
    store: &Store,
    client: &Client,
    case_id: &str,
    responses: &std::collections::BTreeMap<String, String>,
) -> Result<wire::ResubmitReceipt, EngineError> {
    store.queue_case_snapshot(case_id).await?;
    sync_now(store, client).await?;
    let request = wire::ResubmitRequest {
        snapshot_hash: wire::record_hash(&store.case_record(case_id).await?),
        responses: responses.clone(),
    };
    let receipt = retry(|| client.resubmit(case_id, &request)).await?;
    sync_now(store, client).await?;
    Ok(receipt)
}

/// Files a case: pushes its current state, then asks the server to file exactly that snapshot;
/// the pull that follows marks the local case filed with the receipt's number. Filing again
/// (e.g. after a lost answer) returns the same receipt. When the city backend cannot be reached
/// (offline, down, dying mid-way) the filing is queued with its snapshot, checked complete
/// here first, and the next sync sends it.
pub async fn file_case(
    store: &Store,
    client: &Client,
    actor: &str,
    case_id: &str,
) -> Result<Filing, EngineError> {
    match file_now(store, client, case_id).await {
        Err(EngineError::Sync(e)) if e.is_transient() => {
            store.queue_case_snapshot(case_id).await?;
            let hash = wire::record_hash(&store.case_record(case_id).await?);
            Ok(Filing::Queued(
                store.queue_filing(actor, case_id, &hash).await?,
            ))
        }
        other => other.map(Filing::Filed),
    }
}

async fn file_now(store: &Store, client: &Client, case_id: &str) -> Result<Receipt, EngineError> {
    // Filed already (perhaps the answer to an earlier call was lost and a pull brought it)?
    sync_now(store, client).await?;
    if let Some((number, filed_at)) = store.filing(case_id).await? {
        store.filing_sent(case_id).await?;
        return Ok(Receipt {
            case_id: case_id.to_owned(),
            number,
            filed_at,
        });
    }
    store.queue_case_snapshot(case_id).await?;
    sync_now(store, client).await?;
    let request = FileRequest {
        snapshot_hash: wire::record_hash(&store.case_record(case_id).await?),
    };
    let receipt = retry(|| client.file(case_id, &request)).await?;
    store.filing_sent(case_id).await?;
    // The pull marks the case filed here; if it fails now, the next sync brings it (the
    // receipt stands either way).
    let _ = sync_now(store, client).await;
    Ok(receipt)
}

/// Sends the filings queued while offline, each with the snapshot the applicant confirmed. A
/// refusal is kept for the case page; a transient failure stops the sync (they stay queued).
async fn send_queued_filings(
    store: &Store,
    client: &Client,
    report: &mut Report,
) -> Result<(), EngineError> {
    for queued in store.queued_filings().await? {
        if queued.refused_code.is_some() {
            continue;
        }
        if store.filing(&queued.case_id).await?.is_some() {
            store.filing_sent(&queued.case_id).await?;
            continue;
        }
        let request = FileRequest {
            snapshot_hash: queued.snapshot_hash.clone(),
        };
        match retry(|| client.file(&queued.case_id, &request)).await {
            Ok(receipt) => {
                store.filing_sent(&queued.case_id).await?;
                report.filed.push(receipt);
            }
            Err(e) if e.is_transient() || e.code() == Some(ErrorCode::Unauthenticated) => {
                return Err(e.into());
            }
            Err(e) => {
                let code = e.code().map_or("refused", ErrorCode::as_str);
                store
                    .filing_refused(&queued.case_id, code, &e.to_string())
                    .await?;
                report.filings_refused += 1;
            }
        }
    }
    Ok(())
}

/// Uploads the content of every accepted document the server does not hold yet, resuming each
/// from the offset the server reports.
async fn upload_blobs(
    store: &Store,
    client: &Client,
    progress: &(dyn Fn(u32, u32) + Sync),
) -> Result<u32, EngineError> {
    use std::io::{Read, Seek, SeekFrom};
    let mut uploaded = 0;
    let blobs = store.blobs_to_upload().await?;
    let total = u32::try_from(blobs.len()).unwrap_or(u32::MAX);
    for (sha, path, _size) in blobs {
        progress(uploaded, total);
        let mut status = retry(|| client.blob_status(&sha)).await?;
        while !status.complete {
            let mut file =
                std::fs::File::open(&path).map_err(|e| gerbang_store::StoreError::Invalid {
                    field: path.display().to_string(),
                    message: format!("the stored copy cannot be read: {e}"),
                })?;
            let mut chunk = vec![0u8; CHUNK];
            let read = file
                .seek(SeekFrom::Start(status.received))
                .and_then(|_| file.read(&mut chunk))
                .map_err(|e| gerbang_store::StoreError::Invalid {
                    field: path.display().to_string(),
                    message: format!("the stored copy cannot be read: {e}"),
                })?;
            if read == 0 {
                break;
            }
            chunk.truncate(read);
            let offset = status.received;
            status = match retry(|| client.put_chunk(&sha, offset, chunk.clone())).await {
                // Another attempt (or device) got further: continue from the server's offset.
                Err(e) if e.code() == Some(ErrorCode::OffsetMismatch) => {
                    retry(|| client.blob_status(&sha)).await?
                }
                other => other?,
            };
        }
        if status.complete {
            store.mark_uploaded(&sha).await?;
            uploaded += 1;
        }
    }
    Ok(uploaded)
}

/// If the server publishes a catalog newer than `active_version`: downloads it, checks its hash
/// and its contents, keeps it in the store, and returns it (the caller then derives open cases
/// again with it).
pub async fn fetch_newer_catalog(
    store: &Store,
    client: &Client,
    active_version: &str,
) -> Result<Option<gerbang_core::catalog::Catalog>, EngineError> {
    let info = retry(|| client.catalog_info()).await?;
    if !gerbang_catalog::is_newer(&info.version, active_version) {
        return Ok(None);
    }
    let bundle = retry(|| client.catalog_bundle()).await?;
    let bad = |reason: String| EngineError::Catalog {
        version: info.version.clone(),
        reason,
    };
    if gerbang_catalog::bundle_hash(&bundle) != info.sha256 {
        return Err(bad(
            "its content does not match the SHA-256 the server names".to_owned(),
        ));
    }
    let catalog = gerbang_catalog::from_bundle(&bundle).map_err(|e| bad(e.to_string()))?;
    if catalog.version() != info.version {
        return Err(bad(format!(
            "the bundle says version {}",
            catalog.version()
        )));
    }
    store
        .install_catalog(&info.version, &info.sha256, &bundle)
        .await?;
    Ok(Some(catalog))
}

#[cfg(test)]
mod retry_tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::{Arc, Mutex};

    fn refused(status: u16, retry_after: Option<u64>) -> SyncError {
        SyncError::Refused {
            status,
            code: ErrorCode::DatabaseUnavailable,
            message: "down".to_owned(),
            retry_after,
            request_id: None,
        }
    }

    /// Runs `retry` with a sleeper that records each wait and returns at once.
    async fn watched<T>(
        answers: impl Fn(u32) -> Result<T, SyncError>,
    ) -> (Result<T, SyncError>, u32, Vec<Duration>) {
        let calls = AtomicU32::new(0);
        let waits = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&waits);
        let got = retry_sleeping(
            || {
                let n = calls.fetch_add(1, Ordering::SeqCst);
                std::future::ready(answers(n))
            },
            move |d: Duration| {
                seen.lock().expect("waits").push(d);
                std::future::ready(())
            },
        )
        .await;
        let waits = waits.lock().expect("waits").clone();
        (got, calls.load(Ordering::SeqCst), waits)
    }

    #[tokio::test]
    async fn transient_errors_are_retried_with_growing_jittered_waits() {
        let (got, calls, waits) = watched(|n| match n {
            0..=2 => Err(refused(503, None)),
            _ => Ok("page"),
        })
        .await;
        assert_eq!(got.expect("the fourth call answers"), "page");
        assert_eq!(calls, 4);
        assert_eq!(waits.len(), 3);
        // 0.2 s, 0.4 s, 0.8 s, each with up to as much again of jitter.
        for (wait, base) in waits.iter().zip([200, 400, 800]) {
            let base = Duration::from_millis(base);
            assert!(*wait >= base && *wait <= base * 2, "{waits:?}");
        }
    }

    #[tokio::test]
    async fn a_refusal_is_not_retried_and_a_dead_server_is_tried_attempts_times() {
        let (got, calls, waits) = watched::<()>(|_| Err(refused(422, None))).await;
        assert!(got.is_err());
        assert_eq!((calls, waits.len()), (1, 0), "a 422 is final");

        let (got, calls, _) = watched::<()>(|_| Err(refused(503, None))).await;
        assert!(got.is_err());
        assert_eq!(calls, ATTEMPTS);
    }

    #[tokio::test]
    async fn the_servers_retry_after_is_waited_out_up_to_thirty_seconds() {
        let (got, _, waits) = watched(|n| match n {
            0 => Err(refused(429, Some(7))),
            _ => Ok(()),
        })
        .await;
        assert!(got.is_ok());
        assert_eq!(waits, vec![Duration::from_secs(7)]);

        let (_, _, waits) = watched(|n| match n {
            0 => Err(refused(503, Some(3600))),
            _ => Ok(()),
        })
        .await;
        assert_eq!(waits, vec![MAX_RETRY_AFTER]);
    }
}
