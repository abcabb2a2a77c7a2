//! Every route of the city backend, declared once: the server mounts these paths and documents
//! them (OpenAPI), and the client calls them. A path's one parameter is written `{name}`, as
//! axum and OpenAPI both write it; [`fill`] puts a value in its place.

/// Liveness.
pub const HEALTH: &str = "/health";
/// Readiness (the database and the document store answer).
pub const READY: &str = "/ready";
/// Prometheus metrics.
pub const METRICS: &str = "/metrics";
/// The OpenAPI document.
pub const OPENAPI: &str = "/api/v1/openapi.json";
/// Sign in.
pub const LOGIN: &str = "/api/v1/auth/login";
/// Sign out (revokes the token).
pub const LOGOUT: &str = "/api/v1/auth/logout";
/// The signed-in account.
pub const ME: &str = "/api/v1/me";
/// The published catalog's version and hash.
pub const CATALOG: &str = "/api/v1/catalog";
/// The published catalog itself.
pub const CATALOG_BUNDLE: &str = "/api/v1/catalog/bundle";
/// A device's changes, in order.
pub const SYNC_PUSH: &str = "/api/v1/sync/push";
/// What changed after a cursor.
pub const SYNC_PULL: &str = "/api/v1/sync/pull";
/// Filing a case.
pub const CASE_FILE: &str = "/api/v1/cases/{id}/file";
/// Sending a revised case back.
pub const CASE_RESUBMIT: &str = "/api/v1/cases/{id}/resubmit";
/// How much of a document's content the server holds.
pub const BLOB_STATUS: &str = "/api/v1/blobs/{sha256}/status";
/// A document's content (read, or a chunk written).
pub const BLOB: &str = "/api/v1/blobs/{sha256}";
/// What the city knows of a document pack (its QR code's address).
pub const VERIFY: &str = "/verify/{sha256}";

/// Every (method, path) the server serves, in OpenAPI's syntax; the server's tests check that
/// each is mounted and that the OpenAPI document describes exactly these.
pub const ALL: &[(&str, &str)] = &[
    ("get", HEALTH),
    ("get", READY),
    ("get", METRICS),
    ("get", OPENAPI),
    ("post", LOGIN),
    ("post", LOGOUT),
    ("get", ME),
    ("get", CATALOG),
    ("get", CATALOG_BUNDLE),
    ("post", SYNC_PUSH),
    ("get", SYNC_PULL),
    ("post", CASE_FILE),
    ("post", CASE_RESUBMIT),
    ("get", BLOB_STATUS),
    ("get", BLOB),
    ("patch", BLOB),
    ("get", VERIFY),
];

/// `route` with `value` in place of its parameter, relative to the server's address (no
/// leading `/`), as the client joins it: `fill(CASE_FILE, "c1")` is `api/v1/cases/c1/file`.
pub fn fill(route: &str, value: &str) -> String {
    let relative = route.trim_start_matches('/');
    match (relative.find('{'), relative.find('}')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{value}{}", &relative[..open], &relative[close + 1..])
        }
        _ => relative.to_owned(),
    }
}

/// `route` (one without a parameter) relative to the server's address.
pub fn relative(route: &str) -> &str {
    route.trim_start_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_is_filled_and_a_route_without_one_is_made_relative() {
        assert_eq!(fill(CASE_FILE, "c1"), "api/v1/cases/c1/file");
        assert_eq!(fill(BLOB, "ab"), "api/v1/blobs/ab");
        assert_eq!(relative(LOGIN), "api/v1/auth/login");
        assert_eq!(fill(HEALTH, "x"), "health");
    }

    #[test]
    fn every_route_is_listed_once_per_method() {
        let mut seen = std::collections::BTreeSet::new();
        for (method, path) in ALL {
            assert!(seen.insert((method, path)), "{method} {path} listed twice");
            assert!(path.starts_with('/'), "{path}");
        }
    }
}
