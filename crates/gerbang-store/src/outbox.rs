//! The outbox: every change that will sync, appended in the same transaction as the change.
//! The sync issue consumes it (push in `seq` order, `mutation_id` as the idempotency key).

use crate::StoreError;
use sqlx::SqliteConnection;

/// Appends a mutation inside the caller's transaction.
pub async fn append(
    conn: &mut SqliteConnection,
    at: &str,
    kind: &str,
    record_id: &str,
    payload: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO outbox (mutation_id, kind, record_id, payload, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(kind)
    .bind(record_id)
    .bind(payload)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
