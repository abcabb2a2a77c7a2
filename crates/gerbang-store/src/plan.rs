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
