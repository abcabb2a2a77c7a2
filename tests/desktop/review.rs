//! The review desk end to end: one real server and two app instances side by side, an
//! investor's and an officer's. The investor files; the officer reads a document inside the
//! app (pdf.js renders its page), rejects one item with a comment, verifies the others and asks
//! for a revision; the investor sees the comment, attaches a new version through the file
//! dialog and resubmits; the officer sees both versions in round 2, verifies and approves with a
//! decision number; the investor sees the approval and the number. The dashboard counts it.

use crate::attach::{choose_in_file_dialog, click_in_page, item_containing, open_case};
use crate::cases::gerbang;
use crate::filing::sign_in;
use crate::language::{launch_ready, screenshot, text_of};
use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Client, Locator};
use gerbang_tests::{PASSWORD, TauriDriver, add_server_user, fixtures, start_server_on};
use std::path::Path;
use std::time::{Duration, Instant};

const TITLE: &str = "CV Teluk Rasa: Aktivitas Penyediaan Makanan di Bangunan Tetap";

/// The app windows on the X server.
fn windows() -> Result<Vec<String>> {
    let out = std::process::Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "^Gerbang$"])
        .output()?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_owned)
        .collect())
}

/// A screenshot of one of the two instances: its window raised above the other (there is no
/// window manager under Xvfb), scrolled to the top.
async fn shot(client: &Client, window: &str, name: &str) -> Result<()> {
    client
        .execute(
            "window.scrollTo(0, 0); document.querySelector('main')?.scrollTo(0, 0);",
            vec![],
        )
        .await?;
    let status = std::process::Command::new("xdotool")
        .args(["windowraise", window])
        .status()?;
    ensure!(status.success(), "xdotool windowraise {window}");
    screenshot(name).await
}

/// The text of `testid` now, if it is on the page (does not wait for it).
pub async fn read(client: &Client, testid: &str) -> Result<Option<String>> {
    let v = client
        .execute(
            "const e = document.querySelector(`[data-testid=${arguments[0]}]`); return e ? e.innerText.trim() : null;",
            vec![serde_json::json!(testid)],
        )
        .await?;
    Ok(v.as_str().map(str::to_owned))
}

