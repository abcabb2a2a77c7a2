//! The licensing officer's desk: the queue of filed cases with their service-time clocks, one
//! case as its officer reviews it, and the dashboard's counts, worked out from what the city
//! backend sent this device (the store) and the catalog's stage limits.

use crate::{App, AppError};
use gerbang_core::record::case::Case;
use gerbang_core::record::document::blob_path;
use gerbang_core::record::profile::Profile;
use gerbang_core::review::{CaseFacts, Review, StageClock, Status, clocks};
use gerbang_core::wita::wita_date;
use gerbang_store::review::ReviewView;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a case's service-time clock stands, for filters and badges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TimeState {
    /// Past the limit: fiktif positif.
    Overdue,
    /// Two working days or fewer left.
    Near,
    /// Within the limit.
    OnTime,
    /// Standing still: the applicant is revising.
    Paused,
    /// Decided.
    Done,
}

/// A filed case in the officer's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct QueueRow {
    /// The case.
    pub case_id: String,
    /// The filing number.
    pub number: String,
    /// The case's title.
    pub title: String,
    /// The applicant.
    pub applicant: String,
    /// Review status.
    pub status: Status,
    /// Revision round.
    pub round: u32,
    /// When filed (UTC).
    pub filed_at: String,
    /// The required permits: (id, name), once each.
    pub permits: Vec<(String, String)>,
    /// The KBLI codes.
    pub kbli: Vec<String>,
    /// The running stage's clock (the last one when decided).
    pub clock: Option<StageClock>,
    /// Where that clock stands.
    pub time_state: TimeState,
    /// Required items, and those with a standing verified verdict.
    pub items_required: u32,
    /// Verified items.
    pub items_verified: u32,
    /// This device's actions waiting to sync.
    pub pending: u32,
}

/// What the queue shows.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct QueueQuery {
    /// Only this status.
    pub status: Option<Status>,
    /// Only cases requiring this permit.
    pub permit: Option<String>,
    /// Only cases with this KBLI code (prefix).
    pub kbli: Option<String>,
    /// Only applicants whose name or the case title contains this.
    pub applicant: Option<String>,
    /// Only this service-time state.
    pub time_state: Option<TimeState>,
}

/// One filed case with everything the review desk shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewCase {
    /// The case as filed (or resubmitted).
    pub case: Case,
    /// The applicant's profile, if the city backend sent it.
    pub profile: Option<Profile>,
    /// The filing number.
    pub number: String,
    /// When filed (UTC).
    pub filed_at: String,
    /// The review, with this device's pending actions.
    pub view: ReviewView,
    /// Each stage's clock.
    pub clocks: Vec<StageClock>,
    /// Documents whose content is on this device (viewable offline), by id.
    pub present: Vec<String>,
}

/// Decisions in one week (ISO week, Balikpapan time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct WeekDecisions {
    /// `2026-W49`.
    pub week: String,
    /// Approvals.
    pub approved: u32,
    /// Rejections.
    pub rejected: u32,
}

/// The officers' dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Dashboard {
    /// Cases by review status.
    pub by_status: Vec<(Status, u32)>,
    /// Cases by service-time state.
    pub by_time: Vec<(TimeState, u32)>,
    /// Cases near or past their limit, most urgent first.
    pub attention: Vec<QueueRow>,
    /// Decisions per week, the last eight weeks, oldest first.
    pub decisions_per_week: Vec<WeekDecisions>,
    /// Median calendar days from filing to decision (`None` before any decision).
    pub median_days_to_decision: Option<f64>,
    /// Median working days of service time used until the decision (pauses excluded).
    pub median_working_days_to_decision: Option<f64>,
    /// Decided cases the medians are taken over.
    pub decided: u32,
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The clock that says where a case stands: the running stage's, else the last one.
fn running(clocks: &[StageClock]) -> Option<&StageClock> {
    clocks
        .iter()
        .find(|c| !c.waiting && c.finished_on.is_none())
        .or_else(|| clocks.iter().rev().find(|c| !c.waiting))
}

fn time_state(status: Status, clock: Option<&StageClock>) -> TimeState {
    if status.decided() {
        return TimeState::Done;
    }
    match clock {
        Some(c) if c.paused => TimeState::Paused,
        Some(c) if c.overdue => TimeState::Overdue,
        Some(c) if c.left <= 2 => TimeState::Near,
        _ => TimeState::OnTime,
    }
}

