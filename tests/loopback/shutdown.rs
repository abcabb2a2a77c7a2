//! A server stopped with SIGTERM (a deploy, a scale-down) in the middle of a push batch:
//! it stops taking connections, answers the batch it is applying, and exits cleanly; the
//! device has the answer, so nothing is applied without the device knowing, and nothing is
//! half-applied.

use anyhow::{Context, Result, ensure};
use gerbang_tests::{
    RoundRobin, add_server_user, cli_login, fixtures, run_cli, start_server, workspace_bin,
};
use std::time::Duration;

fn pending(data: &std::path::Path) -> Result<i64> {
    let status: serde_json::Value =
        serde_json::from_str(&run_cli(data, &["sync", "status", "--json"], None)?)?;
    status["pending"].as_i64().context("pending")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_batch_answers_the_batch_and_exits_cleanly() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut server, url) = tokio::task::block_in_place(|| start_server(dir.path()))?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let data = dir.path().join("ani");
    let proxy = RoundRobin::start(std::slice::from_ref(&url)).await?;
    let before = tokio::task::block_in_place(|| -> Result<i64> {
        add_server_user(&db, "ani", "investor", gerbang_tests::PASSWORD)?;
        let profile = fixtures::cli_profile(&data, dir.path(), "CV Pantai Manggar")?;
        fixtures::cli_bulk(&data, &profile, 300)?;
        cli_login(&data, &proxy.url, "ani")?;
        pending(&data)
    })?;
    ensure!(before == 301, "{before} changes pending before the sync");

    let mut pushing = proxy.watch("POST /api/v1/sync/push");
    let mut sync = tokio::process::Command::new(workspace_bin("gerbang")?)
        .arg("--data-dir")
        .arg(&data)
        .args(["sync", "now"])
        .env("LANG", "C.UTF-8")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    tokio::time::timeout(Duration::from_secs(60), pushing.recv())
        .await?
        .context("no push reached the server")?;
    // The request is on its way in; stop the server while it applies the batch.
    tokio::time::sleep(Duration::from_millis(30)).await;
    let exit = tokio::task::block_in_place(|| server.terminate(Duration::from_secs(40)))?;
    ensure!(
        exit.success(),
        "the server exited with {exit} after SIGTERM"
    );
    // The device's sync ends (the server is gone; it may retry a while first).
    if tokio::time::timeout(Duration::from_secs(60), sync.wait())
        .await
        .is_err()
    {
        sync.kill().await?;
    }

    // The first batch (200 changes) was answered, and the server holds exactly those.
    let after = tokio::task::block_in_place(|| pending(&data))?;
    ensure!(
        after == before - gerbang_sync::engine::PUSH_BATCH,
        "{after} of {before} changes pending: the in-flight batch was not answered"
    );
    let conn = sqlx::SqlitePool::connect(&db).await?;
    let (applied, logged): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(CASE WHEN status = 'applied' THEN 1 END), COUNT(*) FROM mutations",
    )
    .fetch_one(&conn)
    .await?;
    ensure!(
        applied == gerbang_sync::engine::PUSH_BATCH && logged == applied,
        "{applied} applied of {logged} logged mutations"
    );
    Ok(())
}
