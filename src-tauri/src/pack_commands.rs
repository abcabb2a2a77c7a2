//! Document packs from the desktop: one case's pack (written to `packs/` in the data directory
//! and opened in the system viewer), or a batch into a folder the user picks. Progress goes to
//! the UI through a channel; the work runs on a blocking thread.

use crate::desktop::Desktop;
use crate::ipc::{ApiError, ErrorCode, PackBatch, PackProgress, PackResult};
use gerbang_app::PackOptions;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::State;
use tauri::ipc::Channel;
use tauri_plugin_dialog::DialogExt;

impl Desktop {
    /// Writes the packs of `case_ids` into `dir`, progress to the window's channel, and
    /// remembers them as this app's (the only files `open_pack` opens).
    async fn write_packs(
        &self,
        case_ids: &[String],
        dir: &Path,
        progress: Channel<PackProgress>,
    ) -> Result<PackBatch, ApiError> {
        let sink = Arc::new(move |p: PackProgress| {
            let _ = progress.send(p);
        });
        let batch = self
            .app
            .write_packs(case_ids, dir, PackOptions::default(), &(sink as _))
            .await?;
        if let Ok(mut written) = self.packs_written.lock() {
            written.extend(batch.packs.iter().map(|p| PathBuf::from(&p.path)));
        }
        Ok(batch)
    }
}

/// Makes the case's pack in `packs/` of the data directory and opens it in the system viewer.
#[tauri::command]
pub async fn generate_pack(
    state: State<'_, Desktop>,
    case_id: String,
    on_progress: Channel<PackProgress>,
) -> Result<PackResult, ApiError> {
    let dir = state.app.data_dir().join("packs");
    let mut batch = state
        .write_packs(std::slice::from_ref(&case_id), &dir, on_progress)
        .await?;
    if let Some(failed) = batch.failed.pop() {
        return Err(failed
            .failure
            .unwrap_or_else(|| ApiError::new(ErrorCode::Internal, failed.message)));
    }
    let mut result = batch
        .packs
        .pop()
        .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the pack was not written"))?;
    // The pack is written: a viewer that cannot start does not make that a failure.
    result.opened = crate::desktop::launch_viewer(Path::new(&result.path)).is_ok();
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
    if case_ids.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "choose at least one case",
        ));
    }
    let mut dialog = window.dialog().file().set_parent(&window).set_title(title);
    // Start in the user's home folder (GTK otherwise opens on "Recent", where no folder can be
    // chosen).
    if let Some(home) = std::env::var_os("HOME") {
        dialog = dialog.set_directory(home);
    }
    let Some(folder) = crate::desktop::pick("folder", |done| dialog.pick_folder(done)).await?
    else {
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
    let path = PathBuf::from(path);
    let known = state
        .packs_written
        .lock()
        .map(|w| w.contains(&path))
        .unwrap_or(false);
    if !known {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("{} is not a pack this app wrote", path.display()),
        ));
    }
    match (folder.unwrap_or(false), path.parent()) {
        (true, Some(dir)) => crate::desktop::launch_viewer(dir),
        _ => crate::desktop::launch_viewer(&path),
    }
}
