//! What a mutation carries, typed by its kind. A device builds one of these; the city backend
//! parses each incoming payload into one (strictly: a field it does not know, or one only the
//! server sets, is refused by name) before anything else looks at it.

use crate::ErrorCode;
use gerbang_core::plan::PlanRecord;
use gerbang_core::record::case::SERVER_OWNED;
use gerbang_core::record::{CaseRecord, Document, Profile};
use gerbang_core::review::Action;
use serde::{Deserialize, Serialize};

/// An officer's review action and the review version it was made on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewPayload {
    /// What the officer did.
    pub action: Action,
    /// The item's version (a verdict) or the review's version (other actions) it was made on.
    pub base: u32,
}

/// One change, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload")]
pub enum MutationPayload {
    /// `profile.create`: a new applicant profile.
    #[serde(rename = "profile.create")]
    ProfileCreate(Profile),
    /// `profile.update`: a profile's new state.
    #[serde(rename = "profile.update")]
    ProfileUpdate(Profile),
    /// `case.create`: a new case, as the applicant decided it.
    #[serde(rename = "case.create")]
    CaseCreate(CaseRecord),
    /// `case.update`: a case's new state, as the applicant decided it.
    #[serde(rename = "case.update")]
    CaseUpdate(CaseRecord),
    /// `document.attach`: one version of a file attached to an item (insert-only).
    #[serde(rename = "document.attach")]
    DocumentAttach(Document),
    /// `review.action`: an officer's action on a filed case.
    #[serde(rename = "review.action")]
    ReviewAction(ReviewPayload),
    /// `plan.update`: the applicant's progress on a case's licensing plan (the record is the
    /// case's, by its id).
    #[serde(rename = "plan.update")]
    PlanUpdate(PlanRecord),
}

/// Why a payload is refused: a code, the field (as a path) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadError {
    /// What kind of refusal.
    pub code: ErrorCode,
    /// The field, as a path (`facts.activities[0].kbli`), or empty for the whole payload.
    pub field: String,
    /// What is wrong (English; the client words it from the code).
    pub message: String,
}

impl std::fmt::Display for PayloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for PayloadError {}

fn refuse(code: ErrorCode, field: impl Into<String>, message: impl Into<String>) -> PayloadError {
    PayloadError {
        code,
        field: field.into(),
        message: message.into(),
    }
}

/// Every mutation kind, as it is named on the wire.
pub const KINDS: &[&str] = &[
    "profile.create",
    "profile.update",
    "case.create",
    "case.update",
    "document.attach",
    "review.action",
    "plan.update",
];

impl MutationPayload {
    /// The mutation's kind: `case.update`, …
    pub fn kind(&self) -> &'static str {
        match self {
            MutationPayload::ProfileCreate(_) => "profile.create",
            MutationPayload::ProfileUpdate(_) => "profile.update",
            MutationPayload::CaseCreate(_) => "case.create",
            MutationPayload::CaseUpdate(_) => "case.update",
            MutationPayload::DocumentAttach(_) => "document.attach",
            MutationPayload::ReviewAction(_) => "review.action",
            MutationPayload::PlanUpdate(_) => "plan.update",
        }
    }

    /// The kind of record it changes: `profile`, `case`, `document`, `review` or `plan`.
    pub fn record_kind(&self) -> &'static str {
        record_kind(self.kind())
    }

    /// The id the record names itself by (`None` for a review action, which names its case
    /// in the mutation's `record_id`).
    pub fn own_id(&self) -> Option<&str> {
        match self {
            MutationPayload::ProfileCreate(p) | MutationPayload::ProfileUpdate(p) => Some(&p.id),
            MutationPayload::CaseCreate(c) | MutationPayload::CaseUpdate(c) => Some(&c.id),
            MutationPayload::DocumentAttach(d) => Some(&d.id),
            MutationPayload::PlanUpdate(p) => Some(&p.case_id),
            MutationPayload::ReviewAction(_) => None,
        }
    }

    /// The payload alone, as JSON (what goes in a [`crate::Mutation`]'s `payload`).
    pub fn payload_json(&self) -> serde_json::Value {
        // Serialising these plain records cannot fail; an adjacently tagged enum always
        // gives `{kind, payload}`.
        let mut v = serde_json::to_value(self).unwrap_or_default();
        v.get_mut("payload")
            .map(serde_json::Value::take)
            .unwrap_or_default()
    }

    /// Parses the payload of a mutation of `kind`, strictly: every field must be one the
    /// record has, and none may be one only the server sets.
    pub fn parse(kind: &str, payload: &serde_json::Value) -> Result<MutationPayload, PayloadError> {
        if !KINDS.contains(&kind) {
            return Err(refuse(
                ErrorCode::UnknownKind,
                "kind",
                format!("unknown mutation kind {kind:?}"),
            ));
        }
        let Some(object) = payload.as_object() else {
            return Err(refuse(
                ErrorCode::InvalidRecord,
                "payload",
                "the payload must be a JSON object",
            ));
        };
        if record_kind(kind) == "case"
            && let Some(owned) = SERVER_OWNED.iter().find(|k| object.contains_key(**k))
        {
            return Err(refuse(
                ErrorCode::ServerOwnedField,
                *owned,
                format!("{owned} is set by the city backend, not by the applicant"),
            ));
        }
        let tagged = serde_json::json!({ "kind": kind, "payload": payload });
        let parsed: MutationPayload = serde_path_to_error::deserialize(tagged).map_err(|e| {
            let path = e.path().to_string();
            let field = path
                .strip_prefix("payload.")
                .or_else(|| path.strip_prefix("payload"))
                .unwrap_or(&path);
            let field = if field.is_empty() { "payload" } else { field };
            refuse(
                ErrorCode::InvalidRecord,
                field,
                format!("not a valid {kind} record: {}", e.inner()),
            )
        })?;
        if let Some(field) = unknown_field(payload, &parsed.payload_json(), "") {
            return Err(refuse(
                ErrorCode::InvalidRecord,
                field.clone(),
                format!("{field} is not a field of a {kind} record"),
            ));
        }
        Ok(parsed)
    }
}

