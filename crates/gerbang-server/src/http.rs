//! The HTTP surface. Handlers stay thin; errors leave as JSON `{code, message}` and never
//! carry driver or internal detail (that goes to the log).

use crate::auth::{self, Caller};
use crate::db::Db;
use crate::edge::{Params, Segment};
use crate::sync;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gerbang_wire::{
    Account, FileRequest, LoginRequest, PullResponse, PushRequest, PushResponse, Receipt,
    ResubmitReceipt, ResubmitRequest, Role, Session,
};
use gerbang_wire::{ErrorCode, Health};
use serde::Serialize;
use std::time::Duration;

/// The largest request body accepted (a push batch of case snapshots).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// The most changes one pull page may ask for.
pub const MAX_PULL_LIMIT: i64 = 2000;
/// How long a request may take before it is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The server's database.
    pub db: Db,
    /// Where document contents are kept (by SHA-256).
    pub blobs: std::path::PathBuf,
    /// The catalog this server publishes now (every version it published stays known: see
    /// [`crate::catalogs`]).
    pub catalog: std::sync::Arc<Published>,
    /// Failed sign-ins, per account and address.
    pub throttle: std::sync::Arc<crate::throttle::Throttle>,
    /// Seals pull cursors.
    pub cursors: crate::cursor::CursorKey,
}

impl AppState {
    /// The state of a server on `db` keeping files in `blobs` and publishing `catalog`
    /// (recorded among the versions it has published).
    pub async fn new(
        db: Db,
        blobs: std::path::PathBuf,
        catalog: std::sync::Arc<Published>,
    ) -> Result<AppState, String> {
        crate::catalogs::publish(&db, &catalog).await?;
        crate::upgrade::run(&db)
            .await
            .map_err(|e| format!("cannot bring the stored records up to date: {e}"))?;
        let cursors = crate::cursor::CursorKey::load(&db)
            .await
            .map_err(|e| format!("cannot read the pull cursor key: {e}"))?;
        Ok(AppState {
            db,
            blobs,
            catalog,
            throttle: std::sync::Arc::default(),
            cursors,
        })
    }
}

/// A catalog as published: its version, the SHA-256 of its bundle, and the bundle.
#[derive(Debug, Clone)]
pub struct Published {
    /// The catalog's version.
    pub version: String,
    /// SHA-256 (hex) of `bundle`.
    pub sha256: String,
    /// The catalog data as one JSON document.
    pub bundle: String,
}

impl Published {
    /// The catalog built into this server.
    pub fn embedded() -> Result<Published, String> {
        let c = gerbang_catalog::catalog().map_err(|e| e.to_string())?;
        let bundle = gerbang_catalog::bundle(c).map_err(|e| e.to_string())?;
        Ok(Published {
            version: c.version().to_owned(),
            sha256: gerbang_catalog::bundle_hash(&bundle),
            bundle,
        })
    }

    /// The built-in catalog, made once per process and shared.
    pub fn embedded_shared() -> Result<std::sync::Arc<Published>, String> {
        static SHARED: std::sync::OnceLock<Result<std::sync::Arc<Published>, String>> =
            std::sync::OnceLock::new();
        SHARED
            .get_or_init(|| Published::embedded().map(std::sync::Arc::new))
            .clone()
    }

