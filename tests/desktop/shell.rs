//! The shell at 900 px, in both languages: on every applicant screen nothing in the content
//! reaches past its right edge (no cut tables), titles do not break a word per line, the window
//! never scrolls as a whole (the sidebar, the language switch and the online state stay), and
//! the holiday calendar is a list edited by date (day/month/year), not a text area.

use crate::cases::open_listed_case;
use crate::language::{click, launch_ready, screenshot, text_of};
use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Client, Locator};
use gerbang_tests::TauriDriver;
use std::time::{Duration, Instant};

/// What the check below found wrong on the screen shown now (empty when all is well).
const LAYOUT_PROBLEMS: &str = r#"
const main = document.querySelector('main');
const edge = main.getBoundingClientRect().right + 1;
const out = [];
for (const e of main.querySelectorAll('*')) {
  const r = e.getBoundingClientRect();
  // Text cut by a cell that shows an ellipsis (and a tooltip) is not cut by the window.
  let clipped = false;
  for (let a = e.parentElement; a && a !== main; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= edge) { clipped = true; break; }
  }
  if (!clipped && r.width > 0 && r.right > edge && getComputedStyle(e).position !== 'fixed') {
    out.push('past the edge: ' + e.tagName + '.' + e.className + ' ' + (e.dataset.testid || '') + ' ' + Math.round(r.right) + ' > ' + Math.round(edge));
  }
}
for (const h of main.querySelectorAll('h1')) {
  const line = parseFloat(getComputedStyle(h).lineHeight) || 30;
  if (h.getBoundingClientRect().height > 3.5 * line) out.push('title broken into many lines: ' + h.textContent);
}
main.scrollTop = main.scrollHeight;
if (document.scrollingElement.scrollTop !== 0) out.push('the window scrolled');
const lang = document.querySelector('[data-testid=lang-en]').getBoundingClientRect();
if (lang.bottom > window.innerHeight || lang.top < 0) out.push('language switch out of sight');
main.scrollTop = 0;
return out.slice(0, 8);
"#;

async fn problems(client: &Client) -> Result<Vec<String>> {
    let v = client.execute(LAYOUT_PROBLEMS, vec![]).await?;
    Ok(serde_json::from_value(v)?)
}

async fn go(client: &Client, nav: &str, ready: &str) -> Result<()> {
    click(client, &format!("nav-{nav}")).await?;
    let start = Instant::now();
    while client
        .find_all(Locator::Css(&format!("[data-testid={ready}]")))
        .await?
        .is_empty()
    {
        if start.elapsed() > Duration::from_secs(10) {
            bail!("{nav}: {ready} never appeared");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Let lists and charts settle.
    tokio::time::sleep(Duration::from_millis(400)).await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn at_900_px_every_screen_reflows_in_both_languages() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("investor");
    gerbang_tests::fixtures::cli_bare_case(
        &data,
        dir.path(),
        "CV Teluk Rasa Balikpapan Sejahtera Abadi",
    )?;
    let title =
        "CV Teluk Rasa Balikpapan Sejahtera Abadi: Aktivitas Penyediaan Makanan di Bangunan Tetap";
    let mut driver = TauriDriver::start(4484, 4485, &[("GERBANG_DATA_DIR", data.as_path())])?;
    let client = launch_ready(&driver).await?;
    client.set_window_size(900, 700).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let width = client.execute("return window.innerWidth;", vec![]).await?;
    ensure!(width.as_i64().is_some_and(|w| w <= 900), "window {width}");

    for lang in ["id", "en"] {
        client
            .find(Locator::Css(&format!("[data-testid=lang-{lang}]")))
            .await?
            .click()
            .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut found = Vec::new();
        for (nav, ready) in [
            ("home", "home"),
            ("cases", "case-row"),
            ("clients", "page-title"),
            ("packs", "packs-search"),
            ("sync", "page-title"),
            ("settings", "holidays"),
        ] {
            go(&client, nav, ready).await?;
            for p in problems(&client).await? {
                found.push(format!("{lang} {nav}: {p}"));
            }
            screenshot(&format!("50-{lang}-900px-{nav}.png")).await?;
        }
        go(&client, "cases", "case-row").await?;
        open_listed_case(&client, title).await?;
        for p in problems(&client).await? {
            found.push(format!("{lang} case: {p}"));
        }
        screenshot(&format!("50-{lang}-900px-case.png")).await?;
        ensure!(found.is_empty(), "{found:#?}");
    }

    // A truncated case title has its whole text as a tooltip.
    go(&client, "cases", "case-row")
        .await
        .context("back to the cases")?;
    let tip = client
        .execute(
            "return document.querySelector('[data-testid=case-row] .title').title;",
            vec![],
        )
        .await
        .context("the tooltip")?;
    ensure!(tip.as_str() == Some(title), "{tip}");

    // The holiday calendar: a list, a day typed as day/month/year (a wrong one is named).
    client
        .find(Locator::Css("[data-testid=lang-id]"))
        .await
        .context("the Indonesian switch")?
        .click()
        .await
        .context("back to Indonesian")?;
    go(&client, "settings", "holidays")
        .await
        .context("settings")?;
    let date = client
        .find(Locator::Css("[data-testid=holiday-date]"))
        .await
        .context("the date field")?;
    date.send_keys("31/02/2027").await.context("typing")?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let wrong = text_of(&client, "holiday-date-wrong")
        .await
        .context("the wrong-date note")?;
    ensure!(
        wrong.starts_with("Tulis tanggal sebagai hari/bulan/tahun"),
        "{wrong}"
    );
    date.clear().await.context("clearing")?;
    date.send_keys("25/12/2027").await?;
    client
        .find(Locator::Css("[data-testid=holiday-name]"))
        .await
        .context("the name field")?
        .send_keys("Hari Raya Natal")
        .await?;
    client
        .find(Locator::Css("[data-testid=holiday-add]"))
        .await?
        .click()
        .await?;
    client
        .find(Locator::Css("[data-testid=holidays-save]"))
        .await?
        .click()
        .await?;
    let start = Instant::now();
    loop {
        if let Ok(note) = text_of(&client, "holidays-note").await
            && note.starts_with("Kalender disimpan")
        {
            break;
        }
        if start.elapsed() > Duration::from_secs(10) {
            bail!("the calendar was never saved");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot("51-holidays.png").await?;
    let row = client
        .find(Locator::Css(
            "[data-testid=holiday][data-date=\"2027-12-25\"]",
        ))
        .await?
        .text()
        .await?;
    ensure!(
        row.contains("25 Desember 2027") && row.contains("Hari Raya Natal"),
        "{row}"
    );
    client.close().await?;
    driver.stop();
    Ok(())
}
