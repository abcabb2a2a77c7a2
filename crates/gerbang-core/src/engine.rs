//! The checklist engine: case facts + catalog → an explained checklist. Pure and deterministic:
//! the same facts, catalog and date always give the same checklist. Every item says `because`
//! (the rule and the facts that triggered it) and its `legal_basis`; risk is never guessed.

use crate::catalog::{Catalog, Kbli2025, Permit, RiskLevel, Scale};
use crate::facts::{CapitalStatus, EntityType, Facts, KbliEdition};
use crate::ids::validate_kbli_shape;
use crate::money::format_rupiah;
use crate::problem::Problem;
use crate::search::KbliIndex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// The PMA minimum investment per project (Perka BKPM 5/2025 Art 26): more than Rp10 bn.
pub const PMA_MIN_INVESTMENT_IDR: i64 = 10_000_000_000;
/// The PMA minimum paid-up capital (Perka BKPM 5/2025 Art 26(10)).
pub const PMA_MIN_PAID_UP_IDR: i64 = 2_500_000_000;

/// How serious a finding is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks the application until resolved.
    Error,
    /// Needs attention or a decision.
    Warning,
    /// For information.
    Info,
}

/// Something the user must know or decide, with a stable code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct Finding {
    /// Stable code (`risk_undetermined`, `pma_min_investment`, …).
    pub code: String,
    /// Severity.
    pub severity: Severity,
    /// What it means, for people (English).
    pub message: String,
    /// The same, in Indonesian (empty in checklists stored before it existed).
    #[serde(default)]
    pub pesan: String,
    /// The activity (KBLI 2025 code, or the input code) it concerns, if one.
    pub activity: Option<String>,
}

/// What the engine made of one activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct ActivityResult {
    /// The code as entered.
    pub kbli_input: String,
    /// The KBLI 2025 code; `None` where a 2020 code maps to several 2025 codes.
    pub kbli: Option<String>,
    /// The 2025 codes a 2020 code could be, where it is not one.
    pub kbli_candidates: Vec<String>,
    /// The activity's title (2025 edition where known).
    pub title: String,
    /// The risk level, where the data determines one.
    pub risk: Option<RiskLevel>,
    /// The levels it could be, where the data lists several.
    pub risk_candidates: Vec<RiskLevel>,
    /// How long the permit takes to issue, where the data says.
    pub issuing_time: Option<String>,
    /// Project location.
    pub location: Option<String>,
    /// Whether the source of the risk level (and so of the permits it calls for) is
    /// confirmed; `false` in checklists stored before this was recorded.
    #[serde(default)]
    pub risk_confirmed: bool,
    /// For a KBLI 2020 code that became several KBLI 2025 codes, each candidate with its title
    /// and risk at this scale, to choose from (`facts.activities[].kbli_2025`).
    #[serde(default)]
    pub kbli_choices: Vec<KbliChoice>,
}

/// A KBLI 2025 code an ambiguous KBLI 2020 activity could be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct KbliChoice {
    /// The KBLI 2025 code.
    pub code: String,
    /// Its title.
    pub title: String,
    /// Its risk levels at the case's scale (one when the annex determines it; none when the
    /// annex has no level at this scale).
    pub risk_levels: Vec<RiskLevel>,
}

/// One thing to obtain, with its reasons and documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct ChecklistItem {
    /// Permit id (`nib`, `kkpr`, `sertifikat_standar`, …).
    pub id: String,
    /// Name (Indonesian).
    pub name: String,
    /// Form or variant (`konfirmasi`, `self_declared`, `sppl`, …), where the permit has several.
    pub variant: Option<String>,
    /// The KBLI 2025 code it is for, or `None` for the whole business.
    pub activity: Option<String>,
    /// `true` where it depends on something not yet known (see the findings).
    pub conditional: bool,
    /// `false` where the rule rests on secondary sources: shown as unconfirmed.
    pub confirmed: bool,
    /// The rule and the facts that made it required (English).
    pub because: String,
    /// The same, in Indonesian (empty in checklists stored before it existed).
    #[serde(default)]
    pub alasan: String,
    /// Regulation and article.
    pub legal_basis: String,
    /// Who issues it.
    pub issuer: String,
    /// Service time where known.
    pub service_time: Option<String>,
    /// Position among the basic requirements (processed in this order).
    pub basic_order: Option<u8>,
    /// Documents to prepare.
    pub documents: Vec<String>,
}

/// How often the investment activity report (LKPM) is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LkpmFrequency {
    /// Micro businesses are exempt.
    None,
    /// Twice a year (small businesses).
    Semiannual,
    /// Every quarter (medium and large businesses).
    Quarterly,
}

impl LkpmFrequency {
    /// The months on whose 15th a report is due.
    pub fn months(self) -> &'static [Month] {
        match self {
            LkpmFrequency::None => &[],
            LkpmFrequency::Semiannual => &[Month::January, Month::July],
            LkpmFrequency::Quarterly => {
                &[Month::January, Month::April, Month::July, Month::October]
            }
        }
    }

    /// The report days from `from` to `to`, in order (a report due on `from` is still due: it
    /// is late only the next day).
    pub fn due_between(self, from: Date, to: Date) -> Vec<Date> {
        (from.year()..=to.year())
            .flat_map(|y| {
                self.months()
                    .iter()
                    .filter_map(move |&m| Date::from_calendar_date(y, m, 15).ok())
            })
            .filter(|d| *d >= from && *d <= to)
            .collect()
    }
}