    /// A bundle file (checked like the embedded catalog).
    pub fn from_file(path: &std::path::Path) -> Result<Published, String> {
        let bundle = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the catalog {}: {e}", path.display()))?;
        let c = gerbang_catalog::from_bundle(&bundle)
            .map_err(|e| format!("the catalog {} is not usable: {e}", path.display()))?;
        Ok(Published {
            version: c.version().to_owned(),
            sha256: c.content_hash.clone(),
            bundle,
        })
    }
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
    /// No such record, or not one this account may see (the same answer, so ids do not leak).
    #[error("no such {0}")]
    NoSuch(&'static str),
    /// The database does not answer.
    #[error("the database is not available")]
    DatabaseUnavailable,
    /// No token, or an expired or revoked one.
    #[error("sign in first (no valid token)")]
    Unauthenticated,
    /// Wrong user name or password.
    #[error("wrong user name or password")]
    BadCredentials,
    /// Signed in, but this role may not do this.
    #[error("this account may not do that")]
    Forbidden,
    /// The request is malformed; the message says how.
    #[error("{0}")]
    Invalid(String),
    /// A push skipped sequence numbers: nothing was applied.
    #[error("sequence gap for this device: expected seq {expected}, got {got}")]
    SequenceGap {
        /// The next seq the server expects.
        expected: i64,
        /// The first seq of the push.
        got: i64,
    },
    /// A pull cursor beyond the feed (another server, or a reset database): resync.
    #[error("cursor {0} is beyond this server's feed: resync from 0")]
    CursorAhead(i64),
    /// Filing refused: required items without documents.
    #[error("the checklist is not complete: no document for {}", .0.join(", "))]
    Incomplete(Vec<String>),
    /// Filing refused: the server's copy is not what the client filed.
    #[error("{0}")]
    Mismatch(String),
    /// Filing refused: documents whose content has not been uploaded.
    #[error("the content of {} has not been uploaded yet", .0.join(", "))]
    ContentMissing(Vec<String>),
    /// An upload chunk at the wrong offset: continue from `received`.
    #[error("the server has {received} bytes of this file: continue from there")]
    OffsetMismatch {
        /// Bytes the server holds.
        received: u64,
    },
    /// An uploaded file does not hash to its name: discarded.
    #[error("the uploaded content does not match its SHA-256; it was discarded")]
    HashMismatch,
    /// A review rule refused the request (e.g. resubmitting a case nobody asked to revise).
    #[error("{message}")]
    Rule {
        /// The rule's code (`not_waiting`, …).
        code: &'static str,
        /// What to do instead.
        message: String,
    },
    /// Text no database can store (a NUL byte), in the body, the path or the query.
    #[error("{0} holds a NUL character, which cannot be stored")]
    InvalidText(String),
    /// This device already used this mutation id for another change.
    #[error("mutation id {id} was already used by this device for seq {seq}")]
    MutationIdReused {
        /// The id.
        id: String,
        /// The seq it was used for.
        seq: i64,
    },
    /// A refusal with its own code (records, catalogs, content types).
    #[error("{message}")]
    Refused {
        /// The code.
        code: ErrorCode,
        /// What is wrong.
        message: String,
    },
    /// A push with more mutations than the server takes at once.
    #[error("a push may carry at most {max} mutations; this one has {0}: send them in batches", max = gerbang_wire::MAX_PUSH_MUTATIONS)]
    TooManyMutations(usize),
    /// Too many failed sign-ins for this account or from this address.
    #[error("too many failed sign-ins: try again in {0} s")]
    TooManyAttempts(u64),
    /// The route exists, but not with this method.
    #[error("this endpoint does not answer this method")]
    MethodNotAllowed,
    /// A body larger than the server accepts.
    #[error("the request body is larger than {} MiB", MAX_BODY_BYTES / (1024 * 1024))]
    TooLarge,
    /// Something broke on the server (logged with detail).
    #[error("internal error")]
    Internal,
}

impl ApiError {
    /// Its code and HTTP status.
    pub fn code(&self) -> (StatusCode, ErrorCode) {
        match self {
            ApiError::NotFound | ApiError::NoSuch(_) => {
                (StatusCode::NOT_FOUND, ErrorCode::NotFound)
            }
            ApiError::DatabaseUnavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::DatabaseUnavailable,
            ),
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated),
            ApiError::BadCredentials => (StatusCode::UNAUTHORIZED, ErrorCode::BadCredentials),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            ApiError::Invalid(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest),
            ApiError::InvalidText(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidText),
            ApiError::SequenceGap { .. } => (StatusCode::CONFLICT, ErrorCode::SequenceGap),
            ApiError::MutationIdReused { .. } => {
                (StatusCode::CONFLICT, ErrorCode::MutationIdReused)
            }
            ApiError::CursorAhead(_) => (StatusCode::CONFLICT, ErrorCode::CursorAhead),
            ApiError::Incomplete(_) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Incomplete),
            ApiError::Mismatch(_) => (StatusCode::CONFLICT, ErrorCode::SnapshotMismatch),
            ApiError::ContentMissing(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ContentMissing)
            }
            ApiError::OffsetMismatch { .. } => (StatusCode::CONFLICT, ErrorCode::OffsetMismatch),
            ApiError::HashMismatch => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::HashMismatch),
            ApiError::Rule { code, .. } => (StatusCode::CONFLICT, ErrorCode::from_rule(code)),
            ApiError::Refused { code, .. } => (StatusCode::UNPROCESSABLE_ENTITY, *code),
            ApiError::TooManyMutations(_) => {
                (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooManyMutations)
            }
            ApiError::TooManyAttempts(_) => {
                (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyAttempts)
            }
            ApiError::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed)
            }
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge),
            ApiError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                tracing::warn!(error = %e, "database unavailable");
                ApiError::DatabaseUnavailable
            }
            e => {
                tracing::error!(error = %e, "database error");
                ApiError::Internal
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.code();
        let code = code.as_str();
        let body = ErrorBody {
            code,
            message: self.to_string(),
        };
        let mut response = (status, Json(body)).into_response();
        if let ApiError::TooManyAttempts(seconds) = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

/// A JSON body whose rejection (malformed, wrong type, too large) is a JSON error too, and
/// whose text holds nothing a database cannot store (a NUL character is refused by field).
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<S, T> FromRequest<S> for Body<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| crate::edge::body_rejection(&e))?;
        // JSON can only spell NUL as the escape \u0000; where that text occurs, find the field.
        if bytes.windows(6).any(|w| w == b"\\u0000")
            && let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes)
            && let Some(field) = nul_field(&v, "")
        {
            return Err(ApiError::InvalidText(field));
        }
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(&bytes))
            .map(Body)
            .map_err(|e| {
                let path = e.path().to_string();
                let what = crate::edge::plain(&e.inner().to_string());
                ApiError::Invalid(if path == "." {
                    format!("the body is not valid: {what}")
                } else {
                    format!("{path}: {what}")
                })
            })
    }
}

