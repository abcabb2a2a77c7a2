//! What both shells ask of the application, answered once: the case list with its paging, the
//! sync status with the memory of the last sync, and a batch of packs that goes on past a case
//! it cannot pack. An application on a real SQLite file.

mod common;

use common::{company, shop};
use gerbang_app::views::{CaseListQuery, PackProgress};
use gerbang_app::{App, FailureKind, PackOptions, PackProgressSink};
use gerbang_core::facts::EntityType;
use std::sync::{Arc, Mutex};

async fn app(dir: &tempfile::TempDir) -> App {
    App::open(dir.path(), "ani")
        .await
        .expect("opens")
        .with_server("http://127.0.0.1:9")
}

#[tokio::test]
async fn the_case_list_counts_on_its_first_page_and_pages_after_the_last_row() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir).await;
    let rasa = app.create_profile(company("CV Teluk Rasa")).await.unwrap();
    let kopi = app
        .create_profile(company("CV Kopi Manggar"))
        .await
        .unwrap();
    for kbli in ["56101", "47111"] {
        app.create_case(&rasa.id, shop(kbli)).await.unwrap();
    }
    app.create_case(&kopi.id, shop("56101")).await.unwrap();
    let first = app
        .cases(&CaseListQuery {
            limit: 2,
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!((first.rows.len(), first.total), (2, Some(3)));
    assert!(first.rows.iter().all(|r| r.updated.ends_with("WITA")));
    let next = app
        .cases(&CaseListQuery {
            limit: 2,
            after: Some(first.rows[1].summary.id.clone()),
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!((next.rows.len(), next.total), (1, None));
    assert!(
        first
            .rows
            .iter()
            .all(|r| r.summary.id != next.rows[0].summary.id)
    );
    // One client's cases, and words.
    let kopi_only = app
        .cases(&CaseListQuery {
            limit: 10,
            client_id: Some(kopi.id.clone()),
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(kopi_only.total, Some(1));
    assert_eq!(kopi_only.rows[0].summary.profile_name, "CV Kopi Manggar");
    let words = app
        .cases(&CaseListQuery {
            limit: 10,
            search: Some("manggar".into()),
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(words.total, Some(1));
}

#[tokio::test]
async fn a_failed_sync_is_remembered_for_the_status_and_a_failed_sign_in_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir).await;
    // Not signed in: the status names the configured backend and no account.
    let status = app.sync_status().await.unwrap();
    assert_eq!(status.server_url, "http://127.0.0.1:9");
    assert!(status.account.is_none() && status.last_error.is_none());
    // Signed in (as remembered offline) to a backend that does not answer.
    let store = gerbang_store::Store::open(&dir.path().join("gerbang.db"))
        .await
        .unwrap();
    store
        .set_sync_session(Some(&gerbang_store::outbox::SavedSession {
            server: "http://127.0.0.1:9".to_owned(),
            token: "t".to_owned(),
            username: "ani".to_owned(),
            role: "investor".to_owned(),
            expires_at: "2099-01-01T00:00:00Z".to_owned(),
            token_in_keyring: false,
        }))
        .await
        .unwrap();
    let p = app.create_profile(company("CV Teluk Rasa")).await.unwrap();
    app.create_case(&p.id, shop("56101")).await.unwrap();
    let err = app.sync_once().await.expect_err("nobody answers");
    assert_eq!(err.failure().code, FailureKind::ServerUnreachable);
    let status = app.sync_status().await.unwrap();
    assert_eq!(
        status.last_error.as_ref().map(|e| e.code),
        Some(FailureKind::ServerUnreachable)
    );
    assert_eq!(
        status.account.as_ref().map(|a| a.username.as_str()),
        Some("ani")
    );
    assert!(
        status.pending >= 2,
        "the profile and the case wait: {}",
        status.pending
    );
    assert!(!status.syncing && status.progress.is_none());
    // A sign-in to a backend that does not answer fails too, and keeps the last failure.
    assert!(app.sign_in("http://127.0.0.1:9", "ani", "x").await.is_err());
    assert!(app.sync_status().await.unwrap().last_error.is_some());
}

#[tokio::test]
async fn a_batch_of_packs_goes_on_past_a_case_it_cannot_pack_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let app = app(&dir).await;
    let p = app.create_profile(company("CV Teluk Rasa")).await.unwrap();
    let c = app.create_case(&p.id, shop("56101")).await.unwrap();
    let seen: Arc<Mutex<Vec<PackProgress>>> = Arc::default();
    let sink: PackProgressSink = {
        let seen = Arc::clone(&seen);
        Arc::new(move |p| seen.lock().unwrap().push(p))
    };
    let ids = vec!["no-such-case".to_owned(), c.summary.id.clone()];
    let batch = app
        .write_packs(&ids, out.path(), PackOptions::default(), &sink)
        .await
        .unwrap();
    assert_eq!(batch.packs.len(), 1);
    assert!(std::path::Path::new(&batch.packs[0].path).is_file());
    assert!(batch.packs[0].pages > 0);
    assert_eq!(batch.failed.len(), 1);
    let failed = &batch.failed[0];
    assert_eq!(failed.name, "no-such-case");
    assert_eq!(
        failed
            .failure
            .as_ref()
            .and_then(|f| f.problem.as_ref())
            .map(|p| p.code.as_str()),
        Some("not_found")
    );
    // Progress: the second case's steps, then the batch done.
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen.iter()
            .any(|p| p.case_index == 1 && p.stage == "writing")
    );
    assert_eq!(
        seen.last().map(|p| (p.stage.as_str(), p.case_index)),
        Some(("done", 2))
    );
    // An empty batch is refused before anything is written.
    let err = app
        .write_packs(&[], out.path(), PackOptions::default(), &sink)
        .await
        .expect_err("no cases");
    assert_eq!(err.failure().code, FailureKind::InvalidInput);
}

#[tokio::test]
async fn facts_that_do_not_evaluate_or_contradict_the_profile_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir).await;
    let p = app.create_profile(company("CV Teluk Rasa")).await.unwrap();
    let err = app
        .create_case(&p.id, shop("56199"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("activities[0].kbli: KBLI 56199 is not"),
        "{err}"
    );
    let mut pt = shop("56101");
    pt.entity_type = EntityType::Pt;
    let refused = app.create_case(&p.id, pt).await.unwrap_err().failure();
    assert_eq!(
        (
            refused.field.as_deref(),
            refused.problem.as_ref().map(|p| p.code.as_str())
        ),
        (Some("entity_type"), Some("facts_profile_mismatch"))
    );
    let err = app
        .create_case("no-such-id", shop("56101"))
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(err, "no profile with id no-such-id");
    let none = app
        .cases(&CaseListQuery {
            limit: 10,
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(none.total, Some(0), "nothing half-written");
}
