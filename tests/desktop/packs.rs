//! Document packs in the real app: "Buat paket dokumen" on a case shows its progress, writes a
//! sound PDF (checked with qpdf and pdftotext), names the attachment it could not include and
//! opens the pack in the system viewer; on the Paket dokumen page a consultant selects cases,
//! picks a folder in the native dialog (driven with xdotool) and gets every pack written there.

use crate::attach::{choose_folder_in_dialog, click_in_page, open_case, stand_in_viewer};
use crate::language::{launch_ready, screenshot, text_of};
use anyhow::{Context, Result, ensure};
use fantoccini::Locator;
use gerbang_tests::{TauriDriver, fixtures};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A case made with the CLI: every required item documented, the SLHS one with a damaged PDF.
fn case_for(data: &Path, dir: &Path, name: &str) -> Result<String> {
    let made = fixtures::cli_case(data, dir, name, &|key| {
        let pdf = fixtures::numbered_pdf(&format!("{name} {key}"), 2)?;
        let bytes = if key == "slhs@*" {
            pdf[..pdf.len() / 3].to_vec()
        } else {
            pdf
        };
        Ok((format!("{name}-{}.pdf", key.trim_end_matches("@*")), bytes))
    })?;
    Ok(made.case)
}

fn tool(program: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(program).args(args).output()?;
    ensure!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A sound pack: qpdf finds no errors and its first page is numbered in Indonesian.
fn sound_pack(path: &Path) -> Result<()> {
    let p = path.to_str().context("path")?;
    let check = tool("qpdf", &["--check", p])?;
    ensure!(
        check.contains("No syntax or stream encoding errors found"),
        "{check}"
    );
    let cover = tool("pdftotext", &["-f", "1", "-l", "1", p, "-"])?;
    ensure!(
        cover.contains("Paket Dokumen Perizinan") && cover.contains("Halaman 1 dari"),
        "{cover}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn packs_are_made_from_a_case_and_in_a_batch() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("konsultan");
    case_for(&data, dir.path(), "CV Teluk Rasa")?;
    case_for(&data, dir.path(), "CV Gunung Malang")?;
    let (opened, path) = stand_in_viewer(dir.path())?;
    let mut driver = TauriDriver::start(
        4460,
        4461,
        &[
            ("GERBANG_DATA_DIR", data.as_path()),
            ("PATH", Path::new(&path)),
        ],
    )?;
    let client = launch_ready(&driver).await?;

    // One case: generate, watch it finish, the viewer gets the pack.
    open_case(
        &client,
        "CV Teluk Rasa: Aktivitas Penyediaan Makanan di Bangunan Tetap",
    )
    .await?;
    client
        .wait()
        .for_element(Locator::Css("[data-testid=case-pack]"))
        .await?
        .click()
        .await?;
    let done = text_of(&client, "case-pack-done").await?;
    ensure!(
        done.starts_with("Paket kasus-") && done.contains("-cv-teluk-rasa.pdf dibuat"),
        "{done}"
    );
    // Success names where the pack is, and (the case being a draft) that its QR code verifies
    // only once the case is filed; the viewer started, so no note about it.
    let saved = text_of(&client, "case-pack-path").await?;
    ensure!(
        saved.starts_with("Tersimpan di ") && saved.contains("konsultan/packs/kasus-"),
        "{saved}"
    );
    ensure!(
        text_of(&client, "case-pack-qr-note").await?
            == "Kode QR di sampul paket baru dapat diverifikasi petugas setelah kasus diajukan.",
        "the QR note"
    );
    ensure!(
        crate::cases::rows(&client, "case-pack-viewer")
            .await?
            .is_empty(),
        "the viewer started"
    );
    let left_out = text_of(&client, "case-pack-left-out").await?;
    ensure!(
        left_out.starts_with("Tidak disertakan: CV Teluk Rasa-")
            && left_out.contains("tidak dapat dibaca"),
        "{left_out}"
    );
    let start = Instant::now();
    while !opened.exists() {
        ensure!(
            start.elapsed() < Duration::from_secs(10),
            "the pack was never opened"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let pack = std::path::PathBuf::from(std::fs::read_to_string(&opened)?);
    ensure!(pack.starts_with(data.join("packs")), "{}", pack.display());
    sound_pack(&pack)?;
    let id = text_of(&client, "case-pack-id").await?;
    let listed = tool("pdftotext", &[pack.to_str().context("path")?, "-"])?;
    ensure!(
        listed.contains(id.trim_start_matches("ID paket: ")),
        "the pack id shown is not the pack's"
    );
    screenshot("18-case-pack.png").await?;

    // A batch: both cases into a folder chosen in the native dialog.
    client
        .find(Locator::Css("[data-testid=nav-packs]"))
        .await?
        .click()
        .await?;
    crate::cases::wait_rows(&client, "packs-row", 2).await?;
    client
        .find(Locator::Css("[data-testid=packs-select-all]"))
        .await?
        .click()
        .await?;
    ensure!(text_of(&client, "packs-selected").await? == "2 kasus dipilih");
    let out = dir.path().join("paket klien");
    std::fs::create_dir_all(&out)?;
    click_in_page(&client, "[data-testid=packs-generate]").await?;
    choose_folder_in_dialog("Pilih folder untuk paket dokumen", &out)?;
    let done = text_of(&client, "packs-done").await?;
    ensure!(
        done == format!("2 paket ditulis ke {}", out.display()),
        "{done}"
    );
    let mut written: Vec<_> = std::fs::read_dir(&out)?
        .flatten()
        .map(|e| e.path())
        .collect();
    written.sort();
    ensure!(written.len() == 2, "{written:?}");
    for p in &written {
        sound_pack(p)?;
    }
    screenshot("19-packs-batch.png").await?;
    client.close().await?;
    driver.stop();
    Ok(())
}
