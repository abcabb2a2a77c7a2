//! The API description, generated from the wire types (their `ToSchema`) and the handlers
//! (their `#[utoipa::path]`): served at `/api/v1/openapi.json`, committed as
//! `crates/gerbang-server/api/openapi.json` (a test fails when the two differ) and judged from
//! outside by schemathesis in the test command.
//!
//! What every route can answer beside its own statuses is added here once: 400 (a NUL
//! character in the path or query), 408 (slower than the request timeout), 500 and 503 (the
//! database does not answer); 401 on every route that needs a token, 413 on every route that
//! reads a body. Every error is `{code, message, request_id}`.

use crate::limits::{MAX_BODY_BYTES, REQUEST_TIMEOUT};
use crate::schema::ErrorBody;
use axum::response::IntoResponse;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, RefOr};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gerbang city backend",
        version = "1",
        description = "Filings, sync and review for Gerbang desktops. JSON over HTTP. Every \
            error is `{code, message, request_id}`: branch on `code` (stable), quote \
            `request_id` (also the `X-Request-Id` header) in a report. Authenticate with \
            `Authorization: Bearer TOKEN` from /api/v1/auth/login. A method a path does not \
            serve answers 405 (`method_not_allowed`) with an `Allow` header; an unknown path \
            404 (`not_found`). Text holding a NUL character is refused (400 `invalid_text`) \
            wherever it appears, since no database can store it."
    ),
    paths(
        crate::handlers::server::health,
        crate::handlers::server::ready,
        crate::metrics::metrics,
        crate::openapi::openapi_json,
        crate::handlers::auth::login,
        crate::handlers::auth::logout,
        crate::handlers::auth::me,
        crate::handlers::catalog::catalog_meta,
        crate::handlers::catalog::catalog_bundle,
        crate::handlers::cases::push,
        crate::handlers::cases::pull,
        crate::handlers::cases::file_case,
        crate::handlers::cases::resubmit,
        crate::handlers::blobs::status,
        crate::handlers::blobs::get,
        crate::handlers::blobs::put_chunk,
        crate::handlers::verify::verify,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Common)
)]
struct Api;

/// What every operation shares (see the module's documentation).
struct Common;

fn error(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody"))),
        )
        .into()
}

impl Modify for Common {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        let timeout = format!(
            "`timeout`: the request took longer than {} s.",
            REQUEST_TIMEOUT.as_secs()
        );
        let too_large = format!(
            "`too_large`: the body is larger than {} MiB.",
            MAX_BODY_BYTES / (1024 * 1024)
        );
        for item in doc.paths.paths.values_mut() {
            for op in [&mut item.get, &mut item.post, &mut item.patch] {
                let Some(op) = op.as_mut() else { continue };
                let responses = &mut op.responses.responses;
                let mut add = |status: &str, description: &str| {
                    responses
                        .entry(status.to_owned())
                        .or_insert_with(|| error(description));
                };
                add(
                    "400",
                    "`invalid_request`: a parameter or the body is malformed (the message \
                     names it); `invalid_text`: text holds a NUL character.",
                );
                if op.security.is_some() {
                    add(
                        "401",
                        "`unauthenticated`: no token, or an expired or revoked one.",
                    );
                }
                if op.request_body.is_some() {
                    add("413", &too_large);
                }
                add("408", &timeout);
                add("500", "`internal`: something broke on the server (logged).");
                add(
                    "503",
                    "`database_unavailable` or `storage_unavailable`: the server's database or its document store does not answer.",
                );
            }
        }
    }
}

/// The document, as the server serves it (pretty JSON, ending in a newline).
pub fn document() -> String {
    let mut text = Api::openapi()
        .to_pretty_json()
        .expect("the API description serialises");
    text.push('\n');
    text
}

/// Every (method, path) the document describes.
pub fn operations() -> Vec<(String, String)> {
    let doc = Api::openapi();
    let mut out = Vec::new();
    for (path, item) in &doc.paths.paths {
        for (method, op) in [
            ("get", &item.get),
            ("post", &item.post),
            ("patch", &item.patch),
        ] {
            if op.is_some() {
                out.push((method.to_owned(), path.clone()));
            }
        }
    }
    out
}

/// This document.
#[utoipa::path(get, path = gerbang_wire::routes::OPENAPI, tag = "server", responses(
    (status = 200, description = "The OpenAPI 3.1 description of this API.", body = crate::schema::Document),
))]
pub(crate) async fn openapi_json() -> impl IntoResponse {
    static DOCUMENT: std::sync::LazyLock<String> = std::sync::LazyLock::new(document);
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}