/// Waits until `testid` contains `expected`.
pub async fn wait_text(client: &Client, testid: &str, expected: &str, secs: u64) -> Result<String> {
    let start = Instant::now();
    loop {
        let now = read(client, testid).await?;
        if let Some(now) = &now
            && now.contains(expected)
        {
            return Ok(now.clone());
        }
        if start.elapsed() > Duration::from_secs(secs) {
            bail!("{testid} never showed {expected:?}: {now:?}");
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Syncs on the Sync screen until a sync has run to its end with nothing left to send (a click
/// sets the button busy at once, so seeing it idle again means that sync is over; a background
/// sync already running counts as well).
async fn sync(client: &Client) -> Result<()> {
    client
        .find(Locator::Css("[data-testid=nav-sync]"))
        .await?
        .click()
        .await?;
    client
        .wait()
        .for_element(Locator::Css("[data-testid=sync-now]"))
        .await?;
    let start = Instant::now();
    let mut clicked = false;
    loop {
        let label = read(client, "sync-now").await?.unwrap_or_default();
        let pending = read(client, "sync-pending").await?.unwrap_or_default();
        if let Some(err) = read(client, "sync-error").await? {
            bail!("sync failed: {err}");
        }
        let idle = label == "Sinkronkan sekarang";
        if idle && clicked && pending.starts_with("Semua perubahan sudah terkirim") {
            return Ok(());
        }
        if idle {
            client
                .find(Locator::Css("[data-testid=sync-now]"))
                .await?
                .click()
                .await?;
            clicked = true;
        }
        ensure!(
            start.elapsed() < Duration::from_secs(40),
            "sync never finished: {label} / {pending}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The officer opens the filed case from the review queue.
async fn open_review(client: &Client, number: &str) -> Result<()> {
    client
        .find(Locator::Css("[data-testid=nav-review]"))
        .await?
        .click()
        .await?;
    let start = Instant::now();
    loop {
        let rows = client
            .find_all(Locator::Css("[data-testid=filed-row]"))
            .await?;
        if let Some(row) = rows.first() {
            ensure!(
                row.text().await?.contains(number),
                "the queue shows another case"
            );
            break;
        }
        ensure!(
            start.elapsed() < Duration::from_secs(15),
            "the filed case never reached the queue"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    client
        .find(Locator::Css("[data-testid=filed-open]"))
        .await?
        .click()
        .await?;
    wait_text(client, "review-title", TITLE, 15).await?;
    Ok(())
}

/// Verifies (or rejects, with `comment`) the item `key` on the review page, and waits until its
/// history shows the new verdict.
async fn verdict(client: &Client, key: &str, verify: bool, comment: &str) -> Result<()> {
    let entries = || async {
        client
            .execute(
                "return document.querySelectorAll(`[data-key=\"${arguments[0]}\"] [data-testid=review-history-entry]`).length;",
                vec![serde_json::json!(key)],
            )
            .await
    };
    let before = entries().await?;
    let item = format!("[data-testid=review-item][data-key=\"{key}\"]");
    let area = client
        .find(Locator::Css(&format!(
            "{item} [data-testid=review-comment]"
        )))
        .await?;
    area.clear().await?;
    if !comment.is_empty() {
        area.send_keys(comment).await?;
    }
    let button = if verify {
        "review-verify"
    } else {
        "review-reject"
    };
    client
        .find(Locator::Css(&format!("{item} [data-testid={button}]")))
        .await?
        .click()
        .await?;
    let start = Instant::now();
    loop {
        let now = entries().await?;
        if now.as_u64() > before.as_u64() {
            return Ok(());
        }
        if let Some(note) = read(client, "review-note").await?
            && note.starts_with("Tidak dapat dicatat")
        {
            bail!("{key}: {note}");
        }
        ensure!(
            start.elapsed() < Duration::from_secs(10),
            "the verdict on {key} never showed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn an_officer_asks_for_a_revision_and_approves_the_resubmitted_case() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (_server, url) = start_server_on(&db)?;
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    add_server_user(&db, "petugas", "officer", PASSWORD)?;

    // The investor's case, every item documented with a real PDF; the building plan a picture.
    let investor = dir.path().join("investor");
    let case = fixtures::cli_case(&investor, dir.path(), "CV Teluk Rasa", &|key| {
        Ok(if key == "pbg@*" {
            ("denah.png".to_owned(), fixtures::png(800, 600, false)?)
        } else {
            (
                format!("{}.pdf", key.trim_end_matches("@*")),
                fixtures::numbered_pdf(&format!("Dokumen {key} CV Teluk Rasa"), 2)?,
            )
        })
    })?;
    let keys = case.keys.clone();
    let revised = dir.path().join("uji-air-minum.pdf");
    std::fs::write(
        &revised,
        fixtures::numbered_pdf("Hasil uji air minum: memenuhi syarat", 1)?,
    )?;

    // Two instances at once, each with its own data directory.
    let officer = dir.path().join("officer");
    let server = Path::new(&url);
    let mut drive_i = TauriDriver::start(
        4470,
        4471,
        &[
            ("GERBANG_DATA_DIR", investor.as_path()),
            ("GERBANG_SERVER", server),
        ],
    )?;
    let inv = launch_ready(&drive_i).await?;
    let inv_window = windows()?.pop().context("the investor's window")?;
    let mut drive_o = TauriDriver::start(
        4472,
        4473,
        &[
            ("GERBANG_DATA_DIR", officer.as_path()),
            ("GERBANG_SERVER", server),
        ],
    )?;
    let off = launch_ready(&drive_o).await?;
    let off_window = windows()?
        .into_iter()
        .find(|w| *w != inv_window)
        .context("the officer's window")?;

    // The investor files.
    sign_in(&inv, "ani").await?;
    open_case(&inv, TITLE).await?;
    inv.wait()
        .for_element(Locator::Css("[data-testid=case-file]"))
        .await?
        .click()
        .await?;
    inv.wait()
        .for_element(Locator::Css("[data-testid=case-file-confirm]"))
        .await?
        .click()
        .await?;
    let filed = wait_text(&inv, "case-filed", "Diajukan dengan nomor BPN-", 30).await?;
    let number = filed
        .trim_start_matches("Diajukan dengan nomor ")
        .to_owned();

    // The officer receives it and reads the NIB document inside the app.
    sign_in(&off, "petugas").await?;
    sync(&off).await?;
    open_review(&off, &number).await?;
    ensure!(text_of(&off, "review-status").await? == "Diajukan");
    ensure!(
        text_of(&off, "clock-verification")
            .await?
            .contains("dari 5 hari kerja")
    );
    ensure!(
        text_of(&off, "clocks")
            .await?
            .contains("Batas belum terkonfirmasi")
    );
    click_in_page(&off, "[data-key=\"nib@*\"] [data-testid=review-view]").await?;
    let start = Instant::now();
    loop {
        // Read in one script run, without waiting for elements that may never come.
        let state = off
            .execute(
                "const v = document.querySelector('[data-testid=viewer]'); const e = document.querySelector('[data-testid=viewer-error]'); return [v ? v.dataset.renderedPage : null, e ? e.innerText : null];",
                vec![],
            )
            .await?;
        if state[0].as_str() == Some("1") {
            break;
        }
        if let Some(err) = state[1].as_str() {
            bail!("the viewer failed: {err}");
        }
        ensure!(
            start.elapsed() < Duration::from_secs(20),
            "pdf.js never rendered the page: {state}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    // The rendered page has ink on it (not a blank canvas).
    let ink = off
        .execute(
            "const c = document.querySelector('[data-testid=viewer-canvas]'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) n++; return n;",
            vec![],
        )
        .await?;
    ensure!(
        ink.as_u64().unwrap_or(0) > 100,
        "the rendered page is blank: {ink}"
    );
    ensure!(text_of(&off, "viewer-page").await? == "Halaman 1 dari 2");
    shot(&off, &off_window, "20-officer-reads-document.png").await?;
    // The officer sees the case's licensing plan, a stage for each item under review, and
    // cannot change the applicant's progress.
    let plan = text_of(&off, "plan").await?;
    ensure!(
        plan.contains("Rencana perizinan") && plan.contains("Jalur kritis"),
        "{plan}"
    );
    let counts = off
        .execute(
            "return [document.querySelectorAll('[data-testid=gantt-row]').length, document.querySelectorAll('[data-testid=review-item]').length, document.querySelectorAll('[data-testid=plan-edit]').length];",
            vec![],
        )
        .await?;
    ensure!(
        counts[0] == counts[1] && counts[0].as_u64() > Some(0) && counts[2] == 0,
        "stages, items, edit buttons: {counts}"
    );
    off.execute(
        "document.querySelector('[data-testid=plan]').scrollIntoView({block: 'start'});",
        vec![],
    )
    .await?;
    let status = std::process::Command::new("xdotool")
        .args(["windowraise", &off_window])
        .status()?;
    ensure!(status.success(), "xdotool windowraise");
    screenshot("20b-officer-sees-the-plan.png").await?;
    off.find(Locator::Css("[data-testid=viewer-close]"))
        .await?
        .click()
        .await?;
    // And the building plan, a PNG, shown as the picture it is.
    click_in_page(&off, "[data-key=\"pbg@*\"] [data-testid=review-view]").await?;
    let start = Instant::now();
    loop {
        let width = off
            .execute(
                "const i = document.querySelector('[data-testid=viewer-image]'); return i && i.complete ? i.naturalWidth : 0;",
                vec![],
            )
            .await?;
        if width.as_u64() == Some(800) {
            break;
        }
        ensure!(
            start.elapsed() < Duration::from_secs(10),
            "the image never showed: {width}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    off.find(Locator::Css("[data-testid=viewer-close]"))
        .await?
        .click()
        .await?;

    // A rejection without a reason says what to write, and records nothing.
    click_in_page(
        &off,
        "[data-testid=review-item][data-key=\"slhs@*\"] [data-testid=review-reject]",
    )
    .await?;
    let needed = text_of(&off, "review-comment-needed").await?;
    ensure!(
        needed.starts_with("Tulis alasan penolakan butir ini"),
        "{needed}"
    );
    // SLHS is rejected with a comment, the rest verified, a revision requested.
    verdict(
        &off,
        "slhs@*",
        false,
        "Hasil uji air minum belum dilampirkan",
    )
    .await?;
    for key in keys.iter().filter(|k| **k != "slhs@*") {
        verdict(&off, key, true, "").await?;
    }
    off.find(Locator::Css("[data-testid=review-revision-comment]"))
        .await?
        .send_keys("Mohon lengkapi uji air")
        .await?;
    off.find(Locator::Css("[data-testid=review-request-revision]"))
        .await?
        .click()
        .await?;
    let asked = text_of(&off, "review-confirm-panel").await?;
    ensure!(
        asked.starts_with("Minta revisi kepada pemohon untuk: Sertifikat Laik Higiene Sanitasi"),
        "{asked}"
    );
    off.find(Locator::Css("[data-testid=review-confirm]"))
        .await?
        .click()
        .await?;
    wait_text(&off, "review-status", "Perlu tindakan pemohon", 10).await?;
    shot(&off, &off_window, "21-officer-requests-revision.png").await?;
    sync(&off).await?;

    // The investor sees the request and the comment, attaches a new version, resubmits.
    sync(&inv).await?;
    open_case(&inv, TITLE).await?;
    wait_text(
        &inv,
        "case-review-status",
        "Perlu tindakan pemohon · putaran 1",
        15,
    )
    .await?;
    let request = text_of(&inv, "case-revision-request").await?;
    ensure!(
        request.contains("Hasil uji air minum belum dilampirkan")
            && request.contains("Mohon lengkapi uji air"),
        "{request}"
    );
    let history = inv
        .execute(
            "return document.querySelector('[data-key=\"slhs@*\"] [data-testid=case-item-history]').innerText;",
            vec![],
        )
        .await?;
    let history = history.as_str().unwrap_or_default();
    ensure!(
        history.contains("Ditolak oleh petugas")
            && history.contains("Hasil uji air minum belum dilampirkan"),
        "{history}"
    );
    // Sending the same document back fixes nothing: the button waits, saying for what.
    let blocked = text_of(&inv, "case-resubmit-blocked").await?;
    ensure!(
        blocked.starts_with(
            "Belum dapat diajukan ulang: lampirkan versi baru atau tulis tanggapan untuk"
        ),
        "{blocked}"
    );
    let answers = inv
        .execute(
            "return [...document.querySelectorAll('[data-testid=case-revision-answer]')].map(e => e.dataset.item);",
            vec![],
        )
        .await?;
    ensure!(answers == serde_json::json!(["slhs@*"]), "{answers}");
    let disabled = inv
        .execute(
            "return document.querySelector('[data-testid=case-resubmit]').disabled;",
            vec![],
        )
        .await?;
    ensure!(
        disabled == serde_json::json!(true),
        "resubmit enabled without a fix"
    );
    click_in_page(&inv, "[data-key=\"slhs@*\"] [data-testid=attach]").await?;
    choose_in_file_dialog("Pilih dokumen untuk", &revised)?;
    item_containing(&inv, "slhs@*", "uji-air-minum.pdf").await?;
    shot(&inv, &inv_window, "22-investor-revises.png").await?;
    inv.find(Locator::Css("[data-testid=case-resubmit]"))
        .await?
        .click()
        .await?;
    wait_text(
        &inv,
        "case-resubmit-note",
        "Diajukan ulang: putaran 2 sedang diperiksa.",
        30,
    )
    .await?;

    // Round 2 on the officer's desk: both SLHS versions; verify the new one, approve.
    sync(&off).await?;
    open_review(&off, &number).await?;
    wait_text(&off, "review-status", "Dalam pemeriksaan", 10).await?;
    let slhs = item_containing(&off, "slhs@*", "uji-air-minum.pdf").await?;
    ensure!(
        slhs.contains("uji-air-minum.pdf") && slhs.contains("slhs.pdf"),
        "both versions: {slhs}"
    );
    ensure!(
        slhs.contains("versi 2 · terbaru") && slhs.contains("versi 1"),
        "{slhs}"
    );
    ensure!(
        slhs.contains("Belum diperiksa"),
        "the old verdict no longer stands: {slhs}"
    );
    ensure!(
        slhs.contains("Putaran 2: pemohon melampirkan dokumen baru."),
        "the officer sees what changed: {slhs}"
    );
    verdict(&off, "slhs@*", true, "Uji air lengkap").await?;
    let decision = "503/0042/DPMPTSP/XII/2026";
    // The form of the number is shown (unconfirmed), and a number not of that form is refused.
    let form = text_of(&off, "review-approve-form").await?;
    ensure!(
        form.starts_with(
            "Bentuk nomor: NNN/N+/DPMPTSP/BULAN/TAHUN, mis. 503/0042/DPMPTSP/XII/2026"
        ) && form.contains("Belum terkonfirmasi"),
        "{form}"
    );
    let number = off
        .find(Locator::Css("[data-testid=review-approve-number]"))
        .await?;
    number.send_keys("abc").await?;
    click_in_page(&off, "[data-testid=review-approve]").await?;
    click_in_page(&off, "[data-testid=review-confirm]").await?;
    wait_text(
        &off,
        "review-note",
        "Tidak dapat dicatat: Keputusan tidak valid (nomor atau tanggal).",
        10,
    )
    .await?;
    number.send_keys("\u{e003}\u{e003}\u{e003}").await?;
    off.find(Locator::Css("[data-testid=review-approve-number]"))
        .await?
        .send_keys(decision)
        .await?;
    off.find(Locator::Css("[data-testid=review-approve]"))
        .await?
        .click()
        .await?;
    let asked = text_of(&off, "review-confirm-panel").await?;
    ensure!(
        asked.starts_with(&format!(
            "Setujui permohonan dengan keputusan nomor {decision} tanggal"
        )),
        "{asked}"
    );
    off.execute(
        "document.querySelector('[data-testid=review-confirm-panel]').scrollIntoView({block: 'center'});",
        vec![],
    )
    .await?;
    std::process::Command::new("xdotool")
        .args(["windowraise", &off_window])
        .status()?;
    screenshot("23a-officer-confirms-approval.png").await?;
    off.find(Locator::Css("[data-testid=review-confirm]"))
        .await?
        .click()
        .await?;
    wait_text(&off, "review-status", "Disetujui", 10).await?;
    shot(&off, &off_window, "23-officer-approves.png").await?;
    sync(&off).await?;

    // The investor sees the approval and the decision number.
    sync(&inv).await?;
    open_case(&inv, TITLE).await?;
    let shown = wait_text(&inv, "case-decision", decision, 15).await?;
    ensure!(
        shown.starts_with("Disetujui dengan keputusan nomor"),
        "{shown}"
    );
    shot(&inv, &inv_window, "24-investor-sees-approval.png").await?;

    // The dashboard counts the decision.
    off.find(Locator::Css("[data-testid=nav-review]"))
        .await?
        .click()
        .await?;
    off.wait()
        .for_element(Locator::Css("[data-testid=review-tab-dashboard]"))
        .await?
        .click()
        .await?;
    let weekly = off
        .wait()
        .for_element(Locator::Css("[data-testid=dash-weekly]"))
        .await?
        .attr("data-values")
        .await?
        .context("chart values")?;
    ensure!(weekly.contains('1'), "no decision counted: {weekly}");
    // Weeks are dates (this week's Monday last), the doughnut names its counts.
    let labels = |testid: &'static str| {
        let off = &off;
        async move {
            let raw = off
                .find(Locator::Css(&format!("[data-testid={testid}]")))
                .await?
                .attr("data-labels")
                .await?
                .context("chart labels")?;
            anyhow::Ok(serde_json::from_str::<Vec<String>>(&raw)?)
        }
    };
    let today = time::OffsetDateTime::now_utc()
        .to_offset(gerbang_core::WITA)
        .date();
    let monday = today - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
    const BULAN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
    ];
    let this_week = format!(
        "Pekan {} {}",
        monday.day(),
        BULAN[usize::from(u8::from(monday.month())) - 1]
    );
    let weeks = labels("dash-weekly").await?;
    ensure!(
        weeks.last() == Some(&this_week) && weeks.len() == 8,
        "{weeks:?}"
    );
    let statuses = labels("dash-status").await?;
    ensure!(
        statuses.contains(&"Disetujui: 1".to_owned()),
        "{statuses:?}"
    );
    wait_text(&off, "dash-median", "dari 1 kasus", 10).await?;
    shot(&off, &off_window, "25-officer-dashboard.png").await?;
    // The officer's home: cases near or past their limit (none now: the case is decided).
    off.find(Locator::Css("[data-testid=nav-home]"))
        .await?
        .click()
        .await?;
    let home = wait_text(
        &off,
        "home-officer",
        "Tidak ada kasus yang dekat atau lewat batas waktunya.",
        10,
    )
    .await?;
    ensure!(home.starts_with("Perlu perhatian"), "{home}");

    inv.close().await?;
    off.close().await?;
    drive_i.stop();
    drive_o.stop();
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn the_second_officer_to_decide_an_item_sees_a_conflict_not_an_overwrite() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (_server, url) = start_server_on(&db)?;
    for (user, role) in [
        ("ani", "investor"),
        ("petugas", "officer"),
        ("petugas-dua", "officer"),
    ] {
        add_server_user(&db, user, role, PASSWORD)?;
    }
    let login = |data: &Path, user: &str| gerbang_tests::cli_login(data, &url, user);
    // The investor files with the CLI.
    let investor = dir.path().join("investor");
    let case = fixtures::cli_case(
        &investor,
        dir.path(),
        "CV Teluk Rasa",
        &fixtures::pdf_for("Dokumen"),
    )?
    .case;
    login(&investor, "ani")?;
    let number = gerbang(&investor, &["case", "file", &case])?;

    // The app's officer pulls the case and opens it.
    let officer = dir.path().join("officer");
    let mut driver = TauriDriver::start(
        4474,
        4475,
        &[
            ("GERBANG_DATA_DIR", officer.as_path()),
            ("GERBANG_SERVER", Path::new(&url)),
        ],
    )?;
    let off = launch_ready(&driver).await?;
    sign_in(&off, "petugas").await?;
    sync(&off).await?;
    open_review(&off, &number).await?;

    // Meanwhile a colleague verifies NIB from her own desk and syncs.
    let colleague = dir.path().join("colleague");
    login(&colleague, "petugas-dua")?;
    gerbang(&colleague, &["sync", "now"])?;
    gerbang(
        &colleague,
        &[
            "review",
            "verify",
            &case,
            "nib@*",
            "--comment",
            "sesuai AHU",
        ],
    )?;
    gerbang(&colleague, &["sync", "now"])?;

    // The app's officer, on her copy, rejects NIB: the server refuses it as a conflict naming
    // the colleague's verdict; the case page says so.
    verdict(&off, "nib@*", false, "akta tidak terbaca").await?;
    let refused = wait_text(&off, "review-refused", "petugas-dua verified it", 30).await?;
    ensure!(refused.contains("sesuai AHU"), "{refused}");
    // Nothing was overwritten: the server's NIB is verified by the colleague.
    let seen: serde_json::Value = serde_json::from_str(
        &gerbang(&colleague, &["review", "show", &case]).or_else(|_| {
            gerbang(&colleague, &["sync", "now"])?;
            gerbang(&colleague, &["review", "show", &case])
        })?,
    )?;
    ensure!(
        seen["review"]["items"][0]["history"]
            .as_array()
            .map(Vec::len)
            == Some(1),
        "{seen:#}"
    );
    // The Sync screen shows both sides; she keeps hers, which is then applied on top.
    off.find(Locator::Css("[data-testid=nav-sync]"))
        .await?
        .click()
        .await?;
    off.wait()
        .for_element(Locator::Css("[data-testid=conflict-compare]"))
        .await?
        .click()
        .await?;
    let mine = text_of(&off, "conflict-review-mine").await?;
    let theirs = text_of(&off, "conflict-review-theirs").await?;
    ensure!(
        mine.contains("nib@*: Ditolak") && mine.contains("akta tidak terbaca"),
        "{mine}"
    );
    ensure!(
        theirs.contains("nib@*: Terverifikasi — petugas-dua"),
        "{theirs}"
    );
    screenshot("26-officer-conflict.png").await?;
    off.find(Locator::Css("[data-testid=keep-mine]"))
        .await?
        .click()
        .await?;
    sync(&off).await?;
    gerbang(&colleague, &["sync", "now"])?;
    let seen: serde_json::Value =
        serde_json::from_str(&gerbang(&colleague, &["review", "show", &case])?)?;
    let history = &seen["review"]["items"][0]["history"];
    ensure!(history.as_array().map(Vec::len) == Some(2), "{seen:#}");
    ensure!(
        history[1]["verdict"] == "rejected" && history[1]["actor"] == "petugas",
        "{history:#}"
    );
    off.close().await?;
    driver.stop();
    Ok(())
}
