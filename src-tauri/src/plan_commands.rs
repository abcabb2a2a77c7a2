//! The licensing plan on the desktop: a case's plan and its progress, the calendar of dates
//! across cases, its reminders (desktop notifications) and its .ics export.

use crate::desktop::Desktop;
use crate::dialogs::{save_as, write_beside_then_move};
use crate::ipc::{ApiError, CalendarView};
use gerbang_app::types::Due;
use gerbang_core::plan::{Plan, StageProgress};
use tauri::State;

/// A case's plan from today.
#[tauri::command]
pub async fn case_plan(state: State<'_, Desktop>, id: String) -> Result<Plan, ApiError> {
    Ok(state.app.case_plan(&id).await?)
}

/// The plan of a filed case under review (officers).
#[tauri::command]
pub async fn review_plan(state: State<'_, Desktop>, case_id: String) -> Result<Plan, ApiError> {
    state.app.officer().await?;
    Ok(state.app.filed_case_plan(&case_id).await?)
}

/// Records where a stage is, and plans the case again.
#[tauri::command]
pub async fn set_stage_progress(
    state: State<'_, Desktop>,
    id: String,
    progress: StageProgress,
) -> Result<Plan, ApiError> {
    state.app.set_stage_progress(&id, &progress).await?;
    case_plan(state, id).await
}

/// Every date across the open and approved cases.
#[tauri::command]
pub async fn calendar(state: State<'_, Desktop>) -> Result<CalendarView, ApiError> {
    Ok(state.app.calendar_view().await?)
}

/// Sets how many days before a date its reminder comes.
#[tauri::command]
pub async fn set_reminder_days(
    state: State<'_, Desktop>,
    days: u32,
) -> Result<CalendarView, ApiError> {
    Ok(state.app.set_reminder_days(days).await?)
}

/// The dates whose reminder is due now; each is returned once (the UI words and raises it).
#[tauri::command]
pub async fn take_reminders(state: State<'_, Desktop>) -> Result<Vec<Due>, ApiError> {
    Ok(state.app.take_reminders().await?)
}

/// Shows a desktop notification worded by the UI.
#[tauri::command]
pub fn notify(app: tauri::AppHandle, title: String, body: String) -> Result<(), ApiError> {
    crate::dialogs::notify(&app, title, body)
}

/// Saves an .ics calendar (worded by the UI) where the user chooses; `None` when cancelled.
#[tauri::command]
pub async fn export_ics(
    window: tauri::WebviewWindow,
    title: String,
    file_name: String,
    text: String,
) -> Result<Option<String>, ApiError> {
    let Some(path) = save_as(&window, title, file_name, ("iCalendar", "ics")).await? else {
        return Ok(None);
    };
    Ok(Some(write_beside_then_move(&path, text.as_bytes()).await?))
}
