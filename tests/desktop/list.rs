//! The case list with thousands of cases: only the rows in view are in the page, the next
//! pages arrive as the user scrolls, and the filters narrow it at once.

use crate::cases::{gerbang, rows};
use crate::language::{launch_ready, screenshot, text_of, wait_for_text};
use anyhow::{Context, Result, bail};
use fantoccini::{Client, Locator};
use gerbang_tests::TauriDriver;
use std::time::{Duration, Instant};

/// (rendered rows, spacer height in px, scroll height) of the list, read in one script run.
async fn list_state(client: &Client) -> Result<(usize, f64, f64)> {
    let v = client
        .execute(
            "const v = document.querySelector('[data-testid=case-viewport]');
             return [document.querySelectorAll('[data-testid=case-row]').length,
                     v.firstElementChild.getBoundingClientRect().height, v.scrollHeight];",
            vec![],
        )
        .await?;
    let a = v.as_array().context("array")?;
    Ok((
        a[0].as_u64().context("rows")? as usize,
        a[1].as_f64().context("height")?,
        a[2].as_f64().context("scroll height")?,
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn thousands_of_cases_scroll_in_pages_and_filter() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("app");
    let pid = gerbang_tests::fixtures::cli_profile(&data, dir.path(), "CV Teluk Rasa")?;
    let facts = gerbang_tests::fixtures::restaurant_facts();
    let facts = facts.to_str().context("path")?;
    gerbang(
        &data,
        &[
            "case",
            "bulk",
            "--profile",
            &pid,
            "--facts",
            facts,
            "--count",
            "2500",
        ],
    )?;
    let other = dir.path().join("other.json");
    std::fs::write(
        &other,
        r#"{"kind":"company","name":"CV Kontraktor Mandiri","entity_type":"cv","capital_status":"pmdn","npwp":"0012345678902000"}"#,
    )?;
    let other = gerbang(
        &data,
        &["profile", "new", "--from", other.to_str().context("path")?],
    )?;
    gerbang(
        &data,
        &["case", "new", "--profile", &other, "--facts", facts],
    )?;

    let mut driver = TauriDriver::start(4452, 4453, &[("GERBANG_DATA_DIR", data.as_path())])?;
    let client = launch_ready(&driver).await?;
    client
        .find(Locator::Css("[data-testid=nav-cases]"))
        .await?
        .click()
        .await?;
    wait_for_text(&client, "case-count", "2.501 kasus").await?;
    let (rendered, _, _) = list_state(&client).await?;
    assert!(
        (5..=60).contains(&rendered),
        "only the rows in view are in the page: {rendered}"
    );
    screenshot("14-case-list-many.png").await?;

    // Scroll to the end, again and again: pages of 200 arrive until all 2,501 are there.
    let start = Instant::now();
    loop {
        client
            .execute(
                "const v = document.querySelector('[data-testid=case-viewport]'); v.scrollTop = v.scrollHeight;",
                vec![],
            )
            .await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
        let (rendered, height, _) = list_state(&client).await?;
        assert!(
            rendered <= 60,
            "rows in the page while scrolling: {rendered}"
        );
        if (height - 2501.0 * 44.0).abs() < 1.0 {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            bail!("the list never reached its end: {height} px");
        }
    }
    let last_rows = rows(&client, "case-row").await?;
    assert!(
        last_rows.iter().all(|r| r.contains("CV Teluk Rasa")),
        "the oldest cases are at the end: {last_rows:?}"
    );

    // Filters: by client, then by a status no case has.
    client
        .find(Locator::Css("[data-testid=case-client]"))
        .await?
        .select_by_label("CV Kontraktor Mandiri")
        .await?;
    wait_for_text(&client, "case-count", "1 kasus").await?;
    assert_eq!(rows(&client, "case-row").await?.len(), 1);
    client
        .find(Locator::Css("[data-testid=case-status]"))
        .await?
        .select_by_label("Diajukan")
        .await?;
    wait_for_text(
        &client,
        "cases-empty",
        "Tidak ada kasus yang cocok dengan pencarian.",
    )
    .await?;
    assert!(text_of(&client, "case-count").await?.starts_with("0 "));
    client.close().await?;
    driver.stop();
    Ok(())
}