/// The LKPM schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct Lkpm {
    /// Frequency.
    pub frequency: LkpmFrequency,
    /// The next due dates after the checklist's date (ISO dates).
    pub due_dates: Vec<String>,
    /// Why (English).
    pub because: String,
    /// The same, in Indonesian.
    #[serde(default)]
    pub alasan: String,
    /// Basis.
    pub legal_basis: String,
    /// The same, in Indonesian.
    #[serde(default)]
    pub dasar_hukum: String,
    /// Secondary sources only.
    pub confirmed: bool,
}

/// The engine's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct Checklist {
    /// Catalog version used.
    pub catalog_version: String,
    /// Catalog content hash used.
    pub catalog_hash: String,
    /// The date the checklist was derived for (ISO, WITA).
    pub as_of: String,
    /// The edition the input codes were in.
    pub kbli_edition: KbliEdition,
    /// Business scale.
    pub scale: Scale,
    /// Why that scale (English).
    pub scale_because: String,
    /// The same, in Indonesian.
    #[serde(default)]
    pub alasan_skala: String,
    /// Each activity.
    pub activities: Vec<ActivityResult>,
    /// What to obtain, in order: NIB, the basic requirements in their legal order, the
    /// activities' permits, PB UMKU.
    pub permits: Vec<ChecklistItem>,
    /// Findings, errors first.
    pub findings: Vec<Finding>,
    /// LKPM reporting.
    pub lkpm: Lkpm,
    /// The day halal certification became (or becomes) obligatory for this business's food
    /// and drink (`YYYY-MM-DD`), where it sells any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub halal_from: Option<String>,
}

impl Checklist {
    /// The KBLI 2020 codes (as typed) of activities that became several KBLI 2025 codes with
    /// none chosen: a case with any is not ready to file.
    pub fn unchosen_kbli(&self) -> Vec<String> {
        self.activities
            .iter()
            .filter(|a| a.kbli.is_none() && a.kbli_candidates.len() > 1)
            .map(|a| a.kbli_input.clone())
            .collect()
    }
}

/// Facts the engine cannot work with: names the field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{field}: {message}")]
pub struct FactsError {
    /// The field, as a path (`activities[0].kbli`).
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// For an unknown KBLI: the nearest codes.
    pub suggestions: Vec<String>,
    /// The same as a code and parameters, for words in the reader's language.
    pub problem: Box<Problem>,
}

impl FactsError {
    fn new(field: impl Into<String>, problem: Problem) -> FactsError {
        FactsError {
            field: field.into(),
            message: problem.message.clone(),
            suggestions: Vec::new(),
            problem: Box::new(problem),
        }
    }
}

/// `activities[2].investment_idr` as parameters a message can word: the activity's number
/// (from 1) and the field's name.
fn at_activity(problem: Problem, i: usize, name: &str) -> Problem {
    problem.with("activity", i + 1).with("field", name)
}

/// Checks the facts for values no business can have.
pub fn check_facts(facts: &Facts) -> Result<(), FactsError> {
    if facts.activities.is_empty() {
        return Err(FactsError::new(
            "activities",
            Problem::new("facts_no_activity", "at least one activity is needed"),
        ));
    }
    let negative = |x: i64| Problem::new("facts_negative", format!("cannot be negative ({x})"));
    let non_negative = |field: &str, v: Option<i64>| match v {
        Some(x) if x < 0 => Err(FactsError::new(
            field,
            negative(x).with("field", field).with("value", x),
        )),
        _ => Ok(()),
    };
    non_negative("business_capital_idr", Some(facts.business_capital_idr))?;
    non_negative("annual_sales_idr", facts.annual_sales_idr)?;
    non_negative("paid_up_capital_idr", facts.paid_up_capital_idr)?;
    non_negative("land_and_buildings_idr", facts.land_and_buildings_idr)?;
    for (i, a) in facts.activities.iter().enumerate() {
        validate_kbli_shape(&a.kbli)
            .map_err(|e| FactsError::new(format!("activities[{i}].kbli"), e.problem()))?;
        // The field's path is written only for an error.
        for (name, v) in [
            ("investment_idr", a.investment_idr),
            ("land_and_buildings_idr", a.land_and_buildings_idr),
        ] {
            if let Some(x) = v.filter(|x| *x < 0) {
                return Err(FactsError::new(
                    format!("activities[{i}].{name}"),
                    at_activity(negative(x), i, name).with("value", x),
                ));
            }
        }
        if let Some(area) = a.land_area_m2
            && !(area.is_finite() && area >= 0.0)
        {
            return Err(FactsError::new(
                format!("activities[{i}].land_area_m2"),
                at_activity(
                    Problem::new(
                        "facts_not_area",
                        format!("must be a non-negative number ({area})"),
                    ),
                    i,
                    "land_area_m2",
                )
                .with("value", area),
            ));
        }
    }
    if let Some(b) = &facts.building
        && !(b.floor_area_m2.is_finite() && b.floor_area_m2 >= 0.0)
    {
        return Err(FactsError::new(
            "building.floor_area_m2",
            Problem::new(
                "facts_not_area",
                format!("must be a non-negative number ({})", b.floor_area_m2),
            )
            .with("field", "floor_area_m2")
            .with("value", b.floor_area_m2),
        ));
    }
    Ok(())
}

