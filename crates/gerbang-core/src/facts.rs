//! Case facts: what a user says about a business, once. The same shape is the CLI's facts file
//! (its JSON Schema is published in `schemas/facts.schema.json`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which KBLI edition the activity codes are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub enum KbliEdition {
    /// Peraturan BPS 2/2020.
    #[serde(rename = "2020")]
    K2020,
    /// Peraturan BPS 7/2025.
    #[serde(rename = "2025")]
    K2025,
}

impl KbliEdition {
    /// `2020` or `2025`.
    pub fn year(self) -> &'static str {
        match self {
            KbliEdition::K2020 => "2020",
            KbliEdition::K2025 => "2025",
        }
    }
}

/// The legal form of the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    /// An individual (orang perseorangan).
    Perorangan,
    /// Perseroan Terbatas.
    Pt,
    /// PT Perorangan (single-founder PT for micro and small businesses).
    PtPerorangan,
    /// Persekutuan Komanditer.
    Cv,
    /// Firma.
    Firma,
    /// Koperasi.
    Koperasi,
    /// Yayasan.
    Yayasan,
}

impl EntityType {
    /// `true` for an individual, who registers with a NIK rather than a deed.
    pub fn is_individual(self) -> bool {
        matches!(self, EntityType::Perorangan)
    }
}

/// Foreign (PMA) or domestic (PMDN) capital.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CapitalStatus {
    /// Penanaman Modal Asing.
    Pma,
    /// Penanaman Modal Dalam Negeri.
    Pmdn,
}

/// What spatial plan covers the location (decides the form of KKPR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SpatialPlan {
    /// A detailed zoning plan (RDTR) exists: Konfirmasi KKPR.
    Rdtr,
    /// No RDTR: Persetujuan KKPR (PKKPR).
    NoRdtr,
    /// Neither applies (e.g. a national strategic or marine location): Rekomendasi KKPR.
    Other,
}

/// One business activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Five-digit KBLI code in the case's edition (leading zeros kept).
    pub kbli: String,
    /// Planned investment for this activity, excluding land and buildings (Rupiah).
    #[serde(default)]
    pub investment_idr: Option<i64>,
    /// Land and buildings for this activity (Rupiah); counted for PMA sectors that count them.
    #[serde(default)]
    pub land_and_buildings_idr: Option<i64>,
    /// Project location within the city (e.g. "Balikpapan Utara"); PMA minimums apply per
    /// location.
    #[serde(default)]
    pub location: Option<String>,
    /// The kabupaten/kota of the project; absent means [`DEFAULT_CITY`]. Food-and-beverage
    /// PMA minimums count per city (Perka BKPM 5/2025 Art 26(4)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub city: Option<String>,
    /// For a KBLI 2020 code that became several KBLI 2025 codes: the one the applicant chose
    /// (one of the candidates). Absent until chosen; a case is not ready to file without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub kbli_2025: Option<String>,
    /// Land area used by the activity (m²).
    #[serde(default)]
    pub land_area_m2: Option<f64>,
}

/// The city a project is in when its activity names none.
pub const DEFAULT_CITY: &str = "Kota Balikpapan";

impl Activity {
    /// The activity's kabupaten/kota ([`DEFAULT_CITY`] when not given).
    pub fn city(&self) -> &str {
        self.city
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .unwrap_or(DEFAULT_CITY)
    }
}

/// The building the business uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Building {
    /// `true` when it is still to be built (needs PBG).
    pub new: bool,
    /// Number of floors.
    pub floors: u32,
    /// Total floor area (m²).
    pub floor_area_m2: f64,
}

/// A billboard the business puts up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Billboard {
    /// A permanent construction (needs PBG as well as the reklame permit).
    pub permanent: bool,
}

/// Everything the engine needs to know about a business.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// The edition the KBLI codes are in.
    pub kbli_edition: KbliEdition,
    /// The business activities (at least one).
    pub activities: Vec<Activity>,
    /// The applicant's legal form.
    pub entity_type: EntityType,
    /// PMA or PMDN.
    pub capital_status: CapitalStatus,
    /// Business capital excluding land and buildings (Rupiah): sets the scale of a new business.
    pub business_capital_idr: i64,
    /// Annual sales (Rupiah): sets the scale of an existing business.
    #[serde(default)]
    pub annual_sales_idr: Option<i64>,
    /// Paid-up capital (Rupiah); PMA companies need at least Rp 2.500.000.000.
    #[serde(default)]
    pub paid_up_capital_idr: Option<i64>,
    /// Land and buildings of the whole business (Rupiah).
    #[serde(default)]
    pub land_and_buildings_idr: Option<i64>,
    /// The building used, if any.
    #[serde(default)]
    pub building: Option<Building>,
    /// The spatial plan at the location, if known.
    #[serde(default)]
    pub spatial_plan: Option<SpatialPlan>,
    /// A billboard, if the business puts one up.
    #[serde(default)]
    pub billboard: Option<Billboard>,
    /// `true` when the products are made from what is not halal (pork, alcoholic drinks,
    /// non-halal food): exempt from halal certification, they must carry the "tidak halal"
    /// statement instead (UU 33/2014 Art 26). Absent means not declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub non_halal: Option<bool>,
    /// `true` when the business uses sea space (a jetty, a floating structure, mariculture):
    /// it needs PKKPRL. Absent means not declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sea_space: Option<bool>,
    /// `true` when food is produced at home (industri rumah tangga pangan): micro and small
    /// producers then need SPP-IRT rather than BPOM registration. Absent means not declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub home_industry: Option<bool>,
    /// `true` when the business trades or serves in a shared building or trade/service complex
    /// whose manager holds KKPR, PL, PBG and/or SLF: it need not meet the basic requirements
    /// itself (PP 28/2025 Art 13). Absent means not declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub shared_premises: Option<bool>,
}
