//! What the application answers with, shaped once for both shells: the desktop sends these to
//! its UI (TypeScript bindings are generated from them) and the command line prints them.

use crate::Failure;
use gerbang_core::Language;
use gerbang_core::record::case::{CaseStatus, CaseSummary};
use gerbang_store::cases::CaseSort;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Device settings the user can change.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Settings {
    /// The UI language.
    pub language: Language,
    /// The largest document accepted, in MB.
    pub max_document_mb: u32,
}

/// The form of a decision number as the desk shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DecisionNumberForm {
    /// The pattern (`NNN/N+/DPMPTSP/BULAN/TAHUN`).
    pub pattern: String,
    /// An example.
    pub example: String,
    /// Whether its source is confirmed.
    pub confirmed: bool,
}

/// A case in the case list: its summary, and when it last changed in Balikpapan time.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CaseRow {
    /// The case.
    #[serde(flatten)]
    pub summary: CaseSummary,
    /// Last change, in Balikpapan time (`27/11/2026 21:05 WITA`).
    pub updated: String,
}

/// What the case list asks for: filters, order, and where the page starts.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct CaseListQuery {
    /// Words to find in names, KBLI codes and titles, notes.
    pub search: Option<String>,
    /// Only this status.
    pub status: Option<CaseStatus>,
    /// Only this client's cases.
    pub client_id: Option<String>,
    /// Order.
    pub sort: CaseSort,
    /// The next page: cases after this one (the last row's id); the first page when null.
    pub after: Option<String>,
    /// Page size (at most 500).
    pub limit: u32,
    /// Rows to skip (prefer `after`).
    #[serde(default)]
    #[ts(optional)]
    pub offset: Option<u32>,
}

/// A page of the case list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CasePage {
    /// The rows.
    pub rows: Vec<CaseRow>,
    /// How many cases match in all (on the first page only; null after).
    #[ts(type = "number | null")]
    pub total: Option<i64>,
}

/// A client (applicant profile) in the client list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ClientRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Individual or company.
    pub kind: gerbang_core::record::profile::ProfileKind,
    /// Legal form.
    pub entity_type: gerbang_core::facts::EntityType,
    /// PMA or PMDN.
    pub capital_status: gerbang_core::facts::CapitalStatus,
    /// NIK for an individual, NPWP for a company.
    pub identifier: String,
}

impl From<gerbang_core::record::profile::Profile> for ClientRow {
    fn from(p: gerbang_core::record::profile::Profile) -> ClientRow {
        ClientRow {
            kind: p.data.kind,
            entity_type: p.data.entity_type,
            capital_status: p.data.capital_status,
            identifier: p.data.nik.or(p.data.npwp).unwrap_or_default(),
            name: p.data.name,
            id: p.id,
        }
    }
}

/// This device's sync state, for the Sync screen, the sidebar and `gerbang sync status`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncStatus {
    /// The server this device syncs with (the signed-in one, else the configured one).
    pub server_url: String,
    /// The signed-in account, if any.
    pub account: Option<SyncAccount>,
    /// Where the sign-in token is kept.
    pub token_home: Option<gerbang_sync::vault::TokenHome>,
    /// Changes waiting to be pushed.
    #[ts(type = "number")]
    pub pending: i64,
    /// When the last sync completed, in Balikpapan time.
    pub last_sync: Option<String>,
    /// The same, as stored (UTC, RFC 3339).
    pub last_sync_at: Option<String>,
    /// Where the pull stands in the city backend's feed.
    #[ts(type = "number")]
    pub cursor: i64,
    /// Records pulled from the city backend, by kind.
    #[ts(type = "Record<string, number>")]
    pub pulled: std::collections::BTreeMap<String, i64>,
    /// A sync is running now.
    pub syncing: bool,
    /// Why the last sync failed, if it did (a code and parameters; the UI words it).
    pub last_error: Option<Failure>,
    /// What the last sync did.
    pub last_report: Option<gerbang_sync::engine::Report>,
    /// Changes the server refused or found in conflict.
    pub problems: Vec<gerbang_store::outbox::SyncProblem>,
    /// The catalog version in use.
    pub catalog_version: String,
    /// How far the running sync has come.
    pub progress: Option<gerbang_sync::engine::Progress>,
    /// What the last catalog update changed, if one came.
    pub catalog_change: Option<crate::CatalogChange>,
    /// Filings asked for while the city backend could not be reached (waiting, or refused).
    pub queued_filings: Vec<gerbang_store::filings::QueuedFiling>,
    /// Filings queued offline that got their number since the application started.
    pub arrived: Vec<gerbang_sync::wire::Receipt>,
}

/// Who this device syncs as.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncAccount {
    /// Account name.
    pub username: String,
    /// Role.
    pub role: gerbang_sync::wire::Role,
    /// When the sign-in expires, in Balikpapan time.
    pub expires: String,
}

/// What asking to file a case did: filed now (the receipt), or queued for the next sync.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FileOutcome {
    /// The city's receipt, when the case was filed now.
    pub receipt: Option<gerbang_sync::wire::Receipt>,
    /// The waiting filing, when the city backend could not be reached.
    pub queued: Option<gerbang_store::filings::QueuedFiling>,
}

