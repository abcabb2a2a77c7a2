//! The Sync screen's commands, the case filing command, and the background sync loop.

use crate::desktop::Desktop;
use crate::ipc::{ApiError, ErrorCode, FiledCase, SyncAccount, SyncStatus, wita};
use std::time::Duration;
use tauri::State;

impl Desktop {
    /// Syncs once if an account is signed in. A failed sync is kept for the Sync screen (see
    /// [`Desktop::sync_once`]), not returned: what was asked for is already done locally.
    pub async fn sync_if_signed_in(&self) -> Result<(), ApiError> {
        if self.store().sync_session().await?.is_some() {
            let _ = self.sync_once().await;
        }
        Ok(())
    }

    /// Runs one sync (after a running one ends) and remembers its outcome for the Sync screen.
    pub async fn sync_once(&self) -> Result<gerbang_sync::engine::Report, ApiError> {
        let report_progress = |p: gerbang_sync::engine::Progress| {
            if let Ok(mut slot) = self.progress.lock() {
                *slot = Some(p);
            }
        };
        let synced = self.app.sync_once(&report_progress).await;
        if let Ok(mut slot) = self.progress.lock() {
            *slot = None;
        }
        let mut last = self.last_sync.lock().await;
        match synced {
            Ok(synced) => {
                if let Ok(mut arrived) = self.arrived.lock() {
                    arrived.extend(synced.report.filed.iter().cloned());
                }
                if let Some(change) = synced.catalog_change {
                    *self.catalog_change.lock().await = Some(change);
                }
                *last = (Some(synced.report.clone()), None);
                Ok(synced.report)
            }
            Err(e) => {
                let e = ApiError::from(e);
                *last = (None, Some(e.clone()));
                Err(e)
            }
        }
    }

    /// The Sync screen's state.
    pub async fn sync_status(&self) -> Result<SyncStatus, ApiError> {
        let session = self.store().sync_session().await?;
        let syncing = self.app.backend_busy();
        let (last_report, last_error) = self.last_sync.lock().await.clone();
        Ok(SyncStatus {
            server_url: session
                .as_ref()
                .map_or_else(|| self.server_url.clone(), |s| s.server.clone()),
            token_home: session.as_ref().map(gerbang_sync::vault::home),
            account: session.as_ref().map(|s| SyncAccount {
                username: s.username.clone(),
                role: gerbang_sync::wire::Role::parse(&s.role)
                    .unwrap_or(gerbang_sync::wire::Role::Investor),
                expires: wita(&s.expires_at),
            }),
            pending: self.store().pending_changes().await?,
            last_sync: self.store().last_sync_at().await?.map(|t| wita(&t)),
            syncing,
            last_error,
            last_report,
            problems: self.store().sync_problems().await?,
            catalog_version: self.app.rules().catalog.version().to_owned(),
            progress: self.progress.lock().ok().and_then(|p| p.clone()),
            catalog_change: self.catalog_change.lock().await.clone(),
            queued_filings: self.store().queued_filings().await?,
            arrived: self.arrived.lock().map(|a| a.clone()).unwrap_or_default(),
        })
    }
}

/// This device's sync state: account, pending changes, last sync, problems.
#[tauri::command]
pub async fn sync_status(state: State<'_, Desktop>) -> Result<SyncStatus, ApiError> {
    state.sync_status().await
}

/// Signs in to the city backend at `server`.
#[tauri::command]
pub async fn sign_in(
    state: State<'_, Desktop>,
    server: String,
    username: String,
    password: String,
) -> Result<SyncStatus, ApiError> {
    // A refusal is worded by the UI from the server's code: wrong password, or the wait after
    // too many (with its seconds).
    state
        .app
        .sign_in(&server, username.trim(), &password)
        .await?;
    *state.last_sync.lock().await = (None, None);
    state.sync_status().await
}

/// Signs out (the token is revoked at the server when it answers).
#[tauri::command]
pub async fn sign_out(state: State<'_, Desktop>) -> Result<SyncStatus, ApiError> {
    // Revoked at the server when it answers; forgotten here either way.
    let _ = state.app.sign_out().await?;
    state.sync_status().await
}

/// Pushes pending changes and pulls new ones now.
#[tauri::command]
pub async fn sync_now(state: State<'_, Desktop>) -> Result<SyncStatus, ApiError> {
    state.sync_once().await?;
    state.sync_status().await
}

/// Files a case now, or (the city backend unreachable) queues it for the next sync.
#[tauri::command]
pub async fn file_case(
    state: State<'_, Desktop>,
    case_id: String,
) -> Result<crate::ipc::FileOutcome, ApiError> {
    let filing = state.app.file_case(&case_id).await.map_err(|e| {
        let refused_input = matches!(
            &e,
            gerbang_app::AppError::Sync(gerbang_sync::SyncError::Refused { code, .. })
                if code == "incomplete" || code == "snapshot_mismatch"
        );
        let mut out = ApiError::from(e);
        if refused_input {
            out.code = ErrorCode::InvalidInput;
        }
        out
    })?;
    Ok(match filing {
        gerbang_sync::engine::Filing::Filed(receipt) => crate::ipc::FileOutcome {
            receipt: Some(receipt),
            queued: None,
        },
        gerbang_sync::engine::Filing::Queued(queued) => crate::ipc::FileOutcome {
            receipt: None,
            queued: Some(queued),
        },
    })
}

/// Withdraws a filing that waits for the network (the case can be changed again).
#[tauri::command]
pub async fn cancel_filing(
    state: State<'_, Desktop>,
    case_id: String,
) -> Result<SyncStatus, ApiError> {
    state.app.cancel_filing(&case_id).await?;
    state.sync_status().await
}

/// Filed cases pulled from the city backend (an officer's queue).
#[tauri::command]
pub async fn filed_cases(state: State<'_, Desktop>) -> Result<Vec<FiledCase>, ApiError> {
    Ok(state
        .store()
        .filed_cases()
        .await?
        .into_iter()
        .map(|f| FiledCase {
            filed: wita(&f.filed_at),
            case_id: f.case_id,
            number: f.number,
            title: f.title,
            applicant: f.applicant,
            items_required: f.items_required,
            documents: f.documents,
        })
        .collect())
}

/// Syncs in the background while signed in: every `GERBANG_SYNC_INTERVAL` seconds (default 60).
/// Failures are kept for the Sync screen; nothing is lost (unanswered changes stay pending).
pub fn spawn_background_sync(app: tauri::AppHandle) {
    use tauri::Manager;
    let every = std::env::var("GERBANG_SYNC_INTERVAL")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s: &u64| *s > 0)
        .unwrap_or(60);
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(every)).await;
            let _ = app.state::<Desktop>().sync_if_signed_in().await;
        }
    });
}

/// Both sides of a conflict (this device's record and the server's copy).
#[tauri::command]
pub async fn conflict_detail(
    state: State<'_, Desktop>,
    seq: i64,
) -> Result<gerbang_store::outbox::Conflict, ApiError> {
    Ok(state.store().conflict(seq).await?)
}

/// Settles a conflict: `keep_mine` sends this device's version again on top of the server's;
/// otherwise the server's copy replaces the local record. Then syncs if signed in.
#[tauri::command]
pub async fn resolve_conflict(
    state: State<'_, Desktop>,
    seq: i64,
    keep_mine: bool,
) -> Result<SyncStatus, ApiError> {
    state.app.resolve_conflict(seq, keep_mine).await?;
    state.sync_if_signed_in().await?;
    state.sync_status().await
}
