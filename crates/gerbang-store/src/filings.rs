//! Filings that wait for the network: asked for offline, sent by the next sync, refused or
//! numbered there. A waiting case is frozen (what is sent is what the applicant confirmed).

use crate::{StoreError, now};
use gerbang_core::problem::Problem;
use serde::Serialize;

/// A filing waiting for the city backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, sqlx::FromRow)]
pub struct QueuedFiling {
    /// The case.
    pub case_id: String,
    /// Its title.
    pub title: String,
    /// The snapshot that will be filed (SHA-256 of its record).
    pub snapshot_hash: String,
    /// When it was asked for (UTC, RFC 3339).
    pub queued_at: String,
    /// Why the city backend refused it, when it did (its code, e.g. `incomplete`).
    pub refused_code: Option<String>,
    /// The refusal, in English (the UI words it from the code).
    pub refused_message: Option<String>,
}

impl crate::Store {
    /// Queues the filing of `case_id` as it stands (its record's hash is `snapshot_hash`):
    /// refused when it is filed already, or not complete (a required item without a document,
    /// a KBLI 2020 code without its 2025 choice), so that nothing the server would refuse on
    /// sight waits for the network. Audited; asking again replaces the earlier request.
    pub async fn queue_filing(
        &self,
        actor: &str,
        case_id: &str,
        snapshot_hash: &str,
    ) -> Result<QueuedFiling, StoreError> {
        let case = self.case(case_id).await?;
        if let Some(number) = &case.filing_number {
            return Err(StoreError::Refused {
                field: "case".to_owned(),
                problem: Problem::new(
                    "filing_done",
                    format!("the case is filed already as {number}"),
                )
                .with("number", number),
            });
        }
        let unchosen = case.checklist.unchosen_kbli();
        if !unchosen.is_empty() {
            return Err(StoreError::Refused {
                field: "activities".to_owned(),
                problem: Problem::new(
                    "filing_kbli_choice",
                    format!(
                        "choose the KBLI 2025 code for KBLI 2020 {} before filing",
                        unchosen.join(", ")
                    ),
                )
                .with("codes", unchosen.join(", ")),
            });
        }
        let missing: Vec<&str> = case
            .items
            .iter()
            .filter(|i| i.required && !case.documents.iter().any(|d| d.item_key == i.key))
            .map(|i| &*i.item.name)
            .collect();
        if !missing.is_empty() {
            return Err(StoreError::Refused {
                field: "items".to_owned(),
                problem: Problem::new(
                    "filing_incomplete",
                    format!(
                        "{} required item(s) have no document: {}",
                        missing.len(),
                        missing.join(", ")
                    ),
                )
                .with("n", missing.len())
                .with("items", missing.join(", ")),
            });
        }
        let at = now();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO filing_queue (case_id, snapshot_hash, queued_at) VALUES (?, ?, ?)
             ON CONFLICT (case_id) DO UPDATE SET snapshot_hash = excluded.snapshot_hash,
                 queued_at = excluded.queued_at, refused_code = NULL, refused_message = NULL",
        )
        .bind(case_id)
        .bind(snapshot_hash)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        crate::audit::append(
            &mut tx,
            &at,
            &crate::audit::Entry {
                actor,
                action: "case.file_queued",
                record_kind: "case",
                record_id: case_id,
                detail: serde_json::json!({ "snapshot_hash": snapshot_hash }).to_string(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(QueuedFiling {
            case_id: case_id.to_owned(),
            title: case.summary.title,
            snapshot_hash: snapshot_hash.to_owned(),
            queued_at: at,
            refused_code: None,
            refused_message: None,
        })
    }

    /// Every queued filing (waiting or refused), oldest first.
    pub async fn queued_filings(&self) -> Result<Vec<QueuedFiling>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT q.case_id, c.title, q.snapshot_hash, q.queued_at, q.refused_code, q.refused_message
             FROM filing_queue q JOIN cases c ON c.id = q.case_id ORDER BY q.queued_at, q.case_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The filing sent and numbered (or found filed): it no longer waits.
    pub async fn filing_sent(&self, case_id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM filing_queue WHERE case_id = ?")
            .bind(case_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The city backend refused the queued filing for good: kept, with its reason, for the
    /// case page; the case can be changed again.
    pub async fn filing_refused(
        &self,
        case_id: &str,
        code: &str,
        message: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE filing_queue SET refused_code = ?, refused_message = ? WHERE case_id = ?",
        )
        .bind(code)
        .bind(message)
        .bind(case_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Withdraws a queued filing (or forgets a refused one); audited. The case can be changed.
    pub async fn cancel_filing(&self, actor: &str, case_id: &str) -> Result<(), StoreError> {
        let at = now();
        let mut tx = self.pool.begin().await?;
        let gone = sqlx::query("DELETE FROM filing_queue WHERE case_id = ?")
            .bind(case_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if gone == 0 {
            return Err(StoreError::NotFound {
                kind: "queued filing",
                id: case_id.to_owned(),
            });
        }
        crate::audit::append(
            &mut tx,
            &at,
            &crate::audit::Entry {
                actor,
                action: "case.file_cancelled",
                record_kind: "case",
                record_id: case_id,
                detail: "{}".to_owned(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Refuses a change to a case whose filing waits for the network (what is sent must be what
/// the applicant confirmed); a refused filing does not hold the case.
pub(crate) async fn ensure_not_waiting(
    conn: &mut sqlx::SqliteConnection,
    case_id: &str,
) -> Result<(), StoreError> {
    let waiting: Option<String> = sqlx::query_scalar(
        "SELECT queued_at FROM filing_queue WHERE case_id = ? AND refused_code IS NULL",
    )
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await?;
    match waiting {
        Some(at) => Err(StoreError::Refused {
            field: "case".to_owned(),
            problem: Problem::new(
                "filing_waiting",
                "the case waits to be filed as it was confirmed; cancel the filing to change it",
            )
            .with("queued_at", gerbang_core::format_stored(&at)),
        }),
        None => Ok(()),
    }
}