/// A filed case as an officer's device holds it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FiledCase {
    /// The case id.
    pub case_id: String,
    /// The filing number.
    pub number: String,
    /// The case title.
    pub title: String,
    /// The applicant.
    pub applicant: String,
    /// When filed, in Balikpapan time.
    pub filed: String,
    /// Required items.
    #[ts(type = "number")]
    pub items_required: i64,
    /// Documents received.
    #[ts(type = "number")]
    pub documents: i64,
}

/// A filed case's review as its applicant sees it, with its clocks.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OwnReview {
    /// The review.
    pub review: gerbang_core::review::Review,
    /// Each stage's clock.
    pub clocks: Vec<gerbang_core::review::StageClock>,
}

/// The calendar screen: every date ahead, and how many days before one its reminder comes.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CalendarView {
    /// The dates, soonest first.
    pub dues: Vec<crate::plan::Due>,
    /// Days before a date its reminder is raised.
    pub reminder_days: u32,
}

/// How far a pack (or a batch of packs) has come.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PackProgress {
    /// Which case of the batch (0-based; equals `cases` when the batch is done).
    pub case_index: u32,
    /// Cases in the batch.
    pub cases: u32,
    /// The case's title (empty once the batch is done).
    pub title: String,
    /// `reading` (attachments), `writing` (the PDF) or `done`.
    pub stage: String,
    /// Steps done in this stage.
    pub done: u32,
    /// Steps in this stage.
    pub total: u32,
}

/// Something that did not make it: an attachment left out of a pack, or a case of a batch.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PackFailure {
    /// The attachment's file name, or the case id.
    pub name: String,
    /// Why.
    pub message: String,
    /// Why, as it is worded (a case that could not be packed).
    #[serde(skip)]
    pub failure: Option<Failure>,
}

/// A pack written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PackResult {
    /// The case.
    pub case_id: String,
    /// Where it is.
    pub path: String,
    /// Its file name.
    pub file_name: String,
    /// Its page count.
    pub pages: u32,
    /// The pack's id (SHA-256 of its manifest), as the QR code carries it.
    pub pack_id: String,
    /// The SHA-256 of the PDF file.
    #[serde(skip)]
    pub sha256: String,
    /// The address the QR code encodes.
    pub verify_url: String,
    /// Attachments listed but not included, with the reason.
    pub not_included: Vec<PackFailure>,
    /// Whether the system viewer was started on it (the pack is written either way).
    pub opened: bool,
}

/// A batch of packs written into one folder.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PackBatch {
    /// The folder.
    pub folder: String,
    /// The packs written.
    pub packs: Vec<PackResult>,
    /// Cases that could not be packed, with the reason.
    pub failed: Vec<PackFailure>,
}

impl PackBatch {
    /// A batch names at least one case.
    pub fn check_asked(case_ids: &[String]) -> Result<(), Failure> {
        if case_ids.is_empty() {
            return Err(Failure::new(
                crate::FailureKind::InvalidInput,
                "choose at least one case",
            ));
        }
        Ok(())
    }
}

/// What the About screen and the status bar show.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    /// The app's version.
    pub version: String,
    /// The catalog in use's version, e.g. `2026.11.0`.
    pub catalog_version: String,
    /// Its SHA-256 content hash (hex).
    pub catalog_hash: String,
    /// Where this device keeps its cases and documents.
    pub data_dir: String,
    /// The city backend this device syncs with.
    pub server_url: String,
    /// The form of the city's decision numbers and an example, with whether its source is
    /// confirmed, where the catalog knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub decision_number: Option<DecisionNumberForm>,
}

/// An identifier that passed its checks.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IdCheck {
    /// The digits as stored.
    pub normalized: String,
    /// A warning to show (e.g. a legacy 15-digit NPWP), if any, in English.
    pub warning: Option<String>,
    /// The same as a code and parameters: what the UI shows, in its language.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub notice: Option<gerbang_core::problem::Problem>,
}

/// Which identifier to check.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum IdKind {
    /// NIK.
    Nik,
    /// NPWP.
    Npwp,
    /// NIB.
    Nib,
}

impl IdKind {
    /// Checks `value` as this kind of identifier; refused with the rule that failed.
    pub fn check(self, value: &str) -> Result<IdCheck, Failure> {
        use gerbang_core::ids;
        let invalid = |e: ids::IdError| Failure::refused(e.problem());
        Ok(match self {
            IdKind::Nik => IdCheck {
                normalized: ids::validate_nik(value).map_err(invalid)?.value,
                warning: None,
                notice: None,
            },
            IdKind::Npwp => {
                let n = ids::validate_npwp(value).map_err(invalid)?;
                IdCheck {
                    notice: n.notice(),
                    normalized: n.value,
                    warning: n.warning,
                }
            }
            IdKind::Nib => IdCheck {
                normalized: ids::validate_nib(value).map_err(invalid)?,
                warning: None,
                notice: None,
            },
        })
    }
}
