//! The change feed (`changes`): appended under the feed lock, read after a cursor by what an
//! account may see.

use crate::error::ApiError;
use crate::repo::{Tx, feed_lock};

pub(crate) async fn append_change(
    tx: &mut Tx,
    kind: &str,
    record_id: &str,
    owner_id: &str,
    for_officers: bool,
    version: i64,
    data: &str,
) -> Result<(), ApiError> {
    feed_lock(tx).await?;
    sqlx::query(
        "INSERT INTO changes (kind, record_id, owner_id, for_officers, version, data, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(kind)
    .bind(record_id)
    .bind(owner_id)
    .bind(i64::from(for_officers))
    .bind(version)
    .bind(data)
    .bind(crate::clock::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
