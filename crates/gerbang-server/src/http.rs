//! The HTTP surface. Handlers stay thin; errors leave as JSON `{code, message}` and never
//! carry driver or internal detail.

use crate::db::Db;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use gerbang_sync::Health;
use serde::Serialize;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The server's database.
    pub db: Db,
}

/// An error as clients see it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorBody {
    /// Stable, machine-readable; clients branch on this.
    pub code: &'static str,
    /// For people; may change between versions.
    pub message: String,
}

/// Every way a request can fail, mapped once to a status code.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No such route.
    #[error("no such endpoint")]
    NotFound,
    /// The database does not answer.
    #[error("the database is not available")]
    DatabaseUnavailable,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::DatabaseUnavailable => {
                (StatusCode::SERVICE_UNAVAILABLE, "database_unavailable")
            }
        };
        let body = ErrorBody {
            code,
            message: self.to_string(),
        };
        (status, Json(body)).into_response()
    }
}

/// The server's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .fallback(|| async { ApiError::NotFound })
        .with_state(state)
}

async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.db.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "health check: database does not answer");
        ApiError::DatabaseUnavailable
    })?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: gerbang_core::VERSION.to_owned(),
        database: state.db.kind(),
    }))
}
