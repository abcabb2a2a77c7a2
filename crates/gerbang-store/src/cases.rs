//! Cases: the facts (as the engine takes them), the catalog version used, a status, and the
//! checklist derived from the facts. The profile supplies the applicant's data; the case never
//! asks for it again.

use crate::{StoreError, now};
use gerbang_core::engine::Checklist;
use gerbang_core::facts::Facts;
use gerbang_core::record::profile::Profile;
use serde::{Deserialize, Serialize};
use sqlx::FromRow;

pub use gerbang_core::record::case::{Case, CaseStatus, CaseSummary, StoredItem, item_key};

mod list;
pub use list::*;

impl crate::Store {
    /// What the applicant decided about a case (what travels to the city backend), read from
    /// its row alone: no items, no documents.
    pub async fn case_record(
        &self,
        id: &str,
    ) -> Result<gerbang_core::record::CaseRecord, StoreError> {
        let row: RecordRow = sqlx::query_as(
            "SELECT id, profile_id, title, facts_packed, catalog_version, notes FROM cases WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("case", id))?;
        Ok(gerbang_core::record::CaseRecord {
            facts: crate::packed::unpack(&row.facts_packed)?,
            id: row.id,
            profile_id: row.profile_id,
            title: row.title,
            catalog_version: row.catalog_version,
            notes: row.notes,
        })
    }

    /// A case and its applicant's profile (what a document pack is made from).
    pub async fn case_with_applicant(&self, id: &str) -> Result<(Case, Profile), StoreError> {
        let case = self.case(id).await?;
        let profile = self.profile(&case.summary.profile_id).await?;
        Ok((case, profile))
    }

    /// Keeps a new case of `profile` (as the caller read it): its facts and the checklist the
    /// application derived from them, written, indexed, audited and queued in one transaction.
    /// The facts' entity type and capital status must be the profile's (the store keeps its
    /// records consistent).
    pub async fn create_case(
        &self,
        actor: &str,
        profile: &Profile,
        facts: &Facts,
        checklist: &Checklist,
    ) -> Result<Case, StoreError> {
        check_profile(profile, facts)?;
        let mut tx = self.pool.begin().await?;
        let id = insert_case(&mut tx, actor, profile, facts, checklist, &now()).await?;
        tx.commit().await?;
        self.case(&id).await
    }

    /// Creates `count` cases from the same facts (evaluated once), `chunk` per transaction:
    /// the bulk path for imports and load tests. Each case is still audited and queued.
    pub async fn create_cases_bulk(
        &self,
        actor: &str,
        profile_id: &str,
        facts: &Facts,
        checklist: &Checklist,
        count: u64,
        chunk: u64,
    ) -> Result<u64, StoreError> {
        let profile = self.profile(profile_id).await?;
        check_profile(&profile, facts)?;
        let mut done = 0;
        while done < count {
            let mut tx = self.pool.begin().await?;
            let at = now();
            for _ in 0..chunk.min(count - done) {
                insert_case(&mut tx, actor, &profile, facts, checklist, &at).await?;
                done += 1;
            }
            tx.commit().await?;
        }
        Ok(done)
    }

    /// Keeps a case's facts and the checklist the application derived from them again: items
    /// still required keep their documents; items no longer required stay, marked as such; new
    /// items are added. One transaction, audited and queued for sync.
    pub async fn rederive_case(
        &self,
        actor: &str,
        case_id: &str,
        facts: &Facts,
        checklist: &Checklist,
    ) -> Result<Case, StoreError> {
        let before = self.case(case_id).await?;
        let profile = self.profile(&before.summary.profile_id).await?;
        check_profile(&profile, facts)?;
        let mut tx = self.pool.begin().await?;
        // In the transaction: a filing queued meanwhile still stops the change.
        crate::filings::ensure_not_waiting(&mut tx, case_id).await?;
        rederive_in(
            &mut tx,
            actor,
            case_id,
            &profile.data.name,
            facts,
            checklist,
            &before.notes,
            &now(),
        )
        .await?;
        tx.commit().await?;
        self.case(case_id).await
    }

    /// Replaces a case's notes (searchable with its names and KBLI), audited and queued.
    pub async fn set_case_notes(
        &self,
        actor: &str,
        case_id: &str,
        notes: &str,
    ) -> Result<Case, StoreError> {
        let before = self.case(case_id).await?;
        let at = now();
        let mut tx = self.pool.begin().await?;
        crate::filings::ensure_not_waiting(&mut tx, case_id).await?;
        sqlx::query("UPDATE cases SET notes = ?, updated_at = ? WHERE id = ?")
            .bind(notes)
            .bind(&at)
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        index_case(
            &mut tx,
            case_id,
            &before.summary.title,
            &before.summary.profile_name,
            &before.checklist,
            notes,
        )
        .await?;
        let detail = serde_json::json!({ "notes": notes }).to_string();
        crate::audit::append(
            &mut tx,
            &at,
            &crate::audit::Entry {
                actor,
                action: "case.notes",
                record_kind: "case",
                record_id: case_id,
                detail: detail.clone(),
            },
        )
        .await?;
        crate::queue::append_record(&mut tx, &at, "case.update", case_id).await?;
        tx.commit().await?;
        self.case(case_id).await
    }

    /// One case with its facts, checklist and items.
    pub async fn case(&self, id: &str) -> Result<Case, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let row: CaseRow = sqlx::query_as(
            "SELECT c.id, c.title, c.status, c.profile_id, p.name AS profile_name, c.updated_at,
                    c.facts_packed, c.checklist_packed, c.notes, c.filing_number, c.items_required
             FROM cases c JOIN profiles p ON p.id = c.profile_id WHERE c.id = ?",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found("case", id))?;
        let packed: crate::packed::PackedChecklist = crate::packed::unpack(&row.checklist_packed)?;
        let texts = crate::packed::texts(&mut conn, packed.items.iter().map(|i| i.text)).await?;
        drop(conn);
        let mut order: Vec<&crate::packed::PackedItem> = packed.items.iter().collect();
        order.sort_by_key(|i| (!i.required, i.position));
        let items = order
            .into_iter()
            .map(|i| {
                let item = texts
                    .get(&i.text)
                    .cloned()
                    .ok_or_else(|| StoreError::InvalidValue {
                        key: "item_texts",
                        value: i.text.to_string(),
                    })?;
                Ok(StoredItem {
                    key: i.key.clone(),
                    required: i.required,
                    item,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut checklist = packed.checklist;
        checklist.permits = items
            .iter()
            .filter(|i| i.required)
            .map(|i| i.item.clone())
            .collect();
        Ok(Case {
            documents: self.documents(id).await?,
            facts: crate::packed::unpack(&row.facts_packed)?,
            summary: row.summary.summary()?,
            notes: row.notes,
            filing_number: row.filing_number,
            checklist,
            items,
        })
    }
}

/// The profile rule (`gerbang_core::record::profile::facts_match_profile`) as a refusal.
fn check_profile(profile: &Profile, facts: &Facts) -> Result<(), StoreError> {
    gerbang_core::record::profile::facts_match_profile(profile, facts).map_err(
        |(field, problem)| StoreError::Refused {
            field: field.to_owned(),
            problem,
        },
    )
}

/// A case's title: the applicant, then the main activity.
pub(crate) fn case_title(applicant: &str, checklist: &Checklist) -> String {
    let main = checklist
        .activities
        .first()
        .map_or("", |a| a.title.as_str());
    format!("{applicant}: {main}")
}

/// Stores a new derivation of case `case_id` in `tx`: items still required keep their documents,
/// items no longer required stay marked as such, new ones are added; title and search entry
/// follow; audited and queued for sync.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn rederive_in(
    tx: &mut sqlx::SqliteConnection,
    actor: &str,
    case_id: &str,
    applicant: &str,
    facts: &Facts,
    checklist: &Checklist,
    notes: &str,
    at: &str,
) -> Result<(), StoreError> {
    let (before, mut packed) = crate::packed::case_of(&mut *tx, case_id).await?;
    packed.drop_required(None);
    let texts = crate::packed::store_texts(&mut *tx, &checklist.permits).await?;
    packed.add(&checklist.permits, &texts, true)?;
    packed.checklist = checklist.clone();
    packed.checklist.permits.clear();
    let title = case_title(applicant, checklist);
    sqlx::query(
        "UPDATE cases SET title = ?, facts_packed = ?, checklist_packed = ?, items_required = ?,
                          kbli_edition = ?, catalog_version = ?, catalog_hash = ?, updated_at = ?
         WHERE id = ?",
    )
    .bind(&title)
    .bind(crate::packed::pack(facts)?)
    .bind(crate::packed::pack(&packed)?)
    .bind(packed.required())
    .bind(facts.kbli_edition.year())
    .bind(&checklist.catalog_version)
    .bind(&checklist.catalog_hash)
    .bind(at)
    .bind(case_id)
    .execute(&mut *tx)
    .await?;
    index_case(&mut *tx, case_id, &title, applicant, checklist, notes).await?;
    // What changed (the names of the facts that did) and a hash of the facts now: the case
    // row holds the facts themselves, the audit log does not copy them.
    let before: Option<serde_json::Value> = serde_json::to_value(before).ok();
    let now_facts = serde_json::to_value(facts)?;
    let changed: Vec<&String> = now_facts
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, v)| before.as_ref().and_then(|b| b.get(k.as_str())) != Some(*v))
                .map(|(k, _)| k)
                .collect()
        })
        .unwrap_or_default();
    let detail = serde_json::json!({
        "changed": changed,
        "facts_sha256": facts_hash(facts)?,
        "catalog": checklist.catalog_version,
    })
    .to_string();
    crate::audit::append(
        &mut *tx,
        at,
        &crate::audit::Entry {
            actor,
            action: "case.rederive",
            record_kind: "case",
            record_id: case_id,
            detail: detail.clone(),
        },
    )
    .await?;
    crate::queue::append_record(&mut *tx, at, "case.update", case_id).await?;
    Ok(())
}

