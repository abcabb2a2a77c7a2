//! The HTTP edge every request passes: a request id (taken from a well-formed `X-Request-Id`
//! or made here) in the log line, the response header and every error body; every error
//! answer as JSON `{code, message, request_id}` in a client's terms, whatever layer made it
//! (a rejected query, a too-large body, a timeout, an unknown method); and the security
//! headers a page served to browsers needs.

use crate::error::ApiError;
use axum::extract::{FromRequestParts, Request};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use gerbang_wire::ErrorCode;
use std::time::Instant;
use tracing::Instrument;

/// The header carrying a request's id, both ways.
pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A request's id, for handlers that log or answer with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// A caller-chosen id is kept when it is 8 to 64 of `A-Z a-z 0-9 - _ .` (what a proxy sends);
/// anything else is replaced, so a log line never carries a caller's arbitrary text.
fn accepted_id(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(&REQUEST_ID)?.to_str().ok()?;
    let ok = (8..=64).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    ok.then(|| v.to_owned())
}

/// Headers on every answer: no sniffing, no framing, no referrer, nothing cached, and a
/// content policy that lets the verification page show its own inline style and nothing else.
const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    (
        "content-security-policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
    ("strict-transport-security", "max-age=31536000"),
    ("cache-control", "no-store"),
];

/// The middleware: see the module's documentation.
pub async fn edge(mut req: Request, next: Next) -> Response {
    let id =
        accepted_id(req.headers()).unwrap_or_else(|| uuid::Uuid::now_v7().simple().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let span = tracing::info_span!("request", id = %id, %method, %path);
    let started = Instant::now();
    let response = next.run(req).instrument(span.clone()).await;
    let status = response.status();
    let page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    // An error page for a browser (the verification page's "unknown pack") is meant as it is.
    let mut response = if (status.is_client_error() || status.is_server_error()) && !page {
        as_json_error(response, &id).await
    } else {
        response
    };
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&id) {
        headers.insert(REQUEST_ID.clone(), v);
    }
    for (name, value) in SECURITY_HEADERS {
        let name = HeaderName::from_static(name);
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    let ms = started.elapsed().as_millis();
    let _enter = span.enter();
    if status.is_server_error() {
        tracing::warn!(status = status.as_u16(), ms, "answered");
    } else if status.is_client_error() {
        tracing::info!(status = status.as_u16(), ms, "answered");
    } else {
        tracing::debug!(status = status.as_u16(), ms, "answered");
    }
    response
}

/// Error bodies are small; a larger one is not an error body of ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// `response` (an error status) as `{code, message, request_id}`: our own JSON errors get the
/// id added; what a lower layer answered in text gets a code and words for its status.
async fn as_json_error(response: Response, id: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let is_json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let bytes = axum::body::to_bytes(body, MAX_ERROR_BODY)
        .await
        .unwrap_or_default();
    let mut object = is_json
        .then(|| serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&bytes).ok())
        .flatten()
        .filter(|o| o.contains_key("code") && o.contains_key("message"))
        .unwrap_or_else(|| {
            let (code, message) = status_words(parts.status);
            let mut o = serde_json::Map::new();
            o.insert("code".into(), code.as_str().into());
            o.insert("message".into(), message.into());
            o
        });
    object.insert("request_id".into(), id.into());
    let body = serde_json::to_vec(&object).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// A code and words for an error status some layer answered without a body of ours.
fn status_words(status: StatusCode) -> (ErrorCode, String) {
    match status {
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, "no such endpoint".to_owned()),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "this endpoint does not answer this method".to_owned(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            ErrorCode::TooLarge,
            format!(
                "the request body is larger than {} MiB",
                crate::limits::MAX_BODY_BYTES / (1024 * 1024)
            ),
        ),
        StatusCode::REQUEST_TIMEOUT => (
            ErrorCode::Timeout,
            format!(
                "the request took longer than {} s",
                crate::limits::REQUEST_TIMEOUT.as_secs()
            ),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            ErrorCode::UnsupportedMediaType,
            "the body is not of a type this endpoint reads".to_owned(),
        ),
        StatusCode::UNAUTHORIZED => (
            ErrorCode::Unauthenticated,
            "sign in first (no valid token)".to_owned(),
        ),
        StatusCode::FORBIDDEN => (
            ErrorCode::Forbidden,
            "this account may not do that".to_owned(),
        ),
        s if s.is_server_error() => (ErrorCode::Internal, "internal error".to_owned()),
        _ => (
            ErrorCode::InvalidRequest,
            "the request is not valid".to_owned(),
        ),
    }
}

