//! Gerbang's desktop app: a Tauri 2 window over the system WebKitGTK, with the UI in `ui/`.
//! Start-up sets safe WebKit defaults, opens the local store, and registers the commands.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod desktop;
mod dialogs;
mod ipc;
mod pack_commands;
mod plan_commands;
mod review_commands;
#[cfg(test)]
#[path = "../surface.rs"]
#[allow(dead_code)] // The module names are for build.rs.
mod surface;
mod sync_commands;

use desktop::Desktop;

// COMMANDS and handler!(), from the #[tauri::command] functions (build.rs, surface.rs).
include!(concat!(env!("OUT_DIR"), "/surface.rs"));
use std::path::PathBuf;
use tauri::Manager;

/// WebKitGTK settings that avoid a blank window on GPUs/drivers where DMA-BUF rendering
/// fails (the most reported Tauri problem on Linux). A value the user set is kept.
const WEBKIT_FALLBACKS: &[(&str, &str)] = &[("WEBKIT_DISABLE_DMABUF_RENDERER", "1")];

#[allow(unsafe_code)]
fn set_webkit_fallbacks() {
    for (key, value) in WEBKIT_FALLBACKS {
        if std::env::var_os(key).is_none() {
            // SAFETY: called first thing in `main`, before any other thread exists.
            unsafe { std::env::set_var(key, value) };
        }
    }
}

fn main() {
    set_webkit_fallbacks();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                window.state::<Desktop>().remember_drop(paths);
            }
        })
        .setup(|app| {
            let data_dir = match std::env::var_os("GERBANG_DATA_DIR") {
                Some(dir) => PathBuf::from(dir),
                None => app.path().app_data_dir().map_err(|e| {
                    ipc::ApiError::new(
                        ipc::ErrorCode::Internal,
                        format!("cannot find the app-data directory: {e}"),
                    )
                })?,
            };
            let server_url = std::env::var("GERBANG_SERVER")
                .unwrap_or_else(|_| gerbang_app::types::default_server_url());
            let desktop = tauri::async_runtime::block_on(Desktop::open(data_dir, server_url))?;
            app.manage(desktop);
            sync_commands::spawn_background_sync(app.handle().clone());
            Ok(())
        })
        .invoke_handler(handler!())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("gerbang-desktop: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::COMMANDS;

    /// Core permissions beyond the app's commands: listening for the drag-and-drop events.
    const CORE_PERMISSIONS: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];

    /// The capability grants exactly one permission per command, the listed core ones, and
    /// nothing else.
    #[test]
    fn capability_grants_exactly_the_app_commands() {
        let text = include_str!("../capabilities/default.json");
        let cap: serde_json::Value = serde_json::from_str(text).expect("capability parses");
        let mut granted: Vec<String> = cap["permissions"]
            .as_array()
            .expect("permissions list")
            .iter()
            .map(|p| p.as_str().expect("permission name").to_owned())
            .collect();
        let mut expected: Vec<String> = COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .chain(CORE_PERMISSIONS.iter().map(|p| (*p).to_owned()))
            .collect();
        granted.sort();
        expected.sort();
        assert_eq!(granted, expected);
    }

    #[test]
    fn csp_is_strict() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("config parses");
        let csp = &conf["app"]["security"]["csp"];
        assert_eq!(csp["script-src"], "'self'");
        assert_eq!(csp["object-src"], "'none'");
        assert_eq!(csp["default-src"], "'self'");
        assert_eq!(conf["app"]["withGlobalTauri"], false);
        assert_eq!(conf["app"]["windows"][0]["title"], "Gerbang");
    }

    #[tokio::test]
    async fn only_files_the_user_dropped_can_be_attached_from_a_drop() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = super::Desktop::open(dir.path().join("data"), "http://127.0.0.1:1".into())
            .await
            .expect("opens");
        let err = d.dropped_path("/etc/passwd").expect_err("never dropped");
        assert_eq!(err.message, "/etc/passwd was not dropped on the window");
        d.remember_drop(&[std::path::PathBuf::from("/home/ani/akta.pdf")]);
        assert!(d.dropped_path("/home/ani/akta.pdf").is_ok());
        assert!(d.dropped_path("/etc/passwd").is_err());
        // A new drop replaces the last one.
        d.remember_drop(&[std::path::PathBuf::from("/home/ani/denah.png")]);
        assert!(d.dropped_path("/home/ani/akta.pdf").is_err());
    }

    #[tokio::test]
    async fn desktop_opens_its_store_in_the_data_dir() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("nested").join("data");
        let d = super::Desktop::open(data.clone(), "http://127.0.0.1:1".into())
            .await
            .expect("opens");
        assert!(data.join("gerbang.db").exists());
        assert_eq!(
            d.app.settings().await.expect("settings").language,
            gerbang_core::Language::Id
        );
    }
}
