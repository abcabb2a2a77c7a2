//! The outbox and the device's sync state. Every change that will sync is appended in the same
//! transaction as the change; the sync engine (gerbang-sync) pushes pending entries in `seq`
//! order (the outbox's own sequence is the device's: 1, 2, 3, … without gaps), records what the
//! server made of each, and applies pulled changes with their cursor in one transaction.

use crate::queue::{append, append_record};
use crate::{StoreError, now};
use gerbang_wire::{MutationPayload, ReviewPayload};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

mod state;

mod conflicts;

/// An outbox entry ready to push: the record's current state, and the server version it was
/// made on as far as this device knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The device's sequence number.
    pub seq: i64,
    /// Idempotency key.
    pub mutation_id: String,
    /// The record.
    pub record_id: String,
    /// The server version this change builds on; `None` for a creation or a document.
    pub base_version: Option<i64>,
    /// What is sent: the record as it stands now (a case as the applicant decided it, without
    /// anything derived), or the review action as it was made. Its kind is the entry's.
    pub payload: MutationPayload,
}

/// What the server made of one pushed entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Acknowledged {
    /// The entry's seq.
    pub seq: i64,
    /// `applied`, `rejected` or `conflict`.
    pub outcome: String,
    /// The record's server version (after applying, or the server's current one).
    pub version: Option<i64>,
    /// Why, for rejections and conflicts.
    pub message: Option<String>,
    /// The reason's code, for rejections and conflicts.
    pub code: Option<gerbang_wire::ErrorCode>,
}

/// A change pulled from the server.
#[derive(Debug, Clone)]
pub struct Pulled {
    /// Record kind: `profile`, `case`, `document`, `filing`.
    pub kind: String,
    /// Record id.
    pub record_id: String,
    /// Its server version.
    pub version: i64,
    /// Its state, as the server sent it.
    pub data: Box<serde_json::value::RawValue>,
}

/// A change the server did not apply: shown to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SyncProblem {
    /// The entry's seq.
    #[ts(type = "number")]
    pub seq: i64,
    /// What the change was.
    pub kind: String,
    /// The record.
    pub record_id: String,
    /// `rejected` or `conflict`.
    pub outcome: String,
    /// The server's reason (English; shown only where the code has no words).
    pub message: String,
    /// The reason's code, worded by the desk in the reader's language.
    pub code: Option<gerbang_wire::ErrorCode>,
    /// When the server answered (UTC, RFC 3339).
    pub synced_at: String,
}

/// Both sides of a conflict, typed by what is in conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Sides {
    /// A profile: this device's and the server's.
    Profile {
        /// The profile as it stands on this device.
        mine: gerbang_core::record::Profile,
        /// The server's copy as last pulled (null if not pulled yet: sync first).
        theirs: Option<gerbang_core::record::Profile>,
    },
    /// A case, as the applicant decided it: this device's and the server's.
    Case {
        /// The case record as it stands on this device.
        mine: gerbang_core::record::CaseRecord,
        /// The server's copy as last pulled (null if not pulled yet: sync first).
        theirs: Option<gerbang_core::record::CaseRecord>,
    },
    /// An officer's review action and the review the server has now.
    Review {
        /// The action as this officer made it.
        mine: ReviewPayload,
        /// The case's review as last pulled (null if not pulled yet: sync first).
        theirs: Option<gerbang_core::review::Review>,
    },
}

/// A conflict: this device's change and the server's copy of what it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Conflict {
    /// The outbox entry.
    #[ts(type = "number")]
    pub seq: i64,
    /// `profile.update`, `case.update`, …
    pub kind: String,
    /// The record.
    pub record_id: String,
    /// The server's version when it refused the change.
    #[ts(type = "number | null")]
    pub server_version: Option<i64>,
    /// Both sides.
    pub sides: Sides,
}

/// A filed case as pulled from the server (an officer's queue).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FiledCaseRow {
    /// The case.
    pub case_id: String,
    /// The filing number.
    pub number: String,
    /// When filed (UTC).
    pub filed_at: String,
    /// The case title.
    pub title: String,
    /// The applicant.
    pub applicant: String,
    /// Required items.
    pub items_required: i64,
    /// Documents received.
    pub documents: i64,
}

/// The signed-in account this device syncs as (kept in the store; see the README on keyrings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedSession {
    /// The server.
    pub server: String,
    /// The bearer token.
    pub token: String,
    /// The account name.
    pub username: String,
    /// The account's role.
    pub role: String,
    /// When the token expires (UTC).
    pub expires_at: String,
    /// The token is in the OS keyring (then `token` here is empty).
    #[serde(default)]
    pub token_in_keyring: bool,
}

