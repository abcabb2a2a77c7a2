//! The investor attaches documents in the app: through the native file dialog and by dragging a
//! file onto an item (both driven on the X server with xdotool, as a user's keyboard and mouse
//! would), sees the progress change, opens the file in the system viewer, is refused a file whose
//! content is not what its extension says, and finds everything again after a restart.

use crate::cases::{gerbang, rows};
use crate::language::{launch_ready, screenshot, text_of};
use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Client, Locator};
use gerbang_tests::{TauriDriver, workspace_root};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Waits for the GTK file chooser whose title starts with `title`, types `file` into its
/// location field and confirms, as a user would with the keyboard.
pub fn choose_in_file_dialog(title: &str, file: &Path) -> Result<()> {
    type_into_dialog(title, file)
}

/// Waits for the GTK folder chooser titled `title`, goes to `folder` by typing its path, and
/// presses the dialog's Open button (Alt+O), as a user choosing a folder would.
pub fn choose_folder_in_dialog(title: &str, folder: &Path) -> Result<()> {
    type_into_dialog(title, folder)?;
    std::thread::sleep(Duration::from_millis(800));
    let status = Command::new("xdotool")
        .args(["key", "--clearmodifiers", "alt+o"])
        .status()?;
    ensure!(status.success(), "xdotool alt+o: {status}");
    Ok(())
}

/// Focuses the dialog titled `title`, opens its location field and types `path` + Return.
fn type_into_dialog(title: &str, file: &Path) -> Result<()> {
    let start = Instant::now();
    let window = loop {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", &format!("^{title}")])
            .output()
            .context("xdotool (apt package xdotool) is needed")?;
        let found = String::from_utf8_lossy(&out.stdout);
        if let Some(id) = found.split_whitespace().next() {
            break id.to_owned();
        }
        ensure!(
            start.elapsed() < Duration::from_secs(15),
            "no file dialog titled {title:?} appeared"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    // No window manager under Xvfb: give the dialog the keyboard focus directly.
    let xdotool = |args: &[&str]| -> Result<()> {
        let status = Command::new("xdotool").args(args).status()?;
        ensure!(status.success(), "xdotool {args:?}: {status}");
        Ok(())
    };
    xdotool(&["windowfocus", "--sync", &window])?;
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["key", "--clearmodifiers", "ctrl+l"])?;
    std::thread::sleep(Duration::from_millis(300));
    let path = file.to_str().context("path")?;
    xdotool(&["type", "--delay", "15", path])?;
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["key", "Return"])?;
    Ok(())
}