/// Gives a case the applicant's new name in its title and search entry (facts unchanged).
pub(crate) async fn retitle_in(
    tx: &mut sqlx::SqliteConnection,
    case: &Case,
    applicant: &str,
) -> Result<(), StoreError> {
    let title = case_title(applicant, &case.checklist);
    sqlx::query("UPDATE cases SET title = ? WHERE id = ?")
        .bind(&title)
        .bind(&case.summary.id)
        .execute(&mut *tx)
        .await?;
    index_case(
        &mut *tx,
        &case.summary.id,
        &title,
        applicant,
        &case.checklist,
        &case.notes,
    )
    .await
}

/// Inserts one case with its items, search entry, audit entry and outbox mutation into `tx`.
async fn insert_case(
    tx: &mut sqlx::SqliteConnection,
    actor: &str,
    profile: &Profile,
    facts: &Facts,
    checklist: &Checklist,
    at: &str,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::now_v7().to_string();
    let title = case_title(&profile.data.name, checklist);
    let packed = crate::packed::new_checklist(&mut *tx, checklist, &checklist.permits).await?;
    sqlx::query(
        "INSERT INTO cases (id, profile_id, title, status, kbli_edition, catalog_version, catalog_hash,
                            facts_packed, checklist_packed, items_required, created_at, updated_at)
         VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&profile.id)
    .bind(&title)
    .bind(facts.kbli_edition.year())
    .bind(&checklist.catalog_version)
    .bind(&checklist.catalog_hash)
    .bind(crate::packed::pack(facts)?)
    .bind(crate::packed::pack(&packed)?)
    .bind(packed.required())
    .bind(at)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    index_case(&mut *tx, &id, &title, &profile.data.name, checklist, "").await?;
    let detail = serde_json::json!({
        "profile_id": profile.id,
        "facts_sha256": facts_hash(facts)?,
        "catalog": checklist.catalog_version,
    })
    .to_string();
    crate::audit::append(
        &mut *tx,
        at,
        &crate::audit::Entry {
            actor,
            action: "case.create",
            record_kind: "case",
            record_id: &id,
            detail: detail.clone(),
        },
    )
    .await?;
    crate::queue::append_record(&mut *tx, at, "case.create", &id).await?;
    Ok(id)
}

