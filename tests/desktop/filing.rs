//! Two desktop instances (separate data directories) and one real server: the investor signs
//! in on the Sync screen and files a complete case from its page; the officer signs in, syncs,
//! and finds the case with its filing number in the review queue.

use crate::cases::{gerbang, open_listed_case, rows};
use crate::language::{launch_ready, screenshot, text_of, wait_for_text};
use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Client, Locator};
use gerbang_tests::{PASSWORD, TauriDriver, add_server_user, start_server_on};
use std::path::Path;
use std::time::{Duration, Instant};

pub async fn sign_in(client: &Client, user: &str) -> Result<()> {
    client
        .find(Locator::Css("[data-testid=nav-sync]"))
        .await?
        .click()
        .await?;
    wait_for_text(client, "page-title", "Sinkronisasi").await?;
    client
        .wait()
        .for_element(Locator::Css("[data-testid=sign-in-user]"))
        .await?
        .send_keys(user)
        .await?;
    client
        .find(Locator::Css("[data-testid=sign-in-password]"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    client
        .find(Locator::Css("[data-testid=sign-in]"))
        .await?
        .click()
        .await?;
    let start = Instant::now();
    loop {
        let shown = text_of(client, "sync-account").await?;
        if shown.contains(&format!("Masuk sebagai {user}")) {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(15) {
            bail!("never signed in: {shown}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A restaurant case of "CV Teluk Rasa" in the store at `data`, made with the CLI, a PDF
/// attached to each of its 8 required items; returns its id.
pub fn documented_case(data: &Path, dir: &Path) -> Result<String> {
    let case = gerbang_tests::fixtures::cli_bare_case(data, dir, "CV Teluk Rasa")?;
    let pdf = dir.join("dokumen.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n")?;
    for key in [
        "nib@*",
        "kkpr@*",
        "persetujuan_lingkungan@*",
        "andalalin@*",
        "pbg@*",
        "slf@*",
        "slhs@*",
        "halal@*",
    ] {
        gerbang(
            data,
            &["case", "attach", &case, key, pdf.to_str().context("path")?],
        )?;
    }
    Ok(case)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn an_investor_files_and_the_officer_receives_it() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (_server, url) = start_server_on(&db)?;
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    add_server_user(&db, "petugas", "officer", PASSWORD)?;

    // The investor's case, prepared with the CLI on the investor's store, every item documented.
    let investor = dir.path().join("investor");
    documented_case(&investor, dir.path())?;
    let title = "CV Teluk Rasa: Aktivitas Penyediaan Makanan di Bangunan Tetap";
    let year = time::OffsetDateTime::now_utc()
        .to_offset(gerbang_core::WITA)
        .year();
    let number = format!("BPN-{year}-000001");

    let server = Path::new(&url);
    let mut driver = TauriDriver::start(
        4454,
        4455,
        &[
            ("GERBANG_DATA_DIR", investor.as_path()),
            ("GERBANG_SERVER", server),
        ],
    )?;
    let client = launch_ready(&driver).await?;
    sign_in(&client, "ani").await?;
    let start = Instant::now();
    loop {
        let badge = text_of(&client, "sync-badge").await?;
        if badge.starts_with("Daring") {
            break;
        }
        if start.elapsed() > Duration::from_secs(10) {
            bail!("the sidebar never showed the server as online: {badge}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    screenshot("15-signed-in.png").await?;
    client
        .find(Locator::Css("[data-testid=nav-cases]"))
        .await?
        .click()
        .await?;
    open_listed_case(&client, title).await?;
    client
        .wait()
        .for_element(Locator::Css("[data-testid=case-file]"))
        .await?
        .click()
        .await?;
    // Filing asks first, saying what it does.
    let asked = text_of(&client, "case-file-confirm-panel").await?;
    ensure!(
        asked.starts_with("Ajukan kasus ini ke DPMPTSP dengan 8 butir berdokumen?"),
        "{asked}"
    );
    client
        .find(Locator::Css("[data-testid=case-file-confirm]"))
        .await?
        .click()
        .await?;
    let start = Instant::now();
    loop {
        if let Ok(shown) = text_of(&client, "case-filed").await {
            assert_eq!(shown, format!("Diajukan dengan nomor {number}"));
            break;
        }
        if let Ok(err) = text_of(&client, "case-file-error").await {
            bail!("filing failed: {err}");
        }
        if start.elapsed() > Duration::from_secs(20) {
            bail!("the case was never filed");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    screenshot("16-filed.png").await?;
    client.close().await?;
    driver.stop();

    // The officer's instance.
    let officer = dir.path().join("officer");
    let mut driver = TauriDriver::start(
        4456,
        4457,
        &[
            ("GERBANG_DATA_DIR", officer.as_path()),
            ("GERBANG_SERVER", server),
        ],
    )?;
    let client = launch_ready(&driver).await?;
    sign_in(&client, "petugas").await?;
    client
        .find(Locator::Css("[data-testid=sync-now]"))
        .await?
        .click()
        .await?;
    // The case, its 8 documents, the applicant's profile and the filing.
    let start = Instant::now();
    loop {
        if let Ok(report) = text_of(&client, "sync-report").await
            && report.contains("diterima 11")
        {
            break;
        }
        if start.elapsed() > Duration::from_secs(20) {
            bail!("the officer's sync never reported the filing");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    client
        .find(Locator::Css("[data-testid=nav-review]"))
        .await?
        .click()
        .await?;
    wait_for_text(&client, "page-title", "Pemeriksaan").await?;
    let start = Instant::now();
    let filed = loop {
        let r = rows(&client, "filed-row").await?;
        if !r.is_empty() {
            break r;
        }
        if start.elapsed() > Duration::from_secs(10) {
            bail!("no filed case in the officer's queue");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(filed.len(), 1, "{filed:?}");
    assert!(
        filed[0].contains(&number)
            && filed[0].contains(title)
            && filed[0].contains("Diajukan")
            && filed[0].contains("0 / 8"),
        "{filed:?}"
    );
    screenshot("17-officer-queue.png").await?;
    client.close().await?;
    driver.stop();
    Ok(())
}
