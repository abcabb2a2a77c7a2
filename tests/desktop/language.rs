//! First run: Indonesian by default; switching to English changes the sidebar; the choice
//! survives a restart. Screenshots land in target/e2e/.

use anyhow::{Context, Result, bail};
use fantoccini::{Client, Locator};
use gerbang_tests::{TauriDriver, screenshot_dir, workspace_bin};
use std::time::{Duration, Instant};

const READY: &str = "[data-testid=shell][data-ready=true]";

/// The text of the element `testid`, waiting up to 20 s for it to exist. Read in one script
/// run, so a page that re-renders in between never yields a stale element.
pub async fn text_of(client: &Client, testid: &str) -> Result<String> {
    let start = Instant::now();
    loop {
        let value = client
            .execute(
                "const e = document.querySelector(`[data-testid=${arguments[0]}]`); return e ? e.innerText : null;",
                vec![serde_json::Value::String(testid.to_owned())],
            )
            .await?;
        if let serde_json::Value::String(text) = value {
            return Ok(text.trim().to_owned());
        }
        if start.elapsed() > Duration::from_secs(20) {
            bail!("no element {testid}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the element `testid` shows `expected` (the UI re-renders asynchronously).
/// Clicks the element with `testid`.
pub async fn click(client: &Client, testid: &str) -> Result<()> {
    client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await?
        .click()
        .await?;
    Ok(())
}

pub async fn wait_for_text(client: &Client, testid: &str, expected: &str) -> Result<()> {
    let start = Instant::now();
    loop {
        let now = text_of(client, testid).await?;
        if now == expected {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(10) {
            bail!("{testid} shows {now:?}, expected {expected:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Saves what the X server shows: the real window's pixels, as a user sees them.
/// (WebDriver's own screenshot never returns while the app's default
/// WEBKIT_DISABLE_DMABUF_RENDERER=1 is in effect, so the X server is asked instead.)
pub async fn screenshot(name: &str) -> Result<()> {
    // A screenshot right after a DOM change can show the previous frame.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let path = screenshot_dir()?.join(name);
    let status = std::process::Command::new("/usr/bin/import")
        .args(["-window", "root"])
        .arg(&path)
        .status()
        .context("ImageMagick's import (apt package imagemagick) is needed")?;
    if !status.success() {
        bail!("import failed: {status}");
    }
    eprintln!("screenshot: {}", path.display());
    Ok(())
}

pub async fn launch_ready(driver: &TauriDriver) -> Result<Client> {
    let app = workspace_bin("gerbang-desktop")?;
    let client = driver.launch(&app).await?;
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(READY))
        .await
        .context("the UI never became ready")?;
    Ok(client)
}

/// The native window is titled "Gerbang" (checked on the X server, not in the DOM).
fn native_window_titled_gerbang() -> Result<bool> {
    let out = std::process::Command::new("xdotool")
        .args(["search", "--name", "^Gerbang$"])
        .output()
        .context("xdotool (apt package xdotool) is needed")?;
    Ok(out.status.success() && !out.stdout.is_empty())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn opens_in_indonesian_switches_to_english_and_remembers_it() -> Result<()> {
    let data = tempfile::tempdir()?;
    let mut driver = TauriDriver::start(4444, 4445, &[("GERBANG_DATA_DIR", data.path())])?;

    // First start: Indonesian, on the home screen.
    let client = launch_ready(&driver).await?;
    assert_eq!(client.title().await?, "Gerbang");
    assert!(
        native_window_titled_gerbang()?,
        "no X window titled Gerbang"
    );
    assert_eq!(
        text_of(&client, "home-title").await?,
        "Selamat datang di Gerbang"
    );
    assert_eq!(text_of(&client, "nav-cases").await?, "Kasus");
    assert_eq!(text_of(&client, "nav-clients").await?, "Klien");
    // Before sign-in: the applicant's desk, and what signing in unlocks.
    assert!(
        text_of(&client, "sign-in-unlocks")
            .await?
            .starts_with("Masuk ke server kota")
    );
    assert_eq!(text_of(&client, "nav-packs").await?, "Paket dokumen");
    assert_eq!(text_of(&client, "nav-sync").await?, "Sinkronisasi");
    assert_eq!(text_of(&client, "nav-settings").await?, "Pengaturan");
    screenshot("01-home-indonesian.png").await?;

    // Switch to English: the sidebar and the home screen change.
    client
        .find(Locator::Css("[data-testid=lang-en]"))
        .await?
        .click()
        .await?;
    wait_for_text(&client, "nav-cases", "Cases").await?;
    assert_eq!(text_of(&client, "nav-clients").await?, "Clients");
    assert!(
        text_of(&client, "sign-in-unlocks")
            .await?
            .starts_with("Sign in to the city backend")
    );
    assert_eq!(text_of(&client, "nav-packs").await?, "Document packs");
    assert_eq!(text_of(&client, "nav-sync").await?, "Sync");
    assert_eq!(text_of(&client, "nav-settings").await?, "Settings");
    assert_eq!(text_of(&client, "home-title").await?, "Welcome to Gerbang");
    screenshot("02-home-english.png").await?;
    client.close().await?;

    // Restart: still English.
    let client = launch_ready(&driver).await?;
    wait_for_text(&client, "nav-cases", "Cases").await?;
    assert_eq!(text_of(&client, "home-title").await?, "Welcome to Gerbang");
    let lang = client
        .find(Locator::Css(READY))
        .await?
        .attr("data-lang")
        .await?;
    assert_eq!(lang.as_deref(), Some("en"));
    screenshot("03-restarted-english.png").await?;

    // A section page renders in English too.
    client
        .find(Locator::Css("[data-testid=nav-settings]"))
        .await?
        .click()
        .await?;
    wait_for_text(&client, "page-title", "Settings").await?;
    let version = text_of(&client, "app-version").await?;
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    client.close().await?;
    driver.stop();
    Ok(())
}
