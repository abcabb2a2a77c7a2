//! Cases as records. [`CaseRecord`] is what the applicant decided (facts, catalog version,
//! title, notes) and all that travels; [`Case`] adds what is derived from it and what the city
//! backend owns (status, filing number), as a desktop shows it.

use super::document::Document;
use crate::engine::{Checklist, ChecklistItem};
use crate::facts::Facts;
use serde::{Deserialize, Serialize};

/// Where a case is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Being prepared.
    Draft,
    /// Complete, ready to file.
    Ready,
    /// Filed with the city.
    Filed,
    /// An officer is reviewing it.
    UnderReview,
    /// The officer asked the applicant for something.
    NeedsAction,
    /// Approved.
    Approved,
    /// Rejected.
    Rejected,
}

impl CaseStatus {
    /// The stored (and serialised) name: `draft`, `under_review`, …
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Draft => "draft",
            CaseStatus::Ready => "ready",
            CaseStatus::Filed => "filed",
            CaseStatus::UnderReview => "under_review",
            CaseStatus::NeedsAction => "needs_action",
            CaseStatus::Approved => "approved",
            CaseStatus::Rejected => "rejected",
        }
    }
}

/// A case in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CaseSummary {
    /// Id.
    pub id: String,
    /// Title (applicant and main activity).
    pub title: String,
    /// Status.
    pub status: CaseStatus,
    /// The applicant's profile id.
    pub profile_id: String,
    /// The applicant's name.
    pub profile_name: String,
    /// Items still required.
    pub items_required: i64,
    /// Last changed (UTC, RFC 3339).
    pub updated_at: String,
}

/// A checklist item as stored with its case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct StoredItem {
    /// Stable key within the case: `permit@activity` (`*` for the whole business).
    pub key: String,
    /// `false` once re-derivation no longer requires it (kept, shown as such).
    pub required: bool,
    /// The item.
    #[serde(flatten)]
    pub item: ChecklistItem,
}

/// A case with everything in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Case {
    /// The summary.
    #[serde(flatten)]
    pub summary: CaseSummary,
    /// The facts.
    pub facts: Facts,
    /// The derived checklist (scale, activities, findings, LKPM, …).
    pub checklist: Checklist,
    /// The items, in checklist order, with those no longer required after them.
    pub items: Vec<StoredItem>,
    /// Every version of every attached document.
    pub documents: Vec<Document>,
    /// The applicant's or consultant's notes (searchable).
    pub notes: String,
    /// The city's filing number, once filed (e.g. `BPN-2026-000123`).
    #[serde(default)]
    pub filing_number: Option<String>,
}

/// The key of an item within its case.
pub fn item_key(item: &ChecklistItem) -> String {
    format!("{}@{}", item.id, item.activity.as_deref().unwrap_or("*"))
}

/// What the applicant decided about a case: all of it that travels to the city backend. The
/// checklist is not part of it (the server derives it again from the facts and the catalog
/// version named here); status, versions and filing numbers are the server's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CaseRecord {
    /// Id.
    pub id: String,
    /// The applicant's profile.
    pub profile_id: String,
    /// Title (applicant and main activity).
    pub title: String,
    /// The facts, as the engine takes them.
    pub facts: Facts,
    /// The catalog version the checklist was derived with (empty in records written before
    /// it travelled; the city backend refuses those as an unknown version).
    #[serde(default)]
    pub catalog_version: String,
    /// The applicant's or consultant's notes.
    #[serde(default)]
    pub notes: String,
}

/// Fields of a case that only the city backend sets: an applicant's record naming one is refused.
pub const SERVER_OWNED: &[&str] = &[
    "status",
    "filing_number",
    "filed_at",
    "version",
    "checklist",
    "items",
    "items_required",
    "review",
    "decision_number",
    "documents",
];

impl Case {
    /// The part of the case that travels: what the applicant decided.
    pub fn record(&self) -> CaseRecord {
        CaseRecord {
            id: self.summary.id.clone(),
            profile_id: self.summary.profile_id.clone(),
            title: self.summary.title.clone(),
            facts: self.facts.clone(),
            catalog_version: self.checklist.catalog_version.clone(),
            notes: self.notes.clone(),
        }
    }

    /// The keys of the items still required, in checklist order.
    pub fn required_keys(&self) -> Vec<String> {
        self.items
            .iter()
            .filter(|i| i.required)
            .map(|i| i.key.clone())
            .collect()
    }

    /// A case as the city backend derives it from a record: the checklist's items, all
    /// required, with the documents the server holds for it.
    pub fn derived(
        record: &CaseRecord,
        checklist: Checklist,
        documents: Vec<Document>,
        status: CaseStatus,
        filing_number: Option<String>,
        profile_name: String,
        updated_at: String,
    ) -> Case {
        let items: Vec<StoredItem> = checklist
            .permits
            .iter()
            .map(|item| StoredItem {
                key: item_key(item),
                required: true,
                item: item.clone(),
            })
            .collect();
        Case {
            summary: CaseSummary {
                id: record.id.clone(),
                title: record.title.clone(),
                status,
                profile_id: record.profile_id.clone(),
                profile_name,
                items_required: items.len() as i64,
                updated_at,
            },
            facts: record.facts.clone(),
            checklist,
            items,
            documents,
            notes: record.notes.clone(),
            filing_number,
        }
    }
}

/// The required items of a checklist that have no document among `documents`.
pub fn missing_documents(required: &[String], documents: &[Document]) -> Vec<String> {
    required
        .iter()
        .filter(|k| !documents.iter().any(|d| &d.item_key == *k))
        .cloned()
        .collect()
}
