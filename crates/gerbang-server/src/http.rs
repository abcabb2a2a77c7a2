//! The HTTP surface: every route, mounted with the layers every request passes (request id and
//! JSON errors, timeout, body limit, NUL refusal, compression, metrics).

use crate::error::ApiError;
use crate::handlers;
use crate::limits::{MAX_BODY_BYTES, REQUEST_TIMEOUT};
use crate::state::AppState;
use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

/// Refuses a path or query holding an encoded NUL (`%00`) before any handler reads it.
async fn refuse_nul(req: Request, next: axum::middleware::Next) -> Result<Response, ApiError> {
    let uri = req.uri();
    if uri.path().contains("%00") {
        return Err(ApiError::InvalidText("the path".to_owned()));
    }
    if uri.query().is_some_and(|q| q.contains("%00")) {
        return Err(ApiError::InvalidText("the query".to_owned()));
    }
    Ok(next.run(req).await)
}

/// Every (method, path) the router serves, in OpenAPI's path syntax; a test checks that the
/// OpenAPI document describes exactly these and that each is mounted.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/health"),
    ("get", "/ready"),
    ("get", "/metrics"),
    ("get", "/api/v1/openapi.json"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/catalog"),
    ("get", "/api/v1/catalog/bundle"),
    ("post", "/api/v1/sync/push"),
    ("get", "/api/v1/sync/pull"),
    ("post", "/api/v1/cases/{id}/file"),
    ("post", "/api/v1/cases/{id}/resubmit"),
    ("get", "/api/v1/blobs/{sha256}/status"),
    ("get", "/api/v1/blobs/{sha256}"),
    ("patch", "/api/v1/blobs/{sha256}"),
    ("get", "/verify/{sha256}"),
];

/// The server's routes.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/auth/login", post(handlers::auth::login))
        .route("/auth/logout", post(handlers::auth::logout))
        .route("/me", get(handlers::auth::me))
        .route("/catalog", get(handlers::catalog::catalog_meta))
        .route("/catalog/bundle", get(handlers::catalog::catalog_bundle))
        .route("/openapi.json", get(crate::openapi::openapi_json))
        .route("/sync/push", post(handlers::cases::push))
        .route("/sync/pull", get(handlers::cases::pull))
        .route("/cases/{id}/file", post(handlers::cases::file_case))
        .route("/cases/{id}/resubmit", post(handlers::cases::resubmit))
        .route("/blobs/{sha256}/status", get(handlers::blobs::status))
        .route(
            "/blobs/{sha256}",
            get(handlers::blobs::get).patch(handlers::blobs::put_chunk),
        );
    Router::new()
        .route("/health", get(handlers::server::health))
        .route("/ready", get(handlers::server::ready))
        .route("/metrics", get(crate::metrics::metrics))
        .route("/verify/{sha256}", get(handlers::verify::verify))
        .nest("/api/v1", api)
        // After routing, so each request is counted under its route's template.
        .route_layer(axum::middleware::from_fn(crate::metrics::track))
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::middleware::from_fn(refuse_nul))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        // A bug that panics answers 500 (logged), not a dropped connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        // Outside the timeout, so that a 408 (and every other error) leaves as JSON with its id.
        .layer(axum::middleware::from_fn(crate::edge::edge))
        // Pull pages and the catalog are large, repetitive JSON: gzip when the client accepts it.
        // The fastest level: on a page of changes it is within a few per cent of the default
        // level's size at a fraction of its time.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .gzip(true)
                .quality(tower_http::CompressionLevel::Fastest),
        )
        .with_state(state)
}
