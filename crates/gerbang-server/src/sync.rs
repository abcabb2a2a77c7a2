//! Sync: desktops push their outbox (each mutation applied at most once per device and seq),
//! pull the change feed after a cursor, and file cases (one idempotent call, numbered once).
//!
//! Every write runs in one transaction. On PostgreSQL (SQLite has one writer anyway) two kinds
//! of transaction-level advisory lock keep replicas and concurrent requests apart without
//! running them one at a time: a write first locks the records and the device it touches (all
//! at once, in one order, so two writers never wait on each other in a circle), and the feed
//! lock is taken only when feed rows are appended, held for the few statements left before the
//! commit, so feed order is commit order (a pull never skips a change that commits late).

use crate::db::Db;
use crate::error::ApiError;
use crate::filing::{derive_filed, publish_case, record_pack_manifest};
use crate::outcome::{outcome, rejected};
use crate::repo::feed::append_change;
use crate::repo::{Tx, begin, mutations, record_key};
use gerbang_core::record::{CaseRecord, CaseStatus, Profile};
use gerbang_wire::{
    Account, Change, ErrorCode, FileRequest, Mutation, MutationPayload, MutationResult, Outcome,
    PullResponse, PushRequest, PushResponse, Receipt, Role,
};

mod context;
use context::*;

mod check;
use check::*;

/// The longest id (record, mutation, device) accepted.
pub const MAX_ID: usize = 100;
/// The largest document a record may declare (the desktop's own limit is at most 2 GiB).
pub const MAX_DOCUMENT_BYTES: i64 = 2048 * 1024 * 1024;

/// Applies a device's batch. Sequence numbers must continue the device's last one (a replay of
/// already-applied ones returns their stored results); a gap applies nothing.
pub async fn push(db: &Db, who: &Account, req: PushRequest) -> Result<PushResponse, ApiError> {
    // As the API description says: 1 to 100 characters, not only spaces.
    let device = req.device_id.as_str();
    if device.trim().is_empty() || device.chars().count() > 100 {
        return Err(ApiError::Invalid(
            "device_id must be 1 to 100 characters".to_owned(),
        ));
    }
    if req.mutations.len() > gerbang_wire::MAX_PUSH_MUTATIONS {
        return Err(ApiError::TooManyMutations(req.mutations.len()));
    }
    if let Some(w) = req
        .mutations
        .windows(2)
        .find(|w| w[0].seq.checked_add(1) != Some(w[1].seq))
    {
        return Err(ApiError::SequenceGap {
            expected: w[0].seq.saturating_add(1),
            got: w[1].seq,
        });
    }
    let Some(first) = req.mutations.first().map(|m| m.seq) else {
        return Ok(PushResponse {
            results: Vec::new(),
        });
    };
    // Each payload parsed once; the records they name are locked before anything is read.
    let typed: Typed = req.mutations.iter().map(|m| (m.seq, m.typed())).collect();
    let record_ids = PushCtx::ids(&req.mutations, &typed);
    let mut keys = vec![format!("d:{device}")];
    keys.extend(record_ids.iter().map(|id| record_key(id)));
    let mut tx = begin(db, &keys).await?;
    let owner = mutations::device_owner(&mut tx, device).await?;
    if owner.is_some_and(|o| o != who.id) {
        return Err(ApiError::Forbidden);
    }
    let last = mutations::last_seq(&mut tx, device).await?;
    if first > last + 1 || first < 1 {
        return Err(ApiError::SequenceGap {
            expected: last + 1,
            got: first,
        });
    }
    let new: Vec<&Mutation> = req.mutations.iter().filter(|m| m.seq > last).collect();
    if let Some(m) = new
        .iter()
        .find(|m| m.id.is_empty() || m.id.chars().count() > MAX_ID)
    {
        return Err(ApiError::Invalid(format!(
            "mutation {}: its id must be 1 to {MAX_ID} characters",
            m.seq
        )));
    }
    let new_ids: Vec<&str> = new.iter().map(|m| m.id.as_str()).collect();
    if let Some((id, seq)) = mutations::first_used(&mut tx, device, &new_ids).await? {
        return Err(ApiError::MutationIdReused { id, seq });
    }
    let mut ids = std::collections::HashMap::with_capacity(new.len());
    for m in &new {
        if let Some(seq) = ids.insert(m.id.as_str(), m.seq) {
            return Err(ApiError::MutationIdReused {
                id: m.id.clone(),
                seq,
            });
        }
    }
    let mut results = Vec::with_capacity(req.mutations.len());
    let mut ctx = PushCtx::load(&mut tx, who, typed, &record_ids).await?;
    // A record whose change conflicted takes no later change from the same batch: those were
    // built on the conflicting one.
    let mut blocked: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    for m in &req.mutations {
        if m.seq <= last {
            results.push(replayed(&mut tx, device, m).await?);
            continue;
        }
        let key = (
            gerbang_wire::payload::record_kind(&m.kind).to_owned(),
            m.record_id.clone(),
        );
        let result = if blocked.contains(&key) {
            let current = ctx.record(&key.0, &key.1).map(|r| r.version);
            outcome(
                m,
                Outcome::Conflict,
                current,
                Some(
                    "an earlier change to this record in the same batch is in conflict".to_owned(),
                ),
            )
        } else {
            apply(&mut tx, who, m, &mut ctx).await?
        };
        if result.outcome == Outcome::Conflict {
            blocked.insert(key);
        }
        let status = if result.outcome == Outcome::Applied {
            "applied"
        } else {
            "rejected"
        };
        ctx.logged.push((
            m.seq,
            m.id.clone(),
            m.kind.clone(),
            m.record_id.clone(),
            status,
            serde_json::to_string(&result).map_err(|_| ApiError::Internal)?,
        ));
        results.push(result);
    }
    ctx.flush(&mut tx, device).await?;
    tx.commit().await?;
    let applied = results
        .iter()
        .filter(|r| r.outcome == Outcome::Applied)
        .count();
    tracing::info!(user = %who.username, device, mutations = results.len(), applied, "push");
    Ok(PushResponse { results })
}

