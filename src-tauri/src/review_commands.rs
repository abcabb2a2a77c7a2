//! The review desk's commands (officers: the queue, a case, verdicts and decisions, the
//! dashboard), the applicant's side (a case's review, resubmission), document contents for the
//! in-app viewer, and the holiday calendar the clocks count with.

use crate::desktop::Desktop;
use crate::ipc::{ApiError, OwnReview};
use gerbang_app::types::{Dashboard, NextSteps, QueueQuery, QueueRow, ResubmitReceipt, ReviewCase};
use gerbang_core::review::Action;
use tauri::State;

/// The officer's queue of filed cases, filtered, most urgent first.
#[tauri::command]
pub async fn review_queue(
    state: State<'_, Desktop>,
    query: QueueQuery,
) -> Result<Vec<QueueRow>, ApiError> {
    state.app.officer().await?;
    Ok(state.app.review_queue(&query).await?)
}

/// One filed case for review: profile, facts, checklist, documents, review, clocks.
#[tauri::command]
pub async fn review_case(
    state: State<'_, Desktop>,
    case_id: String,
) -> Result<ReviewCase, ApiError> {
    state.app.officer().await?;
    Ok(state.app.review_case(&case_id).await?)
}

/// Records an officer's action (checked, audited, queued) and syncs in the background when
/// signed in; answers with the case as it now stands on this device.
#[tauri::command]
pub async fn review_act(
    app: tauri::AppHandle,
    state: State<'_, Desktop>,
    case_id: String,
    action: Action,
) -> Result<ReviewCase, ApiError> {
    state.app.record_review_action(&case_id, action).await?;
    Desktop::sync_soon(app);
    review_case(state, case_id).await
}

/// The officers' dashboard figures.
#[tauri::command]
pub async fn review_dashboard(state: State<'_, Desktop>) -> Result<Dashboard, ApiError> {
    state.app.officer().await?;
    Ok(state.app.review_dashboard().await?)
}

/// The review of one of this device's own (filed) cases, with its clocks.
#[tauri::command]
pub async fn own_review(
    state: State<'_, Desktop>,
    case_id: String,
) -> Result<Option<OwnReview>, ApiError> {
    Ok(state.app.own_review(&case_id).await?)
}

/// Sends a revised case back to the officers, with a written response to each rejected item
/// whose document stays as it was.
#[tauri::command]
pub async fn resubmit_case(
    state: State<'_, Desktop>,
    case_id: String,
    responses: std::collections::BTreeMap<String, String>,
) -> Result<ResubmitReceipt, ApiError> {
    Ok(state.app.resubmit_case(&case_id, &responses).await?)
}

/// A stored document's content, for the in-app viewer: by SHA-256, from this device's blob
/// store only (the applicant's own files, or a filed case's downloaded ones).
#[tauri::command]
pub async fn document_bytes(
    state: State<'_, Desktop>,
    sha256: String,
) -> Result<tauri::ipc::Response, ApiError> {
    Ok(tauri::ipc::Response::new(
        state.app.document_bytes(&sha256).await?,
    ))
}

/// The home screen's next steps: drafts to finish, cases waiting for the applicant, dates.
#[tauri::command]
pub async fn next_steps(state: State<'_, Desktop>) -> Result<NextSteps, ApiError> {
    Ok(state.app.next_steps().await?)
}

/// The public-holiday calendar (one YYYY-MM-DD a line).
#[tauri::command]
pub async fn get_holidays(state: State<'_, Desktop>) -> Result<String, ApiError> {
    Ok(state.app.holidays().await?)
}

/// Replaces the holiday calendar (one `YYYY-MM-DD` a line; `#` starts a comment).
#[tauri::command]
pub async fn set_holidays(state: State<'_, Desktop>, text: String) -> Result<String, ApiError> {
    Ok(state.app.set_holidays(&text).await?)
}
