//! `gerbang-server`, the city backend: where filings arrive, officers review them, and desktops sync.
//! Stateless over its database, so it can run as several replicas on one PostgreSQL.

// From the top down: the routes and their handlers, the services they call, the repositories
// and stores below those. No module reaches up.
pub mod http;
pub mod listen;
pub mod openapi;

pub mod edge;
pub mod extract;
pub mod handlers;
pub mod startup;

pub mod filing;
pub mod review;
pub mod sync;
pub mod upgrade;
pub mod verify;

pub mod auth;
pub mod blobs;
pub mod catalogs;
pub mod cursor;
pub mod metrics;
pub mod objects;
pub mod outcome;
pub mod repo;
pub mod state;
pub mod throttle;

pub mod clock;
pub mod db;
pub mod error;
pub mod limits;
pub mod schema;

use std::net::SocketAddr;

/// Where the server listens when `--listen` is not given (the README names this port).
pub fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], gerbang_wire::DEFAULT_SERVER_PORT))
}

/// Serves the router on `listener` within `limits` until `shutdown` resolves, then finishes
/// in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: state::AppState,
    limits: listen::Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listen::serve(listener, http::router(state), limits, shutdown).await
}
