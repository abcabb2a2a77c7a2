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
    pub blobs: crate::blobs::Blobs,
    /// The catalog this server publishes now (every version it published stays known: see
    /// [`crate::catalogs`]).
    pub catalog: std::sync::Arc<Published>,
    /// Failed sign-ins, per account and address (counted in the database).
    pub throttle: crate::throttle::Throttle,
    /// Seals pull cursors.
    pub cursors: crate::cursor::CursorKey,
}

impl AppState {
    /// The state of a server on `db` keeping files in `blobs` and publishing `catalog`
    /// (recorded among the versions it has published).
    pub async fn new(
        db: Db,
        blobs: crate::blobs::Blobs,
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
            throttle: crate::throttle::Throttle,
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
    /// `bundle` gzipped at the best level, made at the first download that accepts gzip (the
    /// answers the compression layer makes on the fly use its fastest level).
    pub gzipped: std::sync::Arc<std::sync::OnceLock<axum::body::Bytes>>,
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
            gzipped: Default::default(),
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
            gzipped: Default::default(),
        })
    }
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
    /// The document store does not answer (logged with detail).
    #[error("the document store is not available")]
    StorageUnavailable,
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
            ApiError::StorageUnavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::StorageUnavailable,
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
        // The edge adds `request_id` (see `crate::openapi::ErrorBody`, the documented shape).
        let body = serde_json::json!({ "code": code.as_str(), "message": self.to_string() });
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

/// A case, by its id.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Read by `Segment`; declared for the API description.
pub(crate) struct CasePath {
    /// The case's id.
    id: String,
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "server", responses(
    (status = 200, description = "The OpenAPI 3.1 description of this API.", body = crate::openapi::Document),
))]
pub(crate) async fn openapi_json() -> impl IntoResponse {
    static DOCUMENT: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(crate::openapi::document);
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

/// The server's routes.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/me", get(me))
        .route("/catalog", get(catalog_meta))
        .route("/catalog/bundle", get(catalog_bundle))
        .route("/openapi.json", get(openapi_json))
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
        .route("/ready", get(ready))
        .route("/metrics", get(crate::metrics::metrics))
        .route("/verify/{sha256}", get(crate::verify::verify))
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

/// The process is up and serving (liveness: it does not wait on the database, so a database
/// outage does not make an orchestrator restart every replica).
#[utoipa::path(get, path = "/health", tag = "server", responses(
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
#[utoipa::path(get, path = "/ready", tag = "server", responses(
    (status = 200, description = "Ready; the database and the document store answer.", body = Health),
    (status = 503, description = "`database_unavailable` or `storage_unavailable`.", body = crate::openapi::ErrorBody),
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

/// Sign in; answers a bearer token valid for 30 days. Failed attempts are throttled per
/// account, per address and per both (doubling waits); a throttled attempt is refused with
/// 429 and `Retry-After`, and the account-wide wait never exceeds a minute.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = Session),
        (status = 401, description = "`bad_credentials`: wrong user name or password.", body = crate::openapi::ErrorBody),
        (status = 429, description = "`too_many_attempts`: wait before trying again.", body = crate::openapi::ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ))]
pub(crate) async fn login(
    State(state): State<AppState>,
    crate::edge::Peer(peer): crate::edge::Peer,
    Body(req): Body<LoginRequest>,
) -> Result<Json<Session>, ApiError> {
    let now = crate::throttle::now_ms();
    if let Err(wait) = state
        .throttle
        .check(&state.db, &req.username, peer, now)
        .await?
    {
        tracing::info!(user = %req.username, ?peer, wait, "sign-in throttled");
        return Err(ApiError::TooManyAttempts(wait));
    }
    let session = auth::login(&state.db, &req.username, &req.password).await;
    match &session {
        Ok(s) => {
            state
                .throttle
                .succeeded(&state.db, &req.username, peer)
                .await?;
            tracing::info!(user = %s.user.username, "signed in");
        }
        Err(ApiError::BadCredentials) => {
            state
                .throttle
                .failed(&state.db, &req.username, peer, now)
                .await?;
            tracing::info!(user = %req.username, ?peer, "sign-in refused");
        }
        Err(_) => {}
    }
    Ok(Json(session?))
}

/// Revoke the token this request carries.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Signed out: the token no longer works.")))]
pub(crate) async fn logout(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    caller.sign_out(&state.db).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The catalog this server publishes: its version and the SHA-256 of its bundle. Clients
/// with an older catalog download the bundle and derive their open drafts again.
#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalog", responses(
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
#[utoipa::path(get, path = "/api/v1/catalog/bundle", tag = "catalog", responses(
    (status = 200, description = "The bundle (gzip when accepted).", body = crate::openapi::Document),
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

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, description = "Who the token belongs to.", body = Account)))]
pub(crate) async fn me(caller: Caller) -> Json<Account> {
    Json(caller.account)
}

