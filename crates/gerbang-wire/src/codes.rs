//! Every error code the city backend answers with, in one enum that the server maps to HTTP
//! statuses and the client branches on. A person reads the words chosen for the code where it
//! is shown, not the server's English `message`.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable reason (`{"code": "…", "message": "…"}` on every error answer,
/// and on every rejected mutation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ServerErrorCode")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorCode {
    /// No such route.
    NotFound,
    /// The database does not answer.
    DatabaseUnavailable,
    /// The document store (a directory or a bucket) does not answer.
    StorageUnavailable,
    /// No token, or an expired or revoked one.
    Unauthenticated,
    /// Wrong user name or password.
    BadCredentials,
    /// Signed in, but this role may not do this.
    Forbidden,
    /// The request is malformed (the message says where).
    InvalidRequest,
    /// Text with a NUL byte or another character no database can store.
    InvalidText,
    /// A push skipped sequence numbers: nothing was applied.
    SequenceGap,
    /// This device already used that mutation id for another change.
    MutationIdReused,
    /// A pull cursor beyond the feed: resync from 0.
    CursorAhead,
    /// Filing refused: required items without documents.
    Incomplete,
    /// Filing refused: a KBLI 2020 activity that became several KBLI 2025 codes has none
    /// chosen.
    KbliChoiceMissing,
    /// Filing refused: the server's copy is not the snapshot named.
    SnapshotMismatch,
    /// Filing refused: documents whose content has not been uploaded.
    ContentMissing,
    /// An upload chunk at the wrong offset.
    OffsetMismatch,
    /// Uploaded content does not hash to its name.
    HashMismatch,
    /// Uploaded content is not of the type its document declares.
    WrongContentType,
    /// A record that does not parse or breaks a rule (the message names the field).
    InvalidRecord,
    /// A field only the city backend sets (status, filing number, checklist, versions).
    ServerOwnedField,
    /// A case derived with a catalog version this server never published.
    UnknownCatalogVersion,
    /// The facts cannot be evaluated (an unknown KBLI, a negative amount, …).
    InvalidFacts,
    /// A record or case that belongs to another account (or does not exist).
    NotYourRecord,
    /// A mutation kind this server does not know.
    UnknownKind,
    /// A filed case changes only through the officer's revision requests.
    CaseFiled,
    /// Document versions are insert-only.
    DocumentImmutable,
    /// Officers change cases only through review actions; applicants do not review.
    WrongRole,
    /// Made on a stale version (a conflict).
    StaleVersion,
    /// A review rule: the case is decided.
    Decided,
    /// A review rule: the case waits for the applicant.
    WaitingForApplicant,
    /// A review rule: nobody asked the applicant for anything.
    NotWaiting,
    /// A review rule: no such item in the case.
    UnknownItem,
    /// A review rule: a comment is required.
    CommentRequired,
    /// A review rule: no item was rejected.
    NothingRejected,
    /// A review rule: a rejected item was sent back with neither a new document nor a response.
    RevisionUnanswered,
    /// A review rule: not every item is verified.
    NotAllVerified,
    /// A review rule: the decision is not valid.
    InvalidDecision,
    /// The route exists, but not with this method.
    MethodNotAllowed,
    /// The request body is larger than the server accepts.
    TooLarge,
    /// A push carries more mutations than the server takes at once.
    TooManyMutations,
    /// The request took longer than the server waits.
    Timeout,
    /// Too many failed sign-ins: wait the `Retry-After` seconds.
    TooManyAttempts,
    /// The body is not of a type this route reads (JSON, or bytes for uploads).
    UnsupportedMediaType,
    /// Something broke on the server (logged with detail).
    Internal,
}

