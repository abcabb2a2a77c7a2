//! The desktop's state: the application, and what only the window has (files dropped on it,
//! the packs it wrote), with the native dialogs and the system viewer it hands files to.

use crate::ipc::{ApiError, ErrorCode};
use gerbang_app::App;
use std::path::PathBuf;

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

/// Shows a native dialog built by `show` (which hands the choice to its callback) and waits for
/// the choice: the local path, or `None` when the user cancels.
pub async fn pick(
    what: &str,
    show: impl FnOnce(Box<dyn FnOnce(Option<tauri_plugin_dialog::FilePath>) + Send>),
) -> Result<Option<PathBuf>, ApiError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    show(Box::new(move |picked| {
        let _ = tx.send(picked);
    }));
    let picked = rx.await.map_err(|_| {
        ApiError::new(
            ErrorCode::Internal,
            format!("the {what} dialog closed unexpectedly"),
        )
    })?;
    picked
        .map(|p| {
            p.into_path().map_err(|e| {
                ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("the chosen {what} is not a local {what}: {e}"),
                )
            })
        })
        .transpose()
}
