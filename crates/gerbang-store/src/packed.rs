//! How a case's facts and derived checklist are kept on its row: deflated JSON, with the
//! checklist's items as (key, place, still required, text id) and each item's text once in
//! `item_texts`, shared by every case that derives the same item. About 4 KB for a 20-item
//! case where JSON columns, a row per item and a copying search index took 13.6 KB.

use crate::StoreError;
use gerbang_core::engine::{Checklist, ChecklistItem};
use gerbang_core::facts::Facts;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use std::collections::HashMap;
use std::io::{Read, Write};

/// One item of a case's checklist, as its row keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PackedItem {
    /// `item_key` of the item (permit and activity).
    #[serde(rename = "k")]
    pub key: String,
    /// Its place in the derivation that last produced it.
    #[serde(rename = "p")]
    pub position: i64,
    /// Still required by the latest derivation (an item no longer required stays, with its
    /// documents, marked so).
    #[serde(rename = "r")]
    pub required: bool,
    /// Its text in `item_texts`.
    #[serde(rename = "t")]
    pub text: i64,
}

/// The checklist as a case row keeps it: the derivation without its items' texts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PackedChecklist {
    /// The derivation's header (its `permits` empty).
    pub checklist: Checklist,
    /// The items, in the order they were stored.
    pub items: Vec<PackedItem>,
}

impl PackedChecklist {
    /// How many items are still required.
    pub fn required(&self) -> i64 {
        self.items.iter().filter(|i| i.required).count() as i64
    }

    /// Marks every item (or the one with `key`) as no longer required.
    pub fn drop_required(&mut self, key: Option<&str>) {
        for item in &mut self.items {
            if key.is_none_or(|k| k == item.key) {
                item.required = false;
            }
        }
    }

    /// Adds `items` (texts already stored as `texts`) in their order; with `upsert` an existing
    /// key takes the new place and text and is required again, else an existing key is an error.
    pub fn add(
        &mut self,
        items: &[ChecklistItem],
        texts: &[i64],
        upsert: bool,
    ) -> Result<(), StoreError> {
        for (position, (item, text)) in items.iter().zip(texts).enumerate() {
            let key = gerbang_core::record::case::item_key(item);
            let position = position as i64;
            match self.items.iter_mut().find(|i| i.key == key) {
                Some(existing) if upsert => {
                    existing.position = position;
                    existing.required = true;
                    existing.text = *text;
                }
                Some(_) => {
                    return Err(StoreError::Invalid {
                        field: "checklist".to_owned(),
                        message: format!("the item {key} is listed twice"),
                    });
                }
                None => self.items.push(PackedItem {
                    key,
                    position,
                    required: true,
                    text: *text,
                }),
            }
        }
        Ok(())
    }
}

/// `value` as deflated JSON.
pub(crate) fn pack<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    let json = serde_json::to_vec(value)?;
    let mut z = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(json.len() / 3),
        flate2::Compression::default(),
    );
    z.write_all(&json).map_err(damaged)?;
    z.finish().map_err(damaged)
}

/// What [`pack`] made.
pub(crate) fn unpack<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, StoreError> {
    let mut json = Vec::with_capacity(bytes.len() * 4);
    flate2::read::DeflateDecoder::new(bytes)
        .read_to_end(&mut json)
        .map_err(damaged)?;
    Ok(serde_json::from_slice(&json)?)
}

fn damaged(e: std::io::Error) -> StoreError {
    StoreError::InvalidValue {
        key: "cases.packed",
        value: e.to_string(),
    }
}

/// The checklist as a row keeps it: `checklist` without its items, and `items` as packed
/// items (their texts stored or found in `item_texts`).
pub(crate) async fn new_checklist(
    conn: &mut SqliteConnection,
    checklist: &Checklist,
    items: &[ChecklistItem],
) -> Result<PackedChecklist, StoreError> {
    let mut header = checklist.clone();
    header.permits.clear();
    let mut packed = PackedChecklist {
        checklist: header,
        items: Vec::with_capacity(items.len()),
    };
    let texts = store_texts(conn, items).await?;
    packed.add(items, &texts, false)?;
    Ok(packed)
}

