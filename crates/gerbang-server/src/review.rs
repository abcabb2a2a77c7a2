//! Reviews on the city backend: officers' actions arrive through the push (each checked with
//! the rules in `gerbang_core::review`, and against the version the officer acted on, so two
//! officers deciding the same item give the second a conflict, never an overwrite); the
//! applicant's resubmission is one idempotent call, like filing. Every applied event goes to
//! the change feed as the case's whole review, for the applicant and for officers.

use crate::error::ApiError;
use crate::outcome::{outcome, rejected};
use crate::repo::feed::append_change;
use crate::repo::{Tx, filings, reviews};
use gerbang_core::record::CaseStatus;
use gerbang_core::review::{Action, CaseFacts, Event, Review, Status};
use gerbang_core::wita::today;
use gerbang_wire::{
    Account, ErrorCode, Mutation, MutationResult, Outcome, ResubmitReceipt, ReviewPayload,
};

/// Where the review of `case_id` stands (`None`: not filed).
pub(crate) async fn status(tx: &mut Tx, case_id: &str) -> Result<Option<Status>, ApiError> {
    let s = reviews::status(tx, case_id).await?;
    s.map(|s| {
        serde_json::from_value(serde_json::Value::String(s)).map_err(|e| {
            tracing::error!(error = %e, case = case_id, "stored review status is unknown");
            ApiError::Internal
        })
    })
    .transpose()
}

/// The review of `case_id` replayed from its events, with the case's owner.
async fn load(tx: &mut Tx, case_id: &str) -> Result<Option<(Review, String)>, ApiError> {
    let Some(owner) = reviews::owner(tx, case_id).await? else {
        return Ok(None);
    };
    let rows = reviews::events(tx, case_id).await?;
    let mut events = Vec::with_capacity(rows.len());
    for reviews::EventRow {
        id,
        round,
        action,
        actor,
        at,
    } in rows
    {
        events.push(Event {
            id,
            round: u32::try_from(round).unwrap_or(1),
            action: serde_json::from_str(&action).map_err(|e| {
                tracing::error!(error = %e, case = case_id, "stored review event does not parse");
                ApiError::Internal
            })?,
            actor,
            at,
        });
    }
    Ok(Some((Review::replay(case_id, &events), owner)))
}

/// The filed case as the rules need it: the checklist the server derived, the documents it
/// holds. A filed case always has it; one that is missing or does not parse must not read as a
/// case with nothing required (which every approval would pass).
async fn facts(tx: &mut Tx, case_id: &str) -> Result<CaseFacts, ApiError> {
    let filed_at = filings::of_case(tx, case_id).await?.map(|f| f.filed_at);
    let Some(case) = crate::filing::filed_case(tx, case_id).await? else {
        tracing::error!(case = case_id, "the filed case's derived record is missing");
        return Err(ApiError::Internal);
    };
    Ok(CaseFacts::of_case(
        &case,
        filed_at.as_deref().and_then(gerbang_core::wita::wita_date),
    ))
}

/// Records `event` on `review` (already checked): the event row, the review's state, and the
/// whole review in the change feed for the applicant and officers.
async fn record(
    tx: &mut Tx,
    actor_id: &str,
    owner: &str,
    mut review: Review,
    event: Event,
) -> Result<Review, ApiError> {
    let action = serde_json::to_string(&event.action).map_err(|_| ApiError::Internal)?;
    reviews::insert_event(
        tx,
        &event.id,
        &review.case_id,
        i64::from(event.round),
        &action,
        actor_id,
        &event.actor,
        &event.at,
    )
    .await?;
    review.apply(event);
    let decision_number = review.decision.as_ref().and_then(|d| d.number.clone());
    reviews::save(
        tx,
        &reviews::State {
            case_id: &review.case_id,
            status: review.status.as_str(),
            round: i64::from(review.round),
            version: i64::from(review.version),
            decision_number: decision_number.as_deref(),
            updated_at: &crate::clock::now(),
        },
    )
    .await?;
    let data = serde_json::to_string(&review).map_err(|_| ApiError::Internal)?;
    append_change(
        tx,
        "review",
        &review.case_id,
        owner,
        true,
        i64::from(review.version),
        &data,
    )
    .await?;
    Ok(review)
}

