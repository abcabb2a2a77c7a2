//! The device's local Gerbang as the commands open it: the data directory (the desktop's own),
//! its store, and the application over it, on a single-threaded runtime.

use anyhow::Context as _;
use gerbang_app::App;
use gerbang_store::Store;
use std::path::{Path, PathBuf};

/// The desktop app's data directory (Tauri's app-data directory for its identifier).
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("id.go.balikpapan.gerbang")
}

pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

pub async fn open(data_dir: &Path) -> anyhow::Result<Store> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    Store::open(&data_dir.join("gerbang.db"))
        .await
        .map_err(anyhow::Error::from)
}

/// The application on the store in `data_dir`, with the newest catalog it holds. A stored
/// catalog that no longer loads is an error here (the desktop app sets it aside and says so).
pub async fn open_app(data_dir: &Path) -> anyhow::Result<App> {
    let app = App::open(data_dir, &gerbang_app::device_user("gerbang-cli")).await?;
    if let Some(p) = app.stored_catalog_problem() {
        anyhow::bail!(
            "the stored catalog {} is not usable: {}",
            p.version,
            p.reason
        );
    }
    Ok(app)
}
