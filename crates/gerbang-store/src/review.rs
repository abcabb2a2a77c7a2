//! The review desk's data on this device. An officer's device holds the filed cases, their
//! documents and their reviews as pulled from the city backend; what the officer does is
//! checked with the same rules the server uses, recorded in the audit log and queued in the
//! outbox (so it works offline), and shown at once on top of the server's copy until the
//! server has it. An applicant's device receives its cases' reviews the same way.

use crate::{StoreError, now};
use gerbang_core::record::{Case, Document};
use gerbang_core::review::{
    Action, CaseFacts, Event, Limit, Review, Stage, StageClock, Status, clocks,
};
use gerbang_core::service_time::HolidayCalendar;
use gerbang_core::wita::wita_date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const HOLIDAYS_KEY: &str = "service.holidays";

/// One of this device's review actions that the server's copy does not show (yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LocalAction {
    /// The outbox entry.
    #[ts(type = "number")]
    pub seq: i64,
    /// Its id (the event's id once the server applies it).
    pub id: String,
    /// The action.
    pub action: Action,
    /// The version it was made on.
    pub base: u32,
    /// `None` while waiting to sync; `conflict` or `rejected` when the server refused it.
    pub outcome: Option<String>,
    /// The server's reason.
    pub message: Option<String>,
    /// When it was done (UTC).
    pub at: String,
}

/// A case's review as this device shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewView {
    /// The server's events followed by this device's pending ones.
    pub review: Review,
    /// This device's actions waiting to sync (already part of `review`).
    pub pending: Vec<LocalAction>,
    /// This device's actions the server refused (conflicts, rejections), not yet settled.
    pub refused: Vec<LocalAction>,
}

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
    pub case: crate::cases::Case,
    /// The applicant's profile, if the city backend sent it.
    pub profile: Option<crate::profiles::Profile>,
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

impl crate::Store {
    /// The public-holiday calendar the clocks count with: its text (one `YYYY-MM-DD` a line)
    /// and the parsed days.
    pub async fn holidays(&self) -> Result<(String, HolidayCalendar), StoreError> {
        let text = self.setting(HOLIDAYS_KEY).await?.unwrap_or_default();
        let calendar = HolidayCalendar::parse(&text).map_err(|_| StoreError::InvalidValue {
            key: HOLIDAYS_KEY,
            value: text.clone(),
        })?;
        Ok((text, calendar))
    }

    /// Replaces the holiday calendar; refused, naming the line, if a line is not a date.
    pub async fn set_holidays(&self, text: &str) -> Result<HolidayCalendar, StoreError> {
        let calendar = HolidayCalendar::parse(text).map_err(|message| StoreError::Invalid {
            field: "holidays".to_owned(),
            message,
        })?;
        self.put_setting(HOLIDAYS_KEY, text).await?;
        Ok(calendar)
    }

    /// A record the city backend sent, as last pulled.
    pub(crate) async fn pulled(
        &self,
        kind: &str,
        id: &str,
    ) -> Result<Option<serde_json::Value>, StoreError> {
        let data: Option<String> =
            sqlx::query_scalar("SELECT data FROM pulled_records WHERE kind = ? AND id = ?")
                .bind(kind)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(data.map(|d| serde_json::from_str(&d)).transpose()?)
    }

