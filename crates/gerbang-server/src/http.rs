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
use gerbang_wire::routes;

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

/// Every (method, path) the router serves, in OpenAPI's path syntax (declared once, in
/// `gerbang_wire::routes`); a test checks that the OpenAPI document describes exactly these and
/// that each is mounted.
pub const ROUTES: &[(&str, &str)] = routes::ALL;

/// The server's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(routes::HEALTH, get(handlers::server::health))
        .route(routes::READY, get(handlers::server::ready))
        .route(routes::METRICS, get(crate::metrics::metrics))
        .route(routes::OPENAPI, get(crate::openapi::openapi_json))
        .route(routes::LOGIN, post(handlers::auth::login))
        .route(routes::LOGOUT, post(handlers::auth::logout))
        .route(routes::ME, get(handlers::auth::me))
        .route(routes::CATALOG, get(handlers::catalog::catalog_meta))
        .route(
            routes::CATALOG_BUNDLE,
            get(handlers::catalog::catalog_bundle),
        )
        .route(routes::SYNC_PUSH, post(handlers::cases::push))
        .route(routes::SYNC_PULL, get(handlers::cases::pull))
        .route(routes::CASE_FILE, post(handlers::cases::file_case))
        .route(routes::CASE_RESUBMIT, post(handlers::cases::resubmit))
        .route(routes::BLOB_STATUS, get(handlers::blobs::status))
        .route(
            routes::BLOB,
            get(handlers::blobs::get).patch(handlers::blobs::put_chunk),
        )
        .route(routes::VERIFY, get(handlers::verify::verify))
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
