//! The checklist engine: case facts + catalog → an explained checklist. Pure and deterministic:
//! the same facts, catalog and date always give the same checklist. Every item says `because`
//! (the rule and the facts that triggered it) and its `legal_basis`; risk is never guessed.

use crate::catalog::{Catalog, Kbli2025, Permit, RiskLevel, Scale};
use crate::facts::{CapitalStatus, Facts, KbliEdition};
use crate::problem::Problem;
use crate::search::KbliIndex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::Date;

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
    #[ts(as = "String")]
    #[schemars(with = "String")]
    pub name: Arc<str>,
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
    /// The sentence of that article the item rests on, as the regulation words it, where the
    /// primary text was read (absent in checklists stored before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, as = "Option<String>")]
    #[schemars(with = "Option<String>")]
    pub quote: Option<Arc<str>>,
    /// Who issues it.
    #[ts(as = "String")]
    #[schemars(with = "String")]
    pub issuer: Arc<str>,
    /// Service time where known.
    #[ts(as = "Option<String>")]
    #[schemars(with = "Option<String>")]
    pub service_time: Option<Arc<str>>,
    /// Position among the basic requirements (processed in this order).
    pub basic_order: Option<u8>,
    /// Documents to prepare.
    #[ts(as = "Vec<String>")]
    #[schemars(with = "Vec<String>")]
    pub documents: Arc<[String]>,
    /// The item's own words in English (name, issuer, documents, service time), where the
    /// catalog has them (absent in checklists stored before they existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub en: Option<ItemWords>,
}

/// A checklist item's own words in a second language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct ItemWords {
    /// The permit's name.
    #[ts(as = "String")]
    #[schemars(with = "String")]
    pub name: Arc<str>,
    /// Who issues it.
    #[ts(as = "String")]
    #[schemars(with = "String")]
    pub issuer: Arc<str>,
    /// Documents to prepare, one for one with the item's.
    #[ts(as = "Vec<String>")]
    #[schemars(with = "Vec<String>")]
    pub documents: Arc<[String]>,
    /// Service time where known.
    #[ts(as = "Option<String>")]
    #[schemars(with = "Option<String>")]
    pub service_time: Option<Arc<str>>,
}

impl ChecklistItem {
    /// The name in `lang` (Indonesian where no English was recorded).
    pub fn name_in(&self, lang: crate::locale::Language) -> &str {
        match (&self.en, lang) {
            (Some(en), crate::locale::Language::En) => &en.name,
            _ => &self.name,
        }
    }

    /// The issuer in `lang`.
    pub fn issuer_in(&self, lang: crate::locale::Language) -> &str {
        match (&self.en, lang) {
            (Some(en), crate::locale::Language::En) => &en.issuer,
            _ => &self.issuer,
        }
    }

    /// The documents in `lang`.
    pub fn documents_in(&self, lang: crate::locale::Language) -> &[String] {
        match (&self.en, lang) {
            (Some(en), crate::locale::Language::En) => &en.documents,
            _ => &self.documents,
        }
    }

    /// The service time in `lang`.
    pub fn service_time_in(&self, lang: crate::locale::Language) -> Option<&str> {
        match (&self.en, lang) {
            (Some(en), crate::locale::Language::En) => en.service_time.as_deref(),
            _ => self.service_time.as_deref(),
        }
    }
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

/// A derivation as a function of the facts alone: the engine with a catalog, its index and a
/// day, as the application holds them. The store asks for one where a write needs a checklist
/// (it knows no catalog and no day).
pub type Derive<'a> = dyn Fn(&Facts) -> Result<Checklist, FactsError> + Send + Sync + 'a;

/// [`evaluate`] with `catalog`, `index` and `as_of` fixed: a [`Derive`].
pub fn deriver<'a>(
    catalog: &'a Catalog,
    index: &'a KbliIndex,
    as_of: Date,
) -> impl Fn(&Facts) -> Result<Checklist, FactsError> + Send + Sync + 'a {
    move |facts| evaluate(facts, catalog, index, as_of)
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
    e.locations();
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
    // A trade or service business in managed premises meets no basic requirement (Art 13).
    let managed = e.managed_premises(&activities, &resolved);
    if !managed {
        e.kkpr(scale, &activities);
    }
    e.sea_space(&activities, &resolved);
    if !managed {
        e.environment(&activities, &resolved);
        e.buildings(&activities, &resolved);
    }
    for (a, codes) in activities.iter().zip(&resolved) {
        e.activity_permits(a, codes);
        e.permits_by_code(a, codes);
    }
    e.pb_umku(&activities, &resolved, scale, as_of);
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
mod check;
mod environment;
mod food;
mod kbli;
mod kkpr;
mod licence;
mod lkpm;
mod pma;
mod scale;
mod umku;

