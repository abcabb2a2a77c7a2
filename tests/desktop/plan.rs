//! The licensing plan in the real app: the investor opens a case and reads its Gantt chart (the
//! same stages and critical path as `gerbang plan`), is refused a date that has not come, records
//! the business licence issued, and finds the LKPM dates it brings in the calendar; the reminder
//! reaches the desktop's notification server (a D-Bus one this test runs), and the calendar is
//! exported as an .ics file through the save dialog. Then the same in English.

use crate::attach::choose_in_file_dialog;
use crate::cases::{cli_case, cli_profile, gerbang, open_listed_case, rows};
use crate::language::{launch_ready, screenshot, text_of, wait_for_text};
use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Client, Locator};
use gerbang_tests::{Process, TauriDriver, workspace_root};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A private D-Bus session bus and a notification server on it that logs what it receives.
fn notification_bus(dir: &Path) -> Result<(Process, Process, String, std::path::PathBuf)> {
    let socket = dir.join("bus");
    let address = format!("unix:path={}", socket.display());
    let bus = Process::spawn(
        "dbus-daemon (apt package dbus)",
        Command::new("dbus-daemon")
            .args([
                "--session",
                "--nofork",
                "--nopidfile",
                &format!("--address={address}"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )?;
    let start = Instant::now();
    while !socket.exists() {
        ensure!(
            start.elapsed() < Duration::from_secs(10),
            "dbus-daemon made no socket"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = dir.join("notifications.jsonl");
    let mut server = Command::new("/usr/bin/python3");
    server
        .arg(workspace_root().join("tests/support/notification_server.py"))
        .arg(&address)
        .arg(&log)
        .stdout(Stdio::piped());
    let mut server = Process::spawn(
        "the notification server (apt packages python3-gi)",
        &mut server,
    )?;
    server.wait_for_line("ready", Duration::from_secs(15))?;
    Ok((bus, server, address, log))
}

/// The stages the chart draws: (key, critical, state), read from the SVG.
async fn chart_rows(client: &Client) -> Result<Vec<(String, bool, String)>> {
    let value = client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=gantt-row]'), g => [g.dataset.stage, g.dataset.critical === 'true', g.dataset.state]);",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

async fn wait_contains(client: &Client, testid: &str, part: &str) -> Result<String> {
    let start = Instant::now();
    loop {
        let all = rows(client, testid).await?;
        if let Some(hit) = all.iter().find(|t| t.contains(part)) {
            return Ok(hit.clone());
        }
        if start.elapsed() > Duration::from_secs(15) {
            bail!("no {testid} contains {part:?}: {all:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Scrolls the element `testid` to the top of the view (for a screenshot of it).
async fn scroll_to(client: &Client, testid: &str) -> Result<()> {
    client
        .execute(
            "document.querySelector(`[data-testid=${arguments[0]}]`).scrollIntoView({block: 'start'});",
            vec![serde_json::Value::String(testid.to_owned())],
        )
        .await?;
    Ok(())
}

async fn click_css(client: &Client, css: &str) -> Result<()> {
    client.find(Locator::Css(css)).await?.click().await?;
    Ok(())
}

async fn type_into(client: &Client, css: &str, text: &str) -> Result<()> {
    let e = client.find(Locator::Css(css)).await?;
    e.clear().await?;
    e.send_keys(text).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn the_plan_is_charted_progress_replans_and_the_calendar_reminds_and_exports() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("app");
    let pid = cli_profile(
        &data,
        r#"{"kind":"company","name":"PT Konsultan Teluk","entity_type":"pt","capital_status":"pmdn","npwp":"0012345678901000"}"#,
    )?;
    // A consultancy (KBLI 70209, medium: quarterly LKPM) putting up an office where no RDTR
    // covers the land.
    let id = cli_case(&data, &pid, "42-kantor-konsultan-gedung-baru.json")?;
    let shown: serde_json::Value =
        serde_json::from_str(&gerbang(&data, &["case", "show", &id, "--json"])?)?;
    let title = shown["title"].as_str().context("title")?.to_owned();
    let cli_plan: serde_json::Value =
        serde_json::from_str(&gerbang(&data, &["plan", &id, "--json"])?)?;
    let cli_keys: Vec<String> = cli_plan["stages"]
        .as_array()
        .context("stages")?
        .iter()
        .map(|s| s["key"].as_str().unwrap_or_default().to_owned())
        .collect();
    let cli_critical: Vec<String> = serde_json::from_value(cli_plan["critical_path"].clone())?;

    let (_bus, _notifications, address, log) = notification_bus(dir.path())?;
    let mut driver = TauriDriver::start(
        4488,
        4489,
        &[
            ("GERBANG_DATA_DIR", data.as_path()),
            ("DBUS_SESSION_BUS_ADDRESS", Path::new(&address)),
        ],
    )?;
    let client = launch_ready(&driver).await?;
    click_css(&client, "[data-testid=nav-cases]").await?;
    open_listed_case(&client, &title).await?;

    // The chart: the stages the CLI plans, in its order, the critical one marked, a today line.
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("[data-testid=gantt-row]"))
        .await?;
    let drawn = chart_rows(&client).await?;
    assert_eq!(
        drawn.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
        cli_keys,
        "the desktop draws the CLI's plan"
    );
    let critical: Vec<&str> = drawn.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
    assert_eq!(
        critical,
        cli_critical.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(
        critical.contains(&"sertifikat_standar@70209"),
        "{critical:?}"
    );
    client
        .find(Locator::Css("[data-testid=gantt-today]"))
        .await?;
    let latest = text_of(&client, "plan-latest").await?;
    assert!(
        latest.contains("belum dapat ditentukan") && latest.contains("Persetujuan Lingkungan"),
        "an unknown service time leaves the latest date open and is named: {latest}"
    );
    // An unknown time is not zero: no earliest date either, and construction is named.
    let earliest = text_of(&client, "plan-earliest").await?;
    assert!(
        earliest.contains("belum dapat ditentukan") && earliest.contains("Konstruksi bangunan"),
        "{earliest}"
    );
    let kkpr = wait_contains(
        &client,
        "plan-stage",
        "Kesesuaian Kegiatan Pemanfaatan Ruang",
    )
    .await?;
    assert!(
        kkpr.contains("25–30 hari kerja")
            && kkpr.contains("Pembayaran PNBP")
            && kkpr.contains("Pasal 19")
            && !kkpr.contains("waktu belum terkonfirmasi"),
        "PKKPR's steps from the articles, its PNBP payment among them: {kkpr}"
    );
    scroll_to(&client, "plan").await?;
    screenshot("plan-01-chart.png").await?;

    // The business licence: a date that has not come is refused in Indonesian; today is kept.
    let today = time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+8))
        .date();
    let ddmmyyyy =
        |d: time::Date| format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year());
    let ss = "[data-testid=plan-stage][data-stage=\"sertifikat_standar@70209\"]";
    click_css(&client, &format!("{ss} [data-testid=plan-edit]")).await?;
    client
        .find(Locator::Css("[data-testid=plan-state-select]"))
        .await?
        .select_by_value("obtained")
        .await?;
    type_into(&client, "[data-testid=plan-started-on]", &ddmmyyyy(today)).await?;
    type_into(
        &client,
        "[data-testid=plan-obtained-on]",
        &ddmmyyyy(today + time::Duration::days(2)),
    )
    .await?;
    type_into(&client, "[data-testid=plan-number]", "SS-70209-0001").await?;
    click_css(&client, "[data-testid=plan-save]").await?;
    let refused = wait_contains(&client, "plan-error", "belum tiba").await?;
    assert!(
        !refused.contains("obtained_on"),
        "worded, not a field name: {refused}"
    );
    type_into(&client, "[data-testid=plan-obtained-on]", &ddmmyyyy(today)).await?;
    click_css(&client, "[data-testid=plan-save]").await?;
    wait_contains(&client, "plan-note", "disimpan").await?;
    let start = Instant::now();
    loop {
        let rows = chart_rows(&client).await?;
        if rows
            .iter()
            .any(|r| r.0 == "sertifikat_standar@70209" && r.2 == "obtained")
        {
            break;
        }
        ensure!(
            start.elapsed() < Duration::from_secs(10),
            "not re-planned: {rows:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let stage = wait_contains(&client, "plan-stage", "SS-70209-0001").await?;
    assert!(stage.contains("Terbit"), "{stage}");
    scroll_to(&client, "plan").await?;
    screenshot("plan-02-obtained.png").await?;

    // The calendar: the licence brings quarterly LKPM reports; a reminder 100 days ahead
    // catches the next one, which reaches the desktop's notification server once.
    click_css(&client, "[data-testid=nav-calendar]").await?;
    wait_for_text(&client, "page-title", "Kalender tenggat").await?;
    let lkpm = wait_contains(&client, "due", "Laporan LKPM").await?;
    assert!(lkpm.contains("PT Konsultan Teluk"), "{lkpm}");
    type_into(&client, "[data-testid=reminder-days]", "100").await?;
    click_css(&client, "[data-testid=reminder-save]").await?;
    let raised = wait_contains(&client, "reminder-raised", "Laporan LKPM").await?;
    assert!(raised.starts_with("Pengingat dikirim"), "{raised}");
    let start = Instant::now();
    let seen = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = text.lines().find(|l| l.contains("Laporan LKPM")) {
            break serde_json::from_str::<serde_json::Value>(line)?;
        }
        ensure!(
            start.elapsed() < Duration::from_secs(10),
            "no notification reached D-Bus: {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(seen["summary"], "Pengingat Gerbang");
    assert!(
        seen["body"]
            .as_str()
            .unwrap_or_default()
            .contains("PT Konsultan Teluk"),
        "{seen}"
    );
    // Saved again: nothing is raised twice.
    click_css(&client, "[data-testid=reminder-save]").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let lines = std::fs::read_to_string(&log)?
        .lines()
        .filter(|l| l.contains("Laporan LKPM"))
        .count();
    assert_eq!(lines, 1, "a date is reminded once");
    screenshot("plan-03-calendar.png").await?;

    // The .ics export, through the save dialog.
    let ics = dir.path().join("kalender-gerbang.ics");
    click_css(&client, "[data-testid=ics-export]").await?;
    choose_in_file_dialog("Simpan kalender Gerbang", &ics)?;
    let saved = wait_contains(&client, "calendar-note", "Kalender disimpan").await?;
    let text =
        std::fs::read_to_string(&ics).with_context(|| format!("{} ({saved})", ics.display()))?;
    let next = (0..400)
        .map(|n| today + time::Duration::days(n))
        .find(|d| d.day() == 15 && u8::from(d.month()) % 3 == 1)
        .context("a quarter's 15th")?;
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.contains("SUMMARY:Laporan LKPM"), "{text}");
    assert!(
        text.contains(&format!(
            "DTSTART;VALUE=DATE:{}{:02}15",
            next.year(),
            u8::from(next.month())
        )),
        "the next LKPM date: {text}"
    );

    // The same plan in English.
    click_css(&client, "[data-testid=lang-en]").await?;
    click_css(&client, "[data-testid=nav-cases]").await?;
    open_listed_case(&client, &title).await?;
    let plan = wait_contains(&client, "plan", "Licensing plan").await?;
    assert!(plan.contains("Critical path"), "{plan}");
    let latest = text_of(&client, "plan-latest").await?;
    assert!(
        latest.contains("not known yet") && latest.contains("Environmental approval"),
        "{latest}"
    );
    scroll_to(&client, "plan").await?;
    screenshot("plan-04-english.png").await?;
    // The checklist's own words in English: the items' names and their documents.
    let names = rows(&client, "item-name").await?;
    for english in [
        "Spatial suitability (KKPR)",
        "Building approval (PBG)",
        "Traffic impact study approval (Andalalin)",
    ] {
        assert!(names.iter().any(|n| n == english), "{english}: {names:?}");
    }
    assert!(
        !names.iter().any(|n| n.starts_with("Persetujuan Bangunan")),
        "{names:?}"
    );
    let documents = rows(&client, "item-documents").await?;
    assert!(
        documents
            .iter()
            .any(|d| d.contains("Land area the activity needs")),
        "{documents:?}"
    );
    scroll_to(&client, "item").await?;
    screenshot("plan-05-english-checklist.png").await?;

    client.close().await?;
    driver.stop();
    Ok(())
}
