//! The Sync screen reaches a real `gerbang-server` on loopback through the app's IPC and the
//! sync client, and says so; when the server goes away, the UI shows the error it got.

use crate::language::{launch_ready, screenshot, text_of, wait_for_text};
use anyhow::{Context, Result, bail};
use fantoccini::Locator;
use gerbang_tests::{TauriDriver, start_server};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn sync_screen_shows_the_local_server_and_then_its_absence() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut server, url) = start_server(dir.path())?;
    let data = dir.path().join("app");
    let mut driver = TauriDriver::start(
        4446,
        4447,
        &[
            ("GERBANG_DATA_DIR", data.as_path()),
            ("GERBANG_SERVER", std::path::Path::new(&url)),
        ],
    )?;
    let client = launch_ready(&driver).await?;
    client
        .find(Locator::Css("[data-testid=nav-sync]"))
        .await?
        .click()
        .await?;
    wait_for_text(&client, "page-title", "Sinkronisasi").await?;
    assert_eq!(text_of(&client, "server-url").await?, url);
    wait_for_text(
        &client,
        "server-online",
        &format!(
            "Tersambung: gerbang-server {} (sqlite)",
            env!("CARGO_PKG_VERSION")
        ),
    )
    .await?;
    screenshot("04-sync-online.png").await?;

    // The server stops: checking again shows why, in Indonesian, with the address.
    server.stop();
    client
        .find(Locator::Css("[data-testid=check-server]"))
        .await?
        .click()
        .await?;
    let start = Instant::now();
    let offline = loop {
        if let Ok(el) = client
            .find(Locator::Css("[data-testid=server-offline]"))
            .await
        {
            break el.text().await?;
        }
        if start.elapsed() > Duration::from_secs(15) {
            bail!("the Sync screen never reported the stopped server");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // In Indonesian only: the address it tried is the one shown above it, not a raw English
    // transport error.
    assert_eq!(
        offline,
        "Server kota tidak dapat dihubungi. Periksa jaringan atau alamat server.",
    );
    screenshot("05-sync-offline.png").await?;
    client.close().await.context("close the session")?;
    driver.stop();
    Ok(())
}
