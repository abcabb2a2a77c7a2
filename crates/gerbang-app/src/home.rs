//! The applicant's next steps, for the home screen: drafts to finish, cases waiting for the
//! applicant, and the dates that come with a licence (LKPM reports, the halal obligation).

use crate::{App, AppError};
use gerbang_core::record::case::{Case, CaseStatus};
use serde::Serialize;

/// How many cases each list of next steps shows (the case list has the rest).
pub const NEXT_STEPS: i64 = 5;
/// How far ahead a date is worth the home screen (days).
pub const HORIZON_DAYS: i64 = 120;

/// A case worth working on next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct NextCase {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The applicant.
    pub client: String,
    /// Status.
    pub status: CaseStatus,
    /// Required items with a document.
    #[ts(type = "number")]
    pub documented: i64,
    /// Required items.
    #[ts(type = "number")]
    pub required: i64,
}

/// What a date is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The next LKPM report of a licensed business.
    Lkpm,
    /// Halal certification is (or becomes) obligatory and the case has no certificate yet.
    Halal,
}

/// A date the applicant must meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Deadline {
    /// The case.
    pub case_id: String,
    /// Its title.
    pub title: String,
    /// What for.
    pub kind: DeadlineKind,
    /// The day (`YYYY-MM-DD`, Balikpapan's calendar).
    pub date: String,
    /// Already passed (the obligation is in force).
    pub passed: bool,
    /// The rule's source is confirmed.
    pub confirmed: bool,
}

/// The home screen's lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct NextSteps {
    /// Drafts (and cases ready to file), most recently changed first.
    pub drafts: Vec<NextCase>,
    /// Cases the city sent back for revision.
    pub needs_action: Vec<NextCase>,
    /// Dates, soonest first.
    pub deadlines: Vec<Deadline>,
}

fn next_case(c: &Case) -> NextCase {
    let required: Vec<&str> = c
        .items
        .iter()
        .filter(|i| i.required)
        .map(|i| i.key.as_str())
        .collect();
    let documented = required
        .iter()
        .filter(|k| c.documents.iter().any(|d| d.item_key == **k))
        .count();
    NextCase {
        id: c.summary.id.clone(),
        title: c.summary.title.clone(),
        client: c.summary.profile_name.clone(),
        status: c.summary.status,
        documented: documented as i64,
        required: required.len() as i64,
    }
}

impl App {
    /// The home screen's next steps as of today (Balikpapan): each open case is read once.
    pub async fn next_steps(&self) -> Result<NextSteps, AppError> {
        let today = self.today();
        let ids = self.store.open_case_ids().await?;
        let horizon = today + time::Duration::days(HORIZON_DAYS);
        let mut steps = NextSteps {
            drafts: Vec::new(),
            needs_action: Vec::new(),
            deadlines: Vec::new(),
        };
        for id in ids {
            let c = self.store.case(&id).await?;
            let list = match c.summary.status {
                CaseStatus::Draft | CaseStatus::Ready => Some(&mut steps.drafts),
                CaseStatus::NeedsAction => Some(&mut steps.needs_action),
                _ => None,
            };
            if let Some(list) = list
                && (list.len() as i64) < NEXT_STEPS
            {
                list.push(next_case(&c));
            }
            steps.deadlines.extend(deadlines(&c, today, horizon));
        }
        steps
            .deadlines
            .sort_by(|a, b| (&a.date, &a.title).cmp(&(&b.date, &b.title)));
        Ok(steps)
    }
}

/// The dates one case brings: its next LKPM report once approved, and the halal obligation
/// while no certificate is attached.
fn deadlines(c: &Case, today: time::Date, horizon: time::Date) -> Vec<Deadline> {
    let mut out = Vec::new();
    let deadline = |kind, date: time::Date, passed, confirmed| Deadline {
        case_id: c.summary.id.clone(),
        title: c.summary.title.clone(),
        kind,
        date: date.to_string(),
        passed,
        confirmed,
    };
    let lkpm = &c.checklist.lkpm;
    // LKPM reports come with the licence: only for approved cases.
    if c.summary.status == CaseStatus::Approved
        && let Some(next) = lkpm
            .due_dates
            .iter()
            .filter_map(|d| gerbang_core::wita::parse_date(d))
            .filter(|d| *d >= today && *d <= horizon)
            .min()
    {
        out.push(deadline(DeadlineKind::Lkpm, next, false, lkpm.confirmed));
    }
    if let Some((from, confirmed)) = halal_due(c)
        && from <= horizon
    {
        out.push(deadline(DeadlineKind::Halal, from, from < today, confirmed));
    }
    out
}

/// The day halal certification is (or becomes) obligatory for a case that requires it and has
/// no certificate attached yet, with whether the rule's source is confirmed.
pub(crate) fn halal_due(c: &Case) -> Option<(time::Date, bool)> {
    let item = c
        .items
        .iter()
        .find(|i| i.required && i.item.id == "halal")?;
    let from = c
        .checklist
        .halal_from
        .as_deref()
        .and_then(gerbang_core::wita::parse_date)?;
    (!c.documents.iter().any(|d| d.item_key == item.key)).then_some((from, item.item.confirmed))
}