/// SHA-256 (hex) of the facts' JSON: what an audit entry keeps instead of a copy.
pub(crate) fn facts_hash(facts: &Facts) -> Result<String, StoreError> {
    use sha2::Digest;
    Ok(gerbang_core::hex(&sha2::Sha256::digest(
        serde_json::to_string(facts)?.as_bytes(),
    )))
}

pub(crate) async fn index_case(
    conn: &mut sqlx::SqliteConnection,
    id: &str,
    title: &str,
    applicant: &str,
    checklist: &Checklist,
    notes: &str,
) -> Result<(), StoreError> {
    let kbli: Vec<String> = checklist
        .activities
        .iter()
        .flat_map(|a| {
            [
                a.kbli_input.clone(),
                a.kbli.clone().unwrap_or_default(),
                a.title.clone(),
            ]
        })
        .collect();
    // The search row shares the case row's rowid: found and replaced by key, never by a scan.
    sqlx::query("DELETE FROM cases_fts WHERE rowid = (SELECT rowid FROM cases WHERE id = ?)")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO cases_fts (rowid, title, applicant, kbli, notes)
         VALUES ((SELECT rowid FROM cases WHERE id = ?), ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(title)
    .bind(applicant)
    .bind(kbli.join(" "))
    .bind(notes)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A case's row as lists show it.
#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    title: String,
    status: String,
    profile_id: String,
    profile_name: String,
    items_required: i64,
    updated_at: String,
}

impl SummaryRow {
    fn summary(self) -> Result<CaseSummary, StoreError> {
        Ok(CaseSummary {
            status: serde_json::from_value(serde_json::Value::String(self.status.clone()))
                .map_err(|_| StoreError::InvalidValue {
                    key: "cases.status",
                    value: self.status,
                })?,
            id: self.id,
            title: self.title,
            profile_id: self.profile_id,
            profile_name: self.profile_name,
            items_required: self.items_required,
            updated_at: self.updated_at,
        })
    }
}

/// A whole case's row: its summary, packed facts and checklist, notes and filing number.
#[derive(sqlx::FromRow)]
struct CaseRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    facts_packed: Vec<u8>,
    checklist_packed: Vec<u8>,
    notes: String,
    filing_number: Option<String>,
}

/// A case's record fields as synced.
#[derive(sqlx::FromRow)]
struct RecordRow {
    id: String,
    profile_id: String,
    title: String,
    facts_packed: Vec<u8>,
    catalog_version: String,
    notes: String,
}

/// The most recently changed open cases home and the calendar read.
pub const CASES_READ: i64 = 200;

impl crate::Store {
    /// The open and approved cases (at most [`CASES_READ`]), most recently changed first: what
    /// home and the calendar read.
    pub async fn open_case_ids(&self) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM cases
             WHERE status IN ('draft', 'ready', 'needs_action', 'filed', 'under_review', 'approved')
             ORDER BY updated_at DESC, id DESC LIMIT ?",
        )
        .bind(CASES_READ)
        .fetch_all(&self.pool)
        .await?)
    }
}
