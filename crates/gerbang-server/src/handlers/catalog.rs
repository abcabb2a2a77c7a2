//! The catalog the server publishes: its version and hash, and its bundle (gzipped once).

use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

/// The catalog this server publishes: its version and the SHA-256 of its bundle. Clients
/// with an older catalog download the bundle and derive their open drafts again.
#[utoipa::path(get, path = gerbang_wire::routes::CATALOG, tag = "catalog", responses(
    (status = 200, description = "The published catalog.", body = gerbang_wire::CatalogInfo),
))]
pub(crate) async fn catalog_meta(State(state): State<AppState>) -> Json<gerbang_wire::CatalogInfo> {
    Json(gerbang_wire::CatalogInfo {
        version: state.catalog.version.clone(),
        sha256: state.catalog.sha256.clone(),
        size: state.catalog.bundle.len() as u64,
    })
}

/// The catalog data as one JSON document (rules, permits, KBLI 2020/2025, sources).
#[utoipa::path(get, path = gerbang_wire::routes::CATALOG_BUNDLE, tag = "catalog", responses(
    (status = 200, description = "The bundle (gzip when accepted).", body = crate::schema::Document),
))]
pub(crate) async fn catalog_bundle(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    use axum::http::header;
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    if !gzip {
        return Ok((
            [(header::CONTENT_TYPE, "application/json")],
            state.catalog.bundle.clone(),
        )
            .into_response());
    }
    let bytes = match state.catalog.gzipped.get() {
        Some(b) => b.clone(),
        None => {
            let catalog = state.catalog.clone();
            let made = tokio::task::spawn_blocking(move || {
                use std::io::Write;
                let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                z.write_all(catalog.bundle.as_bytes())?;
                z.finish()
            })
            .await
            .map_err(|_| ApiError::Internal)?
            .map_err(|e| {
                tracing::error!(error = %e, "cannot gzip the catalog bundle");
                ApiError::Internal
            })?;
            state
                .catalog
                .gzipped
                .get_or_init(|| axum::body::Bytes::from(made))
                .clone()
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CONTENT_ENCODING, "gzip"),
            (header::VARY, "accept-encoding"),
        ],
        bytes,
    )
        .into_response())
}
