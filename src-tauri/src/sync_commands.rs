//! The Sync screen's commands, the case filing command, and the background sync loop.

use crate::desktop::Desktop;
use crate::ipc::{ApiError, FileOutcome, FiledCase, SyncStatus};
use gerbang_app::types::Conflict;
use std::time::Duration;
use tauri::State;

/// This device's sync state: account, pending changes, last sync, problems.
#[tauri::command]
pub async fn sync_status(state: State<'_, Desktop>) -> Result<SyncStatus, ApiError> {
    Ok(state.app.sync_status().await?)
}

/// Signs in to the city backend at `server`. A refusal is worded by the UI from the server's
/// code: wrong password, or the wait after too many (with its seconds).
#[tauri::command]
pub async fn sign_in(
    state: State<'_, Desktop>,
    server: String,
    username: String,
    password: String,
) -> Result<SyncStatus, ApiError> {
    let _ = state
        .app
        .sign_in(&server, username.trim(), &password)
        .await?;
    sync_status(state).await
}

/// Signs out (the token is revoked at the server when it answers).
#[tauri::command]
pub async fn sign_out(state: State<'_, Desktop>) -> Result<SyncStatus, ApiError> {
    // Revoked at the server when it answers; forgotten here either way.
    let _ = state.app.sign_out().await?;
    sync_status(state).await
}

/// Pushes pending changes and pulls new ones now.
#[tauri::command]
pub async fn sync_now(state: State<'_, Desktop>) -> Result<SyncStatus, ApiError> {
    state.app.sync_once().await?;
    sync_status(state).await
}

/// Files a case now, or (the city backend unreachable) queues it for the next sync.
#[tauri::command]
pub async fn file_case(
    state: State<'_, Desktop>,
    case_id: String,
) -> Result<FileOutcome, ApiError> {
    Ok(state.app.file_case(&case_id).await?)
}

/// Withdraws a filing that waits for the network (the case can be changed again).
#[tauri::command]
pub async fn cancel_filing(
    state: State<'_, Desktop>,
    case_id: String,
) -> Result<SyncStatus, ApiError> {
    state.app.cancel_filing(&case_id).await?;
    sync_status(state).await
}

/// Filed cases pulled from the city backend (an officer's queue).
#[tauri::command]
pub async fn filed_cases(state: State<'_, Desktop>) -> Result<Vec<FiledCase>, ApiError> {
    Ok(state.app.filed_cases().await?)
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
            let _ = app.state::<Desktop>().app.sync_if_signed_in().await;
        }
    });
}

/// Both sides of a conflict (this device's record and the server's copy).
#[tauri::command]
pub async fn conflict_detail(state: State<'_, Desktop>, seq: i64) -> Result<Conflict, ApiError> {
    Ok(state.app.conflict(seq).await?)
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
    state.app.sync_if_signed_in().await?;
    sync_status(state).await
}