/// Apply a device's mutations at most once each. Investors and consultants push profiles,
/// cases and documents; officers push review actions (`review.action`, payload
/// `{action, base}`: a verdict on an item, a revision request, an approval or a rejection,
/// made on version `base` of the item or the review; a stale base is a conflict, never an
/// overwrite). Each mutation's payload is checked against its kind; one that does not parse,
/// or sets what only the server sets, is rejected in its result and the queue goes on.
#[utoipa::path(post, path = "/api/v1/sync/push", tag = "sync", security(("bearer" = [])),
    request_body = PushRequest,
    responses(
        (status = 200, description = "One result per mutation, in order (the same on a replay).", body = PushResponse),
        (status = 403, description = "`forbidden`: this role does not push, or the device belongs to another account.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`sequence_gap`: the mutations do not continue the device's sequence (nothing applied); `mutation_id_reused`: an id used twice.", body = crate::openapi::ErrorBody),
        (status = 413, description = "`too_large`: the body is larger than 8 MiB; `too_many_mutations`: more than 500 mutations.", body = crate::openapi::ErrorBody),
    ))]
pub(crate) async fn push(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    caller.require(&[Role::Investor, Role::Consultant, Role::Officer])?;
    let mutations = req.mutations.len();
    let response = sync::push(&state.db, &caller.account, req).await?;
    crate::metrics::pushed(mutations);
    Ok(Json(response))
}

/// Which page of the feed to pull.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PullParams {
    /// The cursor of the last page (`cursor` of a pull answer), or 0 for the start. Opaque:
    /// only cursors this server gave out are accepted.
    #[serde(default)]
    #[param(minimum = 0, default = 0)]
    after: i64,
    /// The most changes to answer with.
    #[param(minimum = 1, maximum = 2000, default = 500)]
    limit: Option<i64>,
}

/// Changes after a cursor in commit order: applicants see their own records, officers filed
/// cases. The cursor moves only with changes the account may see.
#[utoipa::path(get, path = "/api/v1/sync/pull", tag = "sync", security(("bearer" = [])),
    params(PullParams),
    responses(
        (status = 200, description = "A page of changes.", body = PullResponse),
        (status = 403, description = "`forbidden`: this role does not pull.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`cursor_ahead`: not a cursor of this server's feed: pull again from 0.", body = crate::openapi::ErrorBody),
    ))]
pub(crate) async fn pull(
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
    let page = sync::pull(&state.db, &state.cursors, &caller.account, p.after, limit).await?;
    crate::metrics::pulled(page.changes.len());
    Ok(Json(page))
}

/// Resubmit a case after a revision request (the applicant): the server's copy must be the
/// named snapshot, complete, every content uploaded. Starts the next revision round and
/// publishes the revised case and documents to officers; a replay returns the same receipt.
#[utoipa::path(post, path = "/api/v1/cases/{id}/resubmit", tag = "cases", security(("bearer" = [])),
    params(CasePath), request_body = ResubmitRequest,
    responses(
        (status = 200, description = "The round now under review.", body = ResubmitReceipt),
        (status = 403, description = "`forbidden`: only applicants resubmit.", body = crate::openapi::ErrorBody),
        (status = 404, description = "`not_found`: no such case of this account.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`snapshot_mismatch`: the server's copy is not the named snapshot; `not_waiting` and other review rules: nobody asked to revise this case; `revision_unanswered`: a rejected item has neither a new document version nor a response; `unknown_item`: a response names an item the case does not require.", body = crate::openapi::ErrorBody),
        (status = 422, description = "`incomplete`: required items without documents; `content_missing`: contents not uploaded.", body = crate::openapi::ErrorBody),
    ))]
pub(crate) async fn resubmit(
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
            &req.responses,
        )
        .await?,
    ))
}

/// File a case: the server's copy must be the named snapshot, complete, with every
/// document's content uploaded. Numbered once; a replay returns the same receipt.
#[utoipa::path(post, path = "/api/v1/cases/{id}/file", tag = "cases", security(("bearer" = [])),
    params(CasePath), request_body = FileRequest,
    responses(
        (status = 200, description = "Filed (or filed before): the receipt.", body = Receipt),
        (status = 403, description = "`forbidden`: only applicants file.", body = crate::openapi::ErrorBody),
        (status = 404, description = "`not_found`: no such case of this account.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`snapshot_mismatch`: the server's copy is not the named snapshot.", body = crate::openapi::ErrorBody),
        (status = 422, description = "`incomplete`: required items without documents; `content_missing`: contents not uploaded.", body = crate::openapi::ErrorBody),
    ))]
pub(crate) async fn file_case(
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