/// The first string (a key or a value, as a path) holding a NUL character.
fn nul_field(v: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    let here = || {
        if at.is_empty() {
            "the body".to_owned()
        } else {
            at.to_owned()
        }
    };
    match v {
        Value::String(s) if s.contains('\0') => Some(here()),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let path = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            if k.contains('\0') {
                Some(path)
            } else {
                nul_field(v, &path)
            }
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_field(v, &format!("{at}[{i}]"))),
        _ => None,
    }
}

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

/// The API description served at `/api/v1/openapi.json` (committed beside the crate).
pub const OPENAPI: &str = include_str!("../api/openapi.json");

/// Every (method, path) the router serves, in OpenAPI's path syntax; a test checks that the
/// OpenAPI document describes exactly these and that each is mounted.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/health"),
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
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/me", get(me))
        .route("/catalog", get(catalog_meta))
        .route("/catalog/bundle", get(catalog_bundle))
        .route(
            "/openapi.json",
            get(|| async {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    OPENAPI,
                )
            }),
        )
        .route("/sync/push", post(push))
        .route("/sync/pull", get(pull))
        .route("/cases/{id}/file", post(file_case))
        .route("/cases/{id}/resubmit", post(resubmit))
        .route("/blobs/{sha256}/status", get(crate::blobs::status))
        .route(
            "/blobs/{sha256}",
            get(crate::blobs::get).patch(crate::blobs::put_chunk),
        );
    Router::new()
        .route("/health", get(health))
        .route("/verify/{sha256}", get(crate::verify::verify))
        .nest("/api/v1", api)
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::middleware::from_fn(refuse_nul))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        // Outside the timeout, so that a 408 (and every other error) leaves as JSON with its id.
        .layer(axum::middleware::from_fn(crate::edge::edge))
        // Pull pages and the catalog are large, repetitive JSON: gzip when the client accepts it.
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
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

