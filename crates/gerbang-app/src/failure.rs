//! An operation's failure as a person is shown it: a stable kind, the city backend's code or a
//! problem with its parameters (the words are chosen where it is shown, from the one message
//! catalog), and an English message for the log. Both shells classify errors here, once.

use crate::AppError;
use gerbang_core::problem::Problem;
use gerbang_store::StoreError;
use gerbang_sync::SyncError;
use gerbang_sync::wire::ErrorCode as ServerCode;
use serde::Serialize;
use ts_rs::TS;

/// A stable, machine-readable failure kind: a shell branches on this, never on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ErrorCode")]
pub enum FailureKind {
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

impl FailureKind {
    /// Every kind, in declaration order.
    pub const ALL: [FailureKind; 8] = [
        FailureKind::Store,
        FailureKind::Catalog,
        FailureKind::ServerUnreachable,
        FailureKind::ServerError,
        FailureKind::InvalidInput,
        FailureKind::NotSignedIn,
        FailureKind::Forbidden,
        FailureKind::Internal,
    ];
}

/// A failure as it leaves the application: `{code, message}` and what the words are made of.
#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(rename = "ApiError")]
pub struct Failure {
    /// What kind of failure; stable across versions.
    pub code: FailureKind,
    /// For the log, in English: a person reads words chosen from the codes and parameters.
    pub message: String,
    /// When the city backend refused (or a review rule did): its code (the words are
    /// `server.code.<code>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub server_code: Option<ServerCode>,
    /// Seconds to wait before trying again, when the server said (too many sign-ins).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retry_after: Option<u64>,
    /// The server's id for the request, to quote when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub request_id: Option<String>,
    /// Input refused, as a code and parameters (the words are `problem.<code>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub problem: Option<Box<Problem>>,
    /// The field the problem is about, where there is one (for the command line's words).
    #[serde(skip)]
    pub field: Option<String>,
}

impl Failure {
    /// A failure of `kind` with `message`.
    pub fn new(kind: FailureKind, message: impl ToString) -> Failure {
        Failure {
            code: kind,
            message: message.to_string(),
            server_code: None,
            retry_after: None,
            request_id: None,
            problem: None,
            field: None,
        }
    }

    /// Input refused: `problem` is what the person reads, in their language.
    pub fn refused(problem: Problem) -> Failure {
        let mut e = Failure::new(FailureKind::InvalidInput, &problem);
        e.problem = Some(Box::new(problem));
        e
    }

    /// The same failure, about `field`.
    #[must_use]
    pub fn on(mut self, field: impl Into<String>) -> Failure {
        self.field = Some(field.into());
        self
    }

