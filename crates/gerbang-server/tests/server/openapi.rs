//! The committed OpenAPI document describes exactly the routes the server mounts, and the
//! server serves it.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gerbang_server::http::{ROUTES, router};
use tower::ServiceExt;

/// The committed copy is the generated document; `GERBANG_BLESS=1 cargo test -p
/// gerbang-server openapi` rewrites it.
#[test]
fn the_committed_document_is_the_generated_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("api/openapi.json");
    let generated = gerbang_server::openapi::document();
    if std::env::var_os("GERBANG_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "api/openapi.json is stale: run `GERBANG_BLESS=1 cargo test -p gerbang-server openapi` and commit"
    );
    let doc: serde_json::Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "Gerbang city backend");
}

#[test]
fn the_document_lists_exactly_the_routes() {
    let mut described = gerbang_server::openapi::operations();
    let mut served: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    described.sort();
    served.sort();
    assert_eq!(described, served);
}

/// Every error answer a route can give is described with the error body, and the limits the
/// server enforces are the ones the document states.
#[test]
fn errors_and_limits_are_described() {
    let doc: serde_json::Value =
        serde_json::from_str(&gerbang_server::openapi::document()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for status in ["400", "408", "500", "503"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path}: no {status}"
                );
            }
            if op.get("security").is_some() {
                assert!(responses.contains_key("401"), "{method} {path}: no 401");
            }
            if op.get("requestBody").is_some() {
                assert!(responses.contains_key("413"), "{method} {path}: no 413");
            }
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    let json = &response["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(
                        json, "#/components/schemas/ErrorBody",
                        "{method} {path} {status}"
                    );
                }
            }
        }
    }
    let limit = doc["paths"]["/api/v1/sync/pull"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "limit")
        .unwrap();
    assert_eq!(
        limit["schema"]["maximum"],
        gerbang_server::limits::MAX_PULL_LIMIT
    );
    let push = &doc["components"]["schemas"]["PushRequest"]["properties"];
    assert_eq!(
        push["mutations"]["maxItems"],
        gerbang_wire::MAX_PUSH_MUTATIONS
    );
    assert_eq!(push["device_id"]["maxLength"], 100);
    let body = &doc["components"]["schemas"]["ErrorBody"];
    assert_eq!(
        body["required"],
        serde_json::json!(["code", "message", "request_id"])
    );
    let codes = body["properties"]["code"]["$ref"].as_str().unwrap();
    assert_eq!(codes, "#/components/schemas/ErrorCode");
    let login = &doc["paths"]["/api/v1/auth/login"]["post"]["responses"]["429"];
    assert!(login["headers"]["Retry-After"].is_object(), "{login}");
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
    let plain = gerbang_server::state::Published::embedded_shared()
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
