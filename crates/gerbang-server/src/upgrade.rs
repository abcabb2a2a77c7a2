//! Brings records written by an earlier release to the typed shape, once, at start-up (after
//! the schema migrations, which cannot parse JSON or hash): a case stored as the desktop's
//! whole case (with its derived checklist) becomes the record the applicant decided, and every
//! filed case gets the checklist the server derives itself, published to officers.

use crate::error::ApiError;
use crate::repo::{Tx, begin_exclusive};
use gerbang_core::record::{Case, CaseRecord, CaseStatus};
use gerbang_wire::{Account, Role};

/// What an upgrade changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Upgraded {
    /// Case records rewritten to the record the applicant decided.
    pub cases: u32,
    /// Filed cases derived by the server and published to officers.
    pub filed: u32,
}

/// The `server_meta` key set once the upgrade has run: later starts skip the scan.
const DONE_KEY: &str = "records_typed_at";

/// Runs the upgrade in one transaction, once per database; running it again changes nothing.
pub async fn run(db: &crate::db::Db) -> Result<Upgraded, ApiError> {
    let mut tx = begin_exclusive(db).await?;
    let mut done = Upgraded::default();
    if crate::repo::meta::get(&mut tx, DONE_KEY).await?.is_some() {
        return Ok(done);
    }
    for crate::repo::records::Record { id, data, .. } in
        crate::repo::records::of_kind(&mut tx, "case").await?
    {
        let Ok(old) = serde_json::from_str::<serde_json::Value>(&data) else {
            continue;
        };
        // The earlier shape carried the derived checklist, and its catalog version inside it.
        let Some(version) = old
            .get("checklist")
            .and_then(|c| c.get("catalog_version"))
            .and_then(|v| v.as_str())
        else {
            continue;
        };
        let Ok(mut record) = serde_json::from_value::<CaseRecord>(old.clone()) else {
            tracing::warn!(case = %id, "an old case record does not parse; left as it is");
            continue;
        };
        record.catalog_version = version.to_owned();
        let slim = serde_json::to_string(&record).map_err(|_| ApiError::Internal)?;
        crate::repo::records::set_data(&mut tx, "case", &id, &slim).await?;
        // A filing names the hash of what was filed: now the record's.
        let hash = gerbang_wire::record_hash(&record);
        crate::repo::filings::set_snapshot(&mut tx, &id, &hash).await?;
        done.cases += 1;
    }
    for crate::repo::filings::Underived {
        case_id,
        number,
        owner_id: owner,
        status,
    } in crate::repo::filings::underived(&mut tx).await?
    {
        match derive(&mut tx, &case_id, &number, &owner, status.as_deref()).await? {
            Some(case) => {
                let who = Account {
                    id: owner,
                    username: String::new(),
                    role: Role::Investor,
                };
                crate::filing::publish_case(&mut tx, &who, &case).await?;
                done.filed += 1;
            }
            None => tracing::warn!(case = %case_id, "a filed case cannot be derived again"),
        }
    }
    crate::repo::meta::set(&mut tx, DONE_KEY, &crate::clock::now()).await?;
    tx.commit().await?;
    if done != Upgraded::default() {
        tracing::info!(cases = done.cases, filed = done.filed, "records upgraded");
    }
    Ok(done)
}

/// The filed case as the server derives it now, if its record and catalog version allow.
async fn derive(
    tx: &mut Tx,
    case_id: &str,
    number: &str,
    owner: &str,
    status: Option<&str>,
) -> Result<Option<Case>, ApiError> {
    let stored = crate::repo::records::record(tx, "case", case_id).await?;
    let Some(record) = stored.and_then(|r| serde_json::from_str::<CaseRecord>(&r.data).ok()) else {
        return Ok(None);
    };
    let Some(rules) = crate::catalogs::rules(tx, &record.catalog_version).await? else {
        return Ok(None);
    };
    let filed_at = crate::repo::filings::of_case(tx, case_id)
        .await?
        .ok_or(ApiError::Internal)?
        .filed_at;
    let as_of = gerbang_core::wita::wita_date(&filed_at).unwrap_or_else(gerbang_core::wita::today);
    let Ok(checklist) =
        gerbang_core::engine::evaluate(&record.facts, &rules.catalog, &rules.index, as_of)
    else {
        return Ok(None);
    };
    let documents = crate::filing::case_documents(tx, case_id, owner).await?;
    let profile_name = crate::repo::records::record(tx, "profile", &record.profile_id)
        .await?
        .and_then(|p| serde_json::from_str::<gerbang_core::record::Profile>(&p.data).ok())
        .map(|p| p.data.name)
        .unwrap_or_default();
    let status = match status {
        Some("under_review") => CaseStatus::UnderReview,
        Some("needs_action") => CaseStatus::NeedsAction,
        Some("approved") => CaseStatus::Approved,
        Some("rejected") => CaseStatus::Rejected,
        _ => CaseStatus::Filed,
    };
    Ok(Some(Case::derived(
        &record,
        checklist,
        documents,
        status,
        Some(number.to_owned()),
        profile_name,
        filed_at,
    )))
}
