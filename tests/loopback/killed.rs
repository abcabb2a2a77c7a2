//! A device killed in the middle of a pull: every page it applied is whole (records and cursor
//! in one transaction), and the next sync carries on to the same end state.

use anyhow::{Context, Result, ensure};
use gerbang_tests::{PASSWORD, add_server_user, run_cli, start_server_on, workspace_bin};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn gerbang(data: &std::path::Path) -> Result<Command> {
    let mut c = Command::new(workspace_bin("gerbang")?);
    c.arg("--data-dir").arg(data).env("LANG", "C.UTF-8");
    Ok(c)
}

async fn pulled_and_cursor(data: &std::path::Path) -> Result<(i64, i64, String)> {
    let store = gerbang_store::Store::open(&data.join("gerbang.db")).await?;
    let pulled: i64 = store.pulled_counts().await?.values().sum();
    let cursor = store.sync_cursor().await?;
    let (integrity, _) = store.integrity().await?;
    store.close().await;
    Ok((pulled, cursor, integrity))
}

/// How many changes the server still has for Ani after `cursor` (cursors are opaque: the
/// server is the one that can say what one names).
async fn left_after(url: &str, cursor: i64) -> Result<usize> {
    let session = gerbang_sync::Client::new(url)?
        .login("ani", PASSWORD)
        .await?;
    let client = gerbang_sync::Client::new(url)?.with_token(&session.token);
    let (mut after, mut left) = (cursor, 0);
    loop {
        let page = client.pull(after, 2000).await?;
        left += page.changes.len();
        after = page.cursor;
        if !page.more {
            return Ok(left);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_killed_mid_pull_resumes_where_it_stopped() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (_server, url) = start_server_on(&db)?;
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let p = gerbang_tests::fixtures::cli_profile(&a, dir.path(), "CV Teluk Rasa")?;
    let facts = gerbang_tests::fixtures::restaurant_facts();
    run_cli(
        &a,
        &[
            "case",
            "bulk",
            "--profile",
            &p,
            "--facts",
            facts.to_str().context("path")?,
            "--count",
            "1499",
        ],
        None,
    )?;
    gerbang_tests::cli_login(&a, &url, "ani")?;
    run_cli(&a, &["sync", "now"], None)?;

    // Device B starts pulling 1,500 changes (pages of 500) and is killed part way.
    gerbang_tests::cli_login(&b, &url, "ani")?;
    let mut killed_at = None;
    for attempt in 0..5 {
        let mut child = gerbang(&b)?
            .args(["sync", "now"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let start = Instant::now();
        // Kill as soon as the first page is in (or after a short while).
        loop {
            let (pulled, _, _) = pulled_and_cursor(&b).await?;
            if pulled > 0 || start.elapsed() > Duration::from_millis(400 + 200 * attempt) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        child.kill()?;
        let status = child.wait()?;
        let (pulled, cursor, integrity) = pulled_and_cursor(&b).await?;
        ensure!(integrity == "ok", "{integrity}");
        // Pages are whole: the cursor names exactly the changes applied (all this account's).
        ensure!(pulled % 500 == 0, "pulled {pulled}: not whole pages");
        let left = left_after(&url, cursor).await?;
        ensure!(
            pulled as usize + left == 1500,
            "pulled {pulled}, and the server has {left} after its cursor"
        );
        if !status.success() && pulled < 1500 {
            killed_at = Some(pulled);
            break;
        }
    }
    let killed_at = killed_at.context("never managed to kill the pull part way")?;
    ensure!(killed_at < 1500);

    // The next sync finishes, each record once.
    run_cli(&b, &["sync", "now"], None)?;
    let (pulled, cursor, integrity) = pulled_and_cursor(&b).await?;
    ensure!(
        integrity == "ok" && pulled == 1500 && left_after(&url, cursor).await? == 0,
        "{pulled} {cursor} {integrity}"
    );
    Ok(())
}
