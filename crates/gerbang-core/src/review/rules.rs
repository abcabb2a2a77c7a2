//! The rules every review action is checked against before it applies (who may act, in which
//! status, with what text), and the form of the city's decision numbers.

use crate::review::{Action, CaseFacts, Review, Status, Verdict, parse_date};
use serde::Serialize;
use time::Date;

/// Why an action is not allowed now; the message says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct RuleError {
    /// Stable code: `decided`, `waiting_for_applicant`, `not_waiting`, `unknown_item`,
    /// `comment_required`, `nothing_rejected`, `not_all_verified`, `invalid_decision`,
    /// `revision_unanswered`.
    pub code: &'static str,
    /// For people (English).
    pub message: String,
}

pub(super) fn rule(code: &'static str, message: impl Into<String>) -> RuleError {
    RuleError {
        code,
        message: message.into(),
    }
}

/// The longest comment, reason or note accepted.
pub const MAX_TEXT: usize = 4000;

/// The longest decision number accepted.
pub const MAX_DECISION_NUMBER: usize = 80;

/// An approval's decision number against the city's form (the catalog's; none known, none
/// checked). The form rests on the catalog's source, shown unconfirmed where it is.
pub fn check_decision_format(
    format: Option<&crate::catalog::DecisionFormat>,
    action: &Action,
) -> Result<(), RuleError> {
    let (
        Some(format),
        Action::Approve {
            decision_number, ..
        },
    ) = (format, action)
    else {
        return Ok(());
    };
    if format.matches(decision_number) {
        return Ok(());
    }
    Err(rule(
        "invalid_decision",
        format!(
            "the decision number {:?} is not of the city's form {} (for example {})",
            decision_number.trim(),
            format.pattern,
            format.example
        ),
    ))
}

impl Review {
    /// Whether `action` may be done now (`today` in Balikpapan, for decision dates).
    pub fn check(&self, action: &Action, case: &CaseFacts, today: Date) -> Result<(), RuleError> {
        if self.status.decided() {
            return Err(rule(
                "decided",
                format!("the case is already {}", self.status.as_str()),
            ));
        }
        let reviewing = || {
            if self.status == Status::NeedsAction {
                Err(rule(
                    "waiting_for_applicant",
                    "the case waits for the applicant's revision: it can be reviewed again once resubmitted",
                ))
            } else {
                Ok(())
            }
        };
        let text = |what: &str, s: &str, required: bool| {
            if required && s.trim().is_empty() {
                return Err(rule("comment_required", format!("{what} is required")));
            }
            if s.chars().count() > MAX_TEXT {
                return Err(rule(
                    "comment_required",
                    format!("{what} is longer than {MAX_TEXT} characters"),
                ));
            }
            Ok(())
        };
        match action {
            Action::Verdict {
                item_key,
                verdict,
                comment,
                ..
            } => {
                reviewing()?;
                if !case.required.iter().any(|k| k == item_key) {
                    return Err(rule(
                        "unknown_item",
                        format!("{item_key} is not a required item of this case"),
                    ));
                }
                text(
                    "a comment saying why the document is rejected",
                    comment,
                    *verdict == Verdict::Rejected,
                )
            }
            Action::RequestRevision { comment } => {
                reviewing()?;
                text("the note", comment, false)?;
                if self.rejected(case).is_empty() {
                    return Err(rule(
                        "nothing_rejected",
                        "reject at least one item, with a comment, before asking for a revision",
                    ));
                }
                Ok(())
            }
            Action::Resubmit {
                changed, responses, ..
            } => {
                if self.status != Status::NeedsAction {
                    return Err(rule(
                        "not_waiting",
                        "only a case waiting for the applicant's revision can be resubmitted",
                    ));
                }
                for (key, response) in responses {
                    if !case.required.iter().any(|k| k == key) {
                        return Err(rule(
                            "unknown_item",
                            format!("{key} is not a required item of this case"),
                        ));
                    }
                    text("a response", response, false)?;
                }
                // Sending the same documents back, unanswered, fixes nothing.
                let unanswered: Vec<&str> = self
                    .rejected(case)
                    .into_iter()
                    .filter(|k| {
                        !changed.iter().any(|c| c == k)
                            && responses.get(*k).is_none_or(|r| r.trim().is_empty())
                    })
                    .collect();
                if !unanswered.is_empty() {
                    return Err(rule(
                        "revision_unanswered",
                        format!(
                            "each rejected item needs a new document version or a written response; not yet: {}",
                            unanswered.join(", ")
                        ),
                    ));
                }
                Ok(())
            }
            Action::Approve {
                decision_number,
                decision_date,
                comment,
            } => {
                reviewing()?;
                text("the note", comment, false)?;
                let unverified = self.unverified(case);
                if !unverified.is_empty() {
                    return Err(rule(
                        "not_all_verified",
                        format!(
                            "every required item must be verified first; not yet: {}",
                            unverified.join(", ")
                        ),
                    ));
                }
                let number = decision_number.trim();
                if number.is_empty() || number.chars().count() > MAX_DECISION_NUMBER {
                    return Err(rule(
                        "invalid_decision",
                        format!(
                            "the decision number must be 1 to {MAX_DECISION_NUMBER} characters"
                        ),
                    ));
                }
                if number.chars().any(char::is_control) {
                    return Err(rule(
                        "invalid_decision",
                        "the decision number has control characters",
                    ));
                }
                let date = parse_date(decision_date).ok_or_else(|| {
                    rule(
                        "invalid_decision",
                        format!("the decision date {decision_date:?} is not a date YYYY-MM-DD"),
                    )
                })?;
                if date > today {
                    return Err(rule(
                        "invalid_decision",
                        format!("the decision date {decision_date} is in the future"),
                    ));
                }
                if let Some(filed) = case.filed_on
                    && date < filed
                {
                    return Err(rule(
                        "invalid_decision",
                        format!("the decision date {decision_date} is before the filing ({filed})"),
                    ));
                }
                Ok(())
            }
            Action::Reject { reasons } => {
                reviewing()?;
                text("the reasons for the rejection", reasons, true)
            }
        }
    }
}