async fn login(
    State(state): State<AppState>,
    crate::edge::Peer(peer): crate::edge::Peer,
    Body(req): Body<LoginRequest>,
) -> Result<Json<Session>, ApiError> {
    let now = std::time::Instant::now();
    if let Err(wait) = state.throttle.check(&req.username, peer, now) {
        tracing::info!(user = %req.username, ?peer, wait, "sign-in throttled");
        return Err(ApiError::TooManyAttempts(wait));
    }
    let session = auth::login(&state.db, &req.username, &req.password).await;
    match &session {
        Ok(s) => {
            state.throttle.succeeded(&req.username, peer);
            tracing::info!(user = %s.user.username, "signed in");
        }
        Err(ApiError::BadCredentials) => {
            state.throttle.failed(&req.username, peer, now);
            tracing::info!(user = %req.username, ?peer, "sign-in refused");
        }
        Err(_) => {}
    }
    Ok(Json(session?))
}

async fn logout(State(state): State<AppState>, caller: Caller) -> Result<StatusCode, ApiError> {
    caller.sign_out(&state.db).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn catalog_meta(State(state): State<AppState>) -> Json<gerbang_wire::CatalogInfo> {
    Json(gerbang_wire::CatalogInfo {
        version: state.catalog.version.clone(),
        sha256: state.catalog.sha256.clone(),
        size: state.catalog.bundle.len() as u64,
    })
}

async fn catalog_bundle(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        state.catalog.bundle.clone(),
    )
}

async fn me(caller: Caller) -> Json<Account> {
    Json(caller.account)
}

async fn push(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    caller.require(&[Role::Investor, Role::Consultant, Role::Officer])?;
    Ok(Json(sync::push(&state.db, &caller.account, req).await?))
}

#[derive(Debug, serde::Deserialize)]
struct PullParams {
    #[serde(default)]
    after: i64,
    limit: Option<i64>,
}

async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    Params(p): Params<PullParams>,
) -> Result<Json<PullResponse>, ApiError> {
    caller.require(&[Role::Investor, Role::Consultant, Role::Officer])?;
    let limit = p.limit.unwrap_or(500);
    if !(1..=MAX_PULL_LIMIT).contains(&limit) {
        return Err(ApiError::Invalid(format!(
            "query parameter limit: {limit} is not between 1 and {MAX_PULL_LIMIT}"
        )));
    }
    Ok(Json(
        sync::pull(&state.db, &state.cursors, &caller.account, p.after, limit).await?,
    ))
}

async fn resubmit(
    State(state): State<AppState>,
    caller: Caller,
    Segment(id): Segment,
    Body(req): Body<ResubmitRequest>,
) -> Result<Json<ResubmitReceipt>, ApiError> {
    caller.require(&[Role::Investor, Role::Consultant])?;
    Ok(Json(
        crate::review::resubmit(
            &state.db,
            &state.blobs,
            &caller.account,
            &id,
            &req.snapshot_hash,
        )
        .await?,
    ))
}

async fn file_case(
    State(state): State<AppState>,
    caller: Caller,
    Segment(id): Segment,
    Body(req): Body<FileRequest>,
) -> Result<Json<Receipt>, ApiError> {
    caller.require(&[Role::Investor, Role::Consultant])?;
    Ok(Json(
        sync::file_case(&state.db, &state.blobs, &caller.account, &id, &req).await?,
    ))
}
