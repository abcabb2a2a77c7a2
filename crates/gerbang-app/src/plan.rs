//! The licensing plan: a case's plan from its checklist, the recorded progress and the holiday
//! calendar (the catalog's published days off and this device's own), the calendar of dates
//! across cases, and the reminders it raises (each once).

use crate::home::halal_due;
use crate::{App, AppError, Failure};
use gerbang_core::plan::{Plan, StageProgress, StageState, plan};
use gerbang_core::record::case::CaseStatus;
use gerbang_core::service_time::HolidayCalendar;
use time::Date;

/// How far ahead the calendar looks (days).
pub const CALENDAR_DAYS: i64 = 400;

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

impl App {
    /// The calendar plans count with: the catalog's published days off and this device's own.
    async fn plan_calendar(&self) -> Result<HolidayCalendar, AppError> {
        let (_, own) = self.store.holidays().await?;
        Ok(own.with(self.rules().catalog.holiday_dates()))
    }

    /// The case's licensing plan from today: its checklist, the recorded progress, the calendar.
    pub async fn case_plan(&self, case_id: &str) -> Result<Plan, AppError> {
        let case = self.store.case(case_id).await?;
        let progress = self.store.plan_progress(case_id).await?;
        self.plan_from(&case.checklist, &progress).await
    }

    /// The plan of a filed case as an officer's desk sees it: the same derivation from the case
    /// the city backend derived, the same calendar, from today, with the applicant's progress
    /// as the city backend checked and sent it.
    pub async fn filed_case_plan(&self, case_id: &str) -> Result<Plan, AppError> {
        let (case, _, _) = self.store.filed(case_id).await?;
        let progress = self.store.filed_plan_progress(case_id).await?;
        self.plan_from(&case.checklist, &progress).await
    }

    /// A checklist's plan with `progress`, on the plans' calendar, from today.
    pub(crate) async fn plan_from(
        &self,
        checklist: &gerbang_core::engine::Checklist,
        progress: &[StageProgress],
    ) -> Result<Plan, AppError> {
        let calendar = self.plan_calendar().await?;
        let rules = self.rules();
        Ok(plan(
            checklist,
            &rules.catalog,
            &calendar,
            progress,
            self.today(),
        ))
    }

    /// Records the applicant's progress on one stage of a case's plan: checked against the
    /// case's required items and today, then kept (audited, queued); refused as a problem
    /// naming the field.
    pub async fn set_stage_progress(
        &self,
        case_id: &str,
        progress: &StageProgress,
    ) -> Result<(), AppError> {
        let case = self.store.case(case_id).await?;
        let keys: Vec<String> = case
            .items
            .iter()
            .filter(|i| i.required)
            .map(|i| i.key.clone())
            .collect();
        gerbang_core::plan::check_progress(progress, &keys, self.today()).map_err(|problem| {
            let field = problem.params.get("field").cloned();
            Failure::refused(problem).on(field.unwrap_or_else(|| "plan".to_owned()))
        })?;
        Ok(self
            .store
            .save_stage_progress(&self.actor().await?, case_id, progress)
            .await?)
    }

    /// Every date of the open and approved cases from today on (a year ahead, and what has
    /// passed but is still owed), soonest first.
    pub async fn calendar(&self) -> Result<Vec<Due>, AppError> {
        let today = self.today();
        let rules = self.rules();
        let catalog = &rules.catalog;
        let ids = self.store.open_case_ids().await?;
        let horizon = today + time::Duration::days(CALENDAR_DAYS);
        let calendar = self.plan_calendar().await?;
        let mut out = Vec::new();
        for id in ids {
            let case = self.store.case(&id).await?;
            let progress = self.store.plan_progress(&id).await?;
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
            let licensed = case.summary.status == CaseStatus::Approved
                || (!licences.is_empty()
                    && licences.iter().all(|s| s.state == StageState::Obtained));
            if licensed {
                let lkpm = &case.checklist.lkpm;
                for d in lkpm.frequency.due_between(today, horizon) {
                    out.push(due(DueKind::Lkpm, None, d, lkpm.confirmed));
                }
            }
            if let Some((from, confirmed)) = halal_due(&case)
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

    /// The dates whose reminder is due today (within the lead days, not yet past, not yet
    /// reminded), marked reminded in the same step: each is raised once.
    pub async fn take_reminders(&self) -> Result<Vec<Due>, AppError> {
        let today = self.today();
        let lead = i64::from(self.store.reminder_days().await?);
        let mut reminded = self.store.reminded().await?;
        let due: Vec<Due> = self
            .calendar()
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
            self.store.set_reminded(&reminded).await?;
        }
        Ok(due)
    }
}