/// Derives the checklist for `facts` on `as_of` (a date in WITA).
pub fn evaluate(
    facts: &Facts,
    catalog: &Catalog,
    index: &KbliIndex,
    as_of: Date,
) -> Result<Checklist, FactsError> {
    check_facts(facts)?;
    let mut e = Eval {
        facts,
        catalog,
        findings: Vec::new(),
        items: Vec::new(),
        risk_source_confirmed: catalog
            .data
            .kbli2025_risk_source
            .as_deref()
            .map(|s| catalog.source(s).is_some_and(|s| s.confirmed)),
        halal_from: None,
    };
    let (scale, scale_because) = e.scale();
    e.entity_checks(scale);
    let mut activities = Vec::new();
    let mut resolved: Vec<Vec<&Kbli2025>> = Vec::new();
    for (i, a) in facts.activities.iter().enumerate() {
        let codes = e.resolve_kbli(i, a, index)?;
        activities.push(e.activity(a, &codes, scale));
        resolved.push(codes);
    }
    if facts.kbli_edition == KbliEdition::K2020 {
        e.previous_edition(&resolved);
    }
    e.nib();
    e.kkpr(scale);
    e.sea_space(&activities, &resolved);
    e.environment(&activities, &resolved);
    e.buildings(&activities, &resolved);
    for (a, codes) in activities.iter().zip(&resolved) {
        e.activity_permits(a, codes);
    }
    e.pb_umku(&resolved, scale, as_of);
    e.food_production(&activities, &resolved, scale);
    e.minimarket(&activities, &resolved);
    e.reklame();
    if facts.capital_status == CapitalStatus::Pma {
        e.pma_checks(&resolved);
    }
    let lkpm = lkpm(scale, as_of);
    let mut findings = e.findings;
    findings.sort_by_key(|f| f.severity);
    Ok(Checklist {
        catalog_version: catalog.version().to_owned(),
        catalog_hash: catalog.content_hash.clone(),
        as_of: as_of.to_string(),
        kbli_edition: facts.kbli_edition,
        scale,
        scale_because: scale_because.en,
        alasan_skala: scale_because.id,
        activities,
        permits: e.items,
        findings,
        lkpm,
        halal_from: e.halal_from.map(|d| d.to_string()),
    })
}

/// A text for people in both of the UI's languages.
#[derive(Default)]
struct Said {
    en: String,
    id: String,
}

/// `said!(english, indonesian)`: each a `&str` or a `String`.
macro_rules! said {
    ($en:expr, $id:expr $(,)?) => {
        Said {
            en: $en.into(),
            id: $id.into(),
        }
    };
}

// The rules, one room each; they extend `Eval` below.
mod building;
mod environment;
mod food;
mod kkpr;
mod pma;

struct Eval<'a> {
    facts: &'a Facts,
    catalog: &'a Catalog,
    findings: Vec<Finding>,
    items: Vec<ChecklistItem>,
    /// Whether the catalog's one source of KBLI 2025 risk levels is confirmed, where it has one.
    risk_source_confirmed: Option<bool>,
    /// When halal certification is obligatory, where it applies.
    halal_from: Option<Date>,
}

impl<'a> Eval<'a> {
    fn finding(&mut self, code: &str, severity: Severity, message: Said, activity: Option<&str>) {
        self.findings.push(Finding {
            code: code.to_owned(),
            severity,
            message: message.en,
            pesan: message.id,
            activity: activity.map(str::to_owned),
        });
    }

    fn scale(&mut self) -> (Scale, Said) {
        let f = self.facts;
        if f.capital_status == CapitalStatus::Pma {
            return (
                Scale::Besar,
                said!(
                    "a PMA (foreign investment) company is always a large business (Besar)",
                    "perusahaan PMA (penanaman modal asing) selalu tergolong usaha besar (Besar)"
                ),
            );
        }
        let (amount, what, pick): (i64, Said, BoundOf) = match f.annual_sales_idr {
            Some(sales) => (
                sales,
                said!("annual sales", "hasil penjualan tahunan"),
                |t| t.max_annual_sales_idr,
            ),
            None => (
                f.business_capital_idr,
                said!(
                    "business capital excluding land and buildings",
                    "modal usaha di luar tanah dan bangunan"
                ),
                |t| t.max_capital_idr,
            ),
        };
        let scale = self
            .catalog
            .data
            .scales
            .iter()
            .find(|t| pick(t).is_none_or(|max| amount <= max))
            .map_or(Scale::Besar, |t| t.scale);
        let bound = self
            .catalog
            .data
            .scales
            .iter()
            .find(|t| t.scale == scale)
            .and_then(pick)
            .map_or_else(
                || {
                    said!(
                        "above every smaller scale's bound",
                        "melebihi batas semua skala yang lebih kecil"
                    )
                },
                |max| {
                    let max = format_rupiah(max);
                    said!(format!("at most {max}"), format!("tidak melebihi {max}"))
                },
            );
        let amount = format_rupiah(amount);
        (
            scale,
            said!(
                format!("{} of {amount} is {} (PP 7/2021 Art 35)", what.en, bound.en),
                format!(
                    "{} sebesar {amount} {} (PP 7/2021 Pasal 35)",
                    what.id, bound.id
                )
            ),
        )
    }

