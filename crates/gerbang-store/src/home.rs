//! The applicant's next steps, for the home screen: drafts to finish, cases waiting for the
//! applicant, and the dates that come with a licence (LKPM reports, the halal obligation).

use crate::StoreError;
use crate::cases::{Case, CaseStatus};
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

impl crate::Store {
    /// The next steps as of `today` (Balikpapan).
    pub async fn next_steps(&self, today: time::Date) -> Result<NextSteps, StoreError> {
        let ids = |statuses: &'static str, limit: i64| {
            let pool = self.pool.clone();
            async move {
                sqlx::query_scalar::<_, String>(&format!(
                    "SELECT id FROM cases WHERE status IN ({statuses})
                     ORDER BY updated_at DESC, id DESC LIMIT ?"
                ))
                .bind(limit)
                .fetch_all(&pool)
                .await
            }
        };
        let mut drafts = Vec::new();
        for id in ids("'draft', 'ready'", NEXT_STEPS).await? {
            drafts.push(next_case(&self.case(&id).await?));
        }
        let mut needs_action = Vec::new();
        for id in ids("'needs_action'", NEXT_STEPS).await? {
            needs_action.push(next_case(&self.case(&id).await?));
        }
        let horizon = today + time::Duration::days(HORIZON_DAYS);
        let mut deadlines = Vec::new();
        for id in ids(
            "'approved', 'filed', 'under_review', 'needs_action', 'draft', 'ready'",
            200,
        )
        .await?
        {
            let c = self.case(&id).await?;
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
                deadlines.push(Deadline {
                    case_id: id.clone(),
                    title: c.summary.title.clone(),
                    kind: DeadlineKind::Lkpm,
                    date: next.to_string(),
                    passed: false,
                    confirmed: lkpm.confirmed,
                });
            }
            // The halal obligation, while the case has no certificate attached.
            let halal = c.items.iter().find(|i| i.required && i.item.id == "halal");
            if let (Some(item), Some(from)) = (
                halal,
                c.checklist
                    .halal_from
                    .as_deref()
                    .and_then(gerbang_core::wita::parse_date),
            ) && !c.documents.iter().any(|d| d.item_key == item.key)
                && from <= horizon
            {
                deadlines.push(Deadline {
                    case_id: id.clone(),
                    title: c.summary.title.clone(),
                    kind: DeadlineKind::Halal,
                    date: from.to_string(),
                    passed: from < today,
                    confirmed: item.item.confirmed,
                });
            }
        }
        deadlines.sort_by(|a, b| (&a.date, &a.title).cmp(&(&b.date, &b.title)));
        Ok(NextSteps {
            drafts,
            needs_action,
            deadlines,
        })
    }
}
