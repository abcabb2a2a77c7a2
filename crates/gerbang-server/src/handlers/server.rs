//! The server's own routes: liveness and readiness for the load balancer and orchestrator.

use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use gerbang_wire::Health;

/// The process is up and serving (liveness: it does not wait on the database, so a database
/// outage does not make an orchestrator restart every replica).
#[utoipa::path(get, path = gerbang_wire::routes::HEALTH, tag = "server", responses(
    (status = 200, description = "Up.", body = Health),
))]
pub(crate) async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
        version: gerbang_core::VERSION.to_owned(),
        database: state.db.kind(),
    })
}

/// Ready for traffic: the database and the document store both answer (readiness: a load
/// balancer sends requests only to a replica that says so).
#[utoipa::path(get, path = gerbang_wire::routes::READY, tag = "server", responses(
    (status = 200, description = "Ready; the database and the document store answer.", body = Health),
    (status = 503, description = "`database_unavailable` or `storage_unavailable`.", body = crate::schema::ErrorBody),
))]
pub(crate) async fn ready(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.db.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "readiness: the database does not answer");
        ApiError::DatabaseUnavailable
    })?;
    state.blobs.reachable().await.map_err(|e| {
        tracing::warn!(error = %e, "readiness: the document store does not answer");
        ApiError::StorageUnavailable
    })?;
    Ok(health(State(state)).await)
}