    /// Refused by a rule whose code the city backend uses too (worded like its refusal).
    pub fn rule(code: &str, message: impl ToString) -> Failure {
        let mut e = Failure::new(FailureKind::InvalidInput, message);
        e.server_code = Some(ServerCode::from_rule(code));
        e
    }
}

impl From<&StoreError> for Failure {
    fn from(e: &StoreError) -> Failure {
        match e {
            StoreError::Refused { field, problem } => Failure::refused(problem.clone()).on(field),
            StoreError::Facts(facts) => Failure::from(facts),
            StoreError::Rule { code, message } => Failure::rule(code, message),
            StoreError::NotFound { kind, id } => Failure::refused(
                Problem::new("not_found", format!("no {kind} with id {id}"))
                    .with("kind", kind)
                    .with("id", id),
            ),
            e @ StoreError::Invalid { .. } => Failure::new(FailureKind::InvalidInput, e),
            e => Failure::new(FailureKind::Store, e),
        }
    }
}

impl From<&SyncError> for Failure {
    fn from(e: &SyncError) -> Failure {
        let kind = match e {
            SyncError::InvalidAddress { .. } => FailureKind::InvalidInput,
            SyncError::Unreachable { .. } => FailureKind::ServerUnreachable,
            SyncError::Status { .. } | SyncError::Decode { .. } | SyncError::Refused { .. } => {
                FailureKind::ServerError
            }
        };
        let mut out = Failure::new(kind, e);
        if let SyncError::Refused {
            code,
            retry_after,
            request_id,
            ..
        } = e
        {
            // What the applicant sent was refused: their input, not the server, is at fault.
            if matches!(code, ServerCode::Incomplete | ServerCode::SnapshotMismatch) {
                out.code = FailureKind::InvalidInput;
            }
            out.server_code = Some(*code);
            out.retry_after = *retry_after;
            out.request_id.clone_from(request_id);
        }
        out
    }
}

impl From<&gerbang_pack::PackError> for Failure {
    fn from(e: &gerbang_pack::PackError) -> Failure {
        match e {
            // The folder is full, gone or not writable: said in the reader's language.
            gerbang_pack::PackError::Io { path, source } => Failure::refused(
                Problem::new("pack_write_failed", e.to_string())
                    .with("path", path.display())
                    .with("reason", source.kind()),
            ),
            _ => Failure::new(FailureKind::Store, e),
        }
    }
}

impl From<&gerbang_core::engine::FactsError> for Failure {
    fn from(e: &gerbang_core::engine::FactsError) -> Failure {
        Failure::refused((*e.problem).clone()).on(&e.field)
    }
}

impl From<gerbang_core::engine::FactsError> for Failure {
    fn from(e: gerbang_core::engine::FactsError) -> Failure {
        Failure::from(&e)
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Failure {
        match e {
            AppError::Failed(f) => *f,
            e => e.failure(),
        }
    }
}

impl AppError {
    /// This error as a person is shown it (see [`Failure`]).
    pub fn failure(&self) -> Failure {
        if self.sign_in_lapsed() {
            return Failure::new(
                FailureKind::NotSignedIn,
                "the sign-in has expired or was revoked: sign in again",
            );
        }
        match self {
            AppError::Store(e) => e.into(),
            AppError::Sync(e) => e.into(),
            AppError::Pack(e) => e.into(),
            AppError::Facts(e) => e.into(),
            AppError::Failed(f) => (**f).clone(),
            e @ AppError::Verify(_) => Failure::new(FailureKind::InvalidInput, e),
            AppError::Rule(e) => Failure::rule(e.code, e),
            AppError::NotSignedIn => Failure::new(
                FailureKind::NotSignedIn,
                "sign in to the city backend first (Sync screen)",
            ),
            e @ AppError::NotOfficer { .. } => Failure::new(FailureKind::Forbidden, e),
            e @ AppError::DataDir { .. } => Failure::new(FailureKind::Store, e),
            e @ AppError::BuiltInCatalog(_) => Failure::new(FailureKind::Catalog, e),
            e @ AppError::Catalog { .. } => Failure::new(FailureKind::ServerError, e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_file_is_a_problem_with_its_parameters() {
        let dir = tempfile::tempdir().expect("dir");
        let fake = dir.path().join("bukan.pdf");
        std::fs::write(&fake, b"just text").expect("write");
        let e = gerbang_store::documents::store_blob(&dir.path().join("blobs"), &fake, 1 << 20)
            .expect_err("not a PDF");
        let failure = Failure::from(AppError::from(e));
        let problem = failure.problem.expect("a problem");
        assert_eq!(problem.code, "file_not_document");
        assert_eq!(problem.params["name"], "bukan.pdf");
        assert_eq!(problem.params["claimed"], "application/pdf");
    }

    #[test]
    fn a_refusal_carries_the_servers_code_and_an_incomplete_filing_is_the_applicants_input() {
        let refused = |code| SyncError::Refused {
            status: 422,
            code,
            message: "m".to_owned(),
            retry_after: Some(3),
            request_id: Some("r1".to_owned()),
        };
        let f = Failure::from(AppError::Sync(refused(ServerCode::Incomplete)));
        assert_eq!(f.code, FailureKind::InvalidInput);
        assert_eq!(f.server_code, Some(ServerCode::Incomplete));
        assert_eq!(f.request_id.as_deref(), Some("r1"));
        let f = Failure::from(AppError::Sync(refused(ServerCode::SequenceGap)));
        assert_eq!(f.code, FailureKind::ServerError);
        assert_eq!(f.retry_after, Some(3));
        let f = Failure::from(AppError::Sync(refused(ServerCode::Unauthenticated)));
        assert_eq!(f.code, FailureKind::NotSignedIn);
    }

    #[test]
    fn failures_serialise_as_code_and_message() {
        let e = Failure::new(FailureKind::ServerUnreachable, "offline").on("server");
        assert_eq!(
            serde_json::to_value(&e).expect("serialises"),
            serde_json::json!({"code": "server_unreachable", "message": "offline"})
        );
    }
}
