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

mod model;
pub use model::*;

mod progress;
pub use progress::*;

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