    /// The KBLI 2025 codes an input code stands for (one, or several via the crosswalk).
    fn resolve_kbli(
        &mut self,
        i: usize,
        activity: &crate::facts::Activity,
        index: &KbliIndex,
    ) -> Result<Vec<&'a Kbli2025>, FactsError> {
        let code = activity.kbli.as_str();
        let unknown = |edition: KbliEdition| {
            let suggestions: Vec<String> = index
                .nearest(code, Some(edition), 5)
                .into_iter()
                .map(|h| h.code)
                .collect();
            let problem = Problem::new(
                "kbli_unknown",
                format!(
                    "KBLI {code} is not a five-digit code of KBLI {}",
                    edition.year()
                ),
            )
            .with("code", code)
            .with("edition", edition.year())
            .with("activity", i + 1)
            .with("suggestions", suggestions.join(", "));
            FactsError {
                suggestions,
                ..FactsError::new(format!("activities[{i}].kbli"), problem)
            }
        };
        let chosen = activity
            .kbli_2025
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        match self.facts.kbli_edition {
            KbliEdition::K2025 => {
                if let Some(c) = chosen {
                    return Err(FactsError::new(
                        format!("activities[{i}].kbli_2025"),
                        Problem::new(
                            "kbli_choice_not_2020",
                            format!(
                                "a KBLI 2025 choice ({c}) is only for an activity given in KBLI 2020; this case is in KBLI 2025"
                            ),
                        )
                        .with("code", c)
                        .with("activity", i + 1),
                    ));
                }
                self.catalog
                    .kbli2025(code)
                    .map(|k| vec![k])
                    .ok_or_else(|| unknown(KbliEdition::K2025))
            }
            KbliEdition::K2020 => {
                if self
                    .catalog
                    .kbli2020(code)
                    .is_none_or(|k| k.code.len() != 5)
                {
                    return Err(unknown(KbliEdition::K2020));
                }
                let mut codes = self.catalog.kbli2025_for_2020(code);
                if let Some(c) = chosen {
                    let Some(one) = codes.iter().copied().find(|k| k.code == c) else {
                        let list = codes
                            .iter()
                            .map(|k| k.code.as_str())
                            .collect::<Vec<_>>()
                            .join(", ");
                        return Err(FactsError {
                            suggestions: codes.iter().map(|k| k.code.clone()).collect(),
                            ..FactsError::new(
                                format!("activities[{i}].kbli_2025"),
                                Problem::new(
                                    "kbli_choice_not_candidate",
                                    format!(
                                        "KBLI 2025 {c} is not one of the codes KBLI 2020 {code} became ({list})"
                                    ),
                                )
                                .with("choice", c)
                                .with("code", code)
                                .with("list", &list)
                                .with("activity", i + 1),
                            )
                        });
                    };
                    if codes.len() > 1 {
                        self.finding(
                            "kbli_chosen",
                            Severity::Info,
                            said!(
                                format!("KBLI 2020 {code} became several KBLI 2025 codes; the applicant chose {} ({})", one.code, one.title),
                                format!("KBLI 2020 {code} menjadi beberapa kode KBLI 2025; pemohon memilih {} ({})", one.code, one.title),
                            ),
                            Some(code),
                        );
                    }
                    return Ok(vec![one]);
                }
                // KBLI 2025 added intermediation and platform activities (56400, 95400,
                // 43400, 47901, …) as extra successors of many 2020 codes; they are a new kind
                // of business, not what the 2020 code described. Where only one successor is
                // left without them, that is the activity's own.
                let (platforms, own): (Vec<&Kbli2025>, Vec<&Kbli2025>) =
                    codes.iter().partition(|k| is_intermediation(k));
                if codes.len() > 1 && own.len() == 1 && !platforms.is_empty() {
                    let one = own[0];
                    let others = platforms
                        .iter()
                        .map(|k| format!("{} ({})", k.code, k.title))
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.finding(
                        "kbli_crosswalk_intermediation",
                        Severity::Info,
                        said!(
                            format!("KBLI 2020 {code} is KBLI 2025 {} ({}); the crosswalk also lists {others}, an intermediation or platform activity KBLI 2025 added: add it as an activity of its own only if the business runs one", one.code, one.title),
                            format!("KBLI 2020 {code} adalah KBLI 2025 {} ({}); tabel padanan juga mencantumkan {others}, kegiatan intermediasi atau platform yang ditambahkan KBLI 2025: tambahkan sebagai kegiatan tersendiri hanya bila usaha menjalankannya", one.code, one.title),
                        ),
                        Some(code),
                    );
                    codes = vec![one];
                    return Ok(codes);
                }
                match codes.as_slice() {
                    [] => self.finding(
                        "kbli_not_in_crosswalk",
                        Severity::Warning,
                        said!(
                            format!("KBLI 2020 {code} has no KBLI 2025 equivalent in the crosswalk; its risk cannot be determined: confirm the code with the licensing office"),
                            format!("KBLI 2020 {code} tidak memiliki padanan KBLI 2025 dalam tabel padanan; risikonya tidak dapat ditentukan: konfirmasikan kodenya ke DPMPTSP"),
                        ),
                        Some(code),
                    ),
                    [one] => self.finding(
                        "kbli_crosswalk",
                        Severity::Info,
                        said!(
                            format!("KBLI 2020 {code} is KBLI 2025 {} ({}; change: {})", one.code, one.title, one.change),
                            format!("KBLI 2020 {code} adalah KBLI 2025 {} ({}; perubahan: {})", one.code, one.title, one.change),
                        ),
                        Some(code),
                    ),
                    many => {
                        let list = many.iter().map(|k| k.code.as_str()).collect::<Vec<_>>().join(", ");
                        self.finding(
                            "kbli_ambiguous",
                            Severity::Warning,
                            said!(
                                format!("KBLI 2020 {code} became several KBLI 2025 codes ({list}): choose the one that describes the activity; the case is not ready to file until then"),
                                format!("KBLI 2020 {code} menjadi beberapa kode KBLI 2025 ({list}): pilih yang menggambarkan kegiatan usahanya; kasus belum siap diajukan sebelum dipilih"),
                            ),
                            Some(code),
                        )
                    }
                }
                Ok(codes)
            }
        }
    }

    fn activity(
        &mut self,
        a: &crate::facts::Activity,
        codes: &[&Kbli2025],
        scale: Scale,
    ) -> ActivityResult {
        let mut levels: Vec<RiskLevel> = codes
            .iter()
            .flat_map(|k| {
                k.risk
                    .iter()
                    .filter(|r| r.scale == scale)
                    .flat_map(|r| r.levels.iter().copied())
            })
            .collect();
        levels.sort();
        levels.dedup();
        let label = codes.first().map_or(a.kbli.as_str(), |k| k.code.as_str());
        let with_data = codes
            .iter()
            .all(|k| k.risk.iter().any(|r| r.scale == scale));
        let (risk, risk_candidates) = match levels.as_slice() {
            // One code with one level, or several candidates that all have the same one.
            [one] if codes.len() == 1 || with_data => (Some(*one), Vec::new()),
            [] => {
                if !codes.is_empty() {
                    self.finding(
                        "risk_undetermined",
                        Severity::Warning,
                        said!(
                            format!(
                                "risk not determined: the risk annex has no level for KBLI {label} at scale {}; confirm with the licensing office",
                                scale.name()
                            ),
                            format!(
                                "risiko tidak ditentukan: lampiran risiko tidak memuat tingkat risiko KBLI {label} untuk skala {}; konfirmasikan ke DPMPTSP",
                                scale.name()
                            ),
                        ),
                        Some(label),
                    );
                }
                (None, Vec::new())
            }
            many => {
                let names: Vec<&str> = many.iter().map(|l| l.name()).collect();
                let question = if codes.len() > 1 {
                    said!(
                        "which KBLI 2025 code the activity is",
                        "kode KBLI 2025 mana yang sesuai dengan kegiatannya"
                    )
                } else {
                    match a.land_area_m2 {
                        Some(area) => said!(
                            format!(
                                "the parameter the PP 28/2025 annex sets for this KBLI (e.g. land area, here {area} m², or capacity): confirm which band applies"
                            ),
                            format!(
                                "parameter yang ditetapkan lampiran PP 28/2025 untuk KBLI ini (mis. luas lahan, di sini {area} m², atau kapasitas): konfirmasikan rentang yang berlaku"
                            ),
                        ),
                        None => said!(
                            "the parameter the PP 28/2025 annex sets for this KBLI (e.g. land area or production capacity): give the land area and confirm the band",
                            "parameter yang ditetapkan lampiran PP 28/2025 untuk KBLI ini (mis. luas lahan atau kapasitas produksi): isi luas lahan dan konfirmasikan rentangnya",
                        ),
                    }
                };
                let missing = if with_data {
                    said!("", "")
                } else {
                    said!(
                        " (and some candidates have no data at this scale)",
                        " (dan sebagian kandidat tidak memiliki data untuk skala ini)"
                    )
                };
                let (scale_name, names, highest) = (
                    scale.name(),
                    names.join(", "),
                    many.last().map_or("", |l| l.name()),
                );
                self.finding(
                    "risk_depends_on_parameters",
                    Severity::Warning,
                    said!(
                        format!(
                            "risk not determined for KBLI {label} at scale {scale_name}: it is one of {names}{}; the checklist includes the requirements of {highest} as conditional. What decides it: {}",
                            missing.en, question.en
                        ),
                        format!(
                            "risiko KBLI {label} untuk skala {scale_name} belum dapat ditentukan: salah satu dari {names}{}; daftar perizinan memuat persyaratan tingkat {highest} sebagai bersyarat. Penentunya: {}",
                            missing.id, question.id
                        ),
                    ),
                    Some(label),
                );
                (None, many.to_vec())
            }
        };
        let first = codes.first();
        ActivityResult {
            kbli_input: a.kbli.clone(),
            kbli: (codes.len() == 1).then(|| codes[0].code.clone()),
            kbli_candidates: if codes.len() > 1 {
                codes.iter().map(|k| k.code.clone()).collect()
            } else {
                Vec::new()
            },
            title: first.map_or_else(
                || {
                    self.catalog
                        .kbli2020(&a.kbli)
                        .map(|k| k.title.clone())
                        .unwrap_or_default()
                },
                |k| k.title.clone(),
            ),
            risk,
            risk_candidates,
            issuing_time: first
                .and_then(|k| k.issuing_times.iter().find(|t| t.as_str() != "-").cloned()),
            location: a.location.clone(),
            risk_confirmed: self.risk_source_confirmed.unwrap_or_else(|| {
                // Older bundles: each code's own source covered its risk too.
                first
                    .and_then(|k| self.catalog.source(&k.source))
                    .is_some_and(|s| s.confirmed)
            }),
            kbli_choices: if codes.len() > 1 {
                codes
                    .iter()
                    .map(|k| {
                        let mut risk_levels: Vec<RiskLevel> = k
                            .risk
                            .iter()
                            .filter(|r| r.scale == scale)
                            .flat_map(|r| r.levels.iter().copied())
                            .collect();
                        risk_levels.sort();
                        risk_levels.dedup();
                        KbliChoice {
                            code: k.code.clone(),
                            title: k.title.clone(),
                            risk_levels,
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// An activity named as the user typed it, with its edition: a KBLI 2020 code can mean
    /// another activity in KBLI 2025 (2020 56102 is a restaurant, 2025 56102 a food stall).
    fn label(&self, a: &ActivityResult) -> String {
        match (&a.kbli, self.facts.kbli_edition) {
            (Some(k), KbliEdition::K2025) => format!("KBLI {k}"),
            (Some(k), KbliEdition::K2020) if *k == a.kbli_input => format!("KBLI 2020 {k}"),
            (Some(k), KbliEdition::K2020) => {
                format!("KBLI 2020 {} (KBLI 2025 {k})", a.kbli_input)
            }
            (None, edition) => format!("KBLI {} {}", edition.year(), a.kbli_input),
        }
    }

    /// Whether the catalog source `id` is confirmed (an unknown id is not).
    fn confirmed(&self, id: &str) -> bool {
        self.catalog.source(id).is_some_and(|s| s.confirmed)
    }

    fn push(&mut self, permit_id: &str, item: Partial) {
        let Some(p) = self.catalog.permit(permit_id) else {
            return;
        };
        let documents = documents(p, item.variant.as_deref());
        let confirmed = p.confirmed && !item.unconfirmed;
        self.items.push(ChecklistItem {
            id: p.id.clone(),
            name: p.name.clone(),
            variant: item.variant,
            activity: item.activity,
            conditional: item.conditional,
            confirmed,
            because: item.because.en,
            alasan: item.because.id,
            legal_basis: item.legal_basis.unwrap_or_else(|| p.legal_basis.clone()),
            issuer: p.issuer.clone(),
            service_time: item.service_time.or_else(|| p.service_time.clone()),
            basic_order: p.basic_order,
            documents: documents.into_iter().chain(item.extra_documents).collect(),
        });
    }

    /// A case on KBLI 2020: the edition KBLI 2025 replaced, with the codes to use instead.
    fn previous_edition(&mut self, resolved: &[Vec<&Kbli2025>]) {
        let proposals: Vec<String> = self
            .facts
            .activities
            .iter()
            .zip(resolved)
            .map(|(a, codes)| {
                let to: Vec<&str> = codes.iter().map(|k| k.code.as_str()).collect();
                if to.is_empty() {
                    format!("{} → ?", a.kbli)
                } else {
                    format!("{} → {}", a.kbli, to.join(" / "))
                }
            })
            .collect();
        let list = proposals.join("; ");
        self.finding(
            "kbli_2020_previous_edition",
            Severity::Warning,
            said!(
                format!(
                    "KBLI 2020 is the previous edition: KBLI 2025 (Peraturan BPS 7/2025) replaces it and OSS asks for KBLI 2025 codes (the changeover dates rest on secondary sources, unconfirmed). The KBLI 2025 codes for this case: {list}"
                ),
                format!(
                    "KBLI 2020 adalah edisi sebelumnya: KBLI 2025 (Peraturan BPS 7/2025) menggantikannya dan OSS meminta kode KBLI 2025 (tanggal peralihannya bersumber sekunder, belum terkonfirmasi). Kode KBLI 2025 untuk kasus ini: {list}"
                )
            ),
            None,
        );
    }

    /// Rules of the legal form against the business's scale.
    fn entity_checks(&mut self, scale: Scale) {
        if self.facts.entity_type == EntityType::PtPerorangan
            && matches!(scale, Scale::Menengah | Scale::Besar)
        {
            let (en, id) = match scale {
                Scale::Besar => ("large", "besar"),
                _ => ("medium", "menengah"),
            };
            self.finding(
                "pt_perorangan_beyond_small",
                Severity::Error,
                said!(
                    format!(
                        "a PT perorangan is only for micro and small businesses (UU 40/2007 Art 153A(1), as amended by UU 6/2023); this business is {en}, so it must become an ordinary PT (persekutuan modal) by notarial deed, registered with the Ministry of Law (Permenkumham 21/2021 Art 17)"
                    ),
                    format!(
                        "PT perorangan hanya untuk usaha mikro dan kecil (UU 40/2007 Pasal 153A ayat (1), sebagaimana diubah UU 6/2023); usaha ini tergolong {id}, sehingga wajib berubah menjadi PT biasa (persekutuan modal) dengan akta notaris yang didaftarkan ke Kementerian Hukum (Permenkumham 21/2021 Pasal 17)"
                    )
                ),
                None,
            );
        }
    }

    fn nib(&mut self) {
        let variant = match self.facts.entity_type {
            EntityType::Perorangan => "individual",
            // Founded by a statement filled in electronically, not by a notarial deed.
            EntityType::PtPerorangan => "pt_perorangan",
            _ => "company",
        };
        self.push(
            "nib",
            Partial {
                variant: Some(variant.to_owned()),
                because: said!(
                    "every business needs a NIB, whatever its risk level",
                    "setiap usaha wajib memiliki NIB, apa pun tingkat risikonya"
                ),
                ..Partial::default()
            },
        );
    }

    fn activity_permits(&mut self, a: &ActivityResult, codes: &[&Kbli2025]) {
        let (level, conditional) = match (a.risk, a.risk_candidates.last()) {
            (Some(l), _) => (l, false),
            (None, Some(&l)) => (l, true),
            (None, None) => return,
        };
        let code = a.kbli.clone().unwrap_or_else(|| a.kbli_input.clone());
        let label = self.label(a);
        let data_lists_ss = codes.iter().any(|k| {
            k.permit_types
                .iter()
                .any(|t| t.starts_with("Sertifikat Standar"))
        });
        let cond = if conditional {
            said!(
                " (if the risk is the highest candidate)",
                " (jika risikonya kandidat tertinggi)"
            )
        } else {
            said!("", "")
        };
        let issuing = a.issuing_time.clone();
        match level {
            RiskLevel::Rendah => {}
            RiskLevel::MenengahRendah | RiskLevel::MenengahTinggi => {
                let verified = level == RiskLevel::MenengahTinggi;
                self.push(
                    "sertifikat_standar",
                    Partial {
                        variant: Some(
                            if verified {
                                "verified"
                            } else {
                                "self_declared"
                            }
                            .to_owned(),
                        ),
                        activity: Some(code.clone()),
                        conditional,
                        because: said!(
                            format!(
                                "{label} is {} risk{}: NIB plus a Sertifikat Standar {}",
                                level.name(),
                                cond.en,
                                if verified {
                                    "verified by the agency"
                                } else {
                                    "by self-declaration"
                                }
                            ),
                            format!(
                                "{label} berisiko {}{}: NIB dan Sertifikat Standar {}",
                                level.name(),
                                cond.id,
                                if verified {
                                    "yang diverifikasi instansi"
                                } else {
                                    "melalui pernyataan mandiri"
                                }
                            )
                        ),
                        service_time: issuing.clone(),
                        // The risk level that calls for it rests on its source.
                        unconfirmed: !a.risk_confirmed,
                        ..Partial::default()
                    },
                );
            }
            RiskLevel::Tinggi => {
                self.push(
                    "izin",
                    Partial {
                        activity: Some(code.clone()),
                        conditional,
                        because: said!(
                            format!(
                                "{label} is Tinggi risk{}: NIB plus an Izin after verification",
                                cond.en
                            ),
                            format!(
                                "{label} berisiko Tinggi{}: NIB dan Izin setelah verifikasi",
                                cond.id
                            )
                        ),
                        service_time: issuing.clone(),
                        // The risk level that calls for it rests on its source.
                        unconfirmed: !a.risk_confirmed,
                        ..Partial::default()
                    },
                );
                if data_lists_ss {
                    self.push(
                        "sertifikat_standar",
                        Partial {
                            variant: Some("verified".to_owned()),
                            activity: Some(code.clone()),
                            conditional,
                            because: said!(
                                format!("the risk annex lists a Sertifikat Standar for {label} besides the Izin"),
                                format!("lampiran risiko mencantumkan Sertifikat Standar untuk {label} selain Izin")
                            ),
                            // The risk level that calls for it rests on its source.
                        unconfirmed: !a.risk_confirmed,
                        ..Partial::default()
                        },
                    );
                }
            }
        }
    }

    fn pb_umku(&mut self, resolved: &[Vec<&Kbli2025>], scale: Scale, as_of: Date) {
        let division = |k: &&Kbli2025| k.code.get(..2).map(str::to_owned).unwrap_or_default();
        let food_service: Vec<String> = resolved
            .iter()
            .flatten()
            .filter(|k| division(k) == "56")
            .map(|k| k.code.clone())
            .fold(Vec::new(), |mut v, c| {
                if !v.contains(&c) {
                    v.push(c);
                }
                v
            });
        let mut food_and_drink: Vec<String> = Vec::new();
        for k in resolved.iter().flatten() {
            // One code at two locations is one kind of product.
            if matches!(division(k).as_str(), "10" | "11" | "56")
                && !food_and_drink.contains(&k.code)
            {
                food_and_drink.push(k.code.clone());
            }
        }
        if !food_service.is_empty() {
            self.push(
                "slhs",
                Partial {
                    because: said!(
                        format!(
                            "food service activities ({}) need a hygiene and sanitation certificate to operate",
                            food_service.join(", ")
                        ),
                        format!(
                            "kegiatan penyediaan makanan ({}) memerlukan Sertifikat Laik Higiene Sanitasi untuk beroperasi",
                            food_service.join(", ")
                        )
                    ),
                    ..Partial::default()
                },
            );
        }
        // Products made from what is not halal are exempt from certification and must say
        // so on the product instead (UU 33/2014 Art 26): by their activity (the catalog's
        // list: pork, alcoholic drinks) or by the applicant's own declaration.
        let declared = self.facts.non_halal == Some(true);
        let listed = |code: &str| self.catalog.data.non_halal.iter().find(|n| n.code == code);
        let (exempt, food_and_drink): (Vec<String>, Vec<String>) = food_and_drink
            .into_iter()
            .partition(|code| declared || listed(code).is_some());
        if !exempt.is_empty() {
            let (why_en, why_id): (Vec<String>, Vec<String>) = exempt
                .iter()
                .map(|code| match listed(code) {
                    Some(n) => (
                        format!("{code}: {}", n.because),
                        format!("{code}: {}", n.alasan),
                    ),
                    None => (
                        format!("{code}: declared by the applicant"),
                        format!("{code}: dinyatakan oleh pemohon"),
                    ),
                })
                .unzip();
            self.finding(
                "halal_exempt_non_halal",
                Severity::Info,
                said!(
                    format!(
                        "products that are not halal ({}) need no halal certificate, but must carry the statement \"tidak halal\" on the product (UU 33/2014 Art 26, unconfirmed)",
                        why_en.join("; ")
                    ),
                    format!(
                        "produk yang tidak halal ({}) tidak memerlukan sertifikat halal, tetapi wajib mencantumkan keterangan \"tidak halal\" pada produknya (UU 33/2014 Pasal 26, belum terkonfirmasi)",
                        why_id.join("; ")
                    )
                ),
                None,
            );
        }
        if !food_and_drink.is_empty() {
            let small = scale <= Scale::Kecil;
            // The staged obligation: medium and large businesses' first period ended on 17
            // October 2024, micro and small businesses' ends on 17 October 2026; certification
            // is required from the next day.
            let from = if small {
                Date::from_calendar_date(2026, Month::October, 18)
            } else {
                Date::from_calendar_date(2024, Month::October, 18)
            }
            .unwrap_or(as_of);
            self.halal_from = Some(from);
            let (from_en, from_id) = (
                crate::locale::long_date(from, crate::locale::Language::En),
                crate::locale::long_date(from, crate::locale::Language::Id),
            );
            // The halal permit's own record carries its (secondary) source status.
            self.push(
                "halal",
                Partial {
                    because: said!(
                        format!(
                            "food and drink activities ({}) must be halal certified; for {} businesses the obligation applies from {from_en}",
                            food_and_drink.join(", "),
                            if small { "micro and small" } else { "medium and large" }
                        ),
                        format!(
                            "kegiatan makanan dan minuman ({}) wajib bersertifikat halal; bagi usaha {} kewajibannya berlaku sejak {from_id}",
                            food_and_drink.join(", "),
                            if small { "mikro dan kecil" } else { "menengah dan besar" }
                        )
                    ),
                    ..Partial::default()
                },
            );
            if as_of >= from {
                self.finding(
                    "halal_obligation_in_force",
                    Severity::Warning,
                    said!(
                        format!("the halal certification obligation for this business has applied since {from_en}: obtain it before selling"),
                        format!("kewajiban sertifikasi halal untuk usaha ini berlaku sejak {from_id}: urus sertifikatnya sebelum berjualan")
                    ),
                    None,
                );
            }
        }
    }

    fn reklame(&mut self) {
        if let Some(b) = self.facts.billboard.clone() {
            self.push(
                "reklame",
                Partial {
                    variant: Some(if b.permanent { "permanent" } else { "temporary" }.to_owned()),
                    because: if b.permanent {
                        said!(
                            "a permanent billboard in Balikpapan needs a reklame permit, a PBG for its structure and advertising tax",
                            "reklame permanen di Balikpapan memerlukan izin reklame, PBG untuk konstruksinya, dan pajak reklame"
                        )
                    } else {
                        said!(
                            "a billboard in Balikpapan needs a reklame permit and advertising tax",
                            "reklame di Balikpapan memerlukan izin reklame dan pajak reklame"
                        )
                    },
                    ..Partial::default()
                },
            );
        }
    }
}

/// Which bound of a scale threshold applies (capital or sales).
type BoundOf = fn(&crate::catalog::ScaleThreshold) -> Option<i64>;

/// A KBLI 2025 activity of intermediation or of a digital platform (its BPS title says so).
fn is_intermediation(k: &Kbli2025) -> bool {
    let title = k.title.to_lowercase();
    title.contains("intermediasi") || title.contains("platform digital")
}

#[derive(Default)]
struct Partial {
    variant: Option<String>,
    activity: Option<String>,
    conditional: bool,
    because: Said,
    legal_basis: Option<String>,
    service_time: Option<String>,
    extra_documents: Vec<String>,
    /// The item rests on a weaker source than the permit's own (shown as unconfirmed).
    unconfirmed: bool,
}

fn documents(p: &Permit, variant: Option<&str>) -> Vec<String> {
    let pick = |v: &str| p.documents.iter().find(|d| d.variant == v);
    variant
        .and_then(pick)
        .or_else(|| pick("default"))
        .map(|d| d.documents.clone())
        .unwrap_or_default()
}

fn lkpm(scale: Scale, as_of: Date) -> Lkpm {
    let (frequency, because): (LkpmFrequency, Said) = match scale {
        Scale::Mikro => (
            LkpmFrequency::None,
            said!(
                "micro businesses are exempt from LKPM",
                "usaha mikro dikecualikan dari kewajiban LKPM"
            ),
        ),
        Scale::Kecil => (
            LkpmFrequency::Semiannual,
            said!(
                "small businesses report LKPM twice a year, by 15 January and 15 July",
                "usaha kecil melaporkan LKPM dua kali setahun, paling lambat 15 Januari dan 15 Juli"
            ),
        ),
        Scale::Menengah | Scale::Besar => (
            LkpmFrequency::Quarterly,
            said!(
                "medium and large businesses report LKPM every quarter, by 15 January, April, July and October",
                "usaha menengah dan besar melaporkan LKPM setiap triwulan, paling lambat 15 Januari, April, Juli, dan Oktober"
            ),
        ),
    };
    // The next report of each due month: a year ahead holds one of each.
    let due: Vec<String> = frequency
        .due_between(as_of, as_of + time::Duration::days(366))
        .into_iter()
        .take(frequency.months().len())
        .map(|d| d.to_string())
        .collect();
    Lkpm {
        frequency,
        due_dates: due,
        because: because.en,
        alasan: because.id,
        legal_basis: "Perka BKPM on LKPM (article disputed; secondary sources)".to_owned(),
        dasar_hukum: "Perka BKPM tentang LKPM (pasalnya diperdebatkan; sumber sekunder)".to_owned(),
        confirmed: false,
    }
}

#[cfg(test)]
mod lkpm_tests {
    use super::*;

    #[test]
    fn a_report_due_today_is_still_listed() {
        let on = time::macros::date!(2027 - 01 - 15);
        assert_eq!(
            lkpm(Scale::Kecil, on).due_dates,
            ["2027-01-15", "2027-07-15"]
        );
        let after = time::macros::date!(2027 - 01 - 16);
        assert_eq!(
            lkpm(Scale::Kecil, after).due_dates,
            ["2027-07-15", "2028-01-15"]
        );
        assert_eq!(
            lkpm(Scale::Menengah, time::macros::date!(2026 - 12 - 31)).due_dates,
            ["2027-01-15", "2027-04-15", "2027-07-15", "2027-10-15"]
        );
        assert!(lkpm(Scale::Mikro, on).due_dates.is_empty());
    }
}
