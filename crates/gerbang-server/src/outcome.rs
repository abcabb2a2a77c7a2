//! A mutation's result as the device reads it: applied, a conflict on a stale version, or
//! rejected with a code (the queue goes on).

use gerbang_wire::{ErrorCode, Mutation, MutationResult, Outcome};
pub(crate) fn outcome(
    m: &Mutation,
    outcome: Outcome,
    version: Option<i64>,
    message: Option<String>,
) -> MutationResult {
    MutationResult {
        seq: m.seq,
        id: m.id.clone(),
        outcome,
        version,
        message,
        code: match outcome {
            Outcome::Conflict => Some(ErrorCode::StaleVersion),
            _ => None,
        },
    }
}

/// A refusal of one mutation, with its code (the queue goes on).
pub(crate) fn rejected(m: &Mutation, code: ErrorCode, why: impl Into<String>) -> MutationResult {
    MutationResult {
        code: Some(code),
        ..outcome(m, Outcome::Rejected, None, Some(why.into()))
    }
}
