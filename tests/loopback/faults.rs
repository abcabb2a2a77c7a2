//! Sync under faults, with the real server process: a push whose answer is lost after the
//! server committed, a duplicated push, an upload cut mid-request, a filing whose answer is
//! lost, the server killed and restarted. Afterwards nothing acknowledged is lost, nothing is
//! doubled, and a second device of the same account converges on the same records.

use anyhow::{Context, Result, ensure};
use gerbang_store::Store;
use gerbang_sync::Client;
use gerbang_sync::engine::{Filing, file_case, sync_now};
use gerbang_sync::wire::Receipt;
use gerbang_tests::{Fault, FaultyProxy, PASSWORD, add_server_user, start_server_at};

fn today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(gerbang_core::WITA)
        .date()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_lose_nothing_and_double_nothing() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (mut server, url) = start_server_at(&db, "127.0.0.1:0")?;
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    add_server_user(&db, "petugas", "officer", PASSWORD)?;
    let proxy = FaultyProxy::start(&url).await?;

    // The investor's device: a profile, three cases, the first fully documented.
    let store = open_store(dir.path(), "investor").await?;
    let cases = restaurant_cases(&store, 3).await?;
    let pdf = dir.path().join("dokumen.pdf");
    // Larger than one upload chunk, so a cut upload has something to resume.
    let mut content = b"%PDF-1.4\n".to_vec();
    content.resize(1_500_000, b'x');
    std::fs::write(&pdf, &content)?;
    let first = store.case(&cases[0]).await?;
    for item in first.items.iter().filter(|i| i.required) {
        store
            .attach_document("ani", &cases[0], &item.key, &pdf, 50 << 20)
            .await?;
    }
    let token = Client::new(&url)?.login("ani", PASSWORD).await?.token;
    let client = Client::new(&proxy.url)?.with_token(&token);
    let pending = store.pending_changes().await?;
    ensure!(
        pending == 12,
        "1 profile + 3 cases + 8 documents: {pending}"
    );

    // 1. The push's answer is lost after the server committed; the retry gets the stored
    //    results. A cut upload resumes.
    proxy.inject("POST /api/v1/sync/push", Fault::DropResponse);
    proxy.inject("PATCH /api/v1/blobs/", Fault::CutRequest);
    let seen = std::sync::Mutex::new(Vec::new());
    let report = gerbang_sync::engine::sync_with_progress(&store, &client, &|p| {
        if let Ok(mut v) = seen.lock() {
            v.push(p);
        }
    })
    .await?;
    ensure!(report.applied == 12 && report.rejected == 0, "{report:?}");
    let seen = seen.into_inner().map_err(|_| anyhow::anyhow!("poisoned"))?;
    let stages: Vec<(&str, u32, Option<u32>)> = seen
        .iter()
        .map(|p| (p.stage.as_str(), p.done, p.total))
        .collect();
    ensure!(stages.first() == Some(&("push", 0, Some(12))), "{stages:?}");
    ensure!(stages.contains(&("push", 12, Some(12))), "{stages:?}");
    ensure!(stages.contains(&("upload", 0, Some(1))), "{stages:?}");
    ensure!(stages.iter().any(|s| s.0 == "pull"), "{stages:?}");
    ensure!(report.uploaded == 1, "{report:?}");
    ensure!(store.pending_changes().await? == 0);

    // 2. A duplicated push applies once.
    store
        .set_case_notes("ani", &cases[1], "menunggu IMB lama")
        .await?;
    proxy.inject("POST /api/v1/sync/push", Fault::Duplicate);
    let report = sync_now(&store, &client).await?;
    ensure!(report.applied == 1 && report.conflicts == 0, "{report:?}");

    // 2b. A slow network: the answer comes late, and all the same.
    store
        .set_case_notes("ani", &cases[1], "menunggu IMB lama; sudah diurus")
        .await?;
    proxy.inject(
        "POST /api/v1/sync/push",
        Fault::Delay(std::time::Duration::from_millis(1500)),
    );
    proxy.inject(
        "GET /api/v1/sync/pull",
        Fault::Delay(std::time::Duration::from_millis(800)),
    );
    let report = sync_now(&store, &client).await?;
    ensure!(report.applied == 1, "{report:?}");

    // 3. The filing's answer is lost: the retry returns the same number.
    proxy.inject("POST /api/v1/cases/", Fault::DropResponse);
    let receipt = filed(file_case(&store, &client, "ani", &cases[0]).await?)?;
    let year = today().year();
    ensure!(
        receipt.number == format!("BPN-{year}-000001"),
        "{receipt:?}"
    );
    let again = filed(file_case(&store, &client, "ani", &cases[0]).await?)?;
    ensure!(again.number == receipt.number);
    ensure!(proxy.injected.load(std::sync::atomic::Ordering::SeqCst) == 6);

    // 4. The server dies: the change stays pending, nothing is half-sent; after a restart on
    //    the same database and address, it goes through.
    let address = url.trim_start_matches("http://").to_owned();
    server.stop();
    store
        .set_case_notes("ani", &cases[2], "pemilik sedang di Samarinda")
        .await?;
    let err = sync_now(&store, &client)
        .await
        .expect_err("the server is down");
    ensure!(err.to_string().contains("cannot reach"), "{err}");
    ensure!(store.pending_changes().await? == 1);
    let (_server, _) = start_server_at(&db, &address)?;
    let report = sync_now(&store, &client).await?;
    ensure!(report.applied == 1, "{report:?}");
    ensure!(store.sync_problems().await?.is_empty());

    // Convergence: a second device of the same account gets each record once, and the
    // officer gets the one filing.
    let second = open_store(dir.path(), "second").await?;
    let direct = Client::new(&url)?.with_token(&token);
    sync_now(&second, &direct).await?;
    let counts = second.pulled_counts().await?;
    let count = |k: &str| counts.get(k).copied().unwrap_or(0);
    ensure!(
        (
            count("profile"),
            count("case"),
            count("document"),
            count("filing")
        ) == (1, 3, 8, 1),
        "{counts:?}"
    );
    let officer_token = Client::new(&url)?.login("petugas", PASSWORD).await?.token;
    let officer = open_store(dir.path(), "officer").await?;
    sync_now(&officer, &Client::new(&url)?.with_token(&officer_token)).await?;
    let filed = officer.filed_cases().await?;
    ensure!(
        filed.len() == 1 && filed[0].number == receipt.number,
        "{filed:?}"
    );
    ensure!(filed[0].documents == 8, "{filed:?}");
    let blob = Client::new(&url)?
        .with_token(&officer_token)
        .get_blob(&first_sha(&store, &cases[0]).await?)
        .await?;
    ensure!(blob == content, "the officer reads the uploaded file whole");
    Ok(())
}

