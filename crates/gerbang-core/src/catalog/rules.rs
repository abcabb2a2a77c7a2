//! The rule tables in the catalog: non-halal activities, search synonyms, PMA investment and
//! grouping, environmental screening, Andalalin, prefix rules, the decision-number form and the
//! activity permits.

use super::*;

/// An activity whose products are made from what is not halal (pork, alcoholic drinks): it is
/// exempt from halal certification and must state "tidak halal" on its products instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NonHalalActivity {
    /// KBLI 2025 code.
    pub code: String,
    /// Why its products are not halal (Indonesian).
    pub alasan: String,
    /// The same, in English.
    pub because: String,
    /// Source id.
    pub source: String,
}

/// Words people type for an activity, and the KBLI 2025 codes they mean (the search puts
/// these first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synonym {
    /// The phrases (`bengkel`, `warung kopi`, `warkop`), each matched word by word, allowing a
    /// typo in words of four letters or more.
    pub words: Vec<String>,
    /// The KBLI 2025 codes, best first.
    pub codes: Vec<String>,
    /// Source id.
    pub source: String,
}

/// How Art 26 of Perka BKPM 5/2025 counts a PMA's minimum investment: which activities are
/// counted together, and whether land and buildings count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PmaInvestment {
    /// The minimum: the investment must be strictly greater (Rupiah).
    pub minimum_idr: i64,
    /// The groups, first match wins; a group with no prefixes matches every activity.
    pub groups: Vec<PmaGroupRule>,
    /// Source id.
    pub source: String,
}

/// What a PMA group is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PmaCountedPer {
    /// The code's first digits, wherever the activity is.
    Code,
    /// The code's first digits per kabupaten/kota.
    City,
    /// The code's first digits per project location (within its city).
    Location,
}

/// One row of the Art 26 table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PmaGroupRule {
    /// Stable id (`wholesale`, `food_beverage`, …).
    pub id: String,
    /// KBLI 2025 code prefixes the row covers.
    pub prefixes: Vec<String>,
    /// How many leading digits of the code make one group.
    pub digits: usize,
    /// Counted per code, per city or per project location.
    pub per: PmaCountedPer,
    /// Whether land and buildings count toward the minimum.
    pub counts_land: bool,
    /// The article (`Art 26(3)(a)`).
    pub article: String,
    /// The rule in English.
    pub rule: String,
    /// The rule in Indonesian.
    pub aturan: String,
}

/// The environmental document screening sets for an activity, where the catalog knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvironmentalDocument {
    /// Statement of environmental management (SPPL).
    Sppl,
    /// UKL-UPL, leading to PKPLH.
    UklUpl,
    /// AMDAL, leading to SKKLH.
    Amdal,
}

/// A screening row: activities (and, optionally, the building) whose environmental document
/// the catalog knows. Activities no row covers are "determined by screening".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningRule {
    /// KBLI 2025 code prefixes.
    pub prefixes: Vec<String>,
    /// The document.
    pub document: EnvironmentalDocument,
    /// The row holds only when the business puts up no new building (a new building is
    /// screened by its own size).
    #[serde(default)]
    pub existing_building_only: bool,
    /// Why (English).
    pub because: String,
    /// Why (Indonesian).
    pub alasan: String,
    /// Source id.
    pub source: String,
}

/// What a traffic impact study (Andalalin) threshold is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AndalalinMeasure {
    /// Floor area of the building (m²): compared with the building's facts.
    FloorAreaM2,
    /// Another measure (rooms, seats, beds, pupils, dwellings, dispensers) the facts do not
    /// hold: the item is conditional on it.
    Other,
}

/// A building use that needs Andalalin from a size up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AndalalinRule {
    /// KBLI 2025 code prefixes.
    pub prefixes: Vec<String>,
    /// The building use (Indonesian), as the regulation names it.
    pub usage: String,
    /// The building use (English).
    pub usage_en: String,
    /// What the threshold is measured in.
    pub measure: AndalalinMeasure,
    /// The threshold (in `unit`), from which the study is needed.
    pub threshold: f64,
    /// The unit (Indonesian: `m² luas lantai`, `kamar`, `tempat duduk`).
    pub unit: String,
    /// The unit (English).
    pub unit_en: String,
    /// Source id.
    pub source: String,
}

/// Activities a rule applies to, by KBLI 2025 prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixRule {
    /// KBLI 2025 code prefixes covered.
    pub prefixes: Vec<String>,
    /// Prefixes excluded from those.
    #[serde(default)]
    pub except: Vec<String>,
    /// Source id.
    pub source: String,
}