impl App {
    /// One filed case for the review desk.
    pub async fn review_case(&self, case_id: &str) -> Result<ReviewCase, AppError> {
        let (calendar, limits) = self.clock_rules().await?;
        let (case, number, filed_at) = self.store.filed(case_id).await?;
        let profile = self.store.filed_profile(&case.summary.profile_id).await?;
        let facts = CaseFacts::of_case(&case, wita_date(&filed_at));
        let view = self.store.review_view(case_id).await?;
        let clocks = clocks(
            &view.review,
            &facts,
            &filed_at,
            self.today(),
            &calendar,
            &limits,
        );
        let blobs = self.store.blobs_dir();
        let present = case
            .documents
            .iter()
            .filter(|d| blob_path(&blobs, &d.sha256).is_file())
            .map(|d| d.id.clone())
            .collect();
        Ok(ReviewCase {
            case,
            profile,
            number,
            filed_at,
            view,
            clocks,
            present,
        })
    }

    /// Every filed case this device holds, with its review and clocks.
    async fn desk(&self) -> Result<Vec<(QueueRow, Review, Vec<StageClock>)>, AppError> {
        let (calendar, limits) = self.clock_rules().await?;
        let today = self.today();
        let ids = self.store.filed_case_ids().await?;
        let mut out = Vec::with_capacity(ids.len());
        let me = self.store.reviewer().await?;
        for id in ids {
            let (case, number, filed_at) = self.store.filed(&id).await?;
            let facts = CaseFacts::of_case(&case, wita_date(&filed_at));
            let view = self.store.review_view_as(&id, &me).await?;
            let clocks = clocks(&view.review, &facts, &filed_at, today, &calendar, &limits);
            let clock = running(&clocks).cloned();
            let mut permits: Vec<(String, String)> = Vec::new();
            for i in case.items.iter().filter(|i| i.required) {
                if !permits.iter().any(|(p, _)| *p == i.item.id) {
                    permits.push((i.item.id.clone(), i.item.name.to_string()));
                }
            }
            let kbli: Vec<String> = case
                .checklist
                .activities
                .iter()
                .map(|a| a.kbli.clone().unwrap_or_else(|| a.kbli_input.clone()))
                .collect();
            let verified = facts.required.len() - view.review.unverified(&facts).len();
            out.push((
                QueueRow {
                    case_id: id.clone(),
                    number,
                    title: case.summary.title.clone(),
                    applicant: case.summary.profile_name.clone(),
                    status: view.review.status,
                    round: view.review.round,
                    filed_at,
                    permits,
                    kbli,
                    time_state: time_state(view.review.status, clock.as_ref()),
                    clock,
                    items_required: u32::try_from(facts.required.len()).unwrap_or(u32::MAX),
                    items_verified: u32::try_from(verified).unwrap_or(u32::MAX),
                    pending: u32::try_from(view.pending.len()).unwrap_or(u32::MAX),
                },
                view.review,
                clocks,
            ));
        }
        Ok(out)
    }

    /// The officer's queue: filtered, most urgent first (past the limit, then least time
    /// left; waiting for the applicant, then decided, last).
    pub async fn review_queue(&self, q: &QueueQuery) -> Result<Vec<QueueRow>, AppError> {
        let words = q.applicant.as_deref().unwrap_or("").to_lowercase();
        let mut rows: Vec<QueueRow> = self
            .desk()
            .await?
            .into_iter()
            .map(|(row, _, _)| row)
            .filter(|r| q.status.is_none_or(|s| r.status == s))
            .filter(|r| q.time_state.is_none_or(|s| r.time_state == s))
            .filter(|r| {
                q.permit
                    .as_deref()
                    .is_none_or(|p| r.permits.iter().any(|(id, _)| id == p))
            })
            .filter(|r| {
                q.kbli
                    .as_deref()
                    .is_none_or(|k| r.kbli.iter().any(|x| x.starts_with(k.trim())))
            })
            .filter(|r| {
                words.is_empty()
                    || format!("{} {} {}", r.applicant, r.title, r.number)
                        .to_lowercase()
                        .contains(&words)
            })
            .collect();
        rows.sort_by_key(|r| {
            let urgency = match (&r.clock, r.time_state) {
                (Some(c), TimeState::Overdue) => {
                    -i64::from(c.used.saturating_sub(c.limit.working_days))
                }
                (Some(c), _) => i64::from(c.left),
                (None, _) => i64::MAX,
            };
            (r.time_state, urgency, r.filed_at.clone())
        });
        Ok(rows)
    }

