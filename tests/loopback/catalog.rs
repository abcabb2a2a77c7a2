//! The city backend publishes a newer catalog; a device's sync installs it and derives its open
//! drafts again, saying what changed. Here the new catalog rates restaurants (56101) at small
//! scale as Menengah Rendah, so a Sertifikat Standar joins the draft's checklist.

use anyhow::{Context, Result, ensure};
use gerbang_tests::{PASSWORD, add_server_user, run_cli, workspace_bin};
use std::process::{Command, Stdio};

#[test]
fn a_newer_published_catalog_rederives_open_drafts() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let built_in = gerbang_catalog::catalog().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut bundle: serde_json::Value =
        serde_json::from_str(&gerbang_catalog::bundle(built_in).map_err(anyhow::Error::msg)?)?;
    bundle["version"] = serde_json::Value::String("2099.1.0".into());
    let kbli = bundle["kbli2025"]
        .as_array_mut()
        .context("kbli2025")?
        .iter_mut()
        .find(|k| k["code"] == "56101")
        .context("56101")?;
    for r in kbli["risk"].as_array_mut().context("risk")? {
        if r["scale"] == "kecil" {
            r["levels"] = serde_json::json!(["menengah_rendah"]);
        }
    }
    let published = dir.path().join("catalog-2099.json");
    std::fs::write(&published, bundle.to_string())?;

    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    let mut server = gerbang_tests::Process::spawn(
        "gerbang-server",
        Command::new(workspace_bin("gerbang-server")?)
            .args(["--listen", "127.0.0.1:0", "--database", &db, "--catalog"])
            .arg(&published)
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    )?;
    let url = gerbang_tests::read_server_url(&mut server)?;

    let data = dir.path().join("ani");
    let case = gerbang_tests::fixtures::cli_bare_case(&data, dir.path(), "CV Teluk Rasa")?;
    gerbang_tests::cli_login(&data, &url, "ani")?;
    let out = run_cli(&data, &["sync", "now"], None)?;
    ensure!(out.contains("catalog 2099.1.0 is now in use"), "{out}");
    ensure!(
        out.contains("added: Sertifikat Standar (sertifikat_standar@56101)"),
        "{out}"
    );
    let shown: serde_json::Value =
        serde_json::from_str(&run_cli(&data, &["case", "show", &case, "--json"], None)?)?;
    ensure!(
        shown["checklist"]["catalog_version"] == "2099.1.0",
        "{}",
        shown["checklist"]["catalog_version"]
    );
    ensure!(
        shown["items"]
            .as_array()
            .context("items")?
            .iter()
            .any(|i| i["key"] == "sertifikat_standar@56101" && i["required"] == true),
        "no Sertifikat Standar"
    );
    // Once installed, a second sync changes nothing; new cases use it too.
    let again = run_cli(&data, &["sync", "now"], None)?;
    ensure!(!again.contains("catalog"), "{again}");
    server.stop();
    Ok(())
}