/// The company "CV Teluk Rasa" and `n` small-restaurant cases of it in `store`; their ids.
async fn restaurant_cases(store: &Store, n: usize) -> Result<Vec<String>> {
    let catalog = gerbang_catalog::catalog().map_err(anyhow::Error::msg)?;
    let index = gerbang_catalog::index().map_err(anyhow::Error::msg)?;
    let profile: gerbang_store::profiles::NewProfile = serde_json::from_str(
        r#"{"kind":"company","name":"CV Teluk Rasa","entity_type":"cv","capital_status":"pmdn","npwp":"0012345678901000"}"#,
    )?;
    let p = store.create_profile("ani", profile).await?;
    let facts: gerbang_core::facts::Facts = serde_json::from_str(&std::fs::read_to_string(
        gerbang_tests::workspace_root().join(
            "crates/gerbang-catalog/tests/catalog/cases/02-restoran-kecil-bangunan-baru.json",
        ),
    )?)?;
    let mut cases = Vec::new();
    for _ in 0..n {
        let c = store
            .create_case(
                "ani",
                &p,
                &facts.clone(),
                &gerbang_core::engine::evaluate(&facts.clone(), catalog, index, today())?,
            )
            .await?;
        cases.push(c.summary.id);
    }
    Ok(cases)
}

/// The receipt of a filing that went through now.
fn filed(filing: Filing) -> Result<Receipt> {
    match filing {
        Filing::Filed(receipt) => Ok(receipt),
        Filing::Queued(q) => anyhow::bail!("queued, not filed: {q:?}"),
    }
}

