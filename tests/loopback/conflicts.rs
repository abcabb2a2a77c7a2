//! A conflict, settled by choosing: a case exported from one device and imported on another of
//! the same account reaches the server second, so its changes are conflicts, never overwrites;
//! the user takes the server's profile and keeps their own case, and every device converges.

use anyhow::{Context, Result, ensure};
use gerbang_store::Store;
use gerbang_sync::Client;
use gerbang_sync::engine::sync_now;
use gerbang_tests::{PASSWORD, add_server_user, start_server_on};

async fn device(dir: &std::path::Path, name: &str) -> Result<Store> {
    let data = dir.join(name);
    std::fs::create_dir_all(&data)?;
    Ok(Store::open(&data.join("gerbang.db")).await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflicts_are_kept_shown_with_both_sides_and_settled_by_choice() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (_server, url) = start_server_on(&db)?;
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    let token = Client::new(&url)?.login("ani", PASSWORD).await?.token;
    let client = Client::new(&url)?.with_token(&token);
    let catalog = gerbang_catalog::catalog().map_err(anyhow::Error::msg)?;
    let index = gerbang_catalog::index().map_err(anyhow::Error::msg)?;
    let today = time::OffsetDateTime::now_utc()
        .to_offset(gerbang_core::WITA)
        .date();

    let a = device(dir.path(), "a").await?;
    let profile: gerbang_store::profiles::NewProfile = serde_json::from_str(
        r#"{"kind":"company","name":"CV Teluk Rasa","entity_type":"cv","capital_status":"pmdn","npwp":"0012345678901000"}"#,
    )?;
    let p = a.create_profile("ani", profile).await?;
    let facts: gerbang_core::facts::Facts = serde_json::from_str(&std::fs::read_to_string(
        gerbang_tests::workspace_root().join(
            "crates/gerbang-catalog/tests/catalog/cases/02-restoran-kecil-bangunan-baru.json",
        ),
    )?)?;
    let case = a
        .create_case(
            "ani",
            &p,
            &facts,
            &gerbang_core::engine::evaluate(&facts, catalog, index, today)?,
        )
        .await?
        .summary
        .id;
    let export = a.export_case(&case).await?;
    sync_now(&a, &client).await?;

    // Device B gets the case by export/import, changes its notes, and syncs second.
    let b = device(dir.path(), "b").await?;
    b.import_case(
        "ani",
        export,
        50 << 20,
        &gerbang_core::engine::deriver(catalog, index, today),
    )
    .await?;
    b.set_case_notes("ani", &case, "catatan dari laptop kedua")
        .await?;
    let report = sync_now(&b, &client).await?;
    ensure!(report.applied == 0 && report.conflicts == 3, "{report:?}");
    let problems = b.sync_problems().await?;
    ensure!(
        problems.len() == 3 && problems.iter().all(|p| p.outcome == "conflict"),
        "{problems:?}"
    );

    // Both sides are there to show.
    let case_conflict = problems
        .iter()
        .find(|p| p.kind == "case.create")
        .context("the case conflict")?;
    let both = b.conflict(case_conflict.seq).await?;
    let gerbang_store::outbox::Sides::Case { mine, theirs } = &both.sides else {
        anyhow::bail!("a case conflict: {both:?}");
    };
    ensure!(mine.notes == "catatan dari laptop kedua", "{mine:?}");
    let theirs = theirs.clone().context("the server's copy was pulled")?;
    ensure!(theirs.notes.is_empty(), "{theirs:?}");
    ensure!(both.server_version == Some(1));

    // Take the server's profile; keep this device's case.
    let profile_conflict = problems
        .iter()
        .find(|p| p.kind == "profile.create")
        .context("the profile conflict")?;
    b.resolve_conflict(
        "ani",
        profile_conflict.seq,
        false,
        &gerbang_core::engine::deriver(catalog, index, today),
    )
    .await?;
    b.resolve_conflict(
        "ani",
        case_conflict.seq,
        true,
        &gerbang_core::engine::deriver(catalog, index, today),
    )
    .await?;
    let update = problems
        .iter()
        .find(|p| p.kind == "case.update")
        .context("the notes conflict")?;
    b.resolve_conflict(
        "ani",
        update.seq,
        true,
        &gerbang_core::engine::deriver(catalog, index, today),
    )
    .await?;
    ensure!(b.sync_problems().await?.is_empty());
    let report = sync_now(&b, &client).await?;
    ensure!(report.applied == 2 && report.conflicts == 0, "{report:?}");

    // Device A pulls B's version of the case; nobody's data was overwritten unasked.
    sync_now(&a, &client).await?;
    let third = device(dir.path(), "c").await?;
    sync_now(&third, &client).await?;
    ensure!(third.pulled_counts().await?.get("case") == Some(&1));
    let both_devices = b.case(&case).await?;
    ensure!(both_devices.notes == "catatan dari laptop kedua");
    Ok(())
}
