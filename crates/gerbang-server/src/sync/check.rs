//! Checking a pushed record with the rules the desktop applies, against what the server holds: a
//! profile's identifiers; a case's catalog version, profile and facts; a document's case and
//! content.

use super::*;

/// Checks a record with the rules the desktop applies, against what the server holds: a
/// profile's identifiers; a case's catalog version (one this server published), its profile
/// (the caller's), and its facts (evaluated with that catalog); a document's case (the
/// caller's, existing), its content's name, size and type. `Err` is a refusal with its code.
pub(super) async fn check_record(
    tx: &mut Tx,
    who: &Account,
    payload: &MutationPayload,
    ctx: &mut PushCtx,
) -> Result<Result<(), (ErrorCode, String)>, ApiError> {
    let refuse = |code: ErrorCode, why: String| Ok(Err((code, why)));
    match payload {
        MutationPayload::ProfileCreate(p) | MutationPayload::ProfileUpdate(p) => {
            if let Err(e) = gerbang_core::record::profile::validate(p.data.clone()) {
                return refuse(ErrorCode::InvalidRecord, e.to_string());
            }
        }
        MutationPayload::CaseCreate(c) | MutationPayload::CaseUpdate(c) => {
            let rules = ctx.rules_for(tx, &c.catalog_version).await?;
            let Some(rules) = rules else {
                return refuse(
                    ErrorCode::UnknownCatalogVersion,
                    format!(
                        "catalog version {:?} was never published by this server: update the catalog and derive the case again",
                        c.catalog_version
                    ),
                );
            };
            let profile = ctx
                .record("profile", &c.profile_id)
                .filter(|p| p.owner == who.id)
                .and_then(|p| serde_json::from_str::<Profile>(&p.data).ok());
            let Some(profile) = profile else {
                return refuse(
                    ErrorCode::NotYourRecord,
                    format!("profile_id: no profile {} of this account", c.profile_id),
                );
            };
            if gerbang_core::record::profile::facts_match_profile(&profile, &c.facts).is_err() {
                return refuse(
                    ErrorCode::InvalidFacts,
                    "facts: the entity type and capital status must be the profile's".to_owned(),
                );
            }
            if let Err(e) = gerbang_core::engine::evaluate(
                &c.facts,
                &rules.catalog,
                &rules.index,
                gerbang_core::wita::today(),
            ) {
                return refuse(ErrorCode::InvalidFacts, format!("facts.{e}"));
            }
        }
        MutationPayload::DocumentAttach(d) => {
            let owner = ctx.record("case", &d.case_id).map(|c| c.owner.as_str());
            if owner != Some(who.id.as_str()) {
                return refuse(
                    ErrorCode::NotYourRecord,
                    format!("case_id: no case {} of this account", d.case_id),
                );
            }
            if crate::blobs::valid_sha(&d.sha256).is_err() {
                return refuse(
                    ErrorCode::InvalidRecord,
                    "sha256: must be a SHA-256 in lowercase hex".to_owned(),
                );
            }
            if !(1..=MAX_DOCUMENT_BYTES).contains(&d.size) {
                return refuse(
                    ErrorCode::InvalidRecord,
                    format!("size: must be 1 to {MAX_DOCUMENT_BYTES} bytes"),
                );
            }
            if !gerbang_core::record::document::TYPES
                .iter()
                .any(|(mime, _, _)| *mime == d.media_type)
            {
                return refuse(
                    ErrorCode::InvalidRecord,
                    "media_type: only PDF, PNG and JPEG files are accepted".to_owned(),
                );
            }
            if d.item_key.is_empty() || d.item_key.len() > 200 || d.version < 1 {
                return refuse(
                    ErrorCode::InvalidRecord,
                    "item_key and version: a document names its item and a version from 1"
                        .to_owned(),
                );
            }
        }
        MutationPayload::PlanUpdate(p) => {
            // The applicant's own case, and stages it has: its items as the server derives
            // them from the case it holds, with dates no later than Balikpapan's today.
            let case = ctx
                .record("case", &p.case_id)
                .filter(|c| c.owner == who.id)
                .and_then(|c| serde_json::from_str::<CaseRecord>(&c.data).ok());
            let Some(case) = case else {
                return refuse(
                    ErrorCode::NotYourRecord,
                    format!("case_id: no case {} of this account", p.case_id),
                );
            };
            let rules = ctx.rules_for(tx, &case.catalog_version).await?;
            let today = gerbang_core::wita::today();
            let checklist = rules.as_ref().and_then(|r| {
                gerbang_core::engine::evaluate(&case.facts, &r.catalog, &r.index, today).ok()
            });
            let Some(checklist) = checklist else {
                return refuse(
                    ErrorCode::InvalidRecord,
                    "case_id: the case's checklist cannot be derived".to_owned(),
                );
            };
            let keys: Vec<String> = checklist
                .permits
                .iter()
                .map(gerbang_core::record::item_key)
                .collect();
            if let Err(problem) = gerbang_core::plan::check_record(p, &keys, today) {
                let field = problem.params.get("field").cloned().unwrap_or_default();
                return refuse(
                    ErrorCode::InvalidRecord,
                    format!("{field}: {}", problem.message),
                );
            }
        }
        MutationPayload::ReviewAction(_) => {}
    }
    Ok(Ok(()))
}
