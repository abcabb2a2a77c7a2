//! Every way a request can fail, mapped once to a status code and a stable `{code, message}`
//! body; driver and internal detail go to the log, never to the caller.

use crate::limits::MAX_BODY_BYTES;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gerbang_wire::ErrorCode;

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
        // The edge adds `request_id` (see `crate::schema::ErrorBody`, the documented shape).
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
