//! Document packs from the desktop: one case's pack (written to `packs/` in the data directory
//! and opened in the system viewer), or a batch into a folder the user picks. Progress goes to
//! the UI through a channel; the work runs on a blocking thread.

use crate::desktop::Desktop;
use crate::ipc::{ApiError, ErrorCode, PackBatch, PackFailure, PackProgress, PackResult};
use std::path::{Path, PathBuf};
use tauri::State;
use tauri::ipc::Channel;
use tauri_plugin_dialog::DialogExt;

/// See [`Desktop::pack_settings`].
#[derive(Debug, Clone)]
struct PackSettings {
    language: gerbang_core::Language,
    server: String,
}

impl Desktop {
    /// What every pack of a run is made with: the user's language and the backend the QR codes
    /// point at.
    async fn pack_settings(&self) -> Result<PackSettings, ApiError> {
        Ok(PackSettings {
            language: self.store().language().await?,
            server: self.app.pack_server(&self.server_url).await?,
        })
    }

    /// Writes the pack of `case_id` into `dir`, reporting progress as case `index` of `cases`.
    async fn write_pack(
        &self,
        case_id: &str,
        dir: &Path,
        settings: &PackSettings,
        (index, cases): (u32, u32),
        progress: &Channel<PackProgress>,
    ) -> Result<PackResult, ApiError> {
        let source = self.app.pack_source(case_id).await?;
        let path = dir.join(source.file_name());
        let channel = progress.clone();
        let target = path.clone();
        let PackSettings { language, server } = settings.clone();
        let pack = tauri::async_runtime::spawn_blocking(move || {
            let req = source.request(language, &server);
            gerbang_pack::write_file(&target, &req, &mut |step| {
                let (stage, done, total) = match step {
                    gerbang_pack::Step::Reading { done, total } => ("reading", done, total),
                    gerbang_pack::Step::Writing => ("writing", 1, 1),
                };
                let _ = channel.send(PackProgress {
                    case_index: index,
                    cases,
                    stage: stage.to_owned(),
                    done: u32::try_from(done).unwrap_or(u32::MAX),
                    total: u32::try_from(total).unwrap_or(u32::MAX),
                });
            })
        })
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the pack stopped: {e}")))?
        .map_err(|e| match &e {
            // The folder is full, gone or not writable: said in the reader's language.
            gerbang_pack::PackError::Io { path, source } => ApiError::refused(
                gerbang_core::problem::Problem::new("pack_write_failed", e.to_string())
                    .with("path", path.display())
                    .with("reason", source.kind()),
            ),
            _ => ApiError::new(ErrorCode::Store, e),
        })?;
        if let Ok(mut written) = self.packs_written.lock() {
            written.insert(path.clone());
        }
        Ok(PackResult {
            case_id: case_id.to_owned(),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: path.display().to_string(),
            pages: u32::try_from(pack.pages).unwrap_or(u32::MAX),
            pack_id: pack.pack_id,
            verify_url: pack.verify_url,
            not_included: pack
                .attachments
                .into_iter()
                .filter_map(|a| {
                    a.excluded.map(|why| PackFailure {
                        name: a.name,
                        message: why,
                    })
                })
                .collect(),
            opened: false,
        })
    }
}

/// Makes the case's pack in `packs/` of the data directory and opens it in the system viewer.
#[tauri::command]
pub async fn generate_pack(
    state: State<'_, Desktop>,
    case_id: String,
    on_progress: Channel<PackProgress>,
) -> Result<PackResult, ApiError> {
    let dir = state.data_dir.join("packs");
    std::fs::create_dir_all(&dir).map_err(|e| {
        ApiError::new(
            ErrorCode::Store,
            format!("cannot create {}: {e}", dir.display()),
        )
    })?;
    let settings = state.pack_settings().await?;
    let mut result = state
        .write_pack(&case_id, &dir, &settings, (0, 1), &on_progress)
        .await?;
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
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = window.dialog().file().set_parent(&window).set_title(title);
    // Start in the user's home folder (GTK otherwise opens on "Recent", where no folder can be
    // chosen).
    if let Some(home) = std::env::var_os("HOME") {
        dialog = dialog.set_directory(home);
    }
    dialog.pick_folder(move |picked| {
        let _ = tx.send(picked);
    });
    let Some(picked) = rx
        .await
        .map_err(|_| ApiError::new(ErrorCode::Internal, "the folder dialog closed unexpectedly"))?
    else {
        return Ok(None);
    };
    let folder: PathBuf = picked.into_path().map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("the chosen folder is not a local folder: {e}"),
        )
    })?;
    let settings = state.pack_settings().await?;
    let cases = u32::try_from(case_ids.len()).unwrap_or(u32::MAX);
    let mut packs = Vec::new();
    let mut failed = Vec::new();
    for (i, id) in case_ids.iter().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        match state
            .write_pack(id, &folder, &settings, (index, cases), &on_progress)
            .await
        {
            Ok(r) => packs.push(r),
            Err(e) => failed.push(PackFailure {
                name: id.clone(),
                message: e.message,
            }),
        }
    }
    let _ = on_progress.send(PackProgress {
        case_index: cases,
        cases,
        stage: "done".to_owned(),
        done: 1,
        total: 1,
    });
    Ok(Some(PackBatch {
        folder: folder.display().to_string(),
        packs,
        failed,
    }))
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
