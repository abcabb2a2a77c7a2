//! Reviews (`reviews`, `review_events`): each filed case's review state and the events it is
//! replayed from.

use crate::error::ApiError;
use crate::repo::Tx;

/// A stored review event.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct EventRow {
    pub id: String,
    pub round: i64,
    pub action: String,
    pub actor: String,
    pub at: String,
}

/// What a review is now, as stored beside its events.
#[derive(Debug)]
pub(crate) struct State<'a> {
    pub case_id: &'a str,
    pub status: &'a str,
    pub round: i64,
    pub version: i64,
    pub decision_number: Option<&'a str>,
    pub updated_at: &'a str,
}

/// Opens the review of a case just filed (once).
pub(crate) async fn open(
    tx: &mut Tx,
    case_id: &str,
    owner: &str,
    at: &str,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO reviews (case_id, owner_id, status, round, version, updated_at)
         VALUES ($1, $2, 'filed', 1, 0, $3) ON CONFLICT (case_id) DO NOTHING",
    )
    .bind(case_id)
    .bind(owner)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The stored status of `case_id`'s review (`None`: not filed).
pub(crate) async fn status(tx: &mut Tx, case_id: &str) -> Result<Option<String>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT status FROM reviews WHERE case_id = $1")
            .bind(case_id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// Who filed `case_id` (`None`: not filed).
pub(crate) async fn owner(tx: &mut Tx, case_id: &str) -> Result<Option<String>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT owner_id FROM reviews WHERE case_id = $1")
            .bind(case_id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// `case_id`'s review events, in order.
pub(crate) async fn events(tx: &mut Tx, case_id: &str) -> Result<Vec<EventRow>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, round, action, actor, at FROM review_events WHERE case_id = $1 ORDER BY seq",
    )
    .bind(case_id)
    .fetch_all(&mut **tx)
    .await?)
}

/// Appends an event (its action as JSON) to `case_id`'s review.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_event(
    tx: &mut Tx,
    id: &str,
    case_id: &str,
    round: i64,
    action: &str,
    actor_id: &str,
    actor: &str,
    at: &str,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO review_events (id, case_id, round, action, actor_id, actor, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(case_id)
    .bind(round)
    .bind(action)
    .bind(actor_id)
    .bind(actor)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores where a review stands after its latest event.
pub(crate) async fn save(tx: &mut Tx, state: &State<'_>) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE reviews SET status = $1, round = $2, version = $3, decision_number = $4, updated_at = $5
         WHERE case_id = $6",
    )
    .bind(state.status)
    .bind(state.round)
    .bind(state.version)
    .bind(state.decision_number)
    .bind(state.updated_at)
    .bind(state.case_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The filing number of another case already decided with decision `number`, if any.
pub(crate) async fn decided_with(
    tx: &mut Tx,
    number: &str,
    other_than: &str,
) -> Result<Option<String>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT f.number FROM reviews r JOIN filings f ON f.case_id = r.case_id
         WHERE r.decision_number = $1 AND r.case_id <> $2",
    )
    .bind(number)
    .bind(other_than)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Where `case_id`'s review stands now, read outside a transaction (`None`: not filed).
pub(crate) async fn status_now(
    db: &crate::db::Db,
    case_id: &str,
) -> Result<Option<String>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT status FROM reviews WHERE case_id = $1")
            .bind(case_id)
            .fetch_optional(db.pool())
            .await?,
    )
}
