//! The licensing plan on the desktop: a case's plan and its progress, the calendar of dates
//! across cases, its reminders (desktop notifications) and its .ics export.

use crate::desktop::Desktop;
use crate::ipc::{ApiError, CalendarView, ErrorCode};
use gerbang_app::types::Due;
use gerbang_core::plan::{Plan, StageProgress};
use tauri::State;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_notification::NotificationExt;

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
    app.notification()
        .builder()
        .title(title)
        .body(body)
        .show()
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("the desktop did not show the notification: {e}"),
            )
        })
}

/// Saves an .ics calendar (worded by the UI) where the user chooses; `None` when cancelled.
#[tauri::command]
pub async fn export_ics(
    window: tauri::Window,
    title: String,
    file_name: String,
    text: String,
) -> Result<Option<String>, ApiError> {
    let mut dialog = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title(title)
        .set_file_name(file_name)
        .add_filter("iCalendar", &["ics"]);
    if let Some(home) = std::env::var_os("HOME") {
        dialog = dialog.set_directory(home);
    }
    let Some(mut path) = crate::desktop::pick("file", |done| dialog.save_file(done)).await? else {
        return Ok(None);
    };
    // GTK's chooser appends the filter's extension to a name that already has it
    // (`kalender.ics` came back as `kalender.ics.ics`).
    if let Some(name) = path.file_name().and_then(|n| n.to_str())
        && let Some(single) = name.strip_suffix(".ics.ics")
    {
        path.set_file_name(format!("{single}.ics"));
    }
    if path.extension().is_none() {
        path.set_extension("ics");
    }
    // Written beside, then moved: a failed write leaves no half calendar.
    let partial = path.with_extension("ics.part");
    tokio::fs::write(&partial, text.as_bytes())
        .await
        .and(tokio::fs::rename(&partial, &path).await)
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            ApiError::new(
                ErrorCode::Internal,
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
    Ok(Some(path.display().to_string()))
}