const DEVICE_KEY: &str = "sync.device_id";
const CURSOR_KEY: &str = "sync.cursor";
const LAST_SYNC_KEY: &str = "sync.last_sync_at";
const SESSION_KEY: &str = "sync.session";

fn record_kind(mutation_kind: &str) -> &str {
    mutation_kind.split('.').next().unwrap_or(mutation_kind)
}

impl crate::Store {
    /// This installation's device id (made once).
    pub async fn device_id(&self) -> Result<String, StoreError> {
        if let Some(id) = self.setting(DEVICE_KEY).await? {
            return Ok(id);
        }
        let id = uuid::Uuid::now_v7().to_string();
        sqlx::query("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)")
            .bind(DEVICE_KEY)
            .bind(&id)
            .execute(&self.pool)
            .await?;
        Ok(self.setting(DEVICE_KEY).await?.unwrap_or(id))
    }

    /// What an outbox entry of `kind` sends for record `id`: the record's current state, typed.
    async fn record_state(&self, kind: &str, id: &str) -> Result<MutationPayload, StoreError> {
        Ok(match kind {
            "profile.create" => MutationPayload::ProfileCreate(self.profile(id).await?),
            "profile.update" => MutationPayload::ProfileUpdate(self.profile(id).await?),
            "case.create" => MutationPayload::CaseCreate(self.case_record(id).await?),
            "case.update" => MutationPayload::CaseUpdate(self.case_record(id).await?),
            "document.attach" => MutationPayload::DocumentAttach(self.document(id).await?),
            "plan.update" => MutationPayload::PlanUpdate(gerbang_core::plan::PlanRecord {
                case_id: id.to_owned(),
                progress: self.plan_progress(id).await?,
            }),
            other => {
                return Err(StoreError::InvalidValue {
                    key: "outbox.kind",
                    value: other.to_owned(),
                });
            }
        })
    }

    /// Up to `limit` entries not yet answered by the server, lowest seq first.
    pub async fn pending_batch(&self, limit: i64) -> Result<Vec<Pending>, StoreError> {
        // One query for the batch: each entry with the server version this device knows of its
        // record, and (for cases, the bulk of any batch) the case's record fields.
        let rows: Vec<PendingRow> = sqlx::query_as(
            "SELECT o.seq, o.mutation_id, o.kind, o.record_id, o.payload, v.version AS known_version,
                    c.profile_id AS c_profile_id, c.title AS c_title, c.facts_packed AS c_facts,
                    c.catalog_version AS c_catalog_version, c.notes AS c_notes
             FROM outbox o
             LEFT JOIN record_versions v
                 ON v.kind = substr(o.kind, 1, instr(o.kind, '.') - 1) AND v.id = o.record_id
             LEFT JOIN cases c ON o.kind LIKE 'case.%' AND c.id = o.record_id
             WHERE o.outcome IS NULL ORDER BY o.seq LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut known: std::collections::HashMap<(String, String), i64> =
            std::collections::HashMap::new();
        let mut states: std::collections::HashMap<(String, String), MutationPayload> =
            std::collections::HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let kind = r.kind.clone();
            let record_id = r.record_id.clone();
            let rk = record_kind(&kind).to_owned();
            // A review action is an event, not a record's state: it goes as it was made, with
            // the version it was made on inside.
            if rk == "review" {
                let review: ReviewPayload = serde_json::from_str(&r.payload)?;
                out.push(Pending {
                    seq: r.seq,
                    mutation_id: r.mutation_id,
                    record_id,
                    base_version: None,
                    payload: MutationPayload::ReviewAction(review),
                });
                continue;
            }
            let key = (rk.clone(), record_id.clone());
            let current = match known.get(&key) {
                Some(v) => Some(*v),
                None => r.known_version,
            };
            let creates = kind.ends_with(".create") || rk == "document";
            let base_version = if creates { None } else { current };
            // Predict the version this entry leads to, for the next entry on the same record.
            if rk != "document" {
                known.insert(key, if creates { 1 } else { current.unwrap_or(0) + 1 });
            }
            // Several entries for one record carry the same current state: read it once.
            let payload = match states.get(&(kind.clone(), record_id.clone())) {
                Some(state) => state.clone(),
                None => {
                    let state = match r.case_record()? {
                        Some(c) if kind == "case.create" => MutationPayload::CaseCreate(c),
                        Some(c) if kind == "case.update" => MutationPayload::CaseUpdate(c),
                        _ => self.record_state(&kind, &record_id).await?,
                    };
                    states.insert((kind.clone(), record_id.clone()), state.clone());
                    state
                }
            };
            out.push(Pending {
                seq: r.seq,
                mutation_id: r.mutation_id,
                record_id,
                base_version,
                payload,
            });
        }
        Ok(out)
    }

