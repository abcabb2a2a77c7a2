//! The synced records (`records`): profiles, cases and documents as the server holds them,
//! each with its owner and version.

use crate::error::ApiError;
use crate::repo::Tx;
use gerbang_core::record::Profile;
use gerbang_wire::Account;

/// `who`'s profile `id` as the server holds it.
pub(crate) async fn own_profile(
    tx: &mut Tx,
    who: &Account,
    id: &str,
) -> Result<Option<Profile>, ApiError> {
    let data: Option<String> = sqlx::query_scalar(
        "SELECT data FROM records WHERE kind = 'profile' AND id = $1 AND owner_id = $2",
    )
    .bind(id)
    .bind(&who.id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(data.and_then(|d| serde_json::from_str(&d).ok()))
}