/// Filing with the server down: the filing is queued (checked complete first; an incomplete
/// case is refused here, not queued), the case is frozen while it waits, and the next sync
/// after the server is back sends it and reports the number. A filing the server refuses
/// stays with its reason and frees the case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filing_made_offline_waits_and_goes_with_the_next_sync() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (mut server, url) = start_server_at(&db, "127.0.0.1:0")?;
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    let store = open_store(dir.path(), "investor").await?;
    let cases = restaurant_cases(&store, 2).await?;
    let pdf = dir.path().join("dokumen.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n")?;
    let complete = store.case(&cases[0]).await?;
    for item in complete.items.iter().filter(|i| i.required) {
        store
            .attach_document("ani", &cases[0], &item.key, &pdf, 50 << 20)
            .await?;
    }
    let token = Client::new(&url)?.login("ani", PASSWORD).await?.token;
    let client = Client::new(&url)?.with_token(&token);
    sync_now(&store, &client).await?;

    // The server goes away; the applicant files anyway.
    let address = url.trim_start_matches("http://").to_owned();
    server.stop();
    let Filing::Queued(queued) = file_case(&store, &client, "ani", &cases[0]).await? else {
        anyhow::bail!("filed with the server down");
    };
    ensure!(
        queued.case_id == cases[0] && queued.refused_code.is_none(),
        "{queued:?}"
    );
    ensure!(store.queued_filings().await?.len() == 1);
    // The incomplete case is refused on the spot, naming the rule, and nothing is queued.
    let err = file_case(&store, &client, "ani", &cases[1])
        .await
        .expect_err("incomplete");
    ensure!(err.to_string().contains("no document"), "{err}");
    ensure!(store.queued_filings().await?.len() == 1);
    // While it waits, the case is what was confirmed: notes, facts and documents stay.
    let err = store
        .set_case_notes("ani", &cases[0], "diubah sesudah konfirmasi")
        .await
        .expect_err("frozen");
    ensure!(err.to_string().contains("waits to be filed"), "{err}");
    let err = store
        .attach_document("ani", &cases[0], &complete.items[0].key, &pdf, 50 << 20)
        .await
        .expect_err("frozen");
    ensure!(err.to_string().contains("waits to be filed"), "{err}");
    // A sync while the server is still down fails and keeps the filing.
    sync_now(&store, &client).await.expect_err("still down");
    ensure!(store.queued_filings().await?.len() == 1);
    ensure!(store.filing(&cases[0]).await?.is_none());

    // The server is back: the next sync files the case and says so.
    let (_server, _) = start_server_at(&db, &address)?;
    let report = sync_now(&store, &client).await?;
    let year = today().year();
    ensure!(
        report.filed.len() == 1 && report.filed[0].number == format!("BPN-{year}-000001"),
        "{report:?}"
    );
    ensure!(store.queued_filings().await?.is_empty());
    let (number, _) = store.filing(&cases[0]).await?.context("filed here")?;
    ensure!(number == report.filed[0].number);
    // Nothing doubled: filing again gives the same receipt.
    let again = filed(file_case(&store, &client, "ani", &cases[0]).await?)?;
    ensure!(again.number == number);

    // A queued filing the server refuses (here: a snapshot that is not the server's copy)
    // is kept with its reason, and no longer freezes the case.
    for item in store
        .case(&cases[1])
        .await?
        .items
        .iter()
        .filter(|i| i.required)
    {
        store
            .attach_document("ani", &cases[1], &item.key, &pdf, 50 << 20)
            .await?;
    }
    store
        .queue_filing("ani", &cases[1], &"0".repeat(64))
        .await?;
    let report = sync_now(&store, &client).await?;
    ensure!(
        report.filings_refused == 1 && report.filed.is_empty(),
        "{report:?}"
    );
    let refused = store.queued_filings().await?;
    ensure!(
        refused.len() == 1 && refused[0].refused_code.as_deref() == Some("snapshot_mismatch"),
        "{refused:?}"
    );
    store.set_case_notes("ani", &cases[1], "diperbaiki").await?;
    store.cancel_filing("ani", &cases[1]).await?;
    ensure!(store.queued_filings().await?.is_empty());
    Ok(())
}

/// A device's store in its own data directory under `dir`.
async fn open_store(dir: &std::path::Path, device: &str) -> Result<Store> {
    let data = dir.join(device);
    std::fs::create_dir_all(&data)?;
    Ok(Store::open(&data.join("gerbang.db")).await?)
}

async fn first_sha(store: &Store, case: &str) -> Result<String> {
    Ok(store
        .documents(case)
        .await?
        .first()
        .context("a document")?
        .sha256
        .clone())
}

/// Batches that arrive out of order: the later one is refused whole (a gap) and applies after
/// the earlier one; replays answer the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reordered_batches_apply_in_sequence() -> Result<()> {
    use gerbang_sync::wire::{Mutation, Outcome, PushRequest};
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (_server, url) = start_server_at(&db, "127.0.0.1:0")?;
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    let token = Client::new(&url)?.login("ani", PASSWORD).await?.token;
    let client = Client::new(&url)?.with_token(&token);
    let batch = |seqs: std::ops::RangeInclusive<i64>| PushRequest {
        device_id: "laptop".into(),
        mutations: seqs
            .map(|seq| Mutation {
                seq,
                id: format!("m{seq}"),
                kind: "profile.create".into(),
                record_id: format!("p{seq}"),
                base_version: None,
                payload: serde_json::json!({
                    "id": format!("p{seq}"), "kind": "company", "name": format!("CV Profil {seq}"),
                    "entity_type": "cv", "capital_status": "pmdn", "npwp": "0012345678901000",
                    "created_at": "2026-12-01T00:00:00Z", "updated_at": "2026-12-01T00:00:00Z"
                }),
            })
            .collect(),
    };
    let (first, second) = (batch(1..=2), batch(3..=4));
    let err = client.push(&second).await.expect_err("a gap");
    ensure!(
        err.code().map(|c| c.as_str()) == Some("sequence_gap"),
        "{err}"
    );
    let a = client.push(&first).await?;
    let b = client.push(&second).await?;
    ensure!(
        a.results
            .iter()
            .chain(&b.results)
            .all(|r| r.outcome == Outcome::Applied)
    );
    ensure!(client.push(&first).await? == a, "a replay answers the same");
    let pulled = client.pull(0, 100).await?;
    ensure!(
        pulled.changes.len() == 4,
        "each applied once: {}",
        pulled.changes.len()
    );
    Ok(())
}

