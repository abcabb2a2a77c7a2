//! The service-time clocks of a review: the verification and decision stages, each counting
//! working days in WITA against its limit, standing still while the applicant revises.

use crate::review::{Action, CaseFacts, Review};
use crate::service_time::{ClockState, HolidayCalendar, Limit, Pause, ServiceClock, Stage};
use crate::wita::wita_date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// One stage's clock, as officers and applicants see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct StageClock {
    /// The stage.
    pub stage: Stage,
    /// Its limit.
    pub limit: Limit,
    /// Not started yet (the decision stage before verification completes).
    pub waiting: bool,
    /// Working days counted.
    pub used: u32,
    /// Working days left (0 when past the limit).
    pub left: u32,
    /// Standing still today (the applicant is asked).
    pub paused: bool,
    /// Past its limit: the application is deemed approved (fiktif positif).
    pub overdue: bool,
    /// The stage is over (on `finished_on`).
    pub finished_on: Option<String>,
    /// The last working day within the limit, if it runs on without pausing (ISO date).
    pub deadline: String,
}

/// The stages' clocks of a review on `today`.
pub fn clocks(
    review: &Review,
    case: &CaseFacts,
    filed_at: &str,
    today: Date,
    calendar: &HolidayCalendar,
    limits: &BTreeMap<Stage, Limit>,
) -> Vec<StageClock> {
    let Some(filed) = wita_date(filed_at) else {
        return Vec::new();
    };
    // Replay to find when verification completed (the last time every item became verified
    // and stayed so) and the pauses (revision request to resubmission).
    let mut state = Review::new(&review.case_id);
    let mut complete_since: Option<Date> = None;
    let mut pauses: Vec<Pause> = Vec::new();
    let mut decided_on: Option<Date> = None;
    for e in &review.events {
        let day = wita_date(&e.at).unwrap_or(today);
        state.apply(e.clone());
        match &e.action {
            Action::RequestRevision { .. } => pauses.push(Pause {
                from: day,
                until: None,
            }),
            Action::Resubmit { .. } => {
                if let Some(p) = pauses.last_mut()
                    && p.until.is_none()
                {
                    p.until = Some(day);
                }
            }
            Action::Approve { .. } | Action::Reject { .. } => decided_on = Some(day),
            Action::Verdict { .. } => {}
        }
        let all_verified = !case.required.is_empty() && state.unverified(case).is_empty();
        complete_since = match (all_verified, complete_since) {
            (true, None) => Some(day),
            (true, since) => since,
            (false, _) => None,
        };
    }
    let limit = |stage: Stage| {
        limits.get(&stage).cloned().unwrap_or(Limit {
            working_days: 0,
            source: String::new(),
            confirmed: false,
        })
    };
    let clock = |stage: Stage, received: Date, pauses: Vec<Pause>, end: Option<Date>| {
        let limit = limit(stage);
        let c = ServiceClock {
            received,
            limit: limit.working_days,
            pauses,
        };
        let s: ClockState = c.on(end.unwrap_or(today).max(received), calendar);
        StageClock {
            stage,
            limit,
            waiting: false,
            used: s.used,
            left: s.left,
            paused: end.is_none() && s.paused,
            overdue: s.overdue,
            finished_on: end.map(|d| d.to_string()),
            deadline: s.deadline.to_string(),
        }
    };
    let verification_end = complete_since.or(decided_on);
    let mut out = vec![clock(Stage::Verification, filed, pauses, verification_end)];
    match complete_since {
        Some(start) => out.push(clock(Stage::Decision, start, Vec::new(), decided_on)),
        None => out.push(StageClock {
            stage: Stage::Decision,
            limit: limit(Stage::Decision),
            waiting: decided_on.is_none(),
            used: 0,
            left: limit(Stage::Decision).working_days,
            paused: false,
            overdue: false,
            finished_on: decided_on.map(|d| d.to_string()),
            deadline: String::new(),
        }),
    }
    out
}