/// The record kind of a mutation kind: `case.update` → `case`.
pub fn record_kind(kind: &str) -> &'static str {
    match kind.split('.').next() {
        Some("profile") => "profile",
        Some("case") => "case",
        Some("document") => "document",
        Some("review") => "review",
        Some("plan") => "plan",
        _ => "unknown",
    }
}

/// The first field (as a path) that `input` has and the typed record, written back, has not:
/// a misspelt or invented field that serde would otherwise drop without a word.
fn unknown_field(input: &serde_json::Value, typed: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match (input, typed) {
        (Value::Object(i), Value::Object(t)) => i.iter().find_map(|(k, v)| {
            let path = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            match t.get(k) {
                Some(tv) => unknown_field(v, tv, &path),
                // An absent optional field written as null is the same as leaving it out.
                None if v.is_null() => None,
                None => Some(path),
            }
        }),
        (Value::Array(i), Value::Array(t)) => i
            .iter()
            .zip(t)
            .enumerate()
            .find_map(|(n, (v, tv))| unknown_field(v, tv, &format!("{at}[{n}]"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case_json() -> serde_json::Value {
        serde_json::json!({
            "id": "c1", "profile_id": "p1", "title": "Warung", "catalog_version": "2026.12.0",
            "notes": "",
            "facts": {
                "kbli_edition": "2025", "entity_type": "perorangan", "capital_status": "pmdn",
                "business_capital_idr": 50000000,
                "activities": [{"kbli": "56101"}]
            }
        })
    }

    #[test]
    fn a_case_record_round_trips_through_its_kind() {
        let p = MutationPayload::parse("case.create", &case_json()).unwrap();
        assert_eq!(p.kind(), "case.create");
        assert_eq!(p.own_id(), Some("c1"));
        let again = MutationPayload::parse("case.create", &p.payload_json()).unwrap();
        assert_eq!(p, again);
    }

    #[test]
    fn a_plan_travels_as_its_case_s_record_and_its_stages_are_typed() {
        let v = serde_json::json!({"case_id": "c1", "progress": [
            {"key": "kkpr@*", "state": "started", "started_on": "2026-12-01", "obtained_on": null}
        ]});
        let p = MutationPayload::parse("plan.update", &v).unwrap();
        assert_eq!(
            (p.kind(), p.record_kind(), p.own_id()),
            ("plan.update", "plan", Some("c1"))
        );
        let again = MutationPayload::parse("plan.update", &p.payload_json()).unwrap();
        assert_eq!(p, again);
        let mut bad = v.clone();
        bad["progress"][0]["state"] = "deemed_approved".into();
        let e = MutationPayload::parse("plan.update", &bad).unwrap_err();
        assert_eq!(e.field, "progress[0].state");
        let mut bad = v;
        bad["progress"][0]["overdue"] = true.into();
        let e = MutationPayload::parse("plan.update", &bad).unwrap_err();
        assert_eq!(e.field, "progress[0].overdue");
    }

    #[test]
    fn server_owned_and_unknown_fields_are_refused_by_name() {
        let mut v = case_json();
        v["status"] = "approved".into();
        let e = MutationPayload::parse("case.update", &v).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_str()),
            (ErrorCode::ServerOwnedField, "status")
        );
        let mut v = case_json();
        v["facts"]["activities"][0]["risk"] = "rendah".into();
        let e = MutationPayload::parse("case.update", &v).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidRecord);
        assert_eq!(e.field, "facts.activities[0].risk");
    }

    #[test]
    fn malformed_payloads_are_refused_not_guessed() {
        let e = MutationPayload::parse("case.create", &serde_json::json!({})).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidRecord);
        let mut v = case_json();
        v["facts"] = "oops".into();
        assert!(MutationPayload::parse("case.create", &v).is_err());
        let e = MutationPayload::parse("case.delete", &case_json()).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnknownKind);
        let e = MutationPayload::parse("profile.create", &serde_json::json!({})).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidRecord);
        let e = MutationPayload::parse("document.attach", &serde_json::json!([1])).unwrap_err();
        assert_eq!(e.field, "payload");
    }
}
