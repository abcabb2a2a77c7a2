//! What a document pack's QR code opens (`GET /verify/{sha256}`). Public (the pack's holder has
//! no account here), so it answers only which filing and case the pack belongs to, when it was
//! filed, which revision round its documents are and whether a later one superseded them, and
//! where the case stands: never the applicant, never a document. Browsers get a small page in
//! both languages; everything else gets JSON.

use crate::error::ApiError;
use crate::state::AppState;
use gerbang_wire::PackVerification;

/// The filing the pack with id `sha` (SHA-256 of its manifest) belongs to, if any.
pub async fn lookup(state: &AppState, sha: &str) -> Result<Option<PackVerification>, ApiError> {
    crate::blobs::valid_sha(sha)?;
    let Some(row) = crate::repo::filings::pack(&state.db, sha).await? else {
        return Ok(None);
    };
    Ok(Some(PackVerification {
        pack_id: sha.to_owned(),
        status: crate::repo::reviews::status_now(&state.db, &row.case_id)
            .await?
            .unwrap_or_else(|| "filed".to_owned()),
        case_id: row.case_id,
        filing_number: row.filing_number,
        filed_at: row.filed_at,
        round: row.round,
        current: row.round >= row.latest,
    }))
}
