//! Document packs from the desktop: one case's pack (written to `packs/` in the data directory
//! and opened in the system viewer), or a batch into a folder the user picks. Progress goes to
//! the UI through a channel; the work runs on a blocking thread.

use crate::desktop::Desktop;
use crate::dialogs::{launch_viewer, pick_folder};
use crate::ipc::{ApiError, PackBatch, PackProgress, PackResult};
use std::path::Path;
use tauri::State;
use tauri::ipc::Channel;

/// Makes the case's pack in `packs/` of the data directory and opens it in the system viewer
/// (the pack is written either way).
#[tauri::command]
pub async fn generate_pack(
    state: State<'_, Desktop>,
    case_id: String,
    on_progress: Channel<PackProgress>,
) -> Result<PackResult, ApiError> {
    let mut result = state.write_pack(&case_id, on_progress).await?;
    result.opened = launch_viewer(Path::new(&result.path)).is_ok();
    Ok(result)
}

/// Asks for a folder (native dialog titled `title`) and writes the packs of `case_ids` into it;
/// a case that fails is reported and the batch goes on. `None` when the user cancels.
#[tauri::command]
pub async fn generate_packs(
    window: tauri::WebviewWindow,
    state: State<'_, Desktop>,
    case_ids: Vec<String>,
    title: String,
    on_progress: Channel<PackProgress>,
) -> Result<Option<PackBatch>, ApiError> {
    gerbang_app::views::PackBatch::check_asked(&case_ids)?;
    let Some(folder) = pick_folder(&window, title).await? else {
        return Ok(None);
    };
    Ok(Some(
        state.write_packs(&case_ids, &folder, on_progress).await?,
    ))
}

/// Opens a pack this app wrote in the system viewer, or (`folder`) the folder that holds it in
/// the file manager; only packs this app wrote: the UI cannot open any file.
#[tauri::command]
pub async fn open_pack(
    state: State<'_, Desktop>,
    path: String,
    folder: Option<bool>,
) -> Result<(), ApiError> {
    let path = state.written_pack(&path)?;
    launch_viewer(match (folder.unwrap_or(false), path.parent()) {
        (true, Some(dir)) => dir,
        _ => &path,
    })
}
