//! What is wrong with a person's input, as a code and its parameters: the desktop words it from
//! its message catalog (`problem.<code>`) in the reader's language; `message` is the English for
//! logs and the command line.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A refusal a person reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Problem {
    /// Stable code (`id_nik_date`, `file_type_mismatch`, …): one of [`CODES`].
    pub code: String,
    /// The values the words name (`{ddmmyy}`, `{limit}`, …), as text.
    pub params: BTreeMap<String, String>,
    /// The same, in English.
    pub message: String,
}

impl Problem {
    /// A problem of `code`, said in English as `message`.
    pub fn new(code: &'static str, message: impl Into<String>) -> Problem {
        debug_assert!(CODES.contains(&code), "{code} is not in problem::CODES");
        Problem {
            code: code.to_owned(),
            params: BTreeMap::new(),
            message: message.into(),
        }
    }

    /// With parameter `name` = `value`.
    pub fn with(mut self, name: &str, value: impl ToString) -> Problem {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every problem code, for the test that each has words in every language of the desktop.
pub const CODES: &[&str] = &[
    "id_not_digits",
    "id_length",
    "id_nik_region",
    "id_nik_date",
    "id_nik_sequence",
    "id_unknown_kbli",
    "id_npwp_legacy",
    "share_out_of_range",
    "shares_over_100",
    "file_unreadable",
    "file_too_large",
    "file_empty",
    "file_store_failed",
    "file_type_mismatch",
    "file_not_document",
    "file_type_unsupported",
    "filing_done",
    "filing_kbli_choice",
    "filing_incomplete",
    "filing_waiting",
    "facts_no_activity",
    "facts_negative",
    "facts_not_area",
    "kbli_unknown",
    "kbli_choice_not_2020",
    "kbli_choice_not_candidate",
    "facts_profile_mismatch",
    "profile_kind_fixed",
    "settings_mb_range",
    "not_found",
    "pack_write_failed",
    "plan_stage_unknown",
    "plan_date_invalid",
    "plan_date_future",
    "plan_date_missing",
    "plan_date_order",
    "plan_prep_range",
    "plan_number_long",
    "plan_reminder_range",
];
