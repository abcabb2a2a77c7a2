//! The review desk's commands (officers: the queue, a case, verdicts and decisions, the
//! dashboard), the applicant's side (a case's review, resubmission), document contents for the
//! in-app viewer, and the holiday calendar the clocks count with.

use crate::commands::Desktop;
use crate::ipc::{ApiError, ErrorCode, OwnReview};
use gerbang_core::review::Action;
use gerbang_core::wita::today;
use gerbang_store::review::{Dashboard, QueueQuery, QueueRow, ReviewCase};
use tauri::State;

impl Desktop {
    /// The holiday calendar and the catalog's stage limits the clocks count with.
    async fn clock_rules(
        &self,
    ) -> Result<
        (
            gerbang_core::service_time::HolidayCalendar,
            std::collections::BTreeMap<gerbang_core::review::Stage, gerbang_core::review::Limit>,
        ),
        ApiError,
    > {
        let (_, calendar) = self.store.holidays().await?;
        Ok((calendar, self.rules().catalog.review_limits()))
    }

    /// The officer signed in on this device: review screens and acts are theirs alone. The
    /// account (and its role) is remembered offline with the sign-in, so an officer reviews
    /// without the network; an applicant's account, or none, is refused.
    pub(crate) async fn officer(&self) -> Result<String, ApiError> {
        match self.store.sync_session().await? {
            Some(s) if s.role == gerbang_sync::wire::Role::Officer.as_str() => Ok(s.username),
            Some(s) => Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "the review desk is for licensing officers; {} is signed in as {}",
                    s.username, s.role
                ),
            )),
            None => Err(ApiError::new(
                ErrorCode::NotSignedIn,
                "sign in with an officer account to open the review desk",
            )),
        }
    }
}

#[tauri::command]
pub async fn review_queue(
    state: State<'_, Desktop>,
    query: QueueQuery,
) -> Result<Vec<QueueRow>, ApiError> {
    state.officer().await?;
    let (calendar, limits) = state.clock_rules().await?;
    Ok(state
        .store
        .review_queue(&query, today(), &calendar, &limits)
        .await?)
}

#[tauri::command]
pub async fn review_case(
    state: State<'_, Desktop>,
    case_id: String,
) -> Result<ReviewCase, ApiError> {
    state.officer().await?;
    let (calendar, limits) = state.clock_rules().await?;
    Ok(state
        .store
        .review_case(&case_id, today(), &calendar, &limits)
        .await?)
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
    let who = state.officer().await?;
    // The city's form of decision numbers, by the catalog in use (the server checks it too).
    let format = state.rules().catalog.data.rules.decision_number.as_ref();
    gerbang_core::review::check_decision_format(format, &action).map_err(|e| {
        let mut err = ApiError::new(ErrorCode::InvalidInput, &e);
        err.server_code = Some(gerbang_sync::wire::ErrorCode::from_rule(e.code));
        err
    })?;
    state
        .store
        .record_review_action(&who, &case_id, action, today())
        .await?;
    tauri::async_runtime::spawn(async move {
        use tauri::Manager;
        let _ = app.state::<Desktop>().sync_if_signed_in().await;
    });
    review_case(state, case_id).await
}

#[tauri::command]
pub async fn review_dashboard(state: State<'_, Desktop>) -> Result<Dashboard, ApiError> {
    state.officer().await?;
    let (calendar, limits) = state.clock_rules().await?;
    Ok(state
        .store
        .review_dashboard(today(), &calendar, &limits)
        .await?)
}

/// The review of one of this device's own (filed) cases, with its clocks.
#[tauri::command]
pub async fn own_review(
    state: State<'_, Desktop>,
    case_id: String,
) -> Result<Option<OwnReview>, ApiError> {
    let (calendar, limits) = state.clock_rules().await?;
    Ok(state
        .store
        .own_review(&case_id, today(), &calendar, &limits)
        .await?
        .map(|(review, clocks)| OwnReview { review, clocks }))
}

/// Sends a revised case back to the officers, with a written response to each rejected item
/// whose document stays as it was.
#[tauri::command]
pub async fn resubmit_case(
    state: State<'_, Desktop>,
    case_id: String,
    responses: std::collections::BTreeMap<String, String>,
) -> Result<gerbang_sync::wire::ResubmitReceipt, ApiError> {
    let _running = state.sync_lock.lock().await;
    let client = state.client().await?;
    gerbang_sync::engine::resubmit_case(&state.store, &client, &case_id, &responses)
        .await
        .map_err(crate::sync_commands::engine_error)
}

/// A stored document's content, for the in-app viewer: by SHA-256, from this device's blob
/// store only (the applicant's own files, or a filed case's downloaded ones).
#[tauri::command]
pub async fn document_bytes(
    state: State<'_, Desktop>,
    sha256: String,
) -> Result<tauri::ipc::Response, ApiError> {
    if sha256.len() != 64
        || !sha256
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "a document is named by its SHA-256 in lowercase hex",
        ));
    }
    let path = gerbang_store::documents::blob_path(&state.store.blobs_dir(), &sha256);
    let bytes = tokio::fs::read(&path).await.map_err(|_| {
        ApiError::new(
            ErrorCode::InvalidInput,
            "this document's content is not on this device yet: sync to download it",
        )
    })?;
    Ok(tauri::ipc::Response::new(bytes))
}

/// The home screen's next steps: drafts to finish, cases waiting for the applicant, dates.
#[tauri::command]
pub async fn next_steps(
    state: State<'_, Desktop>,
) -> Result<gerbang_store::home::NextSteps, ApiError> {
    Ok(state.store.next_steps(today()).await?)
}

#[tauri::command]
pub async fn get_holidays(state: State<'_, Desktop>) -> Result<String, ApiError> {
    Ok(state.store.holidays().await?.0)
}

/// Replaces the holiday calendar (one `YYYY-MM-DD` a line; `#` starts a comment).
#[tauri::command]
pub async fn set_holidays(state: State<'_, Desktop>, text: String) -> Result<String, ApiError> {
    state.store.set_holidays(&text).await?;
    Ok(state.store.holidays().await?.0)
}