/// Drags `file` from a small GTK drag source (as from a file manager) and drops it on the
/// centre of the element `css` in the app's window, with the X pointer (XDND, as a user would).
async fn drop_file_on(client: &Client, css: &str, file: &Path) -> Result<()> {
    let rect = client
        .execute(
            "const e = document.querySelector(arguments[0]); e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];",
            vec![serde_json::Value::String(css.to_owned())],
        )
        .await?;
    let rect: Vec<f64> = serde_json::from_value(rect)?;
    let xdotool = |args: &[&str]| -> Result<String> {
        let out = Command::new("xdotool").args(args).output()?;
        ensure!(
            out.status.success(),
            "xdotool {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let window = xdotool(&["search", "--onlyvisible", "--name", "^Gerbang$"])?;
    let window = window
        .split_whitespace()
        .next()
        .context("no Gerbang window")?
        .to_owned();
    let geometry = xdotool(&["getwindowgeometry", "--shell", &window])?;
    let coord = |name: &str| -> Result<f64> {
        geometry
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .context("window geometry")?
            .parse::<f64>()
            .context("window geometry")
    };
    let (tx, ty) = (
        (coord("X=")? + rect[0]).round() as i64,
        (coord("Y=")? + rect[1]).round() as i64,
    );
    let mut source = std::process::Command::new("/usr/bin/python3")
        .arg(workspace_root().join("tests/support/drag_source.py"))
        .args([file.to_str().context("path")?, "0", "300"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("python3 with GTK (apt packages python3-gi gir1.2-gtk-3.0) is needed")?;
    let mut ready = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(source.stdout.take().context("stdout")?),
        &mut ready,
    )?;
    ensure!(ready.trim() == "ready", "drag source: {ready:?}");
    let steps = 12;
    xdotool(&["mousemove", "20", "320"])?;
    std::thread::sleep(Duration::from_millis(200));
    xdotool(&["mousedown", "1"])?;
    for i in 1..=steps {
        let x = 20 + (tx - 20) * i / steps;
        let y = 320 + (ty - 320) * i / steps;
        xdotool(&["mousemove", &x.to_string(), &y.to_string()])?;
        std::thread::sleep(Duration::from_millis(60));
    }
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["mouseup", "1"])?;
    std::thread::sleep(Duration::from_millis(500));
    let _ = source.kill();
    let _ = source.wait();
    Ok(())
}

async fn progress(client: &Client, expected_start: &str) -> Result<String> {
    let start = Instant::now();
    loop {
        let now = text_of(client, "case-progress").await?;
        if now.starts_with(expected_start) {
            return Ok(now);
        }
        if start.elapsed() > Duration::from_secs(10) {
            bail!("progress shows {now:?}, expected {expected_start:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The case's item `key` as one text, waiting until it contains `expected`.
pub async fn item_containing(client: &Client, key: &str, expected: &str) -> Result<String> {
    let start = Instant::now();
    loop {
        let value = client
            .execute(
                "const e = document.querySelector(`[data-key=\"${arguments[0]}\"]`); return e ? e.innerText : '';",
                vec![serde_json::Value::String(key.to_owned())],
            )
            .await?;
        let text = value.as_str().unwrap_or_default().to_owned();
        if text.contains(expected) {
            return Ok(text);
        }
        if start.elapsed() > Duration::from_secs(15) {
            bail!("item {key} never showed {expected:?}: {text:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks `css` from a script: the click opens a modal native dialog, and a WebDriver click
/// would wait on the page while that dialog holds the main loop.
pub async fn click_in_page(client: &Client, css: &str) -> Result<()> {
    let found = client
        .execute(
            "const e = document.querySelector(arguments[0]); if (!e) return false; e.scrollIntoView({block: 'center'}); setTimeout(() => e.click(), 0); return true;",
            vec![serde_json::Value::String(css.to_owned())],
        )
        .await?;
    ensure!(
        found == serde_json::Value::Bool(true),
        "nothing matches {css}"
    );
    Ok(())
}

async fn click_attach(client: &Client, key: &str) -> Result<()> {
    click_in_page(
        client,
        &format!("[data-key=\"{key}\"] [data-testid=attach]"),
    )
    .await
}

pub async fn open_case(client: &Client, title: &str) -> Result<()> {
    client
        .find(Locator::Css("[data-testid=nav-cases]"))
        .await?
        .click()
        .await?;
    crate::cases::open_listed_case(client, title).await
}

/// The system viewer: a stand-in `xdg-open` in `dir/bin` that records the path it was asked to
/// open in the returned file; and the PATH that puts it first.
pub fn stand_in_viewer(dir: &Path) -> Result<(std::path::PathBuf, String)> {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin)?;
    let opened = dir.join("opened.txt");
    let viewer = bin.join("xdg-open");
    std::fs::write(
        &viewer,
        // Written whole, then renamed: the test never reads a half-written record.
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{0}.tmp' && mv '{0}.tmp' '{0}'\n",
            opened.display()
        ),
    )?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&viewer, std::fs::Permissions::from_mode(0o755))?;
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Ok((opened, path))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn documents_are_attached_opened_refused_and_kept() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("app");
    gerbang_tests::fixtures::cli_bare_case(&data, dir.path(), "CV Kopi Manggar")?;
    let title = "CV Kopi Manggar: Aktivitas Penyediaan Makanan di Bangunan Tetap";

    // The files the investor has: a real PDF, and a text file someone renamed to .pdf.
    let deed = dir.path().join("akta pendirian.pdf");
    let deed_bytes = gerbang_pack_like_pdf();
    std::fs::write(&deed, &deed_bytes)?;
    let fake = dir.path().join("bukan-pdf.pdf");
    std::fs::write(&fake, b"Ini surat biasa, bukan PDF.\n")?;

    let (opened, path) = stand_in_viewer(dir.path())?;

    let mut driver = TauriDriver::start(
        4450,
        4451,
        &[
            ("GERBANG_DATA_DIR", data.as_path()),
            ("PATH", Path::new(&path)),
        ],
    )?;
    let client = launch_ready(&driver).await?;
    open_case(&client, title).await?;
    progress(&client, "0 dari 8 butir wajib sudah berdokumen").await?;

    // Attach the deed to the NIB item through the native dialog.
    click_attach(&client, "nib@*").await?;
    choose_in_file_dialog("Pilih dokumen untuk", &deed)?;
    // The confirmation comes first; the attached file's line follows when the case reloads.
    let item = item_containing(&client, "nib@*", "application/pdf").await?;
    assert!(item.contains("akta pendirian.pdf"), "{item}");
    assert!(item.contains("versi 1"), "{item}");
    assert_eq!(
        text_of(&client, "attach-ok").await?,
        "akta pendirian.pdf terlampir (versi 1)."
    );
    progress(&client, "1 dari 8 butir wajib sudah berdokumen").await?;
    screenshot("10-attached.png").await?;

    // Open it: the system viewer gets a copy under its own name, with the same bytes.
    client
        .find(Locator::Css(
            "[data-key=\"nib@*\"] [data-testid=open-document]",
        ))
        .await?
        .click()
        .await?;
    let start = Instant::now();
    while !opened.exists() {
        ensure!(
            start.elapsed() < Duration::from_secs(10),
            "the system viewer was never started"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let shown = std::path::PathBuf::from(std::fs::read_to_string(&opened)?);
    assert_eq!(
        shown.file_name().and_then(|n| n.to_str()),
        Some("akta pendirian.pdf")
    );
    assert!(shown.starts_with(&data), "{}", shown.display());
    assert_eq!(std::fs::read(&shown)?, deed_bytes);

    // A text file named .pdf is refused with the reason, and nothing changes.
    let second = rows(&client, "item").await?;
    ensure!(second.len() == 8, "{second:?}");
    click_attach(&client, "slhs@*").await?;
    choose_in_file_dialog("Pilih dokumen untuk", &fake)?;
    let refusal = text_of(&client, "attach-error").await?;
    assert!(
        refusal.starts_with("Berkas ditolak.")
            && refusal.contains("bukan-pdf.pdf")
            && refusal.contains(
                "bukan-pdf.pdf: namanya menyebut PDF, tetapi isinya bukan berkas PDF, PNG, atau JPEG."
            )
            && !refusal.contains("the name says"),
        "{refusal}"
    );
    progress(&client, "1 dari 8 butir wajib sudah berdokumen").await?;
    screenshot("11-refused.png").await?;

    // Drag a floor plan from "the file manager" onto the PBG item: attached there.
    let plan = dir.path().join("denah lantai.png");
    std::fs::write(&plan, b"\x89PNG\r\n\x1a\nsketch of the floor plan")?;
    drop_file_on(&client, "[data-key=\"pbg@*\"]", &plan).await?;
    let item = item_containing(&client, "pbg@*", "image/png").await?;
    assert!(item.contains("denah lantai.png"), "{item}");
    progress(&client, "2 dari 8 butir wajib sudah berdokumen").await?;
    screenshot("11b-dropped.png").await?;
    client.close().await?;

    // Restart: everything as it was.
    let client = launch_ready(&driver).await?;
    open_case(&client, title).await?;
    progress(&client, "2 dari 8 butir wajib sudah berdokumen").await?;
    item_containing(&client, "nib@*", "akta pendirian.pdf").await?;
    item_containing(&client, "pbg@*", "denah lantai.png").await?;
    let refused_item = item_containing(&client, "slhs@*", "").await?;
    assert!(
        !refused_item.contains("bukan-pdf.pdf"),
        "the refused file was not attached: {refused_item}"
    );
    client.close().await?;
    driver.stop();

    // The store agrees: one document, and the audit chain verifies.
    let audit = gerbang(&data, &["audit", "verify"])?;
    assert!(!audit.is_empty());
    Ok(())
}

/// A small but real PDF (the pack crate's cover page would do; this keeps the test standalone).
fn gerbang_pack_like_pdf() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n".to_vec();
    pdf.extend_from_slice(
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    );
    pdf
}