/// How an event reads in a conflict message: who did what, when (WITA).
fn said(e: &Event) -> String {
    let what = match &e.action {
        Action::Verdict {
            verdict, comment, ..
        } => {
            let v = match verdict {
                gerbang_core::review::Verdict::Verified => "verified it",
                gerbang_core::review::Verdict::Rejected => "rejected it",
            };
            if comment.trim().is_empty() {
                v.to_owned()
            } else {
                format!("{v} (\"{}\")", comment.trim())
            }
        }
        Action::RequestRevision { .. } => "asked for a revision".to_owned(),
        Action::Resubmit { .. } => "resubmitted the case".to_owned(),
        Action::Approve {
            decision_number, ..
        } => format!("approved it as {decision_number}"),
        Action::Reject { .. } => "rejected the case".to_owned(),
    };
    format!(
        "{} {what} at {}",
        e.actor,
        gerbang_core::format_stored(&e.at)
    )
}

/// Applies an officer's review mutation: the action and the version N it was made on (the
/// item's for a verdict, the review's otherwise).
pub(crate) async fn apply(
    tx: &mut Tx,
    who: &Account,
    m: &Mutation,
    payload: &ReviewPayload,
) -> Result<MutationResult, ApiError> {
    let reject = |code: ErrorCode, why: String| Ok(rejected(m, code, why));
    let action = payload.action.clone();
    if matches!(action, Action::Resubmit { .. }) {
        return reject(
            ErrorCode::WrongRole,
            "applicants resubmit with POST /api/v1/cases/{id}/resubmit".to_owned(),
        );
    }
    let base = u64::from(payload.base);
    let Some((review, owner)) = load(tx, &m.record_id).await? else {
        return reject(
            ErrorCode::NotFound,
            format!("no filed case {}", m.record_id),
        );
    };
    let case = facts(tx, &m.record_id).await?;
    let conflict = |version: u32, why: String| {
        Ok(outcome(
            m,
            Outcome::Conflict,
            Some(i64::from(version)),
            Some(why),
        ))
    };
    match &action {
        Action::Verdict {
            item_key,
            document_id,
            ..
        } => {
            let version = review.item_version(item_key);
            if u64::from(version) != base {
                let last = review
                    .item(item_key)
                    .and_then(|i| i.history.last())
                    .and_then(|h| review.events.iter().find(|e| e.id == h.event_id));
                return conflict(
                    version,
                    format!(
                        "another officer decided this item meanwhile: {}; your verdict was not applied",
                        last.map(said).unwrap_or_default()
                    ),
                );
            }
            if document_id.is_some() && document_id.as_ref() != case.current_documents.get(item_key)
            {
                return conflict(
                    version,
                    "the applicant has sent another version of this document since: look at it again".to_owned(),
                );
            }
        }
        _ => {
            if u64::from(review.version) != base {
                return conflict(
                    review.version,
                    format!(
                        "the case changed since you looked at it ({}): look at it again",
                        review.events.last().map(said).unwrap_or_default()
                    ),
                );
            }
        }
    }
    if let Err(e) = review.check(&action, &case, today()) {
        return reject(ErrorCode::from_rule(e.code), e.message);
    }
    // The city's form of decision numbers, from the catalog this server publishes.
    let format = gerbang_catalog::catalog()
        .ok()
        .and_then(|c| c.data.rules.decision_number.as_ref());
    if let Err(e) = gerbang_core::review::check_decision_format(format, &action) {
        return reject(ErrorCode::from_rule(e.code), e.message);
    }
    if let Action::Approve {
        decision_number, ..
    } = &action
    {
        let taken = reviews::decided_with(tx, decision_number.trim(), &m.record_id).await?;
        if let Some(number) = taken {
            return reject(
                ErrorCode::InvalidDecision,
                format!(
                    "decision number {} is already used for filing {number}",
                    decision_number.trim()
                ),
            );
        }
    }
    let event = Event {
        id: m.id.clone(),
        round: review.round,
        action: trimmed(action),
        actor: who.username.clone(),
        at: crate::clock::now(),
    };
    let review = record(tx, &who.id, &owner, review, event).await?;
    tracing::info!(officer = %who.username, case = %m.record_id, status = review.status.as_str(), "review");
    Ok(outcome(
        m,
        Outcome::Applied,
        Some(i64::from(review.version)),
        None,
    ))
}