/// The stored result of an already-applied seq; the same seq with another id is refused.
async fn replayed(tx: &mut Tx, device: &str, m: &Mutation) -> Result<MutationResult, ApiError> {
    let (id, result) = mutations::stored(tx, device, m.seq)
        .await?
        .ok_or(ApiError::Internal)?;
    if id != m.id {
        return Err(ApiError::Invalid(format!(
            "seq {} of this device was already used by mutation {id}",
            m.seq
        )));
    }
    serde_json::from_str(&result).map_err(|_| ApiError::Internal)
}

/// Applies one new mutation inside `tx`: the payload typed and checked first (the server
/// derives and checks; it believes nothing the device computed), then created, or updated from
/// the current version; a stale base version is a conflict, somebody else's record is
/// rejected, documents are insert-only.
async fn apply(
    tx: &mut Tx,
    who: &Account,
    m: &Mutation,
    ctx: &mut PushCtx,
) -> Result<MutationResult, ApiError> {
    let reject = |code: ErrorCode, why: String| Ok(rejected(m, code, why));
    if m.record_id.is_empty() || m.record_id.len() > MAX_ID {
        return reject(
            ErrorCode::InvalidRecord,
            format!("record_id must be 1 to {MAX_ID} characters"),
        );
    }
    // Parsed once, when the push was read (see `PushCtx::load`).
    let payload = match ctx.typed.remove(&m.seq).unwrap_or_else(|| m.typed()) {
        Ok(p) => p,
        Err(e) => return reject(e.code, e.to_string()),
    };
    let kind = payload.record_kind();
    if let Some(own) = payload.own_id()
        && own != m.record_id
    {
        return reject(
            ErrorCode::InvalidRecord,
            format!(
                "the mutation names record {} but its payload is record {own}",
                m.record_id
            ),
        );
    }
    // Officers review; applicants prepare and file.
    match (&payload, who.role == Role::Officer) {
        (MutationPayload::ReviewAction(r), true) => {
            // Review events append to the feed themselves: what this push queued goes first.
            ctx.flush_changes(tx).await?;
            return crate::review::apply(tx, who, m, r).await;
        }
        (MutationPayload::ReviewAction(_), false) => {
            return reject(
                ErrorCode::WrongRole,
                "only officers review cases".to_owned(),
            );
        }
        (_, true) => {
            return reject(
                ErrorCode::WrongRole,
                "officers change cases only through review actions".to_owned(),
            );
        }
        _ => {}
    }
    if let Err((code, why)) = check_record(tx, who, &payload, ctx).await? {
        return reject(code, why);
    }
    let case_of_record = match &payload {
        MutationPayload::CaseCreate(_) | MutationPayload::CaseUpdate(_) => {
            Some(m.record_id.clone())
        }
        MutationPayload::DocumentAttach(d) => Some(d.case_id.clone()),
        MutationPayload::PlanUpdate(p) => Some(p.case_id.clone()),
        _ => None,
    };
    let data = payload.payload_json().to_string();
    let filed = case_of_record
        .as_ref()
        .is_some_and(|case| ctx.filed.contains(case));
    // While the officer waits for the applicant's revision, the case may change (new document
    // versions, the snapshot to resubmit); otherwise a filed case is frozen.
    let revising = filed
        && case_of_record.is_some()
        && crate::review::status(tx, case_of_record.as_deref().unwrap_or_default()).await?
            == Some(gerbang_core::review::Status::NeedsAction);
    let frozen = filed && !revising;
    if kind == "case" && frozen {
        // The filed snapshot again (a retry after a lost answer) changes nothing and is fine.
        let stored = ctx.record("case", &m.record_id).map(|r| r.data.clone());
        let same = stored
            .and_then(|s| serde_json::from_str::<serde_json::Value>(s.as_str()).ok())
            .is_some_and(|v| v == payload.payload_json());
        if !same {
            return reject(
                ErrorCode::CaseFiled,
                "the case is filed: changes now go through the officer's revision requests"
                    .to_owned(),
            );
        }
    }
    // A plan's progress is the applicant's word on each stage, sent whole: the newest wins and
    // is never a conflict to settle (a stale base is not an error for it).
    let versioned = kind != "plan";
    let current = ctx.record(kind, &m.record_id).cloned();
    let now = crate::clock::now();
    let new = Stored {
        kind,
        versioned,
        frozen,
        data: &data,
    };
    let version = match next_version(m, who, &payload, current, &new, ctx) {
        Ok(version) => version,
        Err(answer) => return Ok(answer),
    };
    // Officers see a filed case's changes; what the applicant changes while revising reaches
    // them with the resubmission.
    // A plan reaches officers whenever its case is filed, revising or not.
    let for_officers = if kind == "plan" { filed } else { frozen };
    ctx.changes.push((
        kind,
        m.record_id.clone(),
        for_officers,
        version,
        data.clone(),
    ));
    ctx.written
        .push((kind.to_owned(), m.record_id.clone(), now));
    ctx.records.insert(
        (kind.to_owned(), m.record_id.clone()),
        Some(Held {
            owner: who.id.clone(),
            version,
            data,
        }),
    );
    Ok(outcome(m, Outcome::Applied, Some(version), None))
}

