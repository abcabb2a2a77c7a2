//! `gerbang pack` and `gerbang pack verify` as consultants run them: real processes, a real
//! store, and for a filed case a real `gerbang-server` that answers the QR code's address.

use crate::{page_count, qr_on_cover, tool};
use anyhow::{Context, Result, ensure};
use gerbang_tests::fixtures;
use gerbang_tests::{PASSWORD, add_server_user, run_cli, start_server, workspace_bin};
use std::path::Path;
use std::process::Command;

/// `gerbang --data-dir DATA ARGS…` as it exits: (success, stdout, stderr).
fn cli(data: &Path, args: &[&str]) -> Result<(bool, String, String)> {
    let out = Command::new(workspace_bin("gerbang")?)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("GERBANG_SERVER")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()?;
    Ok((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// A profile and a restaurant case made with the CLI, every required item documented (one or
/// two pages each).
fn prepared_case(data: &Path, dir: &Path, name: &str) -> Result<String> {
    let made = fixtures::cli_case(data, dir, name, &|key| {
        let pages = 1 + key.len() % 2;
        Ok((
            format!("{}.pdf", key.trim_end_matches("@*")),
            fixtures::numbered_pdf(&format!("{name}: {key}"), pages)?,
        ))
    })?;
    Ok(made.case)
}

#[test]
fn a_batch_of_packs_is_written_and_verified() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("konsultan");
    let a = prepared_case(&data, dir.path(), "CV Teluk Rasa")?;
    let b = prepared_case(&data, dir.path(), "CV Gunung Malang Ñiño")?;
    let out = dir.path().join("paket");
    let out_s = out.to_str().context("path")?;

    // Two cases and one unknown id: both packs are written, the unknown one is named, exit 1.
    let (ok, stdout, stderr) = cli(&data, &["pack", &a, "tidak-ada", &b, "--out", out_s])?;
    ensure!(!ok, "an unknown case did not fail the batch");
    ensure!(
        stderr.contains("case tidak-ada: no case with id tidak-ada"),
        "{stderr}"
    );
    ensure!(
        stderr.contains("1 of 3 packs could not be made: tidak-ada"),
        "{stderr}"
    );
    let paths: Vec<&str> = stdout.lines().collect();
    ensure!(paths.len() == 2, "{stdout}");
    ensure!(
        paths[0].ends_with("-cv-teluk-rasa.pdf")
            && paths[1].ends_with("-cv-gunung-malang-nino.pdf"),
        "{stdout}"
    );
    for p in &paths {
        let check = tool("qpdf", &["--check", p])?;
        ensure!(
            check.contains("No syntax or stream encoding errors found"),
            "{check}"
        );
        ensure!(page_count(Path::new(p))? > 7);
    }
    // Indonesian by default (the app's language setting), English on request.
    ensure!(crate::page_text(Path::new(paths[0]), 1)?.contains("Halaman 1 dari"));

    // Another process, the same case: the same bytes.
    let again = dir.path().join("lagi");
    let (ok, stdout2, _) = cli(
        &data,
        &["pack", &a, "--out", again.to_str().context("path")?],
    )?;
    ensure!(ok);
    ensure!(
        std::fs::read(paths[0])? == std::fs::read(stdout2.trim())?,
        "a second run wrote other bytes"
    );

    let (ok, json, stderr) = cli(
        &data,
        &[
            "pack",
            &a,
            "--lang",
            "en",
            "--json",
            "--out",
            again.to_str().context("path")?,
        ],
    )?;
    ensure!(ok, "{stderr}");
    let summary: serde_json::Value = serde_json::from_str(&json)?;
    let english = summary[0]["path"].as_str().context("path")?;
    ensure!(crate::page_text(Path::new(english), 1)?.contains("Page 1 of"));
    ensure!(
        summary[0]["not_included"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "{summary}"
    );

    // Verify: all match; after changing one embedded original, exit 1 naming it.
    let (ok, stdout, stderr) = cli(&data, &["pack", "verify", paths[0]])?;
    ensure!(ok, "{stdout}{stderr}");
    ensure!(
        stdout.contains("ok: the manifest matches its id and all 8 attachment(s) match"),
        "{stdout}"
    );
    let mut doc = lopdf::Document::load(paths[0])?;
    let target = doc
        .objects
        .values_mut()
        .find_map(|o| match o {
            lopdf::Object::Stream(s)
                if s.dict.get(b"Type").and_then(|t| t.as_name()).ok()
                    == Some(b"EmbeddedFile".as_slice())
                    && s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok()
                        == Some(b"application#2Fpdf".as_slice()) =>
            {
                Some(s)
            }
            _ => None,
        })
        .context("an embedded PDF")?;
    target.content.extend_from_slice(b"\n% added later\n");
    let tampered = dir.path().join("diubah.pdf");
    doc.save(&tampered)?;
    let (ok, stdout, stderr) = cli(
        &data,
        &["pack", "verify", tampered.to_str().context("path")?],
    )?;
    ensure!(!ok, "a changed pack verified: {stdout}");
    ensure!(
        stdout.contains("MISMATCH")
            && stderr.contains("1 of 8 attachment(s) do not match the manifest"),
        "{stdout}{stderr}"
    );
    let (ok, _, stderr) = cli(
        &data,
        &[
            "pack",
            "verify",
            dir.path()
                .join("cv-teluk-rasa-files")
                .join("nib.pdf")
                .to_str()
                .context("path")?,
        ],
    )?;
    ensure!(
        !ok && stderr.contains("not a Gerbang document pack"),
        "{stderr}"
    );
    Ok(())
}

#[test]
fn a_filed_cases_pack_is_known_to_the_city_through_its_qr_code() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (_server, url) = start_server(dir.path())?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    let data = dir.path().join("investor");
    let case = prepared_case(&data, dir.path(), "CV Teluk Rasa")?;
    gerbang_tests::cli_login(&data, &url, "ani")?;

    // Before filing the city does not know the pack.
    let out = dir.path().join("paket");
    let out_s = out.to_str().context("path")?;
    let draft = run_cli(&data, &["pack", &case, "--out", out_s], None)?;
    let (ok, _, stderr) = cli(&data, &["pack", "verify", &draft, "--server", &url])?;
    ensure!(
        !ok && stderr.contains("knows no filing with this pack"),
        "{stderr}"
    );

    let number = run_cli(&data, &["case", "file", &case], None)?;
    let filed = run_cli(&data, &["pack", &case, "--out", out_s], None)?;
    ensure!(
        filed.contains(&number),
        "the pack's file is not named by its filing: {filed}"
    );
    ensure!(crate::page_text(Path::new(&filed), 1)?.contains(&number));

    // The QR code points at the signed-in city backend, which knows the filing.
    let qr = qr_on_cover(Path::new(&filed), dir.path())?;
    ensure!(qr.starts_with(&format!("{url}/verify/")), "{qr}");
    let client = gerbang_sync::Client::new(&url)?;
    let pack_id = qr.rsplit('/').next().context("pack id")?;
    let known = tokio::runtime::Runtime::new()?.block_on(client.verify_pack(pack_id))?;
    ensure!(
        known.filing_number == number && known.case_id == case && known.current,
        "{known:?}"
    );
    let (ok, stdout, stderr) = cli(&data, &["pack", "verify", &filed, "--server", &url])?;
    ensure!(ok, "{stdout}{stderr}");
    ensure!(
        stdout.contains(&format!("knows it: filing {number} of case {case}")),
        "{stdout}"
    );
    Ok(())
}
