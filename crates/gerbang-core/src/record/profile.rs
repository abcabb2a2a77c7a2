//! Applicant profiles as records: an individual or a company, entered once and reused by
//! every case; the same checks on the desktop and the city backend.

use super::RecordError;
use crate::facts::{CapitalStatus, EntityType};
use crate::ids;
use serde::{Deserialize, Serialize};

/// Individual or company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ProfileKind {
    /// An individual (registers with a NIK).
    Individual,
    /// A company or other body (registers with an NPWP and a deed).
    Company,
}

/// A director or shareholder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Role (e.g. "Direktur Utama", "Pemegang saham").
    #[serde(default)]
    pub role: Option<String>,
    /// Share of the capital (percent), for shareholders.
    #[serde(default)]
    pub share_percent: Option<f64>,
}

/// What a user enters for a profile (also `gerbang profile new --from FILE`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NewProfile {
    /// Individual or company.
    pub kind: ProfileKind,
    /// Name of the person or the company.
    pub name: String,
    /// Legal form.
    pub entity_type: EntityType,
    /// PMA or PMDN.
    pub capital_status: CapitalStatus,
    /// NIK (required for an individual).
    #[serde(default)]
    pub nik: Option<String>,
    /// NPWP (required for a company).
    #[serde(default)]
    pub npwp: Option<String>,
    /// NIB, once issued.
    #[serde(default)]
    pub nib: Option<String>,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Directors (companies).
    #[serde(default)]
    pub directors: Vec<Person>,
    /// Shareholders (companies).
    #[serde(default)]
    pub shareholders: Vec<Person>,
}

/// A stored profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Profile {
    /// Id.
    pub id: String,
    /// The profile's data, with identifiers normalised to digits.
    #[serde(flatten)]
    pub data: NewProfile,
    /// Created (UTC, RFC 3339).
    pub created_at: String,
    /// Last changed (UTC, RFC 3339).
    pub updated_at: String,
}

fn invalid(field: &str, message: impl ToString) -> RecordError {
    RecordError::new(field, message)
}

/// Each share is more than 0 and at most 100 percent, and together they are at most 100.
fn check_shares(shareholders: &[Person]) -> Result<(), RecordError> {
    use crate::problem::Problem;
    let mut total = 0.0;
    for (i, s) in shareholders.iter().enumerate() {
        let Some(share) = s.share_percent else {
            continue;
        };
        if !(share.is_finite() && share > 0.0 && share <= 100.0) {
            return Err(RecordError::problem(
                format!("shareholders[{i}].share_percent"),
                Problem::new(
                    "share_out_of_range",
                    format!(
                        "{}'s share must be more than 0 and at most 100 percent, not {share}",
                        s.name
                    ),
                )
                .with("name", &s.name)
                .with("share", share),
            ));
        }
        total += share;
    }
    // Allow for decimal shares that add up to 100 (33.33 + 33.33 + 33.34).
    if total > 100.0 + 1e-9 {
        let total = (total * 100.0).round() / 100.0;
        return Err(RecordError::problem(
            "shareholders",
            Problem::new(
                "shares_over_100",
                format!("the shareholders' shares add up to {total} percent; at most 100"),
            )
            .with("total", total),
        ));
    }
    Ok(())
}

/// An identifier's rejection, as a person reads it.
fn refused(field: &str, e: &ids::IdError) -> RecordError {
    RecordError::problem(field, e.problem())
}

/// Checks and normalises a profile; the error names the field.
pub fn validate(mut p: NewProfile) -> Result<NewProfile, RecordError> {
    p.name = p.name.trim().to_owned();
    if p.name.is_empty() {
        return Err(invalid("name", "a name is required"));
    }
    match (p.kind, p.entity_type) {
        (ProfileKind::Individual, EntityType::Perorangan) => {}
        (ProfileKind::Individual, _) => {
            return Err(invalid(
                "entity_type",
                "an individual's entity type is perorangan",
            ));
        }
        (ProfileKind::Company, EntityType::Perorangan) => {
            return Err(invalid("entity_type", "a company cannot be perorangan"));
        }
        (ProfileKind::Company, _) => {}
    }
    if p.capital_status == CapitalStatus::Pma && p.entity_type != EntityType::Pt {
        return Err(invalid("capital_status", "a PMA business must be a PT"));
    }
    p.nik = match p.nik.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(v) => Some(ids::validate_nik(v).map_err(|e| refused("nik", &e))?.value),
        None if p.kind == ProfileKind::Individual => {
            return Err(invalid("nik", "an individual needs a NIK"));
        }
        None => None,
    };
    p.npwp = match p.npwp.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(v) => Some(
            ids::validate_npwp(v)
                .map_err(|e| refused("npwp", &e))?
                .value,
        ),
        None if p.kind == ProfileKind::Company => {
            return Err(invalid("npwp", "a company needs an NPWP"));
        }
        None => None,
    };
    check_shares(&p.shareholders)?;
    p.nib = match p.nib.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(v) => Some(ids::validate_nib(v).map_err(|e| refused("nib", &e))?),
        None => None,
    };
    Ok(p)
}

/// The profile rule: a case's facts carry the entity type and capital status of its applicant's
/// profile (the applicant's data is entered once, in the profile). The store, the import of a
/// case file and the city backend all hold a case to it. On a mismatch: the field and the
/// problem a person is shown.
pub fn facts_match_profile(
    profile: &Profile,
    facts: &crate::facts::Facts,
) -> Result<(), (&'static str, crate::problem::Problem)> {
    let mismatch = |field: &'static str, facts_say: String, profile_is: String| {
        (
            field,
            crate::problem::Problem::new(
                "facts_profile_mismatch",
                format!(
                    "the facts say {facts_say} but profile {} ({}) is {profile_is}",
                    profile.id, profile.data.name
                ),
            )
            .with("field", field)
            .with("name", &profile.data.name),
        )
    };
    if facts.entity_type != profile.data.entity_type {
        return Err(mismatch(
            "entity_type",
            format!("{:?}", facts.entity_type),
            format!("{:?}", profile.data.entity_type),
        ));
    }
    if facts.capital_status != profile.data.capital_status {
        return Err(mismatch(
            "capital_status",
            format!("{:?}", facts.capital_status),
            format!("{:?}", profile.data.capital_status),
        ));
    }
    Ok(())
}