/// What a new mutation would write: its kind, whether it is versioned (all but a plan), whether
/// its case is filed and frozen, and its payload as stored.
struct Stored<'a> {
    kind: &'static str,
    versioned: bool,
    frozen: bool,
    data: &'a str,
}

/// The version a new mutation writes: 1 for a new record (a document's blob noted for upload),
/// the next one for an update from the current version. `Err` is the answer instead: a stale
/// base is a conflict, somebody else's record is rejected, documents are insert-only, and a
/// frozen case's snapshot sent again changes nothing.
fn next_version(
    m: &Mutation,
    who: &Account,
    payload: &MutationPayload,
    current: Option<Held>,
    new: &Stored<'_>,
    ctx: &mut PushCtx,
) -> Result<i64, MutationResult> {
    let Stored {
        kind,
        versioned,
        frozen,
        data,
    } = *new;
    Ok(match current {
        None => {
            if let Some(base) = m.base_version
                && versioned
            {
                return Err(outcome(
                    m,
                    Outcome::Conflict,
                    None,
                    Some(format!(
                        "edited from version {base}, but the server has no such record"
                    )),
                ));
            }
            if let MutationPayload::DocumentAttach(d) = payload {
                ctx.blobs.push((
                    m.record_id.clone(),
                    d.sha256.clone(),
                    d.size,
                    d.case_id.clone(),
                ));
            }
            1
        }
        Some(row) => {
            let (owner, version) = (row.owner, row.version);
            if owner != who.id {
                return Err(rejected(
                    m,
                    ErrorCode::NotYourRecord,
                    "the record belongs to another account".to_owned(),
                ));
            }
            if kind == "document" {
                return Err(if row.data == data {
                    outcome(m, Outcome::Applied, Some(version), None)
                } else {
                    rejected(
                        m,
                        ErrorCode::DocumentImmutable,
                        "document versions are insert-only: attach a new version instead"
                            .to_owned(),
                    )
                });
            }
            if kind == "case" && frozen {
                return Err(outcome(m, Outcome::Applied, Some(version), None));
            }
            if versioned && m.base_version != Some(version) {
                return Err(outcome(
                    m,
                    Outcome::Conflict,
                    Some(version),
                    Some(format!(
                        "the server has version {version}; this change was made on {}",
                        m.base_version
                            .map_or_else(|| "no version".to_owned(), |b| b.to_string())
                    )),
                ));
            }
            version + 1
        }
    })
}

