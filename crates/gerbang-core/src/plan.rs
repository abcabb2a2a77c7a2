//! The licensing plan: a checklist's permits as stages in the order the regulations set, each
//! with its service time in working days (the steps and payment periods PP 28/2025 sets, from
//! the catalog's one table), scheduled from today into a range of completion dates. An unknown
//! time is not zero: while a stage still to come has none, no completion date is given and the
//! stage is named.

use crate::catalog::{Catalog, StageTime};
use crate::engine::{Checklist, ChecklistItem};
use crate::problem::Problem;
use crate::record::item_key;
use crate::service_time::HolidayCalendar;
use crate::wita::parse_date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::Date;

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

/// The days a stage runs between, on the earliest and on the latest schedule.
#[derive(Clone, Copy)]
struct Slot {
    start: Date,
    end: Date,
    late_end: Option<Date>,
    /// Where the earliest start came from: a stage's index, or `None` (today, the
    /// applicant's preparation, or a recorded date).
    set_by: Option<usize>,
    /// Whether its time is known (a service time, and the applicant's work where it has one).
    known: bool,
    /// The known working days still to come along the longest chain ending with it.
    chain: u32,
}

/// An activity's issuing time from the annex's `N Hari` entries (other units are not issuing
/// times and are skipped).
fn annex_days(times: &[String]) -> Option<(u32, u32)> {
    let days = times.iter().filter_map(|t| {
        let (n, unit) = t.trim().split_once(' ')?;
        (unit.eq_ignore_ascii_case("hari"))
            .then(|| n.parse::<u32>().ok())
            .flatten()
    });
    days.fold(None, |acc, d| match acc {
        None => Some((d, d)),
        Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
    })
}

/// The service time of an item: its days, source id and whether fiktif positif applies. A row
/// naming the item's variant comes first (a self-declared Sertifikat Standar is issued at
/// once, Art 221), then the annex's issuing time of its activity, then the permit's row.
fn service_time(
    item: &ChecklistItem,
    row: Option<&StageTime>,
    catalog: &Catalog,
) -> (WorkingDays, Option<String>, bool) {
    let unknown = WorkingDays {
        min: None,
        max: None,
    };
    let Some(rules) = catalog.data.rules.plan.as_ref() else {
        return (unknown, None, false);
    };
    let fiktif = row.is_some_and(|t| t.fiktif_positif);
    let named = row.filter(|t| !t.variants.is_empty());
    if named.is_none()
        && rules.annex_times.contains(&item.id)
        && let Some(code) = item.activity.as_deref()
        && let Some(k) = catalog.kbli2025(code)
        && let Some((lo, hi)) = annex_days(&k.issuing_times)
    {
        let source = catalog
            .data
            .kbli2025_risk_source
            .clone()
            .unwrap_or_else(|| k.source.clone());
        return (
            WorkingDays {
                min: Some(lo),
                max: Some(hi),
            },
            Some(source),
            fiktif,
        );
    }
    match row.map(|t| (t, t.days())) {
        Some((t, (min, max))) if min.is_some() || max.is_some() => {
            (WorkingDays { min, max }, Some(t.source.clone()), fiktif)
        }
        _ => (unknown, None, false),
    }
}

