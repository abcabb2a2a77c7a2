//! A filed case as the server derives and publishes it: the checklist derived again from the
//! facts with the catalog version the case names, its documents, and what officers see.

use crate::error::ApiError;
use crate::repo::Tx;
use crate::repo::feed::append_change;
use crate::repo::records::own_profile;
use gerbang_core::record::{Case, CaseRecord, CaseStatus, Document};
use gerbang_wire::{Account, ErrorCode};

/// The case `case_id` as the server derives it, if it belongs to `who` and is the record the
/// client names (`snapshot_hash`): its checklist derived again from the facts with the
/// catalog version the case names, the documents the server holds for it. Every required item
/// must have a document, and `who` must have uploaded every document's content.
pub(crate) async fn derive_filed(
    tx: &mut Tx,
    blobs: &crate::objects::Blobs,
    who: &Account,
    case_id: &str,
    snapshot_hash: &str,
    status: CaseStatus,
    filing_number: Option<&str>,
) -> Result<(i64, Case), ApiError> {
    let crate::repo::records::Record { version, data, .. } =
        crate::repo::records::owned(tx, "case", case_id, &who.id)
            .await?
            .ok_or(ApiError::NoSuch("case"))?;
    let record: CaseRecord = serde_json::from_str(&data).map_err(|e| {
        tracing::error!(error = %e, case = case_id, "a stored case record does not parse");
        ApiError::Internal
    })?;
    if gerbang_wire::record_hash(&record) != snapshot_hash {
        return Err(ApiError::Mismatch(
            "the server's copy of the case is not the snapshot being sent: push the case first"
                .to_owned(),
        ));
    }
    let rules = crate::catalogs::rules(tx, &record.catalog_version)
        .await?
        .ok_or_else(|| ApiError::Refused {
            code: ErrorCode::UnknownCatalogVersion,
            message: format!(
                "catalog version {:?} was never published by this server: update the catalog and derive the case again",
                record.catalog_version
            ),
        })?;
    let checklist = gerbang_core::engine::evaluate(
        &record.facts,
        &rules.catalog,
        &rules.index,
        gerbang_core::wita::today(),
    )
    .map_err(|e| ApiError::Refused {
        code: ErrorCode::InvalidFacts,
        message: format!("facts.{e}"),
    })?;
    let documents = case_documents(tx, case_id, &who.id).await?;
    let profile_name = own_profile(tx, who, &record.profile_id)
        .await?
        .map(|p| p.data.name)
        .unwrap_or_default();
    let case = Case::derived(
        &record,
        checklist,
        documents,
        status,
        filing_number.map(str::to_owned),
        profile_name,
        crate::clock::now(),
    );
    let missing =
        gerbang_core::record::case::missing_documents(&case.required_keys(), &case.documents);
    if !missing.is_empty() {
        return Err(ApiError::Incomplete(missing));
    }
    let unchosen = case.checklist.unchosen_kbli();
    if !unchosen.is_empty() {
        return Err(ApiError::Refused {
            code: ErrorCode::KbliChoiceMissing,
            message: format!(
                "KBLI 2020 {} became several KBLI 2025 codes: choose one (facts.activities[].kbli_2025) before filing",
                unchosen.join(", ")
            ),
        });
    }
    let not_uploaded = crate::blobs::missing_contents(blobs, tx, &who.id, &case.documents).await?;
    if !not_uploaded.is_empty() {
        return Err(ApiError::ContentMissing(not_uploaded));
    }
    Ok((version, case))
}

/// Every document version `owner` attached to `case_id`, as the server holds them.
pub(crate) async fn case_documents(
    tx: &mut Tx,
    case_id: &str,
    owner: &str,
) -> Result<Vec<Document>, ApiError> {
    let rows = crate::repo::records::case_documents(tx, case_id, owner).await?;
    rows.iter()
        .map(|d| {
            serde_json::from_str(&d.data).map_err(|e| {
                tracing::error!(error = %e, case = case_id, "a stored document record does not parse");
                ApiError::Internal
            })
        })
        .collect()
}

/// The derived case officers review, as the server holds it (`None` if never filed).
pub(crate) async fn filed_case(tx: &mut Tx, case_id: &str) -> Result<Option<Case>, ApiError> {
    let record = crate::repo::records::record(tx, "filed_case", case_id).await?;
    record
        .map(|r| {
            serde_json::from_str(&r.data).map_err(|e| {
                tracing::error!(error = %e, case = case_id, "the stored filed case does not parse");
                ApiError::Internal
            })
        })
        .transpose()
}

/// Publishes to officers what belongs to a filed case: the case as the server derived it,
/// every document of it (earlier versions too), and its applicant's profile.
pub(crate) async fn publish_case(tx: &mut Tx, who: &Account, case: &Case) -> Result<(), ApiError> {
    let case_id = case.summary.id.as_str();
    let data = serde_json::to_string(case).map_err(|_| ApiError::Internal)?;
    let version = crate::repo::records::version(tx, "filed_case", case_id)
        .await?
        .map_or(1, |v| v + 1);
    let now = crate::clock::now();
    crate::repo::records::upsert(
        tx,
        &[crate::repo::records::Write {
            kind: "filed_case",
            id: case_id,
            owner: &who.id,
            version,
            data: &data,
            at: &now,
        }],
    )
    .await?;
    append_change(tx, "filed_case", case_id, &who.id, true, version, &data).await?;
    // The case's documents, through the table that records each document's case.
    for d in crate::repo::records::case_documents(tx, case_id, &who.id).await? {
        append_change(tx, "document", &d.id, &who.id, true, d.version, &d.data).await?;
    }
    // The applicant's progress on the case's plan, so officers plan with the same dates.
    if let Some(p) = crate::repo::records::owned(tx, "plan", case_id, &who.id).await? {
        append_change(tx, "plan", case_id, &who.id, true, p.version, &p.data).await?;
    }
    let profile_id = case.summary.profile_id.as_str();
    if let Some(p) = crate::repo::records::owned(tx, "profile", profile_id, &who.id).await? {
        append_change(tx, "profile", profile_id, &who.id, true, p.version, &p.data).await?;
    }
    Ok(())
}

/// Remembers the document-pack manifest of a filed snapshot, so `GET /verify/{id}` can say
/// which filing a pack belongs to (the desktop computes the same manifest from the same case).
pub(crate) async fn record_pack_manifest(
    tx: &mut Tx,
    case: &Case,
    number: &str,
    round: i64,
    at: &str,
) -> Result<(), ApiError> {
    let case_id = case.summary.id.as_str();
    let manifest = gerbang_core::pack::Manifest::of_case(case, Some(number));
    crate::repo::filings::record_pack(tx, &manifest.sha256(), case_id, number, round, at).await
}