    /// Records the server's answers, in one transaction.
    pub async fn record_results(&self, results: &[Acknowledged]) -> Result<(), StoreError> {
        let at = now();
        let mut tx = self.pool.begin().await?;
        // Two statements a chunk, not two a result: sqlx costs tens of µs a statement.
        for chunk in results.chunks(200) {
            let mut update = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "WITH r(seq, outcome, version, message, code) AS (",
            );
            update.push_values(chunk, |mut row, r| {
                row.push_bind(r.seq)
                    .push_bind(&r.outcome)
                    .push_bind(r.version)
                    .push_bind(&r.message)
                    .push_bind(r.code.map(|c| c.as_str()));
            });
            update.push(
                ") UPDATE outbox SET outcome = r.outcome, server_version = r.version,
                     message = r.message, code = r.code, synced_at = ",
            );
            update.push_bind(&at);
            update.push(" FROM r WHERE outbox.seq = r.seq");
            update.build().execute(&mut *tx).await?;
            let applied: Vec<&Acknowledged> = chunk
                .iter()
                .filter(|r| r.outcome == "applied" && r.version.is_some())
                .collect();
            if applied.is_empty() {
                continue;
            }
            let mut versions = sqlx::QueryBuilder::<sqlx::Sqlite>::new("WITH r(seq, version) AS (");
            versions.push_values(&applied, |mut row, r| {
                row.push_bind(r.seq).push_bind(r.version);
            });
            versions.push(
                ") INSERT INTO record_versions (kind, id, version)
                 SELECT substr(o.kind, 1, instr(o.kind, '.') - 1), o.record_id, r.version
                 FROM r JOIN outbox o ON o.seq = r.seq WHERE true
                 ON CONFLICT (kind, id) DO UPDATE SET version = MAX(version, excluded.version)",
            );
            versions.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Applies pulled changes and the new cursor in one transaction. A filing marks the local
    /// case filed with its number (audited).
    pub async fn apply_pulled(&self, changes: &[Pulled], cursor: i64) -> Result<(), StoreError> {
        let at = now();
        let mut tx = self.pool.begin().await?;
        // The server's copies, and the versions this device now knows, a chunk a statement.
        for chunk in changes.chunks(100) {
            let mut copies = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "INSERT INTO pulled_records (kind, id, version, data, pulled_at) ",
            );
            copies.push_values(chunk, |mut row, c| {
                row.push_bind(&c.kind)
                    .push_bind(&c.record_id)
                    .push_bind(c.version)
                    .push_bind(c.data.get())
                    .push_bind(&at);
            });
            copies.push(
                " ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, data = excluded.data,
                     pulled_at = excluded.pulled_at WHERE excluded.version >= pulled_records.version",
            );
            copies.build().execute(&mut *tx).await?;
            let records: Vec<&Pulled> = chunk
                .iter()
                .filter(|c| c.kind != "filing" && c.kind != "review")
                .collect();
            if !records.is_empty() {
                let mut versions = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                    "INSERT INTO record_versions (kind, id, version) ",
                );
                versions.push_values(&records, |mut row, c| {
                    row.push_bind(&c.kind)
                        .push_bind(&c.record_id)
                        .push_bind(c.version);
                });
                versions.push(
                    " ON CONFLICT (kind, id) DO UPDATE SET version = MAX(version, excluded.version)",
                );
                versions.build().execute(&mut *tx).await?;
            }
        }
        for c in changes {
            if c.kind == "filing" {
                let receipt: gerbang_wire::Receipt = serde_json::from_str(c.data.get())?;
                let (number, filed_at) = (receipt.number.as_str(), receipt.filed_at.as_str());
                let updated = sqlx::query(
                    "UPDATE cases SET status = 'filed', filing_number = ?, filed_at = ?, updated_at = ?
                     WHERE id = ? AND filing_number IS NULL",
                )
                .bind(number)
                .bind(filed_at)
                .bind(&at)
                .bind(&c.record_id)
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() == 1 {
                    crate::audit::append(
                        &mut tx,
                        &at,
                        &crate::audit::Entry {
                            actor: "server",
                            action: "case.filed",
                            record_kind: "case",
                            record_id: &c.record_id,
                            detail: c.data.get().to_owned(),
                        },
                    )
                    .await?;
                }
            } else if c.kind == "review" {
                // The applicant's own case follows its review (officers hold no local copy).
                let review: gerbang_core::review::Review = serde_json::from_str(c.data.get())?;
                let status = review.status.as_str();
                let updated = sqlx::query(
                    "UPDATE cases SET status = ?, updated_at = ? WHERE id = ? AND status <> ?
                     AND filing_number IS NOT NULL",
                )
                .bind(status)
                .bind(&at)
                .bind(&c.record_id)
                .bind(status)
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() == 1 {
                    let detail = serde_json::json!({
                        "status": status,
                        "round": review.round,
                        "decision": review.decision,
                    });
                    crate::audit::append(
                        &mut tx,
                        &at,
                        &crate::audit::Entry {
                            actor: "server",
                            action: "case.review",
                            record_kind: "case",
                            record_id: &c.record_id,
                            detail: detail.to_string(),
                        },
                    )
                    .await?;
                }
            }
        }
        for (key, value) in [
            (CURSOR_KEY, cursor.to_string()),
            (LAST_SYNC_KEY, at.clone()),
        ] {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES (?, ?)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Filed cases pulled from the server, newest filing first.
    pub async fn filed_cases(&self) -> Result<Vec<FiledCaseRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT f.id AS case_id,
                    COALESCE(json_extract(f.data, '$.number'), '') AS number,
                    COALESCE(json_extract(f.data, '$.filed_at'), '') AS filed_at,
                    COALESCE(json_extract(c.data, '$.title'), '') AS title,
                    COALESCE(json_extract(c.data, '$.profile_name'), '') AS applicant,
                    COALESCE(json_extract(c.data, '$.items_required'), 0) AS items_required,
                    COALESCE(json_array_length(c.data, '$.documents'), 0) AS documents
             FROM pulled_records f
             LEFT JOIN pulled_records c ON c.kind = 'filed_case' AND c.id = f.id
             WHERE f.kind = 'filing' ORDER BY filed_at DESC, number DESC",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// A case's filing number and time (UTC), once filed.
    pub async fn filing(&self, case_id: &str) -> Result<Option<(String, String)>, StoreError> {
        let row: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("SELECT filing_number, filed_at FROM cases WHERE id = ?")
                .bind(case_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(number, at)| number.zip(at)))
    }
}

