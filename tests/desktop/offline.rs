//! Roles and filing without the network, in the real app against the real server: before
//! sign-in the sidebar says what signing in unlocks and offers no review desk (a review
//! address shows why, not the queue); an investor's account keeps the applicant's desk; with
//! the server down, filing is queued (said in Indonesian, the case frozen), and when the server
//! is back the next sync files it and the app says which number arrived.

use crate::cases::open_listed_case;
use crate::filing::sign_in;
use crate::language::{click, launch_ready, screenshot, text_of, wait_for_text};
use anyhow::{Result, ensure};
use fantoccini::{Client, Locator};
use gerbang_tests::{PASSWORD, TauriDriver, add_server_user, start_server_at};
use std::path::Path;

async fn present(client: &Client, testid: &str) -> Result<bool> {
    Ok(client
        .find_all(Locator::Css(&format!("[data-testid={testid}]")))
        .await?
        .len()
        == 1)
}

/// The text of `testid` once it is shown.
async fn wait_present(client: &Client, testid: &str, secs: u64) -> Result<String> {
    crate::review::wait_text(client, testid, "", secs).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "drives the real app: needs Xvfb, tauri-driver and the built app (run by scripts/test)"]
async fn each_role_sees_its_desk_and_a_filing_made_offline_goes_with_the_next_sync() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (mut server, url) = start_server_at(&db, "127.0.0.1:0")?;
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    let investor = dir.path().join("investor");
    crate::filing::documented_case(&investor, dir.path())?;
    let title = "CV Teluk Rasa: Aktivitas Penyediaan Makanan di Bangunan Tetap";

    let mut driver = TauriDriver::start(
        4474,
        4475,
        &[
            ("GERBANG_DATA_DIR", investor.as_path()),
            ("GERBANG_SERVER", Path::new(&url)),
            ("GERBANG_SYNC_INTERVAL", Path::new("3")),
        ],
    )?;
    let client = launch_ready(&driver).await?;

    // Not signed in: the applicant's desk, and what signing in unlocks; no review desk.
    let unlocks = text_of(&client, "sign-in-unlocks").await?;
    ensure!(
        unlocks.starts_with("Masuk ke server kota") && unlocks.contains("Akun petugas"),
        "{unlocks}"
    );
    ensure!(present(&client, "nav-cases").await? && !present(&client, "nav-review").await?);
    ensure!(!present(&client, "nav-dashboard").await?);
    // A review address opened anyway says whose desk it is, and shows no queue.
    client
        .execute("window.location.assign('/review');", vec![])
        .await?;
    let gate = wait_present(&client, "review-gate", 10).await?;
    ensure!(
        gate.starts_with("Meja pemeriksaan untuk petugas perizinan")
            && gate.contains("Masuk dengan akun petugas"),
        "{gate}"
    );
    ensure!(!present(&client, "review-search").await?);
    screenshot("40-review-gate.png").await?;

    // A wrong password is said in Indonesian, from the server's code (never its English).
    click(&client, "nav-sync").await?;
    client
        .wait()
        .for_element(Locator::Css("[data-testid=sign-in-user]"))
        .await?
        .send_keys("ani")
        .await?;
    client
        .find(Locator::Css("[data-testid=sign-in-password]"))
        .await?
        .send_keys("bukan-sandinya")
        .await?;
    click(&client, "sign-in").await?;
    let refused = wait_present(&client, "sync-failure", 15).await?;
    ensure!(
        refused.starts_with("Nama pengguna atau kata sandi salah."),
        "{refused}"
    );
    client
        .find(Locator::Css("[data-testid=sign-in-user]"))
        .await?
        .clear()
        .await?;
    client
        .find(Locator::Css("[data-testid=sign-in-password]"))
        .await?
        .clear()
        .await?;

    // An investor's account keeps the applicant's desk, and the sidebar says who is in.
    sign_in(&client, "ani").await?;
    let who = wait_present(&client, "signed-in-as", 10).await?;
    ensure!(who == "ani · investor", "{who}");
    ensure!(!present(&client, "nav-review").await? && !present(&client, "sign-in-unlocks").await?);

    // Home: the draft to finish, with how far it has come.
    click(&client, "nav-home").await?;
    let draft = wait_present(&client, "home-draft", 10).await?;
    ensure!(
        draft.contains(title) && draft.contains("semua 8 butir wajib berdokumen: siap diajukan"),
        "{draft}"
    );
    screenshot("39-home-next-steps.png").await?;

    // The server goes away; the investor files anyway.
    let address = url.trim_start_matches("http://").to_owned();
    server.stop();
    click(&client, "nav-cases").await?;
    open_listed_case(&client, title).await?;
    client
        .wait()
        .for_element(Locator::Css("[data-testid=case-file]"))
        .await?
        .click()
        .await?;
    click(&client, "case-file-confirm").await?;
    let queued = wait_present(&client, "case-file-queued", 30).await?;
    ensure!(
        queued.starts_with("Server kota tidak dapat dihubungi. Pengajuan diantrekan (")
            && queued.contains("WITA")
            && queued.contains("dikirim otomatis pada sinkronisasi berikutnya"),
        "{queued}"
    );
    ensure!(!present(&client, "case-file-error").await?);
    // Waiting, the case cannot be edited, and cannot be filed twice.
    ensure!(!present(&client, "case-edit").await? && !present(&client, "case-file").await?);
    screenshot("41-filing-queued.png").await?;
    // Home says the filing waits for the network.
    click(&client, "nav-home").await?;
    let waiting = wait_present(&client, "home-waiting", 10).await?;
    ensure!(
        waiting.starts_with("Menunggu jaringan untuk diajukan") && waiting.contains(title),
        "{waiting}"
    );
    click(&client, "nav-cases").await?;
    open_listed_case(&client, title).await?;
    wait_present(&client, "case-file-queued", 10).await?;

    // The server is back: the background sync files the case; the app says the number.
    let (_server, _) = start_server_at(&db, &address)?;
    let year = time::OffsetDateTime::now_utc()
        .to_offset(gerbang_core::WITA)
        .year();
    let number = format!("BPN-{year}-000001");
    let arrived = wait_present(&client, "filing-arrived", 60).await?;
    ensure!(
        arrived.starts_with(&format!(
            "Pengajuan yang diantrekan telah diterima DPMPTSP: nomor {number}."
        )),
        "{arrived}"
    );
    wait_present(&client, "case-filed", 15).await?;
    wait_for_text(
        &client,
        "case-filed",
        &format!("Diajukan dengan nomor {number}"),
    )
    .await?;
    screenshot("42-queued-filing-arrived.png").await?;
    client.close().await?;
    driver.stop();
    Ok(())
}
