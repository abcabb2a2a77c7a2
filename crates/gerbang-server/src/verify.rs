//! What a document pack's QR code opens (`GET /verify/{sha256}`). Public (the pack's holder has
//! no account here), so it answers only which filing and case the pack belongs to, when it was
//! filed, which revision round its documents are and whether a later one superseded them, and
//! where the case stands: never the applicant, never a document. Browsers get a small page in
//! both languages; everything else gets JSON.

use crate::error::ApiError;
use crate::state::AppState;
use gerbang_wire::PackVerification;

/// The filing a pack's manifest hash was recorded for, as `pack_manifests` and `filings` hold it.
#[derive(Debug, sqlx::FromRow)]
struct PackRow {
    case_id: String,
    filing_number: String,
    round: i64,
    filed_at: String,
    latest: i64,
}

/// The filing the pack with id `sha` (SHA-256 of its manifest) belongs to, if any.
pub async fn lookup(state: &AppState, sha: &str) -> Result<Option<PackVerification>, ApiError> {
    crate::blobs::valid_sha(sha)?;
    let row: Option<PackRow> = sqlx::query_as(
        "SELECT m.case_id, m.filing_number, m.round, f.filed_at,
                (SELECT MAX(l.round) FROM pack_manifests l WHERE l.case_id = m.case_id) AS latest
         FROM pack_manifests m JOIN filings f ON f.case_id = m.case_id WHERE m.sha256 = $1",
    )
    .bind(sha)
    .fetch_optional(state.db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(PackVerification {
        pack_id: sha.to_owned(),
        status: case_status(state, &row.case_id).await?,
        case_id: row.case_id,
        filing_number: row.filing_number,
        filed_at: row.filed_at,
        round: row.round,
        current: row.round >= row.latest,
    }))
}

/// Where the case stands in its review.
async fn case_status(state: &AppState, case_id: &str) -> Result<String, ApiError> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM reviews WHERE case_id = $1")
            .bind(case_id)
            .fetch_optional(state.db.pool())
            .await?;
    Ok(status.unwrap_or_else(|| "filed".to_owned()))
}
