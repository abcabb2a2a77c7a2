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
        Some(v) => Some(ids::validate_nik(v).map_err(|e| invalid("nik", e))?.value),
        None if p.kind == ProfileKind::Individual => {
            return Err(invalid("nik", "an individual needs a NIK"));
        }
        None => None,
    };
    p.npwp = match p.npwp.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(v) => Some(ids::validate_npwp(v).map_err(|e| invalid("npwp", e))?.value),
        None if p.kind == ProfileKind::Company => {
            return Err(invalid("npwp", "a company needs an NPWP"));
        }
        None => None,
    };
    p.nib = match p.nib.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(v) => Some(ids::validate_nib(v).map_err(|e| invalid("nib", e))?),
        None => None,
    };
    Ok(p)
}