    /// This device's review actions on `case_id` still to be settled, oldest first.
    async fn local_actions(&self, case_id: &str) -> Result<Vec<LocalAction>, StoreError> {
        let rows: Vec<ActionRow> = sqlx::query_as(
            "SELECT seq, mutation_id, payload, outcome, message, created_at FROM outbox
             WHERE kind = 'review.action' AND record_id = ? AND resolved_at IS NULL ORDER BY seq",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let payload: serde_json::Value = serde_json::from_str(&r.payload)?;
                let action: Action = serde_json::from_value(payload["action"].clone())?;
                Ok(LocalAction {
                    seq: r.seq,
                    id: r.mutation_id,
                    action,
                    base: u32::try_from(payload["base"].as_u64().unwrap_or(0)).unwrap_or(0),
                    outcome: r.outcome,
                    message: r.message,
                    at: r.created_at,
                })
            })
            .collect()
    }

    /// The review of `case_id` as this device shows it: the server's events, then this
    /// device's actions the server does not show yet.
    pub async fn review_view(&self, case_id: &str) -> Result<ReviewView, StoreError> {
        let me = self.reviewer().await?;
        self.review_view_as(case_id, &me).await
    }

    /// Who this device's own review actions are shown as: the signed-in account.
    async fn reviewer(&self) -> Result<String, StoreError> {
        Ok(self
            .sync_session()
            .await?
            .map_or_else(|| "this device".to_owned(), |s| s.username))
    }

    async fn review_view_as(&self, case_id: &str, me: &str) -> Result<ReviewView, StoreError> {
        let server: Review = match self.pulled("review", case_id).await? {
            Some(v) => serde_json::from_value(v)?,
            None => Review::new(case_id),
        };
        let mut events = server.events.clone();
        let mut pending = Vec::new();
        let mut refused = Vec::new();
        for local in self.local_actions(case_id).await? {
            match local.outcome.as_deref() {
                None | Some("applied") => {
                    if !server.events.iter().any(|e| e.id == local.id) {
                        events.push(Event {
                            id: local.id.clone(),
                            round: server.round,
                            action: local.action.clone(),
                            actor: me.to_owned(),
                            at: local.at.clone(),
                        });
                        pending.push(local);
                    }
                }
                _ => refused.push(local),
            }
        }
        Ok(ReviewView {
            review: Review::replay(case_id, &events),
            pending,
            refused,
        })
    }

    /// A filed case as the city backend derived and published it, and its filing:
    /// (case, number, filed_at).
    pub(crate) async fn filed(&self, case_id: &str) -> Result<(Case, String, String), StoreError> {
        let filing = self.pulled("filing", case_id).await?;
        let snapshot = self.pulled("filed_case", case_id).await?;
        match (snapshot, filing) {
            (Some(s), Some(f)) => {
                let receipt: gerbang_wire::Receipt = serde_json::from_value(f)?;
                Ok((serde_json::from_value(s)?, receipt.number, receipt.filed_at))
            }
            _ => Err(StoreError::NotFound {
                kind: "filed case",
                id: case_id.to_owned(),
            }),
        }
    }

    /// Records an officer's action on a filed case: checked with the review rules against what
    /// this device knows, audited and queued for the city backend in one transaction. A
    /// verdict concerns the item's current document unless it names one.
    pub async fn record_review_action(
        &self,
        actor: &str,
        case_id: &str,
        mut action: Action,
        today: time::Date,
    ) -> Result<ReviewView, StoreError> {
        let (case, _, filed_at) = self.filed(case_id).await?;
        let facts = CaseFacts::of_case(&case, wita_date(&filed_at));
        let view = self.review_view(case_id).await?;
        if let Action::Verdict {
            item_key,
            document_id,
            ..
        } = &mut action
            && document_id.is_none()
        {
            *document_id = facts.current_documents.get(item_key.as_str()).cloned();
        }
        view.review
            .check(&action, &facts, today)
            .map_err(|e| StoreError::Rule {
                code: e.code,
                message: e.message,
            })?;
        let base = match &action {
            Action::Verdict { item_key, .. } => view.review.item_version(item_key),
            _ => view.review.version,
        };
        let payload = serde_json::json!({ "action": action, "base": base }).to_string();
        let kind = serde_json::to_value(&action)?["kind"]
            .as_str()
            .unwrap_or("action")
            .to_owned();
        let at = now();
        let mut tx = self.pool.begin().await?;
        crate::audit::append(
            &mut tx,
            &at,
            &crate::audit::Entry {
                actor,
                action: &format!("review.{kind}"),
                record_kind: "case",
                record_id: case_id,
                detail: payload.clone(),
            },
        )
        .await?;
        crate::queue::append(&mut tx, &at, "review.action", case_id, &payload).await?;
        tx.commit().await?;
        self.review_view(case_id).await
    }

    /// One filed case for the review desk.
    pub async fn review_case(
        &self,
        case_id: &str,
        today: time::Date,
        calendar: &HolidayCalendar,
        limits: &BTreeMap<Stage, Limit>,
    ) -> Result<ReviewCase, StoreError> {
        let (case, number, filed_at) = self.filed(case_id).await?;
        let profile = match self.pulled("profile", &case.summary.profile_id).await? {
            Some(p) => Some(serde_json::from_value(p)?),
            None => None,
        };
        let facts = CaseFacts::of_case(&case, wita_date(&filed_at));
        let view = self.review_view(case_id).await?;
        let clocks = clocks(&view.review, &facts, &filed_at, today, calendar, limits);
        let blobs = self.blobs_dir();
        let present = case
            .documents
            .iter()
            .filter(|d| crate::documents::blob_path(&blobs, &d.sha256).is_file())
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
    async fn desk(
        &self,
        today: time::Date,
        calendar: &HolidayCalendar,
        limits: &BTreeMap<Stage, Limit>,
    ) -> Result<Vec<(QueueRow, Review, Vec<StageClock>)>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT f.id FROM pulled_records f JOIN pulled_records c ON c.kind = 'filed_case' AND c.id = f.id
             WHERE f.kind = 'filing'",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        let me = self.reviewer().await?;
        for id in ids {
            let (case, number, filed_at) = self.filed(&id).await?;
            let facts = CaseFacts::of_case(&case, wita_date(&filed_at));
            let view = self.review_view_as(&id, &me).await?;
            let clocks = clocks(&view.review, &facts, &filed_at, today, calendar, limits);
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
    pub async fn review_queue(
        &self,
        q: &QueueQuery,
        today: time::Date,
        calendar: &HolidayCalendar,
        limits: &BTreeMap<Stage, Limit>,
    ) -> Result<Vec<QueueRow>, StoreError> {
        let words = q.applicant.as_deref().unwrap_or("").to_lowercase();
        let mut rows: Vec<QueueRow> = self
            .desk(today, calendar, limits)
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
    pub async fn review_dashboard(
        &self,
        today: time::Date,
        calendar: &HolidayCalendar,
        limits: &BTreeMap<Stage, Limit>,
    ) -> Result<Dashboard, StoreError> {
        let desk = self.desk(today, calendar, limits).await?;
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

    /// Documents the city backend sent (filed cases' files, for officers) whose content this
    /// device does not hold yet: (sha256, size).
    pub async fn missing_pulled_blobs(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT data FROM pulled_records WHERE kind = 'document'")
                .fetch_all(&self.pool)
                .await?;
        let blobs = self.blobs_dir();
        let mut out = BTreeMap::new();
        for data in rows {
            let d: Document = serde_json::from_str(&data)?;
            if d.sha256.len() == 64 && !crate::documents::blob_path(&blobs, &d.sha256).is_file() {
                out.insert(d.sha256, d.size);
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Keeps downloaded content under its SHA-256, refusing content that does not hash to it.
    pub fn keep_blob(&self, sha256: &str, bytes: &[u8]) -> Result<(), StoreError> {
        use sha2::Digest;
        let actual = gerbang_core::hex(&sha2::Sha256::digest(bytes));
        if actual != sha256 {
            return Err(StoreError::Invalid {
                field: sha256.to_owned(),
                message: format!("the downloaded content hashes to {actual}"),
            });
        }
        let blobs = self.blobs_dir();
        let dest = crate::documents::blob_path(&blobs, sha256);
        let io = |e: std::io::Error| StoreError::Invalid {
            field: sha256.to_owned(),
            message: format!("cannot write to the blob store: {e}"),
        };
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut tmp = tempfile::NamedTempFile::new_in(&blobs).map_err(io)?;
        std::io::Write::write_all(&mut tmp, bytes).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(&dest).map_err(|e| io(e.error))?;
        Ok(())
    }

    /// The review of one of this device's own cases, as the city backend last sent it, with
    /// its clocks (for the applicant).
    pub async fn own_review(
        &self,
        case_id: &str,
        today: time::Date,
        calendar: &HolidayCalendar,
        limits: &BTreeMap<Stage, Limit>,
    ) -> Result<Option<(Review, Vec<StageClock>)>, StoreError> {
        let Some(review) = self.pulled("review", case_id).await? else {
            return Ok(None);
        };
        let review: Review = serde_json::from_value(review)?;
        let Some((_, filed_at)) = self.filing(case_id).await? else {
            return Ok(Some((review, Vec::new())));
        };
        let case = self.case(case_id).await?;
        let facts = CaseFacts::of_case(&case, wita_date(&filed_at));
        let clocks = clocks(&review, &facts, &filed_at, today, calendar, limits);
        Ok(Some((review, clocks)))
    }
}

/// One of this device's review actions in the outbox.
#[derive(sqlx::FromRow)]
struct ActionRow {
    seq: i64,
    mutation_id: String,
    payload: String,
    outcome: Option<String>,
    message: Option<String>,
    created_at: String,
}