impl PrefixRule {
    /// Whether KBLI 2025 `code` is covered.
    pub fn covers(&self, code: &str) -> bool {
        covers(&self.prefixes, code) && !self.except.iter().any(|p| code.starts_with(p.as_str()))
    }
}

/// Whether `code` starts with one of `prefixes`.
pub fn covers(prefixes: &[String], code: &str) -> bool {
    prefixes.iter().any(|p| code.starts_with(p.as_str()))
}

/// The form of the city's decision numbers (`503/0042/DPMPTSP/XII/2026`), as a pattern of
/// `/`-separated parts: `N` digits (as many as written), `N+` one or more digits, `BULAN` a month
/// in Roman numerals, `TAHUN` a four-digit year; any other part is written as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionFormat {
    /// The pattern (`NNN/N+/DPMPTSP/BULAN/TAHUN`).
    pub pattern: String,
    /// A number of that form.
    pub example: String,
    /// Source id.
    pub source: String,
}

impl DecisionFormat {
    /// Whether `number` is of this form.
    pub fn matches(&self, number: &str) -> bool {
        const ROMAN: [&str; 12] = [
            "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
        ];
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = number.trim().split('/').collect();
        let want: Vec<&str> = self.pattern.split('/').collect();
        parts.len() == want.len()
            && parts.iter().zip(&want).all(|(p, w)| match *w {
                "N+" => digits(p),
                "BULAN" => ROMAN.contains(&p.to_ascii_uppercase().as_str()),
                "TAHUN" => p.len() == 4 && digits(p),
                w if !w.is_empty() && w.bytes().all(|b| b == b'N') => {
                    p.len() == w.len() && digits(p)
                }
                w => p.eq_ignore_ascii_case(w),
            })
    }
}

/// A permit an activity needs by its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPermitRule {
    /// The permit id.
    pub permit: String,
    /// The KBLI 2025 prefixes it applies to.
    pub prefixes: Vec<String>,
    /// Why (English).
    pub because: String,
    /// Why (Indonesian).
    pub alasan: String,
    /// Whether it depends on something the facts do not hold.
    #[serde(default)]
    pub conditional: bool,
    /// Source id.
    pub source: String,
}

/// The rule tables of the catalog (absent in bundles older than 2026.12.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleTables {
    /// The PMA minimum-investment table.
    #[serde(default)]
    pub pma_investment: Option<PmaInvestment>,
    /// Environmental screening rows.
    #[serde(default)]
    pub environment: Vec<ScreeningRule>,
    /// The source of Persetujuan Teknis beside UKL-UPL or AMDAL.
    #[serde(default)]
    pub technical_approval_source: Option<String>,
    /// Activities that usually discharge wastewater, emissions or hazardous waste: where their
    /// screening is not known, the technical approval is shown as conditional.
    #[serde(default)]
    pub technical_approval: Option<PrefixRule>,
    /// The activities that need a hygiene and sanitation certificate (SLHS); absent: food
    /// service (division 56).
    #[serde(default)]
    pub slhs: Option<PrefixRule>,
    /// Permits an activity needs by its KBLI 2025 code alone (metrology sealing of fuel
    /// dispensers, …), each with its reason and source.
    #[serde(default)]
    pub by_activity: Vec<ActivityPermitRule>,
    /// Traffic impact study thresholds.
    #[serde(default)]
    pub andalalin: Vec<AndalalinRule>,
    /// Activities that use sea space (PKKPRL).
    #[serde(default)]
    pub sea_space: Option<PrefixRule>,
    /// Food production that SPP-IRT covers at home (micro and small).
    #[serde(default)]
    pub spp_irt: Option<PrefixRule>,
    /// Processed food that needs BPOM registration where SPP-IRT does not cover it.
    #[serde(default)]
    pub bpom: Option<PrefixRule>,
    /// Self-service shops Balikpapan's minimarket rules cover.
    #[serde(default)]
    pub minimarket: Option<PrefixRule>,
    /// The source of the KKPR self-declaration for micro and small businesses.
    #[serde(default)]
    pub kkpr_umk_source: Option<String>,
    /// The form of the city's decision numbers, where known.
    #[serde(default)]
    pub decision_number: Option<DecisionFormat>,
    /// The licensing plan's order and service times (absent in bundles older than 2026.12.4).
    #[serde(default)]
    pub plan: Option<PlanRules>,
}