pub use check::check_facts;
use lkpm::lkpm;
pub use lkpm::{Lkpm, LkpmFrequency};

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
        let (documents, documents_en) = documents(p, item.variant.as_deref());
        // An item resting on one article carries it: its name, its sentence and its standing.
        let cited = item.source.as_deref().and_then(|s| self.catalog.source(s));
        let confirmed = cited.map_or(p.confirmed, |s| s.confirmed) && !item.unconfirmed;
        let legal_basis = item.legal_basis.or_else(|| {
            item.source
                .as_deref()
                .and_then(|s| self.catalog.article_basis(s))
                .map(str::to_owned)
        });
        // The service time from the one table of times, in both languages.
        let (service_time, service_time_en): (Option<Arc<str>>, Option<Arc<str>>) =
            match item.service_time {
                Some(t) => (Some(t.id.into()), Some(t.en.into())),
                None => match p.service_time.as_deref() {
                    Some(t) => (Some(t.into()), None),
                    None => {
                        let text = |lang| {
                            self.catalog
                                .service_time_text(&p.id, item.variant.as_deref(), lang)
                                .cloned()
                        };
                        (
                            text(crate::locale::Language::Id),
                            text(crate::locale::Language::En),
                        )
                    }
                },
            };
        let (extra, extra_en): (Vec<String>, Vec<String>) = item
            .extra_documents
            .into_iter()
            .map(|d| (d.id, d.en))
            .unzip();
        // The catalog's lists are shared; a list with documents added is the item's own.
        let with = |list: Arc<[String]>, extra: Vec<String>| -> Arc<[String]> {
            if extra.is_empty() {
                list
            } else {
                list.iter().cloned().chain(extra).collect()
            }
        };
        let en = (!p.issuer_en.is_empty()).then(|| ItemWords {
            name: p.name_en.clone(),
            issuer: p.issuer_en.clone(),
            documents: with(documents_en, extra_en),
            service_time: service_time_en,
        });
        self.items.push(ChecklistItem {
            id: p.id.clone(),
            name: p.name.clone(),
            variant: item.variant,
            activity: item.activity,
            conditional: item.conditional,
            confirmed,
            because: item.because.en,
            alasan: item.because.id,
            legal_basis: legal_basis.unwrap_or_else(|| p.legal_basis.clone()),
            quote: cited.and_then(|s| s.quote.clone()),
            issuer: p.issuer.clone(),
            service_time,
            basic_order: p.basic_order,
            documents: with(documents, extra),
            en,
        });
    }
}

/// Which bound of a scale threshold applies (capital or sales).
type BoundOf = fn(&crate::catalog::ScaleThreshold) -> Option<i64>;

#[derive(Default)]
struct Partial {
    variant: Option<String>,
    activity: Option<String>,
    conditional: bool,
    because: Said,
    legal_basis: Option<String>,
    /// The catalog source (one article of a regulation) the item rests on: its article becomes
    /// the legal basis, its sentence the quote, its standing the item's.
    source: Option<String>,
    service_time: Option<Said>,
    extra_documents: Vec<Said>,
    /// The item rests on a weaker source than the permit's own (shown as unconfirmed).
    unconfirmed: bool,
}

/// The documents of a permit's variant (else its default list), in Indonesian and English.
fn documents(p: &Permit, variant: Option<&str>) -> (Arc<[String]>, Arc<[String]>) {
    let pick = |v: &str| p.documents.iter().find(|d| d.variant == v);
    variant
        .and_then(pick)
        .or_else(|| pick("default"))
        .map(|d| (d.documents.clone(), d.documents_en.clone()))
        .unwrap_or_default()
}
