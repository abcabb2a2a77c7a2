//! The review desk's data on this device. An officer's device holds the filed cases, their
//! documents and their reviews as pulled from the city backend; what the officer does is
//! checked with the same rules the server uses, recorded in the audit log and queued in the
//! outbox (so it works offline), and shown at once on top of the server's copy until the
//! server has it. An applicant's device receives its cases' reviews the same way.

use crate::{StoreError, now};
use gerbang_core::record::{Case, Document};
use gerbang_core::review::{Action, Event, Review};
use gerbang_core::service_time::HolidayCalendar;
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
    pub async fn reviewer(&self) -> Result<String, StoreError> {
        Ok(self
            .sync_session()
            .await?
            .map_or_else(|| "this device".to_owned(), |s| s.username))
    }

    /// The review of `case_id` as this device shows it, its own actions shown as `me`'s.
    pub async fn review_view_as(&self, case_id: &str, me: &str) -> Result<ReviewView, StoreError> {
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
    pub async fn filed(&self, case_id: &str) -> Result<(Case, String, String), StoreError> {
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

    /// Keeps an officer's action on a filed case (checked by the caller with the review rules),
    /// made on version `base` of the review or its item: audited and queued for the city
    /// backend in one transaction. Answers the review as this device now shows it.
    pub async fn save_review_action(
        &self,
        actor: &str,
        case_id: &str,
        action: &Action,
        base: u32,
    ) -> Result<ReviewView, StoreError> {
        let payload = serde_json::json!({ "action": action, "base": base }).to_string();
        let kind = serde_json::to_value(action)?["kind"]
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

    /// The applicant's profile of a filed case, as the city backend sent it.
    pub async fn filed_profile(
        &self,
        profile_id: &str,
    ) -> Result<Option<gerbang_core::record::profile::Profile>, StoreError> {
        Ok(match self.pulled("profile", profile_id).await? {
            Some(p) => Some(serde_json::from_value(p)?),
            None => None,
        })
    }

    /// The ids of the filed cases this device holds (with their filing).
    pub async fn filed_case_ids(&self) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT f.id FROM pulled_records f JOIN pulled_records c ON c.kind = 'filed_case' AND c.id = f.id
             WHERE f.kind = 'filing'",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// A case's review as the city backend last sent it.
    pub async fn pulled_review(&self, case_id: &str) -> Result<Option<Review>, StoreError> {
        Ok(match self.pulled("review", case_id).await? {
            Some(v) => Some(serde_json::from_value(v)?),
            None => None,
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
