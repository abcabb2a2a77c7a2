//! The typed records a case is made of (profile, case, document), as the desktop keeps them and
//! as they cross the network; the city backend checks the same types with the same rules.

pub mod case;
pub mod document;
pub mod profile;

pub use case::{Case, CaseRecord, CaseStatus, CaseSummary, StoredItem, item_key};
pub use document::Document;
pub use profile::{NewProfile, Profile};

/// A record field that is not acceptable: the field (as a path) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("{field}: {message}")]
pub struct RecordError {
    /// The field, as a path (`nik`, `facts.activities[0].kbli`).
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// The same as a code and parameters, where a person is to read it in their language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<crate::problem::Problem>,
}

impl RecordError {
    /// An error on `field`.
    pub fn new(field: impl Into<String>, message: impl ToString) -> RecordError {
        RecordError {
            field: field.into(),
            message: message.to_string(),
            problem: None,
        }
    }

    /// An error on `field` that a person reads: `problem` in their language.
    pub fn problem(field: impl Into<String>, problem: crate::problem::Problem) -> RecordError {
        RecordError {
            field: field.into(),
            message: problem.message.clone(),
            problem: Some(problem),
        }
    }
}
