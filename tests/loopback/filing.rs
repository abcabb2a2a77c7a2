//! An investor's device files a case with the real server process; an officer's device pulls
//! it. Nothing doubles: syncing again pushes nothing, filing again gives the same number. On
//! SQLite and on PostgreSQL.

use anyhow::{Result, ensure};
use gerbang_tests::{PASSWORD, add_server_user, run_cli, start_server_on};
use std::path::Path;

fn status(data: &Path) -> Result<serde_json::Value> {
    Ok(serde_json::from_str(&run_cli(
        data,
        &["sync", "status", "--json"],
        None,
    )?)?)
}

fn file_and_review(db: &str, dir: &Path) -> Result<()> {
    let (_server, url) = start_server_on(db)?;
    add_server_user(db, "ani", "investor", PASSWORD)?;
    add_server_user(db, "petugas", "officer", PASSWORD)?;
    let investor = dir.join("investor");
    let officer = dir.join("officer");

    let case = gerbang_tests::fixtures::cli_bare_case(&investor, dir, "CV Teluk Rasa")?;
    gerbang_tests::cli_login(&investor, &url, "ani")?;

    // Incomplete: refused, naming what is missing; nothing filed.
    let err = run_cli(&investor, &["case", "file", &case], None)
        .unwrap_err()
        .to_string();
    ensure!(
        err.contains("the checklist is not complete: no document for nib@*"),
        "{err}"
    );

    let pdf = dir.join("dokumen.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n")?;
    gerbang_tests::fixtures::cli_attach_required(&investor, &case, &pdf)?;
    let number = run_cli(&investor, &["case", "file", &case], None)?;
    ensure!(
        number.starts_with("BPN-") && number.ends_with("-000001"),
        "{number}"
    );
    let again = run_cli(&investor, &["case", "file", &case], None)?;
    ensure!(again == number, "filing twice gives {again}, not {number}");
    let listed = run_cli(&investor, &["case", "list"], None)?;
    ensure!(listed.contains("Filed"), "{listed}");
    let s = status(&investor)?;
    ensure!(
        s["pending"] == 0 && s["problems"].as_array().is_some_and(Vec::is_empty),
        "{s:#}"
    );
    let quiet = run_cli(&investor, &["sync", "now"], None)?;
    ensure!(
        quiet == "applied 0, rejected 0, conflicts 0, uploaded 0, pulled 0",
        "{quiet}"
    );

    // The officer's device pulls the filed case, its documents and the filing.
    gerbang_tests::cli_login(&officer, &url, "petugas")?;
    run_cli(&officer, &["sync", "now"], None)?;
    let s = status(&officer)?;
    ensure!(
        s["pulled"]["filed_case"] == 1 && s["pulled"]["filing"] == 1,
        "{s:#}"
    );
    ensure!(s["pulled"]["document"].as_i64() >= Some(7), "{s:#}");

    // The officer may read the filed documents' content, byte for byte.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let bytes = rt.block_on(async {
        let client = gerbang_sync::Client::new(&url)?;
        let session = client.login("petugas", PASSWORD).await?;
        let sha = {
            use sha2::Digest;
            gerbang_core::hex(&sha2::Sha256::digest(b"%PDF-1.4\n%%EOF\n"))
        };
        client.with_token(&session.token).get_blob(&sha).await
    })?;
    ensure!(bytes == b"%PDF-1.4\n%%EOF\n", "{} bytes", bytes.len());

    // Signed out: the token no longer works at the server.
    run_cli(&officer, &["sync", "logout"], None)?;
    let err = run_cli(&officer, &["sync", "now"], None)
        .unwrap_err()
        .to_string();
    ensure!(err.contains("not signed in"), "{err}");
    Ok(())
}

#[test]
fn a_filed_case_reaches_the_officer_on_sqlite() -> Result<()> {
    let dir = tempfile::tempdir()?;
    file_and_review(
        &format!("sqlite://{}", dir.path().join("server.db").display()),
        dir.path(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filed_case_reaches_the_officer_on_postgres() -> Result<()> {
    let db = gerbang_tests::ScratchDb::create("gerbang_loopback").await?;
    let dir = tempfile::tempdir()?;
    let result = tokio::task::spawn_blocking({
        let url = db.url.clone();
        let path = dir.path().to_owned();
        move || file_and_review(&url, &path)
    })
    .await?;
    db.remove().await?;
    result
}
