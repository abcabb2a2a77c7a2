//! What the desktop does with the operating system for a command: native file and folder
//! dialogs (over the window, starting in the home folder), the system viewer, notifications,
//! and a file written where the user chose.

use crate::ipc::{ApiError, ErrorCode};
use std::path::{Path, PathBuf};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

/// A file dialog over `window`, titled `title`, starting in the user's home folder (GTK
/// otherwise opens on "Recent", where no folder can be chosen).
fn dialog<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
    title: String,
) -> FileDialogBuilder<R> {
    let dialog = window.dialog().file().set_parent(window).set_title(title);
    match std::env::var_os("HOME") {
        Some(home) => dialog.set_directory(home),
        None => dialog,
    }
}

/// Waits for the choice a dialog hands its callback: the local path, or `None` when the user
/// cancels.
async fn choice(
    what: &str,
    show: impl FnOnce(Box<dyn FnOnce(Option<FilePath>) + Send>),
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

/// Asks for a document to attach (PDF, PNG or JPEG).
pub async fn pick_document(
    window: &tauri::WebviewWindow,
    title: String,
) -> Result<Option<PathBuf>, ApiError> {
    let d = dialog(window, title).add_filter(
        "PDF, PNG, JPEG",
        &["pdf", "PDF", "png", "PNG", "jpg", "JPG", "jpeg", "JPEG"],
    );
    choice("file", |done| d.pick_file(done)).await
}

/// Asks for a folder.
pub async fn pick_folder(
    window: &tauri::WebviewWindow,
    title: String,
) -> Result<Option<PathBuf>, ApiError> {
    let d = dialog(window, title);
    choice("folder", |done| d.pick_folder(done)).await
}

/// Asks where to save a file named `file_name` with extension `ext` (the extension is added
/// when the name has none, and not twice).
pub async fn save_as(
    window: &tauri::WebviewWindow,
    title: String,
    file_name: String,
    (kind, ext): (&str, &str),
) -> Result<Option<PathBuf>, ApiError> {
    let d = dialog(window, title)
        .set_file_name(file_name)
        .add_filter(kind, &[ext]);
    let Some(mut path) = choice("file", |done| d.save_file(done)).await? else {
        return Ok(None);
    };
    // GTK's chooser appends the filter's extension to a name that already has it
    // (`kalender.ics` came back as `kalender.ics.ics`).
    if let Some(name) = path.file_name().and_then(|n| n.to_str())
        && let Some(single) = name.strip_suffix(&format!(".{ext}.{ext}"))
    {
        path.set_file_name(format!("{single}.{ext}"));
    }
    if path.extension().is_none() {
        path.set_extension(ext);
    }
    Ok(Some(path))
}

/// Writes `bytes` to `path` beside it first, then moves it there: a failed write leaves no half
/// file. Answers the path as shown.
pub async fn write_beside_then_move(path: &Path, bytes: &[u8]) -> Result<String, ApiError> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".part");
    let partial = PathBuf::from(partial);
    tokio::fs::write(&partial, bytes)
        .await
        .and(tokio::fs::rename(&partial, path).await)
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            ApiError::new(
                ErrorCode::Internal,
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
    Ok(path.display().to_string())
}

/// Hands `path` to the desktop's default application (xdg-open on Linux).
pub fn launch_viewer(path: &Path) -> Result<(), ApiError> {
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

/// Shows a desktop notification (worded by the UI).
pub fn notify(app: &tauri::AppHandle, title: String, body: String) -> Result<(), ApiError> {
    use tauri_plugin_notification::NotificationExt;
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
