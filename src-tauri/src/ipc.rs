//! The types that cross the IPC boundary to the UI. TypeScript declarations are generated from
//! them and from the application's views (ts-rs) into `ui/src/lib/api/generated/`; a test fails
//! when the committed ones are stale.

pub use gerbang_app::views::*;
pub use gerbang_app::{Failure as ApiError, FailureKind as ErrorCode};

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use ts_rs::TS;

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
            gerbang_core::search::Found,
            gerbang_core::search::browse::Section,
            gerbang_core::search::browse::DivisionEntry,
            IdCheck,
            IdKind,
            gerbang_app::types::NewProfile,
            gerbang_app::types::Profile,
            gerbang_app::types::ProfileKind,
            gerbang_app::types::Person,
            gerbang_app::types::Case,
            gerbang_app::types::CaseSummary,
            gerbang_app::types::StoredItem,
            gerbang_app::types::Document,
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
            gerbang_app::types::LocalAction,
            gerbang_app::types::ReviewView,
            gerbang_app::types::TimeState,
            gerbang_app::types::QueueRow,
            gerbang_app::types::QueueQuery,
            gerbang_app::types::ReviewCase,
            gerbang_app::types::WeekDecisions,
            gerbang_app::types::Dashboard,
            gerbang_app::types::ResubmitReceipt,
            SyncStatus,
            gerbang_app::types::NextSteps,
            gerbang_app::types::NextCase,
            gerbang_app::types::Deadline,
            gerbang_app::types::DeadlineKind,
            gerbang_core::plan::Plan,
            gerbang_core::plan::PlanStage,
            gerbang_core::plan::StageProgress,
            gerbang_core::plan::StageState,
            gerbang_core::plan::WorkingDays,
            gerbang_core::plan::StageWork,
            gerbang_core::plan::StagePart,
            gerbang_core::plan::Completion,
            gerbang_core::plan::Driver,
            gerbang_app::types::Due,
            gerbang_app::types::DueKind,
            CalendarView,
            FileOutcome,
            gerbang_app::types::QueuedFiling,
            SyncAccount,
            FiledCase,
            gerbang_app::types::Role,
            gerbang_app::types::Receipt,
            gerbang_app::types::SyncReport,
            gerbang_app::types::SyncProgress,
            gerbang_app::types::SyncProblem,
            gerbang_app::types::Conflict,
            gerbang_app::types::Sides,
            gerbang_app::types::ServerCode,
            gerbang_core::record::CaseRecord,
            gerbang_app::types::ReviewPayload,
            gerbang_app::CatalogChange,
            gerbang_app::types::TokenHome,
            gerbang_app::types::Rederived,
            CaseListQuery,
            CasePage,
            gerbang_app::types::CaseSort,
            ClientRow,
            gerbang_app::types::CaseStatus,
            AppInfo,
            Settings,
            ErrorCode,
            ApiError,
            gerbang_core::Language,
            gerbang_app::types::Health,
            gerbang_app::types::DatabaseKind
        );
        out.push((
            "commands.ts".to_owned(),
            crate::surface::typescript(&commands()),
        ));
        // Every failure kind, for the UI's check of what a rejected call carries.
        let codes: Vec<String> = ErrorCode::ALL
            .iter()
            .map(|k| serde_json::to_string(k).expect("a kind serialises"))
            .collect();
        out.push((
            "errorCodes.ts".to_owned(),
            format!(
                "// Generated from gerbang_app::FailureKind by src-tauri's bindings test. Do not edit.\n\
                 export const ERROR_CODES = [{}] as const;\n",
                codes.join(", ")
            ),
        ));
        // Every generated type, re-exported once (the UI's `$lib/api` re-exports this).
        let mut files: Vec<&str> = out
            .iter()
            .filter_map(|(f, _)| f.strip_suffix(".ts"))
            .filter(|f| *f != "errorCodes")
            .collect();
        files.sort_unstable();
        let index: String = files
            .iter()
            .map(|f| format!("export type * from './{f}';\n"))
            .collect();
        out.push((
            "index.ts".to_owned(),
            format!("// Generated by src-tauri's bindings test. Do not edit.\n{index}"),
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
            gerbang_app::types::ServerCode::ALL
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
    fn errors_serialise_as_code_and_message() {
        let e = ApiError::new(ErrorCode::ServerUnreachable, "offline");
        assert_eq!(
            serde_json::to_value(&e).expect("serialises"),
            serde_json::json!({"code": "server_unreachable", "message": "offline"})
        );
    }
}