/// A query string read into `T`; a bad one is `invalid_request` naming the parameter and
/// what it should be, in a client's terms.
#[derive(Debug)]
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Params)
            .map_err(|e| {
                let path = e.path().to_string();
                let what = plain(&e.inner().to_string());
                ApiError::Invalid(if path == "." {
                    format!("the query is not valid: {what}")
                } else {
                    format!("query parameter {path}: {what}")
                })
            })
    }
}

/// The peer's IP address, when the request came over a connection (router tests have none).
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// A path segment read as text; one that does not decode to text is `invalid_request`.
#[derive(Debug)]
pub struct Segment(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Segment {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map(|p| Segment(p.0))
            .map_err(|_| ApiError::Invalid("the path is not valid text".to_owned()))
    }
}

/// A decoder's message in a client's terms: no Rust type names (`struct PushRequest`, `i64`),
/// JSON's words instead (an object, a whole number, a list).
pub fn plain(message: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("invalid digit found in string", "not a whole number"),
        (
            "cannot parse integer from empty string",
            "empty, not a whole number",
        ),
        (
            "number too large to fit in target type",
            "the number is too large",
        ),
        (
            "number too small to fit in target type",
            "the number is too small",
        ),
        ("a borrowed string", "a string"),
        ("a sequence", "a list"),
        ("a map", "an object"),
        ("a boolean", "true or false"),
    ];
    let mut out = message.to_owned();
    for (from, to) in WORDS {
        out = out.replace(from, to);
    }
    // "struct Name", "tuple struct Name", "enum Name", "unit struct Name"
    for (kind, words) in [
        ("tuple struct ", "a list"),
        ("unit struct ", "null"),
        ("struct ", "an object"),
        ("enum ", "one of the allowed values"),
    ] {
        while let Some(at) = out.find(kind) {
            let rest = &out[at + kind.len()..];
            let name_len = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if name_len == 0 {
                break;
            }
            out.replace_range(at..at + kind.len() + name_len, words);
        }
    }
    let mut words: Vec<String> = Vec::new();
    for word in out.split(' ') {
        let bare = word.trim_end_matches([',', '.', ';']);
        let tail = &word[bare.len()..];
        let replaced = match bare {
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
            "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
            "f32" | "f64" => "a number",
            "char" => "one character",
            _ => {
                words.push(word.to_owned());
                continue;
            }
        };
        words.push(format!("{replaced}{tail}"));
    }
    words.join(" ")
}

/// Body-size and buffering rejections as our errors: too large is 413 `too_large`.
pub fn body_rejection(e: &axum::extract::rejection::BytesRejection) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge
    } else {
        ApiError::Invalid("the request body could not be read".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoder_messages_name_no_rust_types() {
        assert_eq!(
            plain("invalid type: string \"oops\", expected struct PushRequest"),
            "invalid type: string \"oops\", expected an object"
        );
        assert_eq!(
            plain("invalid value: integer `-1`, expected u64"),
            "invalid value: integer `-1`, expected a whole number, 0 or more"
        );
        assert_eq!(plain("invalid digit found in string"), "not a whole number");
        assert_eq!(
            plain("invalid type: map, expected a sequence"),
            "invalid type: map, expected a list"
        );
        assert_eq!(
            plain("unknown variant `x`, expected enum Role"),
            "unknown variant `x`, expected one of the allowed values"
        );
    }

    #[test]
    fn only_well_formed_request_ids_are_kept() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(&REQUEST_ID, HeaderValue::from_str(v).unwrap());
            accepted_id(&h)
        };
        assert_eq!(with("proxy-1234.abcd").as_deref(), Some("proxy-1234.abcd"));
        assert_eq!(with("short"), None);
        assert_eq!(with("has space in it"), None);
        assert_eq!(with(&"x".repeat(65)), None);
    }
}
