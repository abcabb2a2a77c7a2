//! A conflict on the Sync screen: both versions side by side, settled by choosing.

use crate::cases::{gerbang, rows};
use crate::language::{launch_ready, screenshot, text_of, wait_for_text};
use anyhow::{Context, Result, bail};
use fantoccini::Locator;
use gerbang_tests::{PASSWORD, TauriDriver, add_server_user, start_server_on};
use std::path::Path;
use std::time::{Duration, Instant};

fn login(data: &Path, url: &str) -> Result<()> {
    gerbang_tests::cli_login(data, url, "ani").map(drop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn a_conflict_shows_both_sides_and_is_settled_by_choice() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (_server, url) = start_server_on(&db)?;
    add_server_user(&db, "ani", "investor", PASSWORD)?;

    // Laptop A makes the case and syncs; laptop B imports it, drops the new building, syncs.
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let case = gerbang_tests::fixtures::cli_bare_case(&a, dir.path(), "CV Teluk Rasa")?;
    login(&a, &url)?;
    gerbang(&a, &["sync", "now"])?;
    let export = dir.path().join("kasus.json");
    gerbang(
        &a,
        &[
            "case",
            "export",
            &case,
            "--out",
            export.to_str().context("path")?,
        ],
    )?;
    gerbang(&b, &["case", "import", export.to_str().context("path")?])?;
    let mut facts: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        gerbang_tests::fixtures::restaurant_facts(),
    )?)?;
    facts["building"]["new"] = serde_json::Value::Bool(false);
    let changed = dir.path().join("facts-b.json");
    std::fs::write(&changed, facts.to_string())?;
    gerbang(
        &b,
        &[
            "case",
            "update",
            &case,
            "--facts",
            changed.to_str().context("path")?,
        ],
    )?;
    login(&b, &url)?;
    gerbang(&b, &["sync", "now"])?;

    let mut driver = TauriDriver::start(
        4458,
        4459,
        &[
            ("GERBANG_DATA_DIR", b.as_path()),
            ("GERBANG_SERVER", Path::new(&url)),
        ],
    )?;
    let client = launch_ready(&driver).await?;
    client
        .find(Locator::Css("[data-testid=nav-sync]"))
        .await?
        .click()
        .await?;
    wait_for_text(&client, "page-title", "Sinkronisasi").await?;
    let start = Instant::now();
    let problems = loop {
        let r = rows(&client, "sync-problem").await?;
        if r.len() == 3 {
            break r;
        }
        if start.elapsed() > Duration::from_secs(10) {
            bail!("problems: {r:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        problems.iter().all(|p| p.starts_with("Konflik")),
        "{problems:?}"
    );
    // Worded from the server's code in the desk's language, not the server's English.
    assert!(
        problems
            .iter()
            .all(|p| p.contains("Dibuat atas versi lama") && !p.contains("version")),
        "{problems:?}"
    );
    // Compare the case's first conflict (case.create), then keep this laptop's version.
    client
        .execute(
            "Array.from(document.querySelectorAll('[data-testid=sync-problem]')).find(li => li.innerText.includes('case.create')).querySelector('[data-testid=conflict-compare]').click();",
            vec![],
        )
        .await?;
    client
        .wait()
        .for_element(Locator::Css("[data-testid=conflict]"))
        .await?;
    let diff = rows(&client, "conflict-row").await?;
    assert!(
        diff.iter()
            .any(|r| r.contains("facts.building.new") && r.contains("false") && r.contains("true")),
        "{diff:?}"
    );
    screenshot("18-conflict.png").await?;
    for _ in 0..3 {
        let before = rows(&client, "sync-problem").await?.len();
        if before == 0 {
            break;
        }
        client
            .execute(
                "document.querySelector('[data-testid=conflict-compare]').click();",
                vec![],
            )
            .await?;
        client
            .wait()
            .for_element(Locator::Css("[data-testid=keep-mine]"))
            .await?
            .click()
            .await?;
        let start = Instant::now();
        while rows(&client, "sync-problem").await?.len() >= before {
            if start.elapsed() > Duration::from_secs(15) {
                screenshot("18-conflict-unsettled.png").await?;
                let account = text_of(&client, "sync-account").await?;
                bail!(
                    "the conflict was not settled: {account}; {:?}",
                    rows(&client, "sync-problem").await?
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    assert!(rows(&client, "sync-problem").await?.is_empty());
    let pending = text_of(&client, "sync-pending").await?;
    assert_eq!(pending, "Semua perubahan sudah terkirim");
    client.close().await?;
    driver.stop();
    Ok(())
}
