//! The licensing plan of a case: what the applicant recorded of each stage (kept here, audited)
//! and the plan derived from the case's checklist, that progress and the holiday calendar.

use crate::{Store, StoreError, now};
use gerbang_core::catalog::Catalog;
use gerbang_core::plan::{Plan, StageProgress, StageState, check_progress, plan};
use gerbang_core::service_time::HolidayCalendar;
use time::Date;

#[derive(sqlx::FromRow)]
struct Row {
    item_key: String,
    state: String,
    started_on: Option<String>,
    obtained_on: Option<String>,
    number: Option<String>,
    prep_days: Option<i64>,
}

fn state_name(s: StageState) -> &'static str {
    match s {
        StageState::Planned => "planned",
        StageState::Started => "started",
        StageState::Obtained => "obtained",
    }
}

impl Store {
    /// What the applicant recorded of a case's stages.
    pub async fn plan_progress(&self, case_id: &str) -> Result<Vec<StageProgress>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT item_key, state, started_on, obtained_on, number, prep_days
             FROM plan_progress WHERE case_id = ? ORDER BY item_key",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| StageProgress {
                key: r.item_key,
                state: match r.state.as_str() {
                    "started" => StageState::Started,
                    "obtained" => StageState::Obtained,
                    _ => StageState::Planned,
                },
                started_on: r.started_on,
                obtained_on: r.obtained_on,
                number: r.number,
                prep_days: r.prep_days.and_then(|d| u32::try_from(d).ok()),
            })
            .collect())
    }

    /// Records what the applicant says of one stage (checked against the case's items and
    /// `today`), audited; refused as a problem naming the field.
    pub async fn set_stage_progress(
        &self,
        actor: &str,
        case_id: &str,
        progress: &StageProgress,
        today: Date,
    ) -> Result<(), StoreError> {
        let case = self.case(case_id).await?;
        let keys: Vec<String> = case
            .items
            .iter()
            .filter(|i| i.required)
            .map(|i| i.key.clone())
            .collect();
        check_progress(progress, &keys, today).map_err(|problem| StoreError::Refused {
            field: problem
                .params
                .get("field")
                .cloned()
                .unwrap_or_else(|| "plan".to_owned()),
            problem,
        })?;
        let clean = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let at = now();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO plan_progress
               (case_id, item_key, state, started_on, obtained_on, number, prep_days, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (case_id, item_key) DO UPDATE SET
               state = excluded.state, started_on = excluded.started_on,
               obtained_on = excluded.obtained_on, number = excluded.number,
               prep_days = excluded.prep_days, updated_at = excluded.updated_at",
        )
        .bind(case_id)
        .bind(&progress.key)
        .bind(state_name(progress.state))
        .bind(clean(&progress.started_on))
        .bind(clean(&progress.obtained_on))
        .bind(clean(&progress.number))
        .bind(progress.prep_days.map(i64::from))
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        crate::audit::append(
            &mut tx,
            &at,
            &crate::audit::Entry {
                actor,
                action: "plan.stage",
                record_kind: "case",
                record_id: case_id,
                detail: serde_json::to_string(progress)?,
            },
        )
        .await?;
        // It travels: the city backend checks it and shows it to officers with the filed case.
        crate::queue::append_record(&mut tx, &at, "plan.update", case_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The calendar plans count with: the catalog's published days off and this device's own.
    pub async fn plan_calendar(&self, catalog: &Catalog) -> Result<HolidayCalendar, StoreError> {
        let (_, own) = self.holidays().await?;
        Ok(own.with(catalog.holiday_dates()))
    }

    /// A case's plan from `today`: its checklist, the recorded progress, the calendar.
    pub async fn case_plan(
        &self,
        case_id: &str,
        catalog: &Catalog,
        today: Date,
    ) -> Result<Plan, StoreError> {
        let case = self.case(case_id).await?;
        let progress = self.plan_progress(case_id).await?;
        let calendar = self.plan_calendar(catalog).await?;
        Ok(plan(&case.checklist, catalog, &calendar, &progress, today))
    }
}

impl Store {
    /// The plan of a filed case as an officer's desk sees it: the same derivation from the case
    /// the city backend derived, the same calendar, from today.
    pub async fn filed_case_plan(
        &self,
        case_id: &str,
        catalog: &Catalog,
        today: Date,
    ) -> Result<Plan, StoreError> {
        let (case, _, _) = self.filed(case_id).await?;
        let calendar = self.plan_calendar(catalog).await?;
        // The applicant's progress, as the city backend checked and sent it.
        let progress = match self.pulled("plan", case_id).await? {
            Some(v) => serde_json::from_value::<gerbang_core::plan::PlanRecord>(v)?.progress,
            None => Vec::new(),
        };
        Ok(plan(&case.checklist, catalog, &calendar, &progress, today))
    }
}

/// What a date in the calendar is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// An LKPM report of a licensed business (approved, or its business licence obtained).
    Lkpm,
    /// Halal certification is (or becomes) obligatory and the case has no certificate yet.
    Halal,
    /// A stage applied for reaches its service-level limit.
    StageLimit,
}

/// A date across cases, for the calendar, its reminders and its .ics export.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Due {
    /// Stable id (`case/kind/key/date`): a reminder is raised once per id.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// Its title.
    pub title: String,
    /// What for.
    pub kind: DueKind,
    /// The stage (item key), for a stage's limit.
    pub stage: Option<String>,
    /// The stage's name (Indonesian), for a stage's limit.
    pub stage_name: Option<String>,
    /// The same, in English.
    pub stage_name_en: Option<String>,
    /// The day (`YYYY-MM-DD`, WITA).
    pub date: String,
    /// Already passed.
    pub passed: bool,
    /// The rule's source is confirmed.
    pub confirmed: bool,
}

