//! The device's local Gerbang as the commands open it: the data directory (the desktop's own)
//! and the application over its store, on a single-threaded runtime.

use anyhow::Context as _;
use gerbang_app::App;
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
