//! The types that cross the IPC boundary to the UI. TypeScript declarations are generated from
//! them (ts-rs) into `ui/src/lib/api/generated/`; a test fails when the committed ones are stale.

use gerbang_core::Language;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the About screen and the status bar show.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    /// The app's version.
    pub version: String,
    /// The embedded catalog's version, e.g. `2026.11.0`.
    pub catalog_version: String,
    /// The embedded catalog's SHA-256 content hash (hex).
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

/// Device settings the user can change.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Settings {
    /// The UI language.
    pub language: Language,
    /// The largest document accepted, in MB.
    pub max_document_mb: u32,
}

/// A case in the case list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CaseRow {
    /// Id.
    pub id: String,
    /// Applicant and main activity.
    pub title: String,
    /// Status.
    pub status: gerbang_store::cases::CaseStatus,
    /// The applicant.
    pub client: String,
    /// Checklist items still required.
    #[ts(type = "number")]
    pub items_required: i64,
    /// Last change, in Balikpapan time (`27/11/2026 21:05 WITA`).
    pub updated: String,
}

/// What the case list asks for: filters, order, and where the page starts.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct CaseListQuery {
    /// Words to find in names, KBLI codes and titles, notes.
    pub search: Option<String>,
    /// Only this status.
    pub status: Option<gerbang_store::cases::CaseStatus>,
    /// Only this client's cases.
    pub client_id: Option<String>,
    /// Order.
    pub sort: gerbang_store::cases::CaseSort,
    /// The next page: cases after this one (the last row's id); the first page when null.
    pub after: Option<String>,
    /// Page size (at most 500).
    pub limit: u32,
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

/// This device's sync state, for the Sync screen and the sidebar.
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
    /// A sync is running now.
    pub syncing: bool,
    /// Why the last sync failed, if it did (a code and parameters; the UI words it).
    pub last_error: Option<ApiError>,
    /// What the last sync did.
    pub last_report: Option<gerbang_sync::engine::Report>,
    /// Changes the server refused or found in conflict.
    pub problems: Vec<gerbang_store::outbox::SyncProblem>,
    /// The catalog version in use.
    pub catalog_version: String,
    /// How far the running sync has come.
    pub progress: Option<gerbang_sync::engine::Progress>,
    /// What the last catalog update changed, if one came.
    pub catalog_change: Option<CatalogChange>,
    /// Filings asked for while the city backend could not be reached (waiting, or refused).
    pub queued_filings: Vec<gerbang_store::filings::QueuedFiling>,
    /// Filings queued offline that got their number since the app started.
    pub arrived: Vec<gerbang_sync::wire::Receipt>,
}

/// What asking to file a case did: filed now (the receipt), or queued for the next sync.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FileOutcome {
    /// The city's receipt, when the case was filed now.
    pub receipt: Option<gerbang_sync::wire::Receipt>,
    /// The waiting filing, when the city backend could not be reached.
    pub queued: Option<gerbang_store::filings::QueuedFiling>,
}

pub use gerbang_app::CatalogChange;

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

/// How far a pack (or a batch of packs) has come.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PackProgress {
    /// Which case of the batch (0-based; equals `cases` when the batch is done).
    pub case_index: u32,
    /// Cases in the batch.
    pub cases: u32,
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
}

/// A pack the app wrote.
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

/// A filed case's review as its applicant sees it, with its clocks.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OwnReview {
    /// The review.
    pub review: gerbang_core::review::Review,
    /// Each stage's clock.
    pub clocks: Vec<gerbang_core::review::StageClock>,
}

/// A client (applicant profile) in the client list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ClientRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Individual or company.
    pub kind: gerbang_store::profiles::ProfileKind,
    /// Legal form.
    pub entity_type: gerbang_core::facts::EntityType,
    /// PMA or PMDN.
    pub capital_status: gerbang_core::facts::CapitalStatus,
    /// NIK for an individual, NPWP for a company.
    pub identifier: String,
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

/// A stable, machine-readable error kind: the UI branches on this, never on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The local store failed (disk full, damaged file, …).
    Store,
    /// The embedded catalog is broken (a build problem).
    Catalog,
    /// The city backend did not answer (offline, down, wrong address).
    ServerUnreachable,
    /// The city backend answered with an error.
    ServerError,
    /// The request itself was wrong.
    InvalidInput,
    /// No one is signed in to the city backend (or the sign-in expired).
    NotSignedIn,
    /// The signed-in account's role may not do this (an investor on the review desk).
    Forbidden,
    /// Anything else (a bug, or the shell refusing a call); the message says what.
    Internal,
}