/// Plans `checklist`'s permits from `today`, with what the applicant recorded in `progress`.
pub fn plan(
    checklist: &Checklist,
    catalog: &Catalog,
    calendar: &HolidayCalendar,
    progress: &[StageProgress],
    today: Date,
) -> Plan {
    let items = &checklist.permits;
    let keys: Vec<String> = items.iter().map(item_key).collect();
    let order = catalog.data.rules.plan.as_ref().map(|r| &r.order);
    // Each stage waits for the stages of the permits its row names, for the whole business
    // or for the same activity.
    let deps: Vec<Vec<usize>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let after = order
                .and_then(|o| o.iter().find(|r| r.permit == item.id))
                .map(|r| r.after.as_slice())
                .unwrap_or_default();
            items
                .iter()
                .enumerate()
                .filter(|&(j, other)| {
                    j != i
                        && after.contains(&other.id)
                        && (other.activity.is_none()
                            || item.activity.is_none()
                            || other.activity == item.activity)
                })
                .map(|(j, _)| j)
                .collect()
        })
        .collect();
    // Kahn's order, stable by checklist order; a cycle (a catalog error its tests refuse)
    // would leave stages out, so they are appended as they stand.
    let mut placed = vec![false; items.len()];
    let mut topo = Vec::with_capacity(items.len());
    while topo.len() < items.len() {
        let next = (0..items.len())
            .find(|&i| !placed[i] && deps[i].iter().all(|&d| placed[d]))
            .or_else(|| (0..items.len()).find(|&i| !placed[i]));
        let Some(i) = next else { break };
        placed[i] = true;
        topo.push(i);
    }

    let mut slots: Vec<Option<Slot>> = vec![None; items.len()];
    let mut stages: Vec<Option<PlanStage>> = vec![None; items.len()];
    for &i in &topo {
        let item = &items[i];
        let rec = progress.iter().find(|p| p.key == keys[i]);
        let state = rec.map(|r| r.state).unwrap_or_default();
        let prep = rec.and_then(|r| r.prep_days);
        let row = catalog.stage_time(&item.id, item.variant.as_deref());
        let (days, source, fiktif) = service_time(item, row, catalog);
        let parts: Vec<StagePart> = row
            .map(|t| {
                t.parts
                    .iter()
                    .map(|p| StagePart {
                        name: p.name.clone(),
                        name_en: p.name_en.clone(),
                        max: p.max,
                        calendar: p.calendar,
                        article: catalog.article_basis(&p.source).map(str::to_owned),
                    })
                    .collect()
            })
            .unwrap_or_default();
        // The applicant's own work after the stages before it, where the order names one and
        // the case has those stages (a new building: construction after PBG).
        let work = order
            .and_then(|o| o.iter().find(|r| r.permit == item.id))
            .and_then(|r| r.work_after.as_ref())
            .filter(|_| !deps[i].is_empty())
            .map(|w| StageWork {
                name: w.name.clone(),
                name_en: w.name_en.clone(),
                days: prep,
            });
        // With work after the stages before it, the estimate is that work, not preparation
        // from today.
        let prep_today = if work.is_some() { None } else { prep };
        let plan_days = days.min.or(days.max);
        let time_known = plan_days.is_some() && work.as_ref().is_none_or(|w| w.days.is_some());
        let work_days = work.as_ref().and_then(|w| w.days).unwrap_or(0);
        let started = rec
            .and_then(|r| r.started_on.as_deref())
            .and_then(parse_date);
        let obtained = rec
            .and_then(|r| r.obtained_on.as_deref())
            .and_then(parse_date);
        let mut overdue = false;
        let slot = match (state, started, obtained) {
            (StageState::Obtained, s, Some(o)) => Slot {
                start: s.unwrap_or(o).min(o),
                end: o,
                late_end: Some(o),
                set_by: None,
                known: true,
                chain: 0,
            },
            (StageState::Started | StageState::Obtained, Some(s), _) => {
                let end = calendar
                    .add_working_days(s, plan_days.unwrap_or(0))
                    .max(today);
                let limit = days.max.map(|m| calendar.add_working_days(s, m));
                overdue = state == StageState::Started && limit.is_some_and(|l| today > l);
                Slot {
                    start: s,
                    end,
                    late_end: limit.map(|l| l.max(today)),
                    set_by: None,
                    known: plan_days.is_some(),
                    chain: 0,
                }
            }
            _ => {
                let ready = calendar.add_working_days(today, prep_today.unwrap_or(0));
                let mut start = ready;
                let mut late_start = Some(ready);
                let mut set_by = None;
                for &d in &deps[i] {
                    let Some(dep) = slots[d] else { continue };
                    if dep.end > start {
                        start = dep.end;
                        set_by = Some(d);
                    }
                    late_start = match (late_start, dep.late_end) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                }
                if work.is_some() {
                    start = calendar.add_working_days(start, work_days);
                    late_start = late_start
                        .zip(work.as_ref().and_then(|w| w.days))
                        .map(|(s, d)| calendar.add_working_days(s, d));
                }
                Slot {
                    start,
                    end: calendar.add_working_days(start, plan_days.unwrap_or(0)),
                    late_end: late_start
                        .zip(days.max)
                        .map(|(s, m)| calendar.add_working_days(s, m)),
                    set_by,
                    known: time_known,
                    chain: 0,
                }
            }
        };
        let mut slot = slot;
        if state != StageState::Obtained {
            let own = days.max.or(plan_days).unwrap_or(0) + work_days;
            let before = deps[i]
                .iter()
                .filter_map(|&d| slots[d].map(|s| s.chain))
                .max()
                .unwrap_or(0);
            slot.chain = before + own;
        }
        slots[i] = Some(slot);
        let permit = catalog.permit(&item.id);
        stages[i] = Some(PlanStage {
            key: keys[i].clone(),
            permit: item.id.clone(),
            name: item.name.to_string(),
            name_en: permit.map_or_else(|| item.name.to_string(), |p| p.name_en.to_string()),
            variant: item.variant.clone(),
            activity: item.activity.clone(),
            depends_on: deps[i].iter().map(|&d| keys[d].clone()).collect(),
            working_days: days,
            prep_days: prep,
            work,
            parts,
            confirmed: source.as_deref().is_some_and(|s| catalog.confirmed(s)),
            source: source.as_deref().map(|s| {
                catalog
                    .source(s)
                    .map_or(s, |c| c.citation.as_str())
                    .to_owned()
            }),
            start: slot.start.to_string(),
            end: slot.end.to_string(),
            latest_end: slot.late_end.map(|d| d.to_string()),
            state,
            number: rec.and_then(|r| r.number.clone()),
            critical: false,
            overdue,
            consequence: (overdue && fiktif).then(|| "fiktif_positif".to_owned()),
            item_unconfirmed: item.conditional || !item.confirmed,
        });
    }

    // The critical path: back from the stage that ends last, through whichever stage each
    // waited for.
    let mut critical_path = Vec::new();
    // Of stages ending the same day, one still to come sets the date, not one in hand.
    let last = topo
        .iter()
        .copied()
        .filter(|&i| slots[i].is_some())
        .max_by_key(|&i| {
            let done = progress
                .iter()
                .any(|p| p.key == keys[i] && p.state == StageState::Obtained);
            (slots[i].map(|s| s.end), !done)
        });
    let mut at = last;
    while let Some(i) = at {
        critical_path.push(i);
        at = slots[i].and_then(|s| s.set_by);
    }
    critical_path.reverse();
    let unknown: Vec<String> = topo
        .iter()
        .filter(|&&i| slots[i].is_some_and(|s| !s.known))
        .map(|&i| keys[i].clone())
        .collect();
    let earliest = unknown
        .is_empty()
        .then(|| last.and_then(|i| slots[i]).map_or(today, |s| s.end));
    let latest = slots
        .iter()
        .flatten()
        .map(|s| s.late_end)
        .try_fold(today, |acc, d| d.map(|d| acc.max(d)))
        .filter(|_| unknown.is_empty());
    let known_working_days = slots.iter().flatten().map(|s| s.chain).max().unwrap_or(0);

    let mut stages: Vec<PlanStage> = topo.iter().filter_map(|&i| stages[i].take()).collect();
    let critical_keys: Vec<String> = critical_path.iter().map(|&i| keys[i].clone()).collect();
    for s in &mut stages {
        s.critical = critical_keys.contains(&s.key);
    }
    let mut drivers: Vec<Driver> = stages
        .iter()
        .filter(|s| {
            s.state != StageState::Obtained
                && (s.working_days.max.is_none()
                    || s.work.as_ref().is_some_and(|w| w.days.is_none()))
        })
        .map(|s| Driver {
            key: s.key.clone(),
            reason: "unknown_time".to_owned(),
            working_days: 0,
        })
        .collect();
    let mut critical: Vec<Driver> = stages
        .iter()
        .filter(|s| s.critical && s.state != StageState::Obtained)
        .filter_map(|s| {
            let days =
                s.working_days.min.or(s.working_days.max).unwrap_or(0) + s.prep_days.unwrap_or(0);
            (days > 0).then(|| Driver {
                key: s.key.clone(),
                reason: "critical".to_owned(),
                working_days: days,
            })
        })
        .collect();
    critical.sort_by_key(|d| std::cmp::Reverse(d.working_days));
    drivers.extend(critical);

    Plan {
        today: today.to_string(),
        stages,
        critical_path: critical_keys,
        completion: Completion {
            earliest: earliest.map(|d| d.to_string()),
            latest: latest.map(|d| d.to_string()),
            unknown,
            known_working_days,
        },
        drivers,
    }
}

