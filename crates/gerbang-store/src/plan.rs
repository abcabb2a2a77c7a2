//! The licensing plan's records: what the applicant recorded of each stage (kept here, audited,
//! queued for the city backend), a filed case's progress as pulled, and the reminder settings.

use crate::{Store, StoreError, now};
use gerbang_core::plan::{StageProgress, StageState};

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

    /// Keeps what the applicant says of one stage (checked by the caller: see
    /// `gerbang_core::plan::check_progress`), audited and queued for the city backend.
    pub async fn save_stage_progress(
        &self,
        actor: &str,
        case_id: &str,
        progress: &StageProgress,
    ) -> Result<(), StoreError> {
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
}

const REMINDED_KEY: &str = "plan.reminded";
const LEAD_KEY: &str = "plan.reminder_days";
/// Days before a date its reminder is raised, unless the user sets another number.
pub const DEFAULT_LEAD_DAYS: u32 = 14;
/// The most days ahead a reminder may come.
pub const MAX_LEAD_DAYS: u32 = 120;

impl Store {
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

    /// The ids of the dates already reminded of (each is reminded once).
    pub async fn reminded(&self) -> Result<Vec<String>, StoreError> {
        // A damaged list is said, not taken for none (that would remind of everything again).
        match self.setting(REMINDED_KEY).await? {
            None => Ok(Vec::new()),
            Some(value) => serde_json::from_str(&value).map_err(|_| StoreError::InvalidValue {
                key: REMINDED_KEY,
                value,
            }),
        }
    }

    /// Keeps the ids of the dates reminded of.
    pub async fn set_reminded(&self, ids: &[String]) -> Result<(), StoreError> {
        self.put_setting(REMINDED_KEY, &serde_json::to_string(ids)?)
            .await
    }

    /// A filed case's plan progress as the city backend checked and sent it.
    pub async fn filed_plan_progress(
        &self,
        case_id: &str,
    ) -> Result<Vec<StageProgress>, StoreError> {
        Ok(match self.pulled("plan", case_id).await? {
            Some(v) => serde_json::from_value::<gerbang_core::plan::PlanRecord>(v)?.progress,
            None => Vec::new(),
        })
    }
}
