//! Real processes on loopback: the `gerbang` CLI and the sync client against a real
//! `gerbang-server` process.

#![allow(clippy::unwrap_used)] // tests: a panic with the value is the report we want

use anyhow::Result;
use gerbang_tests::{start_server, workspace_bin};
use std::process::Command;

mod attacks;
mod catalog;
mod conflicts;
mod faults;
mod filing;
mod killed;
mod replicas;
mod review;
mod schemathesis;
mod shutdown;

#[test]
fn cli_reports_a_running_server() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (_server, url) = start_server(dir.path())?;
    let out = Command::new(workspace_bin("gerbang")?)
        .args(["server-health", "--server", &url])
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.trim(),
        format!(
            "{url}/ ok: gerbang-server {} on Sqlite",
            env!("CARGO_PKG_VERSION")
        )
    );
    Ok(())
}

#[tokio::test]
async fn sync_client_sees_the_server_stop() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut server, url) = start_server(dir.path())?;
    let client = gerbang_sync::Client::new(&url)?;
    let health = client.health().await?;
    assert_eq!(health.database, gerbang_sync::DatabaseKind::Sqlite);
    server.stop();
    let err = client.health().await.expect_err("server is stopped");
    assert!(
        matches!(err, gerbang_sync::SyncError::Unreachable { .. }),
        "{err:?}"
    );
    Ok(())
}
