//! The handlers, one module per area of the API: each reads the request, checks the caller's
//! role, and hands over to the services below; none holds SQL of its own.

pub mod auth;
pub mod blobs;
pub mod cases;
pub mod catalog;
pub mod server;
pub mod verify;

/// A case, by its id.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Read by `Segment`; declared for the API description.
pub(crate) struct CasePath {
    /// The case's id.
    id: String,
}