/// Changes after `after` that `who` may see, in feed order: applicants see their own records,
/// officers what has been filed.
pub async fn pull(
    db: &Db,
    cursors: &crate::cursor::CursorKey,
    who: &Account,
    cursor: i64,
    limit: i64,
) -> Result<PullResponse, ApiError> {
    let after = cursors.open(cursor).ok_or(ApiError::CursorAhead(cursor))?;
    let rows = crate::repo::feed::changes_after(db, who, after, limit + 1).await?;
    // A cursor past the feed's end (another server's, a reset database) finds nothing; only
    // then is the head read, to tell it from an account with nothing new.
    if rows.is_empty() && !db.feed_has(after).await? {
        return Err(ApiError::CursorAhead(cursor));
    }
    let more = rows.len() as i64 > limit;
    let mut changes = Vec::with_capacity(rows.len());
    for row in rows.into_iter().take(limit as usize) {
        changes.push(Change {
            seq: row.seq,
            kind: row.kind,
            record_id: row.record_id,
            version: row.version,
            data: serde_json::value::RawValue::from_string(row.data)
                .map_err(|_| ApiError::Internal)?,
        });
    }
    // The account's own last change, sealed: never the feed's head, which would tell it how
    // busy everyone else is.
    let last = changes.last().map_or(after, |c| c.seq);
    for c in &mut changes {
        c.seq = cursors.seal(c.seq);
    }
    Ok(PullResponse {
        cursor: cursors.seal(last),
        changes,
        more,
    })
}

/// Files a case: the server's copy must be the snapshot the client names, every required item
/// must have a document, and every document's content must be uploaded. Numbered once per case (`BPN-YYYY-NNNNNN`, Balikpapan's year); a
/// replay returns the same receipt.
pub async fn file_case(
    db: &Db,
    blobs: &crate::objects::Blobs,
    who: &Account,
    case_id: &str,
    req: &FileRequest,
) -> Result<Receipt, ApiError> {
    let mut tx = begin(db, &[record_key(case_id)]).await?;
    if let Some(crate::repo::filings::Filing {
        number,
        owner_id: owner,
        snapshot_hash: hash,
        filed_at,
    }) = crate::repo::filings::of_case(&mut tx, case_id).await?
    {
        if owner != who.id {
            return Err(ApiError::NoSuch("case"));
        }
        if hash != req.snapshot_hash {
            return Err(ApiError::Mismatch(format!(
                "the case was already filed as {number} with another snapshot"
            )));
        }
        return Ok(Receipt {
            case_id: case_id.to_owned(),
            number,
            filed_at,
        });
    }
    let (_, mut case) = derive_filed(
        &mut tx,
        blobs,
        who,
        case_id,
        &req.snapshot_hash,
        CaseStatus::Filed,
        None,
    )
    .await?;
    let filed_at = crate::clock::now();
    let year = time::OffsetDateTime::now_utc()
        .to_offset(gerbang_core::WITA)
        .year();
    let number = crate::repo::filings::number_and_record(
        &mut tx,
        case_id,
        year,
        &who.id,
        &req.snapshot_hash,
        &filed_at,
    )
    .await?;
    case.filing_number = Some(number.clone());
    record_pack_manifest(&mut tx, &case, &number, 1, &filed_at).await?;
    let receipt = Receipt {
        case_id: case_id.to_owned(),
        number: number.clone(),
        filed_at,
    };
    // Officers now see the case, its documents, its applicant and the filing; its review opens.
    publish_case(&mut tx, who, &case).await?;
    crate::repo::reviews::open(&mut tx, case_id, &who.id, &receipt.filed_at).await?;
    let receipt_json = serde_json::to_string(&receipt).map_err(|_| ApiError::Internal)?;
    append_change(&mut tx, "filing", case_id, &who.id, true, 1, &receipt_json).await?;
    tx.commit().await?;
    tracing::info!(user = %who.username, case = case_id, %number, "filed");
    Ok(receipt)
}
