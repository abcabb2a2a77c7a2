//! The desktop's state: the application, and what only the window has (files dropped on it,
//! the Sync screen's memory, the packs it wrote), with the system viewer it hands files to.

use crate::ipc::{ApiError, ErrorCode};
use gerbang_app::App;
use gerbang_store::Store;
use std::path::PathBuf;

/// Everything the commands share, opened once at start: the application, and what only the
/// window needs (dropped files, the Sync screen's memory, the packs it wrote).
#[derive(Debug)]
pub struct Desktop {
    /// The application (store, rules in use, clock, acting person).
    pub app: App,
    /// The app-data directory.
    pub data_dir: PathBuf,
    /// The city backend's address.
    pub server_url: String,
    /// The files the user last dropped on the window: the only paths `attach_dropped` reads.
    pub dropped: std::sync::Mutex<Vec<PathBuf>>,
    /// What the last catalog update changed in open cases.
    pub catalog_change: tokio::sync::Mutex<Option<crate::ipc::CatalogChange>>,
    /// Filings queued offline that got their number since the app started (the UI says so
    /// once; a later sync's report does not carry them).
    pub arrived: std::sync::Mutex<Vec<gerbang_sync::wire::Receipt>>,
    /// How far the running sync has come.
    pub progress: std::sync::Mutex<Option<gerbang_sync::engine::Progress>>,
    /// The last sync's report or error.
    pub last_sync: tokio::sync::Mutex<(
        Option<gerbang_sync::engine::Report>,
        Option<crate::ipc::ApiError>,
    )>,
    /// The packs this app wrote: the only files `open_pack` opens.
    pub packs_written: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Desktop {
    /// The local store.
    pub fn store(&self) -> &Store {
        self.app.store()
    }

    /// Opens the application in `data_dir` (creating it).
    pub async fn open(data_dir: PathBuf, server_url: String) -> Result<Desktop, ApiError> {
        let app = App::open(&data_dir, &gerbang_app::device_user("desktop")).await?;
        if let Some(p) = app.stored_catalog_problem() {
            eprintln!(
                "gerbang-desktop: ignoring the stored catalog {}: {}",
                p.version, p.reason
            );
        }
        Ok(Desktop {
            app,
            catalog_change: tokio::sync::Mutex::default(),
            arrived: std::sync::Mutex::default(),
            progress: std::sync::Mutex::default(),
            data_dir,
            server_url,
            dropped: std::sync::Mutex::default(),
            last_sync: tokio::sync::Mutex::default(),
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
        let path = PathBuf::from(path);
        let handed_over = self
            .dropped
            .lock()
            .map(|d| d.contains(&path))
            .unwrap_or(false);
        if handed_over {
            Ok(path)
        } else {
            Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("{} was not dropped on the window", path.display()),
            ))
        }
    }
}

/// Hands `path` to the desktop's default application (xdg-open on Linux).
pub fn launch_viewer(path: &std::path::Path) -> Result<(), ApiError> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(program)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .spawn()
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("cannot start the system viewer ({program}): {e}"),
            )
        })?;
    // Reap it when it exits so no zombie is left behind.
    std::thread::spawn(move || child.wait());
    Ok(())
}