    /// The officers' dashboard over every filed case this device holds.
    pub async fn review_dashboard(&self) -> Result<Dashboard, AppError> {
        let today = self.today();
        let desk = self.desk().await?;
        let mut by_status: BTreeMap<&'static str, (Status, u32)> = BTreeMap::new();
        let mut by_time: BTreeMap<TimeState, u32> = BTreeMap::new();
        for (row, _, _) in &desk {
            by_status
                .entry(row.status.as_str())
                .or_insert((row.status, 0))
                .1 += 1;
            *by_time.entry(row.time_state).or_default() += 1;
        }
        let order = [
            Status::Filed,
            Status::UnderReview,
            Status::NeedsAction,
            Status::Approved,
            Status::Rejected,
        ];
        // Eight ISO weeks ending with this one.
        let week_of = |d: time::Date| {
            let (year, week, _) = d.to_iso_week_date();
            format!("{year}-W{week:02}")
        };
        let weeks: Vec<String> = (0..8)
            .rev()
            .map(|i| week_of(today - time::Duration::weeks(i)))
            .collect();
        let mut per_week: BTreeMap<String, (u32, u32)> =
            weeks.iter().map(|w| (w.clone(), (0, 0))).collect();
        let mut days = Vec::new();
        let mut working = Vec::new();
        for (row, review, clocks) in &desk {
            let Some(decision) = &review.decision else {
                continue;
            };
            let Some(decided) = wita_date(&decision.at) else {
                continue;
            };
            if let Some(w) = per_week.get_mut(&week_of(decided)) {
                if decision.approved {
                    w.0 += 1;
                } else {
                    w.1 += 1;
                }
            }
            if let Some(filed) = wita_date(&row.filed_at) {
                days.push((decided - filed).whole_days() as f64);
            }
            working.push(clocks.iter().map(|c| f64::from(c.used)).sum());
        }
        let decided = u32::try_from(days.len()).unwrap_or(u32::MAX);
        let mut attention: Vec<QueueRow> = desk
            .iter()
            .map(|(row, _, _)| row.clone())
            .filter(|r| matches!(r.time_state, TimeState::Overdue | TimeState::Near))
            .collect();
        attention.sort_by_key(|r| {
            (
                r.time_state,
                r.clock
                    .as_ref()
                    .map_or(0, |c| i64::from(c.left) - i64::from(c.used)),
            )
        });
        Ok(Dashboard {
            by_status: order
                .iter()
                .map(|s| (*s, by_status.get(s.as_str()).map_or(0, |(_, n)| *n)))
                .collect(),
            by_time: [
                TimeState::Overdue,
                TimeState::Near,
                TimeState::OnTime,
                TimeState::Paused,
                TimeState::Done,
            ]
            .iter()
            .map(|t| (*t, by_time.get(t).copied().unwrap_or(0)))
            .collect(),
            attention,
            decisions_per_week: weeks
                .into_iter()
                .map(|w| {
                    let (approved, rejected) = per_week.get(&w).copied().unwrap_or((0, 0));
                    WeekDecisions {
                        week: w,
                        approved,
                        rejected,
                    }
                })
                .collect(),
            median_days_to_decision: median(days),
            median_working_days_to_decision: median(working),
            decided,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn a_decided_case_is_done_and_a_clock_near_its_limit_is_near() {
        let clock = |left, overdue, paused| StageClock {
            stage: gerbang_core::review::Stage::Verification,
            limit: gerbang_core::review::Limit {
                working_days: 5,
                source: "s".to_owned(),
                confirmed: true,
            },
            waiting: false,
            used: 1,
            left,
            paused,
            overdue,
            finished_on: None,
            deadline: "2026-12-08".to_owned(),
        };
        assert_eq!(time_state(Status::Approved, None), TimeState::Done);
        assert_eq!(
            time_state(Status::UnderReview, Some(&clock(1, false, false))),
            TimeState::Near
        );
        assert_eq!(
            time_state(Status::UnderReview, Some(&clock(9, true, false))),
            TimeState::Overdue
        );
        assert_eq!(
            time_state(Status::UnderReview, Some(&clock(1, false, true))),
            TimeState::Paused
        );
        assert_eq!(
            time_state(Status::Filed, Some(&clock(3, false, false))),
            TimeState::OnTime
        );
    }
}