/// An outbox entry to push, with the server version this device knows of its record and (for
/// a case) the case's record fields.
#[derive(sqlx::FromRow)]
struct PendingRow {
    seq: i64,
    mutation_id: String,
    kind: String,
    record_id: String,
    payload: String,
    known_version: Option<i64>,
    c_profile_id: Option<String>,
    c_title: Option<String>,
    c_facts: Option<Vec<u8>>,
    c_catalog_version: Option<String>,
    c_notes: Option<String>,
}

impl PendingRow {
    /// The case record joined to the entry, if the entry is a case's.
    fn case_record(&self) -> Result<Option<gerbang_core::record::CaseRecord>, StoreError> {
        let Some(facts) = &self.c_facts else {
            return Ok(None);
        };
        Ok(Some(gerbang_core::record::CaseRecord {
            id: self.record_id.clone(),
            profile_id: self.c_profile_id.clone().unwrap_or_default(),
            title: self.c_title.clone().unwrap_or_default(),
            facts: crate::packed::unpack(facts)?,
            catalog_version: self.c_catalog_version.clone().unwrap_or_default(),
            notes: self.c_notes.clone().unwrap_or_default(),
        }))
    }
}

/// A change the server refused or found in conflict.
#[derive(sqlx::FromRow)]
struct ProblemRow {
    seq: i64,
    kind: String,
    record_id: String,
    outcome: String,
    message: String,
    code: Option<String>,
    synced_at: String,
}

/// An unresolved conflict's outbox entry.
#[derive(sqlx::FromRow)]
struct ConflictRow {
    kind: String,
    record_id: String,
    server_version: Option<i64>,
    payload: String,
}

async fn upsert_version(
    conn: &mut SqliteConnection,
    kind: &str,
    id: &str,
    version: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO record_versions (kind, id, version) VALUES (?, ?, ?)
         ON CONFLICT (kind, id) DO UPDATE SET version = MAX(version, excluded.version)",
    )
    .bind(kind)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
