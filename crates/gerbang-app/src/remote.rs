//! Asking a city backend that no account is needed for: whether it runs, and what it knows of
//! a document pack (the QR code's address). No store is opened for these.

use crate::AppError;
use gerbang_sync::Client;
use gerbang_sync::wire::{ErrorCode, PackVerification};

/// The backend at `server`: its normalised address and its health.
pub async fn health(server: &str) -> Result<(String, gerbang_sync::Health), AppError> {
    let client = Client::new(server)?;
    let health = client.health().await?;
    Ok((client.base_url().to_string(), health))
}

/// What the backend at `server` knows of the pack `pack_id`; `None` when it knows no filing
/// with it (the pack was not filed as it is).
pub async fn verify_pack(
    server: &str,
    pack_id: &str,
) -> Result<Option<PackVerification>, AppError> {
    match Client::new(server)?.verify_pack(pack_id).await {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.code() == Some(ErrorCode::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