/// Checks a whole [`PlanRecord`] for a case whose item keys are `keys`: each stage at most once,
/// each as [`check_progress`] asks; the problem's `field` names the entry (`progress[2].obtained_on`).
pub fn check_record(record: &PlanRecord, keys: &[String], today: Date) -> Result<(), Problem> {
    for (i, p) in record.progress.iter().enumerate() {
        let at = |problem: Problem| {
            let field = problem
                .params
                .get("field")
                .cloned()
                .unwrap_or_else(|| "key".to_owned());
            problem.with("field", format!("progress[{i}].{field}"))
        };
        if record.progress[..i].iter().any(|q| q.key == p.key) {
            return Err(at(Problem::new(
                "plan_stage_unknown",
                format!("stage {:?} is recorded twice", p.key),
            )
            .with("key", &p.key)
            .with("field", "key")));
        }
        check_progress(p, keys, today).map_err(at)?;
    }
    Ok(())
}

/// The most preparation a stage may be given, in working days (about four years).
pub const MAX_PREP_DAYS: u32 = 1000;

/// Checks what an applicant records of a stage of a case whose item keys are `keys`: the stage
/// is one of them, its dates are dates, not after `today`, issued no earlier than applied for,
/// and the date its state needs is there.
pub fn check_progress(p: &StageProgress, keys: &[String], today: Date) -> Result<(), Problem> {
    if !keys.contains(&p.key) {
        return Err(Problem::new(
            "plan_stage_unknown",
            format!("the case has no item {:?}", p.key),
        )
        .with("key", &p.key)
        .with("field", "key"));
    }
    let day = |field: &str, value: Option<&str>| -> Result<Option<Date>, Problem> {
        let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        let d = parse_date(v).ok_or_else(|| {
            Problem::new(
                "plan_date_invalid",
                format!("{v:?} is not a date YYYY-MM-DD"),
            )
            .with("field", field)
            .with("value", v)
        })?;
        if d > today {
            return Err(
                Problem::new("plan_date_future", format!("{d} is after today ({today})"))
                    .with("field", field)
                    .with("value", d)
                    .with("today", today),
            );
        }
        Ok(Some(d))
    };
    let started = day("started_on", p.started_on.as_deref())?;
    let obtained = day("obtained_on", p.obtained_on.as_deref())?;
    let missing = |field: &str| {
        Problem::new(
            "plan_date_missing",
            format!("a date is needed for a stage {:?}", p.state),
        )
        .with("field", field)
    };
    match p.state {
        StageState::Started if started.is_none() => return Err(missing("started_on")),
        StageState::Obtained if obtained.is_none() => return Err(missing("obtained_on")),
        _ => {}
    }
    if let (Some(s), Some(o)) = (started, obtained)
        && o < s
    {
        return Err(Problem::new(
            "plan_date_order",
            format!("the day issued ({o}) is before the day applied for ({s})"),
        )
        .with("started", s)
        .with("obtained", o)
        .with("field", "obtained_on"));
    }
    if let Some(d) = p.prep_days
        && d > MAX_PREP_DAYS
    {
        return Err(Problem::new(
            "plan_prep_range",
            format!("at most {MAX_PREP_DAYS} working days, not {d}"),
        )
        .with("max", MAX_PREP_DAYS)
        .with("value", d)
        .with("field", "prep_days"));
    }
    if let Some(n) = &p.number
        && n.chars().count() > 100
    {
        return Err(Problem::new("plan_number_long", "at most 100 characters")
            .with("max", 100)
            .with("field", "number"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn progress_is_checked_and_each_refusal_names_its_field() {
        let keys = vec!["pbg@*".to_owned()];
        let today = date!(2026 - 12 - 06);
        let ok = StageProgress {
            key: "pbg@*".into(),
            state: StageState::Obtained,
            started_on: Some("2026-11-02".into()),
            obtained_on: Some("2026-12-01".into()),
            number: Some("PBG-6471-01122026-01".into()),
            prep_days: Some(10),
        };
        assert_eq!(check_progress(&ok, &keys, today), Ok(()));
        let code = |p: StageProgress| check_progress(&p, &keys, today).unwrap_err().code;
        let with = |f: fn(&mut StageProgress)| {
            let mut p = ok.clone();
            f(&mut p);
            p
        };
        assert_eq!(code(with(|p| p.key = "slf@*".into())), "plan_stage_unknown");
        assert_eq!(
            code(with(|p| p.obtained_on = Some("1/12/2026".into()))),
            "plan_date_invalid"
        );
        assert_eq!(
            code(with(|p| p.obtained_on = Some("2026-12-07".into()))),
            "plan_date_future"
        );
        assert_eq!(code(with(|p| p.obtained_on = None)), "plan_date_missing");
        assert_eq!(
            code(with(|p| p.obtained_on = Some("2026-11-01".into()))),
            "plan_date_order"
        );
        assert_eq!(code(with(|p| p.prep_days = Some(5000))), "plan_prep_range");
        assert_eq!(
            code(with(|p| p.number = Some("9".repeat(101)))),
            "plan_number_long"
        );
        let started = with(|p| {
            p.state = StageState::Started;
            p.started_on = None;
            p.obtained_on = None;
        });
        let err = check_progress(&started, &keys, today).unwrap_err();
        assert_eq!(
            (err.code.as_str(), err.params["field"].as_str()),
            ("plan_date_missing", "started_on")
        );
    }

    #[test]
    fn annex_times_read_days_and_skip_other_units() {
        let t = |v: &[&str]| annex_days(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(t(&["7 Hari"]), Some((7, 7)));
        assert_eq!(t(&["14 Hari", "3 Hari", "5 Hari"]), Some((3, 14)));
        assert_eq!(t(&["5 Tahun"]), None);
        assert_eq!(t(&["-"]), None);
        assert_eq!(t(&[]), None);
    }
}
