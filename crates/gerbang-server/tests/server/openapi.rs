//! The committed OpenAPI document describes exactly the routes the server mounts, and the
//! server serves it.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gerbang_server::http::{OPENAPI, ROUTES, router};
use tower::ServiceExt;

#[test]
fn the_document_lists_exactly_the_routes() {
    let doc: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
    let mut described: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.clone(), path.clone()))
        })
        .collect();
    let mut served: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    described.sort();
    served.sort();
    assert_eq!(described, served);
    assert_eq!(doc["openapi"], "3.1.0");
}

#[tokio::test]
async fn every_route_is_mounted_and_the_document_is_served() {
    let db = crate::databases::TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let state = crate::health::state_with(&db, dir.path()).await;
    for (method, path) in ROUTES {
        let uri = path
            .replace("{id}", "x")
            .replace("{sha256}", &"0".repeat(64));
        let response = router(state.clone())
            .oneshot(
                Request::builder()
                    .method(method.to_uppercase().as_str())
                    .uri(&uri)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
            .await
            .unwrap();
        // Unauthenticated calls are refused, but by the route, not by the 404 fallback.
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        assert!(
            !(status == StatusCode::NOT_FOUND && body["message"] == "no such endpoint")
                && status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}: {status} {body}"
        );
        if *path == "/api/v1/openapi.json" {
            assert_eq!(status, StatusCode::OK);
            assert_eq!(body["info"]["title"], "Gerbang city backend");
        }
    }
    db.cleanup().await;
}

/// Large answers (the catalog, pull pages) are gzip-compressed for clients that accept it.
#[tokio::test]
async fn large_answers_are_compressed_when_accepted() {
    let db = crate::databases::TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let response = router(crate::health::state_with(&db, dir.path()).await)
        .oneshot(
            Request::get("/api/v1/catalog/bundle")
                .header("accept-encoding", "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get("content-encoding")
            .map(|v| v.as_bytes()),
        Some(&b"gzip"[..])
    );
    let compressed = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    let plain = gerbang_server::http::Published::embedded_shared()
        .unwrap()
        .bundle
        .len();
    assert!(
        compressed.len() * 4 < plain,
        "{} compressed vs {plain}",
        compressed.len()
    );
    db.cleanup().await;
}