/// How every Rust error reaches the UI: `{code, message}`.
#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// What kind of failure; stable across versions.
    pub code: ErrorCode,
    /// For the log, in English: the UI words the error from its codes and parameters.
    pub message: String,
    /// When the city backend refused: its code (the UI's words are `server.code.<code>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub server_code: Option<gerbang_sync::wire::ErrorCode>,
    /// Seconds to wait before trying again, when the server said (too many sign-ins).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retry_after: Option<u64>,
    /// The server's id for the request, to quote when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub request_id: Option<String>,
    /// Input refused, as a code and parameters: the UI's words are `problem.<code>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub problem: Option<Box<gerbang_core::problem::Problem>>,
}

impl ApiError {
    /// An error of `code` with `message`.
    pub fn new(code: ErrorCode, message: impl ToString) -> ApiError {
        ApiError {
            code,
            message: message.to_string(),
            server_code: None,
            retry_after: None,
            request_id: None,
            problem: None,
        }
    }

    /// Input refused: `problem` is what the user reads, in their language.
    pub fn refused(problem: gerbang_core::problem::Problem) -> ApiError {
        let mut e = ApiError::new(ErrorCode::InvalidInput, &problem);
        e.problem = Some(Box::new(problem));
        e
    }
}

impl From<gerbang_store::StoreError> for ApiError {
    fn from(e: gerbang_store::StoreError) -> Self {
        let code = match e {
            gerbang_store::StoreError::Refused { problem, .. } => {
                return ApiError::refused(problem);
            }
            gerbang_store::StoreError::Facts(facts) => return ApiError::refused(*facts.problem),
            gerbang_store::StoreError::Rule { code, message } => {
                // Worded by the UI from the rule's code, as when the city backend refuses.
                let mut err = ApiError::new(ErrorCode::InvalidInput, &message);
                err.server_code = Some(gerbang_sync::wire::ErrorCode::from_rule(code));
                return err;
            }
            gerbang_store::StoreError::NotFound { kind, id } => {
                return ApiError::refused(
                    gerbang_core::problem::Problem::new(
                        "not_found",
                        format!("no {kind} with id {id}"),
                    )
                    .with("kind", kind)
                    .with("id", id),
                );
            }
            gerbang_store::StoreError::Invalid { .. } => ErrorCode::InvalidInput,
            _ => ErrorCode::Store,
        };
        ApiError::new(code, e)
    }
}

impl From<gerbang_app::AppError> for ApiError {
    fn from(e: gerbang_app::AppError) -> Self {
        use gerbang_app::AppError;
        if e.sign_in_lapsed() {
            return ApiError::new(
                ErrorCode::NotSignedIn,
                "the sign-in has expired or was revoked: sign in again",
            );
        }
        match e {
            AppError::Store(e) => e.into(),
            AppError::Sync(e) => e.into(),
            AppError::Rule(e) => {
                let mut err = ApiError::new(ErrorCode::InvalidInput, &e);
                err.server_code = Some(gerbang_sync::wire::ErrorCode::from_rule(e.code));
                err
            }
            AppError::NotSignedIn => ApiError::new(
                ErrorCode::NotSignedIn,
                "sign in to the city backend first (Sync screen)",
            ),
            e @ AppError::NotOfficer { .. } => ApiError::new(ErrorCode::Forbidden, e),
            e @ AppError::DataDir { .. } => ApiError::new(ErrorCode::Store, e),
            e @ AppError::BuiltInCatalog(_) => ApiError::new(ErrorCode::Catalog, e),
            e @ AppError::Catalog { .. } => ApiError::new(ErrorCode::ServerError, e),
        }
    }
}

impl From<gerbang_sync::SyncError> for ApiError {
    fn from(e: gerbang_sync::SyncError) -> Self {
        let code = match e {
            gerbang_sync::SyncError::InvalidAddress { .. } => ErrorCode::InvalidInput,
            gerbang_sync::SyncError::Unreachable { .. } => ErrorCode::ServerUnreachable,
            gerbang_sync::SyncError::Status { .. }
            | gerbang_sync::SyncError::Decode { .. }
            | gerbang_sync::SyncError::Refused { .. } => ErrorCode::ServerError,
        };
        let mut out = ApiError::new(code, &e);
        if let gerbang_sync::SyncError::Refused {
            code,
            retry_after,
            request_id,
            ..
        } = e
        {
            out.server_code = gerbang_sync::wire::ErrorCode::parse(&code);
            out.retry_after = retry_after;
            out.request_id = request_id;
        }
        out
    }
}

