//! `GET /health` and the JSON error shape, through the router (no socket), on both databases.

use crate::databases::TestDb;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use gerbang_server::{http::router, state::AppState};
use gerbang_wire::{DatabaseKind, Health};
use tower::ServiceExt;

/// A server state on `db`, started as the binary starts it (catalog published, cursor key).
pub(crate) async fn state_with(db: &TestDb, blobs: &std::path::Path) -> AppState {
    AppState::new(
        db.db.clone(),
        gerbang_server::objects::Blobs::local(blobs).unwrap(),
        gerbang_server::state::Published::embedded_shared().unwrap(),
    )
    .await
    .unwrap()
}

async fn state(db: &TestDb) -> AppState {
    state_with(db, &std::env::temp_dir().join("gerbang-health-blobs")).await
}

async fn get(db: &TestDb, path: &str) -> (StatusCode, serde_json::Value) {
    get_on(state(db).await, path).await
}

async fn get_on(state: AppState, path: &str) -> (StatusCode, serde_json::Value) {
    let response = router(state)
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

async fn health_reports_version_and_kind(db: TestDb, kind: DatabaseKind) {
    let (status, body) = get(&db, "/health").await;
    assert_eq!(status, StatusCode::OK);
    let health: Health = serde_json::from_value(body).unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(health.database, kind);
    assert_eq!(
        db.db.applied_migrations().await.unwrap(),
        db.db.known_migrations() as i64,
        "every migration ran at start"
    );
    db.cleanup().await;
}

#[tokio::test]
async fn health_on_sqlite() {
    health_reports_version_and_kind(TestDb::sqlite().await, DatabaseKind::Sqlite).await;
}

#[tokio::test]
async fn health_on_postgres() {
    health_reports_version_and_kind(TestDb::postgres().await, DatabaseKind::Postgres).await;
}

#[tokio::test]
async fn connecting_twice_does_not_rerun_migrations() {
    let first = TestDb::postgres().await;
    let again = gerbang_server::db::Db::connect(&first.url).await.unwrap();
    assert_eq!(
        again.applied_migrations().await.unwrap(),
        again.known_migrations() as i64
    );
    again.close().await;
    first.cleanup().await;
}

#[tokio::test]
async fn unknown_routes_answer_json_404() {
    let db = TestDb::sqlite().await;
    let (status, body) = get(&db, "/no/such/thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
    assert_eq!(body["message"], "no such endpoint");
    db.cleanup().await;
}

#[tokio::test]
async fn a_closed_database_makes_ready_503_without_leaking_detail() {
    let db = TestDb::sqlite().await;
    let state = state(&db).await;
    db.db.close().await;
    // Still live (an orchestrator must not restart it for the database's outage) …
    let (status, _) = get_on(state.clone(), "/health").await;
    assert_eq!(status, StatusCode::OK);
    // … but not ready.
    let (status, body) = get_on(state, "/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["code"], "database_unavailable");
    assert_eq!(body["message"], "the database is not available");
    db.cleanup().await;
}
