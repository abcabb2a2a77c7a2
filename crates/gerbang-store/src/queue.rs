//! The outbox's writing side: every change to a record, or a review action, queued inside the
//! transaction that makes it, for the next push.

use crate::StoreError;
use sqlx::SqliteConnection;

/// Queues a change to a record inside the caller's transaction. The outbox keeps no copy of
/// the record: what is sent is the record as it stands when it is pushed (typed, see
/// `pending_batch`), so a case lives once in the store, not again per change.
pub async fn append_record(
    conn: &mut SqliteConnection,
    at: &str,
    kind: &str,
    record_id: &str,
) -> Result<(), StoreError> {
    append(conn, at, kind, record_id, "").await
}

/// Appends a mutation carrying its own payload (a review action: an event, not a record's
/// state) inside the caller's transaction.
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