/// Shows a stored UTC time (RFC 3339) in WITA; the stored text if it does not parse.
pub fn wita(stored: &str) -> String {
    gerbang_core::format_stored(stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn generated_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/api/generated")
    }

    /// Every type the UI sees, with its declaration as ts-rs renders it today.
    fn declarations() -> Vec<(String, String)> {
        // Rupiah amounts and counts arrive as JSON numbers, so i64 is `number` in TypeScript.
        let cfg = ts_rs::Config::new().with_large_int("number");
        let mut out = Vec::new();
        macro_rules! decl {
            ($($t:ty),*) => {$(
                out.push((
                    format!("{}.ts", <$t as TS>::name(&cfg)),
                    <$t as TS>::export_to_string(&cfg).expect("ts-rs renders the type"),
                ));
            )*};
        }
        decl!(
            gerbang_core::search::Hit,
            IdCheck,
            IdKind,
            gerbang_store::profiles::NewProfile,
            gerbang_store::profiles::Profile,
            gerbang_store::profiles::ProfileKind,
            gerbang_store::profiles::Person,
            gerbang_store::cases::Case,
            gerbang_store::cases::CaseSummary,
            gerbang_store::cases::StoredItem,
            gerbang_store::documents::Document,
            gerbang_core::facts::Facts,
            gerbang_core::facts::Activity,
            gerbang_core::facts::Building,
            gerbang_core::facts::Billboard,
            gerbang_core::facts::EntityType,
            gerbang_core::facts::CapitalStatus,
            gerbang_core::facts::SpatialPlan,
            gerbang_core::facts::KbliEdition,
            gerbang_core::engine::Checklist,
            gerbang_core::engine::ChecklistItem,
            gerbang_core::engine::ItemWords,
            gerbang_core::engine::ActivityResult,
            gerbang_core::engine::KbliChoice,
            gerbang_core::problem::Problem,
            DecisionNumberForm,
            gerbang_core::engine::Finding,
            gerbang_core::engine::Severity,
            gerbang_core::engine::Lkpm,
            gerbang_core::engine::LkpmFrequency,
            gerbang_core::catalog::RiskLevel,
            gerbang_core::catalog::Scale,
            CaseRow,
            PackProgress,
            PackFailure,
            PackResult,
            PackBatch,
            OwnReview,
            gerbang_core::review::Review,
            gerbang_core::review::Event,
            gerbang_core::review::Action,
            gerbang_core::review::Verdict,
            gerbang_core::review::Status,
            gerbang_core::review::ItemReview,
            gerbang_core::review::ItemChange,
            gerbang_core::review::ItemEntry,
            gerbang_core::review::RevisionRequest,
            gerbang_core::review::Decision,
            gerbang_core::review::Stage,
            gerbang_core::review::Limit,
            gerbang_core::review::StageClock,
            gerbang_store::review::LocalAction,
            gerbang_store::review::ReviewView,
            gerbang_store::review::TimeState,
            gerbang_store::review::QueueRow,
            gerbang_store::review::QueueQuery,
            gerbang_store::review::ReviewCase,
            gerbang_store::review::WeekDecisions,
            gerbang_store::review::Dashboard,
            gerbang_sync::wire::ResubmitReceipt,
            SyncStatus,
            gerbang_store::home::NextSteps,
            gerbang_store::home::NextCase,
            gerbang_store::home::Deadline,
            gerbang_store::home::DeadlineKind,
            gerbang_core::plan::Plan,
            gerbang_core::plan::PlanStage,
            gerbang_core::plan::StageProgress,
            gerbang_core::plan::StageState,
            gerbang_core::plan::WorkingDays,
            gerbang_core::plan::StageWork,
            gerbang_core::plan::StagePart,
            gerbang_core::plan::Completion,
            gerbang_core::plan::Driver,
            gerbang_store::plan::Due,
            gerbang_store::plan::DueKind,
            crate::plan_commands::CalendarView,
            FileOutcome,
            gerbang_store::filings::QueuedFiling,
            SyncAccount,
            FiledCase,
            gerbang_sync::wire::Role,
            gerbang_sync::wire::Receipt,
            gerbang_sync::engine::Report,
            gerbang_sync::engine::Progress,
            gerbang_store::outbox::SyncProblem,
            gerbang_store::outbox::Conflict,
            gerbang_store::outbox::Sides,
            gerbang_sync::wire::ErrorCode,
            gerbang_core::record::CaseRecord,
            gerbang_sync::wire::ReviewPayload,
            CatalogChange,
            gerbang_sync::vault::TokenHome,
            gerbang_store::catalogs::Rederived,
            CaseListQuery,
            CasePage,
            gerbang_store::cases::CaseSort,
            ClientRow,
            gerbang_store::cases::CaseStatus,
            AppInfo,
            Settings,
            ErrorCode,
            ApiError,
            Language,
            gerbang_sync::Health,
            gerbang_sync::DatabaseKind
        );
        out.push((
            "commands.ts".to_owned(),
            crate::surface::typescript(&commands()),
        ));
        out
    }

    fn commands() -> Vec<crate::surface::Command> {
        crate::surface::commands(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
    }

    /// Every type a command takes or answers has its TypeScript binding, so the generated
    /// `Commands` interface never names a type the UI cannot import.
    #[test]
    fn every_type_a_command_names_is_bound() {
        let mut named = std::collections::BTreeSet::new();
        for c in commands() {
            for (_, ty) in &c.args {
                crate::surface::ts(ty, &mut named);
            }
            crate::surface::ts(&c.answer, &mut named);
        }
        let files: Vec<String> = declarations().into_iter().map(|(f, _)| f).collect();
        let unbound: Vec<&String> = named
            .iter()
            .filter(|n| !files.contains(&format!("{n}.ts")))
            .collect();
        assert!(
            unbound.is_empty(),
            "commands name types with no binding: {unbound:?}"
        );
        assert!(
            commands().len() >= 50,
            "the command scan found too few commands"
        );
    }

    /// Fails when the committed TypeScript differs from the Rust types.
    /// `GERBANG_BLESS=1 cargo test -p gerbang-desktop bindings` rewrites them.
    #[test]
    fn bindings_are_current() {
        let dir = generated_dir();
        let bless = std::env::var_os("GERBANG_BLESS").is_some();
        let mut stale = Vec::new();
        let decls = declarations();
        // A committed file no Rust type produces any more is stale too.
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !decls.iter().any(|(file, _)| *file == name) {
                if bless {
                    std::fs::remove_file(entry.path()).expect("remove orphan binding");
                } else {
                    stale.push(name);
                }
            }
        }
        for (file, text) in decls {
            let path = dir.join(&file);
            if bless {
                std::fs::create_dir_all(&dir).expect("create generated dir");
                std::fs::write(&path, &text).expect("write binding");
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(file);
            }
        }
        assert!(
            stale.is_empty(),
            "stale TypeScript bindings in ui/src/lib/api/generated: {stale:?}; \
             run `GERBANG_BLESS=1 cargo test -p gerbang-desktop bindings` and commit"
        );
    }

    /// Asserts that every key `prefix` + code has words in both of the desk's message catalogs.
    fn worded_in_both_languages(prefix: &str, codes: impl Iterator<Item = String> + Clone) {
        let messages =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/i18n/messages");
        for lang in ["id", "en"] {
            let text = std::fs::read_to_string(messages.join(format!("{lang}.json")))
                .expect("message catalog");
            let catalog: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            for code in codes.clone() {
                let key = format!("{prefix}{code}");
                assert!(
                    catalog[&key].as_str().is_some_and(|w| !w.trim().is_empty()),
                    "{lang}.json has no words for {key}"
                );
            }
        }
    }

    /// Every code the city backend answers with has words in both of the desk's languages.
    #[test]
    fn every_server_code_is_worded_in_both_languages() {
        worded_in_both_languages(
            "server.code.",
            gerbang_sync::wire::ErrorCode::ALL
                .iter()
                .map(|c| c.to_string()),
        );
    }

    /// Every problem a person can be shown (an identifier, a file) has words in both languages.
    #[test]
    fn every_problem_code_is_worded_in_both_languages() {
        worded_in_both_languages(
            "problem.",
            gerbang_core::problem::CODES.iter().map(|c| (*c).to_owned()),
        );
    }

    #[test]
    fn a_refused_file_reaches_the_ui_as_a_problem_with_its_parameters() {
        let dir = tempfile::tempdir().expect("dir");
        let fake = dir.path().join("bukan.pdf");
        std::fs::write(&fake, b"just text").expect("write");
        let e = gerbang_store::documents::store_blob(&dir.path().join("blobs"), &fake, 1 << 20)
            .expect_err("not a PDF");
        let api = ApiError::from(e);
        let problem = api.problem.expect("a problem");
        assert_eq!(problem.code, "file_not_document");
        assert_eq!(problem.params["name"], "bukan.pdf");
        assert_eq!(problem.params["claimed"], "application/pdf");
    }

    #[test]
    fn errors_serialise_as_code_and_message() {
        let e = ApiError::new(ErrorCode::ServerUnreachable, "offline");
        assert_eq!(
            serde_json::to_value(&e).expect("serialises"),
            serde_json::json!({"code": "server_unreachable", "message": "offline"})
        );
    }
}