/// The action with its free texts trimmed (as they are shown).
fn trimmed(action: Action) -> Action {
    match action {
        Action::Verdict {
            item_key,
            verdict,
            comment,
            document_id,
        } => Action::Verdict {
            item_key,
            verdict,
            comment: comment.trim().to_owned(),
            document_id,
        },
        Action::RequestRevision { comment } => Action::RequestRevision {
            comment: comment.trim().to_owned(),
        },
        Action::Approve {
            decision_number,
            decision_date,
            comment,
        } => Action::Approve {
            decision_number: decision_number.trim().to_owned(),
            decision_date: decision_date.trim().to_owned(),
            comment: comment.trim().to_owned(),
        },
        Action::Reject { reasons } => Action::Reject {
            reasons: reasons.trim().to_owned(),
        },
        other => other,
    }
}

/// The applicant resubmits a case after a revision request: the server's copy must be the
/// snapshot named, complete, with every content uploaded. The next round begins; officers
/// receive the revised case, its documents and the review. A replay (after a lost answer)
/// returns the same receipt.
pub async fn resubmit(
    db: &crate::db::Db,
    blobs: &crate::objects::Blobs,
    who: &Account,
    case_id: &str,
    snapshot_hash: &str,
    responses: &std::collections::BTreeMap<String, String>,
) -> Result<ResubmitReceipt, ApiError> {
    let mut tx = crate::repo::begin(db, &[crate::repo::record_key(case_id)]).await?;
    let Some((review, owner)) = load(&mut tx, case_id).await? else {
        return Err(ApiError::NoSuch("case"));
    };
    if owner != who.id {
        return Err(ApiError::NoSuch("case"));
    }
    let receipt = |r: &Review| ResubmitReceipt {
        case_id: case_id.to_owned(),
        round: r.round,
        status: r.status.as_str().to_owned(),
    };
    // The same resubmission again: answered as before.
    if let Some(Event {
        action: Action::Resubmit {
            snapshot_hash: done,
            ..
        },
        ..
    }) = review.events.last()
        && done == snapshot_hash
    {
        return Ok(receipt(&review));
    }
    if review.status != Status::NeedsAction {
        return Err(ApiError::Rule {
            code: "not_waiting",
            message: format!(
                "the case is {}: only a case waiting for the applicant's revision can be resubmitted",
                review.status.as_str()
            ),
        });
    }
    let filing = filings::of_case(&mut tx, case_id)
        .await?
        .ok_or(ApiError::Internal)?;
    let number = filing.number;
    let (_, case_now) = crate::filing::derive_filed(
        &mut tx,
        blobs,
        who,
        case_id,
        snapshot_hash,
        CaseStatus::UnderReview,
        Some(&number),
    )
    .await?;
    let case = CaseFacts::of_case(&case_now, gerbang_core::wita::wita_date(&filing.filed_at));
    let action = Action::Resubmit {
        snapshot_hash: snapshot_hash.to_owned(),
        changed: review.changed_documents(&case),
        responses: responses.clone(),
    };
    review
        .check(&action, &case, today())
        .map_err(|e| ApiError::Rule {
            code: e.code,
            message: e.message,
        })?;
    let event = Event {
        id: uuid::Uuid::now_v7().to_string(),
        round: review.round,
        action,
        actor: who.username.clone(),
        at: crate::clock::now(),
    };
    crate::filing::publish_case(&mut tx, who, &case_now).await?;
    let review = record(&mut tx, &who.id, &owner, review, event).await?;
    crate::filing::record_pack_manifest(
        &mut tx,
        &case_now,
        &number,
        i64::from(review.round),
        &crate::clock::now(),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %who.username, case = case_id, round = review.round, "resubmitted");
    Ok(receipt(&review))
}
