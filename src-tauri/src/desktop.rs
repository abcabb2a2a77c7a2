//! The desktop's state: the application, and what only the window has (files dropped on it,
//! the packs it wrote).

use crate::ipc::{ApiError, ErrorCode, PackBatch, PackProgress, PackResult};
use gerbang_app::{App, PackOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything the commands share, opened once at start: the application, and what only the
/// window has (dropped files, the packs it wrote).
#[derive(Debug)]
pub struct Desktop {
    /// The application (store, rules in use, clock, acting person, sync memory).
    pub app: App,
    /// The files the user last dropped on the window: the only paths `attach_dropped` reads.
    pub dropped: std::sync::Mutex<Vec<PathBuf>>,
    /// The packs this app wrote: the only files `open_pack` opens.
    pub packs_written: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Desktop {
    /// Opens the application in `data_dir` (creating it), syncing with `server_url`.
    pub async fn open(data_dir: PathBuf, server_url: String) -> Result<Desktop, ApiError> {
        let app = App::open(&data_dir, &gerbang_app::device_user("desktop"))
            .await?
            .with_server(server_url);
        if let Some(p) = app.stored_catalog_problem() {
            eprintln!(
                "gerbang-desktop: ignoring the stored catalog {}: {}",
                p.version, p.reason
            );
        }
        Ok(Desktop {
            app,
            dropped: std::sync::Mutex::default(),
            packs_written: std::sync::Mutex::default(),
        })
    }
}

impl Desktop {
    /// Remembers what the user dropped on the window (called from the window's event handler).
    pub fn remember_drop(&self, paths: &[PathBuf]) {
        if let Ok(mut dropped) = self.dropped.lock() {
            *dropped = paths.to_vec();
        }
    }

    /// `path` if the user dropped it on the window in the last drop; refused otherwise.
    pub fn dropped_path(&self, path: &str) -> Result<PathBuf, ApiError> {
        let handed_over = |p: &PathBuf| self.dropped.lock().is_ok_and(|d| d.contains(p));
        only_if(path, handed_over, "was not dropped on the window")
    }
}

/// `path` if `known` holds for it; refused, naming it, as one that `is_not` otherwise.
fn only_if(
    path: &str,
    known: impl Fn(&PathBuf) -> bool,
    is_not: &str,
) -> Result<PathBuf, ApiError> {
    let path = PathBuf::from(path);
    if known(&path) {
        Ok(path)
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("{} {is_not}", path.display()),
        ))
    }
}

impl Desktop {
    /// Writes the packs of `case_ids` into `dir`, progress to the window's channel, and
    /// remembers them as this app's (the only files `open_pack` opens).
    pub async fn write_packs(
        &self,
        case_ids: &[String],
        dir: &Path,
        progress: tauri::ipc::Channel<PackProgress>,
    ) -> Result<PackBatch, ApiError> {
        let sink: gerbang_app::PackProgressSink = Arc::new(move |p: PackProgress| {
            let _ = progress.send(p);
        });
        let batch = self
            .app
            .write_packs(case_ids, dir, PackOptions::default(), &sink)
            .await?;
        if let Ok(mut written) = self.packs_written.lock() {
            written.extend(batch.packs.iter().map(|p| PathBuf::from(&p.path)));
        }
        Ok(batch)
    }

    /// Writes one case's pack into `packs/` of the data directory: its result, or why not.
    pub async fn write_pack(
        &self,
        case_id: &str,
        progress: tauri::ipc::Channel<PackProgress>,
    ) -> Result<PackResult, ApiError> {
        let dir = self.app.data_dir().join("packs");
        let mut batch = self
            .write_packs(std::slice::from_ref(&case_id.to_owned()), &dir, progress)
            .await?;
        match (batch.packs.pop(), batch.failed.pop()) {
            (Some(pack), _) => Ok(pack),
            (None, Some(failed)) => Err(failed
                .failure
                .unwrap_or_else(|| ApiError::new(ErrorCode::Internal, failed.message))),
            (None, None) => Err(ApiError::new(
                ErrorCode::Internal,
                "the pack was not written",
            )),
        }
    }

    /// `path` if this app wrote the pack there; refused otherwise (the UI cannot open any file).
    pub fn written_pack(&self, path: &str) -> Result<PathBuf, ApiError> {
        let written = |p: &PathBuf| self.packs_written.lock().is_ok_and(|w| w.contains(p));
        only_if(path, written, "is not a pack this app wrote")
    }

    /// Syncs in the background when signed in (after an act that others should see soon).
    pub fn sync_soon(app: tauri::AppHandle) {
        tauri::async_runtime::spawn(async move {
            use tauri::Manager;
            let _ = app.state::<Desktop>().app.sync_if_signed_in().await;
        });
    }
}