/// Stores the texts of `items` (once each, by hash) and answers their ids, in order. Two
/// statements whatever the count: sqlx costs tens of µs a statement.
pub(crate) async fn store_texts(
    conn: &mut SqliteConnection,
    items: &[ChecklistItem],
) -> Result<Vec<i64>, StoreError> {
    use sha2::{Digest, Sha256};
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let bodies: Vec<(String, String)> = items
        .iter()
        .map(|item| {
            let body = serde_json::to_string(item)?;
            let hash = gerbang_core::hex(&Sha256::digest(body.as_bytes()));
            Ok((hash, body))
        })
        .collect::<Result<_, StoreError>>()?;
    let mut qb = sqlx::QueryBuilder::new("INSERT OR IGNORE INTO item_texts (hash, body) ");
    qb.push_values(&bodies, |mut b, (hash, body)| {
        b.push_bind(hash.clone()).push_bind(body.clone());
    });
    qb.build().execute(&mut *conn).await?;
    let mut qb = sqlx::QueryBuilder::new("SELECT hash, id FROM item_texts WHERE hash IN (");
    let mut list = qb.separated(", ");
    for (hash, _) in &bodies {
        list.push_bind(hash.clone());
    }
    qb.push(")");
    let ids: HashMap<String, i64> = qb
        .build_query_as::<(String, i64)>()
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    bodies
        .iter()
        .map(|(hash, _)| {
            ids.get(hash).copied().ok_or(StoreError::InvalidValue {
                key: "item_texts",
                value: hash.clone(),
            })
        })
        .collect()
}

/// The texts with these ids.
pub(crate) async fn texts(
    conn: &mut SqliteConnection,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, ChecklistItem>, StoreError> {
    let mut ids: Vec<i64> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut qb = sqlx::QueryBuilder::new("SELECT id, body FROM item_texts WHERE id IN (");
    let mut list = qb.separated(", ");
    for id in &ids {
        list.push_bind(*id);
    }
    qb.push(")");
    qb.build_query_as::<(i64, String)>()
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, body)| Ok((id, serde_json::from_str(&body)?)))
        .collect()
}

/// Case `id`'s packed checklist.
pub(crate) async fn checklist_of(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<PackedChecklist, StoreError> {
    let bytes: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT checklist_packed FROM cases WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
    let bytes = bytes.ok_or_else(|| StoreError::not_found("case", id))?;
    unpack(&bytes)
}

/// Case `id`'s facts and packed checklist, in one read.
pub(crate) async fn case_of(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<(Facts, PackedChecklist), StoreError> {
    let row: (Vec<u8>, Vec<u8>) =
        sqlx::query_as("SELECT facts_packed, checklist_packed FROM cases WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| StoreError::not_found("case", id))?;
    let (facts, checklist) = row;
    Ok((unpack(&facts)?, unpack(&checklist)?))
}

/// Converts a store written before cases were packed: each case's JSON columns and item rows
/// become its packed columns, in one transaction with dropping the old columns and tables, so
/// an interrupted upgrade leaves the old shape whole and runs again at the next open.
pub(crate) async fn upgrade(pool: &sqlx::SqlitePool) -> Result<(), StoreError> {
    let old: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pragma_table_info('cases') WHERE name IN ('facts', 'checklist')",
    )
    .fetch_one(pool)
    .await?;
    if old == 0 {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    let cases: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, facts, checklist FROM cases")
            .fetch_all(&mut *tx)
            .await?;
    for (id, facts, checklist) in &cases {
        let facts: Facts = serde_json::from_str(facts)?;
        let mut checklist: Checklist = serde_json::from_str(checklist)?;
        checklist.permits.clear();
        let items: Vec<PackedItem> = sqlx::query_as::<_, (String, i64, i64, i64)>(
            "SELECT i.item_key, i.position, i.required, t.id AS text
             FROM checklist_items i JOIN item_texts t ON t.hash = i.body_hash
             WHERE i.case_id = ? ORDER BY i.position",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|(key, position, required, text)| PackedItem {
            key,
            position,
            required: required == 1,
            text,
        })
        .collect();
        let packed = PackedChecklist { checklist, items };
        sqlx::query(
            "UPDATE cases SET facts_packed = ?, checklist_packed = ?, items_required = ?
             WHERE id = ?",
        )
        .bind(pack(&facts)?)
        .bind(pack(&packed)?)
        .bind(packed.required())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    for statement in [
        "DROP TABLE checklist_items",
        "DROP TABLE item_bodies",
        "ALTER TABLE cases DROP COLUMN facts",
        "ALTER TABLE cases DROP COLUMN checklist",
    ] {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    if !cases.is_empty() {
        // The old columns' pages are free now; give them back to the file system.
        sqlx::query("VACUUM").execute(pool).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_round_trips_and_shrinks() {
        let items: Vec<PackedItem> = (0..20)
            .map(|i| PackedItem {
                key: format!("izin_{i}@*"),
                position: i,
                required: i % 3 != 0,
                text: 1000 + i,
            })
            .collect();
        let json = serde_json::to_vec(&items).unwrap();
        let packed = pack(&items).unwrap();
        assert!(
            packed.len() * 2 < json.len(),
            "{} vs {}",
            packed.len(),
            json.len()
        );
        assert_eq!(unpack::<Vec<PackedItem>>(&packed).unwrap(), items);
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let e = unpack::<Vec<PackedItem>>(b"not deflate at all").unwrap_err();
        assert!(
            matches!(e, StoreError::InvalidValue { .. } | StoreError::Json(_)),
            "{e}"
        );
    }
}