/// The server killed (SIGKILL) while it applies a large batch: the batch is one transaction, so
/// after a restart the device's changes all arrive exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_batch_loses_and_doubles_nothing() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (mut server, url) = start_server_at(&db, "127.0.0.1:0")?;
    let address = url.trim_start_matches("http://").to_owned();
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    let token = Client::new(&url)?.login("ani", PASSWORD).await?.token;
    let client = Client::new(&url)?.with_token(&token);
    let store = open_store(dir.path(), "investor").await?;
    let catalog = gerbang_catalog::catalog().map_err(anyhow::Error::msg)?;
    let index = gerbang_catalog::index().map_err(anyhow::Error::msg)?;
    let profile: gerbang_store::profiles::NewProfile = serde_json::from_str(
        r#"{"kind":"company","name":"CV Teluk Rasa","entity_type":"cv","capital_status":"pmdn","npwp":"0012345678901000"}"#,
    )?;
    let p = store.create_profile("ani", profile).await?;
    let facts: gerbang_core::facts::Facts = serde_json::from_str(&std::fs::read_to_string(
        gerbang_tests::workspace_root().join(
            "crates/gerbang-catalog/tests/catalog/cases/02-restoran-kecil-bangunan-baru.json",
        ),
    )?)?;
    let checklist = gerbang_core::engine::evaluate(&facts, catalog, index, today())?;
    store
        .create_cases_bulk("ani", &p.id, &facts, &checklist, 599, 600)
        .await?;
    ensure!(store.pending_changes().await? == 600);

    // Push (batches of 200) and kill the server while it works.
    let pushing = {
        let client = client.clone();
        let dir = dir.path().to_owned();
        tokio::spawn(async move {
            let store = open_store(&dir, "investor").await?;
            sync_now(&store, &client).await.map_err(anyhow::Error::from)
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    server.kill();
    let _ = pushing.await?;
    let left = store.pending_changes().await?;
    ensure!(
        left > 0 && left % 200 == 0,
        "whole batches only: {left} pending"
    );

    // Restart on the same database and address: everything arrives, once.
    let (_server, _) = start_server_at(&db, &address)?;
    let report = sync_now(&store, &client).await?;
    ensure!(report.applied as i64 == left, "{report:?} for {left}");
    ensure!(store.pending_changes().await? == 0);
    let other = open_store(dir.path(), "second").await?;
    sync_now(&other, &client).await?;
    let counts = other.pulled_counts().await?;
    ensure!(
        counts.get("profile") == Some(&1) && counts.get("case") == Some(&599),
        "{counts:?}"
    );
    Ok(())
}

/// A server whose database was reset (its feed is behind this device's cursor): the device is
/// told (409 cursor_ahead) and follows the new feed from its beginning instead of failing.
/// (Re-sending what the old server had is not automatic: a reset server is an operator's job.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_server_makes_devices_resync() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (mut server, url) = start_server_at(&db, "127.0.0.1:0")?;
    let address = url.trim_start_matches("http://").to_owned();
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    let store = open_store(dir.path(), "investor").await?;
    let profile: gerbang_store::profiles::NewProfile = serde_json::from_str(
        r#"{"kind":"company","name":"CV Teluk Rasa","entity_type":"cv","capital_status":"pmdn","npwp":"0012345678901000"}"#,
    )?;
    store.create_profile("ani", profile).await?;
    let token = Client::new(&url)?.login("ani", PASSWORD).await?.token;
    sync_now(&store, &Client::new(&url)?.with_token(&token)).await?;
    let before = store.sync_cursor().await?;
    ensure!(before > 0);

    // The server comes back on an empty database, with a feed shorter than the cursor.
    server.stop();
    let fresh = format!("sqlite://{}", dir.path().join("fresh.db").display());
    add_server_user(&fresh, "ani", "investor", PASSWORD)?;
    let (_server, url) = start_server_at(&fresh, &address)?;
    let token = Client::new(&url)?.login("ani", PASSWORD).await?.token;
    let client = Client::new(&url)?.with_token(&token);
    // The new feed is empty; this device's cursor is past its end.
    let report = sync_now(&store, &client).await?;
    ensure!(report.applied == 0, "nothing pending: {report:?}");
    ensure!(store.sync_cursor().await? <= before, "the cursor was reset");
    Ok(())
}
