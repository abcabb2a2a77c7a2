//! What a plan is made of: the stages' states and the applicant's progress, each stage's work
//! and parts, the completion range and what drives it.

use super::*;

/// Where the applicant says a stage is.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum StageState {
    /// Not applied for yet.
    #[default]
    Planned,
    /// Applied for: the authority's clock runs.
    Started,
    /// Issued.
    Obtained,
}

/// What the applicant recorded of one stage (a checklist item, by its key).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct StageProgress {
    /// The item's key (`pbg@*`).
    pub key: String,
    /// Planned, started or obtained.
    pub state: StageState,
    /// The day it was applied for (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub started_on: Option<String>,
    /// The day it was issued (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub obtained_on: Option<String>,
    /// The permit's number, once issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub number: Option<String>,
    /// The applicant's own preparation before applying, in working days (drawings, training,
    /// studies), where they give one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub prep_days: Option<u32>,
}

/// What travels of a case's plan: the applicant's progress on its stages. The city backend
/// checks it against the case it derived and shows it to officers with the filed case, so both
/// sides plan with the same dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PlanRecord {
    /// The case.
    pub case_id: String,
    /// Each stage the applicant recorded, by key.
    pub progress: Vec<StageProgress>,
}

/// The applicant's own work a stage waits for after the stages before it (construction between
/// PBG and SLF), from their estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct StageWork {
    /// What it is (Indonesian).
    pub name: String,
    /// The same in English.
    pub name_en: String,
    /// The applicant's estimate in working days; `None` until they give one (the stage's time
    /// is then unknown).
    pub days: Option<u32>,
}

/// One step of a stage's service time, as the regulation sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct StagePart {
    /// What happens (Indonesian).
    pub name: String,
    /// The same in English.
    pub name_en: String,
    /// Its limit; `None` where the text leaves it to another rule.
    pub max: Option<u32>,
    /// Calendar days, not working days.
    pub calendar: bool,
    /// The article (`PP 28/2025 Pasal 19 ayat (2)-(3)`), where the source names one.
    pub article: Option<String>,
}

/// A service time in working days; `None` where no source gives the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct WorkingDays {
    /// The fewest.
    pub min: Option<u32>,
    /// The most (the service-level limit).
    pub max: Option<u32>,
}

/// One stage of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct PlanStage {
    /// The checklist item's key.
    pub key: String,
    /// Permit id.
    pub permit: String,
    /// Name (Indonesian).
    pub name: String,
    /// Name (English).
    pub name_en: String,
    /// Variant, where the permit has several.
    pub variant: Option<String>,
    /// The KBLI 2025 code it is for, or `None` for the whole business.
    pub activity: Option<String>,
    /// Keys of the stages it waits for.
    pub depends_on: Vec<String>,
    /// The authority's service time.
    pub working_days: WorkingDays,
    /// The applicant's own preparation, where given.
    pub prep_days: Option<u32>,
    /// The applicant's own work it waits for after the stages before it (construction), where
    /// the catalog names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub work: Option<StageWork>,
    /// The steps of its service time, where the regulation sets each (payments included).
    #[serde(default)]
    pub parts: Vec<StagePart>,
    /// Whether the service time's source is confirmed (`false` also where it is unknown).
    pub confirmed: bool,
    /// The service time's source (citation); `None` where it is unknown.
    pub source: Option<String>,
    /// The earliest day it can be applied for (or the day it was).
    pub start: String,
    /// The earliest day it can be issued (or the day it was).
    pub end: String,
    /// The latest day it would be issued within the service times; `None` where a service time
    /// on the way is unknown.
    pub latest_end: Option<String>,
    /// Planned, started or obtained.
    pub state: StageState,
    /// The permit's number, once issued.
    pub number: Option<String>,
    /// On the critical path (it sets the earliest completion).
    pub critical: bool,
    /// Started and past its service-level limit today.
    pub overdue: bool,
    /// What being past the limit means, where the regulation says (`fiktif_positif`).
    pub consequence: Option<String>,
    /// Whether the checklist item itself is conditional or unconfirmed.
    pub item_unconfirmed: bool,
}

impl PlanStage {
    /// The stage's name in `lang`, with its activity (`Izin (KBLI 55103)`).
    pub fn name_in(&self, lang: crate::locale::Language) -> String {
        let n = match lang {
            crate::locale::Language::Id => &self.name,
            crate::locale::Language::En => &self.name_en,
        };
        match &self.activity {
            Some(a) => format!("{n} (KBLI {a})"),
            None => n.clone(),
        }
    }

    /// The stage named with what is unknown of it: the applicant's work not yet estimated
    /// (`Konstruksi bangunan → Sertifikat Laik Fungsi (SLF)`), else the stage itself.
    pub fn unknown_name_in(&self, lang: crate::locale::Language) -> String {
        match &self.work {
            Some(w) if w.days.is_none() => {
                let work = match lang {
                    crate::locale::Language::Id => &w.name,
                    crate::locale::Language::En => &w.name_en,
                };
                format!("{work} → {}", self.name_in(lang))
            }
            _ => self.name_in(lang),
        }
    }
}

/// When everything could be in hand. An unknown time is not zero: while a stage still to come
/// has no known time, no date is given, and `unknown` names the stages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct Completion {
    /// The earliest day; `None` while a stage still to come takes an unknown time.
    pub earliest: Option<String>,
    /// The latest day within the service-level limits; `None` where a limit on the way is
    /// unknown.
    pub latest: Option<String>,
    /// Keys of the stages still to come whose time is unknown (no service time, or the
    /// applicant's own work not yet estimated).
    pub unknown: Vec<String>,
    /// The working days the known times add up to along the longest chain of stages still to
    /// come (each at its limit where the text gives one), however many are unknown.
    pub known_working_days: u32,
}

/// What moves the completion date most.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct Driver {
    /// The stage's key.
    pub key: String,
    /// `unknown_time` (its service time is unknown: the latest date stays open until it is
    /// known) or `critical` (on the critical path, with its working days).
    pub reason: String,
    /// Working days it adds on the critical path (its minimum), for `critical`.
    pub working_days: u32,
}

/// A case's licensing plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct Plan {
    /// The day it was planned from (today, WITA).
    pub today: String,
    /// The stages, in an order that puts each after those it waits for.
    pub stages: Vec<PlanStage>,
    /// Keys of the stages that set the earliest completion, first to last.
    pub critical_path: Vec<String>,
    /// The range of completion dates.
    pub completion: Completion,
    /// What moves the date most, most first.
    pub drivers: Vec<Driver>,
}