/// How far ahead the calendar looks (days).
pub const CALENDAR_DAYS: i64 = 400;
const REMINDED_KEY: &str = "plan.reminded";
const LEAD_KEY: &str = "plan.reminder_days";
/// Days before a date its reminder is raised, unless the user sets another number.
pub const DEFAULT_LEAD_DAYS: u32 = 14;
/// The most days ahead a reminder may come.
pub const MAX_LEAD_DAYS: u32 = 120;

impl Store {
    /// Every date of the open and approved cases from `today` on (a year ahead, and what has
    /// passed but is still owed), soonest first.
    pub async fn calendar(&self, catalog: &Catalog, today: Date) -> Result<Vec<Due>, StoreError> {
        let ids = self.open_case_ids().await?;
        let horizon = today + time::Duration::days(CALENDAR_DAYS);
        let calendar = self.plan_calendar(catalog).await?;
        let mut out = Vec::new();
        for id in ids {
            let case = self.case(&id).await?;
            let progress = self.plan_progress(&id).await?;
            let plan = plan(&case.checklist, catalog, &calendar, &progress, today);
            let due =
                |kind, stage: Option<&gerbang_core::plan::PlanStage>, date: Date, confirmed| Due {
                    id: format!(
                        "{id}/{kind:?}/{}/{date}",
                        stage.map_or("*", |s| s.key.as_str())
                    ),
                    case_id: id.clone(),
                    title: case.summary.title.clone(),
                    kind,
                    stage: stage.map(|s| s.key.clone()),
                    stage_name: stage.map(|s| s.name.clone()),
                    stage_name_en: stage.map(|s| s.name_en.clone()),
                    date: date.to_string(),
                    passed: date < today,
                    confirmed,
                };
            // LKPM comes with the business licence: once approved, or once every Sertifikat
            // Standar and Izin of the plan is obtained.
            let licences: Vec<_> = plan
                .stages
                .iter()
                .filter(|s| s.permit == "sertifikat_standar" || s.permit == "izin")
                .collect();
            let licensed = case.summary.status == crate::cases::CaseStatus::Approved
                || (!licences.is_empty()
                    && licences.iter().all(|s| s.state == StageState::Obtained));
            if licensed {
                let lkpm = &case.checklist.lkpm;
                for d in lkpm.frequency.due_between(today, horizon) {
                    out.push(due(DueKind::Lkpm, None, d, lkpm.confirmed));
                }
            }
            if let Some((from, confirmed)) = crate::home::halal_due(&case)
                && from <= horizon
            {
                out.push(due(DueKind::Halal, None, from, confirmed));
            }
            for s in &plan.stages {
                if s.state == StageState::Started
                    && let Some(limit) = s
                        .latest_end
                        .as_deref()
                        .and_then(gerbang_core::wita::parse_date)
                {
                    out.push(due(DueKind::StageLimit, Some(s), limit, s.confirmed));
                }
            }
        }
        out.sort_by(|a, b| (&a.date, &a.title, &a.id).cmp(&(&b.date, &b.title, &b.id)));
        Ok(out)
    }

    /// Days before a date its reminder is raised.
    pub async fn reminder_days(&self) -> Result<u32, StoreError> {
        match self.setting(LEAD_KEY).await? {
            None => Ok(DEFAULT_LEAD_DAYS),
            Some(value) => {
                value
                    .parse()
                    .ok()
                    .filter(|d| *d <= MAX_LEAD_DAYS)
                    .ok_or(StoreError::InvalidValue {
                        key: LEAD_KEY,
                        value,
                    })
            }
        }
    }

    /// Sets the days before a date its reminder is raised (0–120).
    pub async fn set_reminder_days(&self, days: u32) -> Result<(), StoreError> {
        if days > MAX_LEAD_DAYS {
            return Err(StoreError::Refused {
                field: "reminder_days".to_owned(),
                problem: gerbang_core::problem::Problem::new(
                    "plan_reminder_range",
                    format!("reminders: 0 to {MAX_LEAD_DAYS} days ahead, not {days}"),
                )
                .with("value", days),
            });
        }
        self.put_setting(LEAD_KEY, &days.to_string()).await
    }

    /// The dates whose reminder is due today (within the lead days, not yet past, not yet
    /// reminded), marked reminded in the same step: each is raised once.
    pub async fn take_reminders(
        &self,
        catalog: &Catalog,
        today: Date,
    ) -> Result<Vec<Due>, StoreError> {
        let lead = i64::from(self.reminder_days().await?);
        // A damaged list is said, not taken for none (that would remind of everything again).
        let mut reminded: Vec<String> = match self.setting(REMINDED_KEY).await? {
            None => Vec::new(),
            Some(value) => serde_json::from_str(&value).map_err(|_| StoreError::InvalidValue {
                key: REMINDED_KEY,
                value,
            })?,
        };
        let due: Vec<Due> = self
            .calendar(catalog, today)
            .await?
            .into_iter()
            .filter(|d| {
                !d.passed
                    && gerbang_core::wita::parse_date(&d.date)
                        .is_some_and(|date| date <= today + time::Duration::days(lead))
                    && !reminded.contains(&d.id)
            })
            .collect();
        if !due.is_empty() {
            // Dates that have passed need no memory of their reminder: the list stays short.
            let today_text = today.to_string();
            reminded.retain(|id| id.rsplit('/').next().is_some_and(|d| *d >= *today_text));
            reminded.extend(due.iter().map(|d| d.id.clone()));
            self.put_setting(REMINDED_KEY, &serde_json::to_string(&reminded)?)
                .await?;
        }
        Ok(due)
    }
}
