//! The `#[tauri::command]`s: each takes the app state, calls a crate, maps the error.

use crate::ipc::{ApiError, AppInfo, ErrorCode, Settings};
use gerbang_core::Language;
use gerbang_core::catalog::Catalog;
use gerbang_store::Store;
use gerbang_sync::Health;
use std::path::PathBuf;
use tauri::State;

/// Everything the commands share, opened once at start.
#[derive(Debug)]
pub struct Desktop {
    /// The local store.
    pub store: Store,
    /// The embedded catalog.
    pub catalog: &'static Catalog,
    /// The app-data directory.
    pub data_dir: PathBuf,
    /// The city backend's address.
    pub server_url: String,
}

impl Desktop {
    /// Opens the store in `data_dir` (creating it) and loads the catalog.
    pub async fn open(data_dir: PathBuf, server_url: String) -> Result<Desktop, ApiError> {
        std::fs::create_dir_all(&data_dir).map_err(|e| {
            ApiError::new(
                ErrorCode::Store,
                format!(
                    "cannot create the data directory {}: {e}",
                    data_dir.display()
                ),
            )
        })?;
        let store = Store::open(&data_dir.join("gerbang.db")).await?;
        let catalog =
            gerbang_catalog::catalog().map_err(|e| ApiError::new(ErrorCode::Catalog, e))?;
        Ok(Desktop {
            store,
            catalog,
            data_dir,
            server_url,
        })
    }
}

#[tauri::command]
pub fn app_info(state: State<'_, Desktop>) -> AppInfo {
    AppInfo {
        version: gerbang_core::VERSION.to_owned(),
        catalog_version: state.catalog.version().to_owned(),
        catalog_hash: state.catalog.content_hash.clone(),
        data_dir: state.data_dir.display().to_string(),
        server_url: state.server_url.clone(),
    }
}

#[tauri::command]
pub async fn get_settings(state: State<'_, Desktop>) -> Result<Settings, ApiError> {
    let language = state.store.language().await?;
    Ok(Settings { language })
}

#[tauri::command]
pub async fn set_language(
    state: State<'_, Desktop>,
    language: Language,
) -> Result<Settings, ApiError> {
    state.store.set_language(language).await?;
    get_settings(state).await
}

#[tauri::command]
pub async fn server_health(state: State<'_, Desktop>) -> Result<Health, ApiError> {
    let client = gerbang_sync::Client::new(&state.server_url)?;
    Ok(client.health().await?)
}
