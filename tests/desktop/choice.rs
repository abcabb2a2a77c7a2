//! A case on KBLI 2020 whose code became several KBLI 2025 codes: the case page offers the
//! candidates (title and risk) inline, is not ready to file until one is chosen, and keeps the
//! choice in the case's facts.

use crate::cases::{gerbang, rows, wait_rows};
use crate::language::{launch_ready, screenshot, text_of};
use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Client, Locator};
use gerbang_tests::TauriDriver;
use std::time::{Duration, Instant};

/// Waits until no element has `testid`.
pub async fn gone(client: &Client, testid: &str) -> Result<()> {
    let start = Instant::now();
    while !rows(client, testid).await?.is_empty() {
        if start.elapsed() > Duration::from_secs(10) {
            bail!("{testid} still shown");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn an_ambiguous_activity_is_chosen_inline_before_the_case_can_be_filed() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("app");
    let pid = gerbang_tests::fixtures::cli_profile(&data, dir.path(), "CV Suvenir Manggar")?;
    // KBLI 2020 47789 (souvenirs and paintings) became 47781 and 47782 in KBLI 2025.
    let facts = dir.path().join("suvenir.json");
    std::fs::write(
        &facts,
        serde_json::json!({"kbli_edition": "2020", "entity_type": "cv", "capital_status": "pmdn",
            "business_capital_idr": 80_000_000,
            "activities": [{"kbli": "47789", "location": "Kebun Sayur"}]})
        .to_string(),
    )?;
    let case = gerbang(
        &data,
        &[
            "case",
            "new",
            "--profile",
            &pid,
            "--facts",
            facts.to_str().context("path")?,
        ],
    )?;
    // Every item documented: only the choice stands between the case and filing.
    let shown: serde_json::Value =
        serde_json::from_str(&gerbang(&data, &["case", "show", &case, "--json"])?)?;
    let pdf = dir.path().join("dokumen.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n")?;
    for item in shown["items"].as_array().context("items")? {
        let key = item["key"].as_str().context("key")?;
        gerbang(
            &data,
            &["case", "attach", &case, key, pdf.to_str().context("path")?],
        )?;
    }

    let mut driver = TauriDriver::start(4476, 4477, &[("GERBANG_DATA_DIR", data.as_path())])?;
    let client = launch_ready(&driver).await?;
    crate::attach::open_case(
        &client,
        "CV Suvenir Manggar: Perdagangan Eceran Cendera mata, Kerajinan, dan Barang-barang Keagamaan",
    )
    .await?;
    let waiting = text_of(&client, "case-file-unchosen").await?;
    ensure!(
        waiting == "Belum siap diajukan: pilih kode KBLI 2025 untuk KBLI 2020 47789.",
        "{waiting}"
    );
    ensure!(
        rows(&client, "case-file").await?.is_empty(),
        "no filing button while the choice is open"
    );
    let choices = wait_rows(&client, "kbli-choice", 2).await?;
    ensure!(
        choices[0].contains("47781")
            && choices[0].contains("Cendera mata")
            && choices[0].contains("risiko Rendah"),
        "{choices:?}"
    );
    ensure!(
        choices[1].contains("47782") && choices[1].contains("Lukisan"),
        "{choices:?}"
    );
    screenshot("30-kbli-choice.png").await?;

    client
        .find(Locator::Css("[data-testid=kbli-choice][data-code='47782']"))
        .await?
        .click()
        .await?;
    gone(&client, "kbli-choices").await?;
    let activity = wait_rows(&client, "activity", 1).await?;
    ensure!(
        activity[0].starts_with("47782") && activity[0].contains("Lukisan"),
        "{activity:?}"
    );
    ensure!(
        rows(&client, "case-file-unchosen").await?.is_empty(),
        "ready once chosen"
    );
    wait_rows(&client, "case-file", 1).await?;
    screenshot("31-kbli-chosen.png").await?;

    // The choice is in the case's facts, for the CLI and the server alike.
    let shown: serde_json::Value =
        serde_json::from_str(&gerbang(&data, &["case", "show", &case, "--json"])?)?;
    ensure!(
        shown["facts"]["activities"][0]["kbli_2025"] == "47782",
        "{:#}",
        shown["facts"]
    );
    client.close().await?;
    driver.stop();
    Ok(())
}