impl ErrorCode {
    /// The code as it appears in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::DatabaseUnavailable => "database_unavailable",
            ErrorCode::StorageUnavailable => "storage_unavailable",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::BadCredentials => "bad_credentials",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidText => "invalid_text",
            ErrorCode::SequenceGap => "sequence_gap",
            ErrorCode::MutationIdReused => "mutation_id_reused",
            ErrorCode::CursorAhead => "cursor_ahead",
            ErrorCode::Incomplete => "incomplete",
            ErrorCode::KbliChoiceMissing => "kbli_choice_missing",
            ErrorCode::SnapshotMismatch => "snapshot_mismatch",
            ErrorCode::ContentMissing => "content_missing",
            ErrorCode::OffsetMismatch => "offset_mismatch",
            ErrorCode::HashMismatch => "hash_mismatch",
            ErrorCode::WrongContentType => "wrong_content_type",
            ErrorCode::InvalidRecord => "invalid_record",
            ErrorCode::ServerOwnedField => "server_owned_field",
            ErrorCode::UnknownCatalogVersion => "unknown_catalog_version",
            ErrorCode::InvalidFacts => "invalid_facts",
            ErrorCode::NotYourRecord => "not_your_record",
            ErrorCode::UnknownKind => "unknown_kind",
            ErrorCode::CaseFiled => "case_filed",
            ErrorCode::DocumentImmutable => "document_immutable",
            ErrorCode::WrongRole => "wrong_role",
            ErrorCode::StaleVersion => "stale_version",
            ErrorCode::Decided => "decided",
            ErrorCode::WaitingForApplicant => "waiting_for_applicant",
            ErrorCode::NotWaiting => "not_waiting",
            ErrorCode::UnknownItem => "unknown_item",
            ErrorCode::CommentRequired => "comment_required",
            ErrorCode::NothingRejected => "nothing_rejected",
            ErrorCode::RevisionUnanswered => "revision_unanswered",
            ErrorCode::NotAllVerified => "not_all_verified",
            ErrorCode::InvalidDecision => "invalid_decision",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::TooManyMutations => "too_many_mutations",
            ErrorCode::Timeout => "timeout",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::Internal => "internal",
        }
    }

    /// Every code, for tests that check each has words in every language.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::NotFound,
        ErrorCode::DatabaseUnavailable,
        ErrorCode::StorageUnavailable,
        ErrorCode::Unauthenticated,
        ErrorCode::BadCredentials,
        ErrorCode::Forbidden,
        ErrorCode::InvalidRequest,
        ErrorCode::InvalidText,
        ErrorCode::SequenceGap,
        ErrorCode::MutationIdReused,
        ErrorCode::CursorAhead,
        ErrorCode::Incomplete,
        ErrorCode::KbliChoiceMissing,
        ErrorCode::SnapshotMismatch,
        ErrorCode::ContentMissing,
        ErrorCode::OffsetMismatch,
        ErrorCode::HashMismatch,
        ErrorCode::WrongContentType,
        ErrorCode::InvalidRecord,
        ErrorCode::ServerOwnedField,
        ErrorCode::UnknownCatalogVersion,
        ErrorCode::InvalidFacts,
        ErrorCode::NotYourRecord,
        ErrorCode::UnknownKind,
        ErrorCode::CaseFiled,
        ErrorCode::DocumentImmutable,
        ErrorCode::WrongRole,
        ErrorCode::StaleVersion,
        ErrorCode::Decided,
        ErrorCode::WaitingForApplicant,
        ErrorCode::NotWaiting,
        ErrorCode::UnknownItem,
        ErrorCode::CommentRequired,
        ErrorCode::NothingRejected,
        ErrorCode::RevisionUnanswered,
        ErrorCode::NotAllVerified,
        ErrorCode::InvalidDecision,
        ErrorCode::MethodNotAllowed,
        ErrorCode::TooLarge,
        ErrorCode::TooManyMutations,
        ErrorCode::Timeout,
        ErrorCode::TooManyAttempts,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::Internal,
    ];

    /// The code spelled `code`, if there is one.
    pub fn parse(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }

    /// The code of a review rule (`gerbang_core::review::RuleError::code`).
    pub fn from_rule(code: &str) -> ErrorCode {
        ErrorCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == code)
            .unwrap_or(ErrorCode::InvalidRequest)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_serialises_as_its_name_and_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_value(c).unwrap(),
                serde_json::Value::String(c.as_str().to_owned())
            );
            assert!(seen.insert(c.as_str()), "{c} listed twice");
        }
        assert_eq!(
            ErrorCode::from_rule("not_all_verified"),
            ErrorCode::NotAllVerified
        );
    }
}
