//! Catalogs published by the city backend, kept on this device, and the re-derivation of open
//! drafts when a newer one arrives (showing what changed in each).

use crate::{StoreError, now};
use gerbang_core::catalog::Catalog;
use gerbang_core::search::KbliIndex;
use serde::{Deserialize, Serialize};

/// What a new catalog changed in one open case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Rederived {
    /// The case.
    pub case_id: String,
    /// Its title.
    pub title: String,
    /// Items now required that were not.
    pub added: Vec<String>,
    /// Items no longer required (kept, marked).
    pub dropped: Vec<String>,
}

impl crate::Store {
    /// Keeps a catalog bundle (already checked by the caller).
    pub async fn install_catalog(
        &self,
        version: &str,
        sha256: &str,
        bundle: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT OR IGNORE INTO catalogs (sha256, version, bundle, installed_at) VALUES (?, ?, ?, ?)",
        )
        .bind(sha256)
        .bind(version)
        .bind(bundle)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The most recently installed catalog bundle, as (version, bundle).
    pub async fn installed_catalog(&self) -> Result<Option<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT version, bundle FROM catalogs ORDER BY installed_at DESC, rowid DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Derives every open case (draft or ready, its filing not waiting) not yet on `catalog`
    /// again from its facts; returns what changed in each. Documents stay with the items that still need them.
    pub async fn rederive_open_cases(
        &self,
        actor: &str,
        catalog: &Catalog,
        index: &KbliIndex,
        as_of: time::Date,
    ) -> Result<Vec<Rederived>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM cases WHERE status IN ('draft', 'ready') AND catalog_hash != ?
               AND id NOT IN (SELECT case_id FROM filing_queue WHERE refused_code IS NULL)
             ORDER BY id",
        )
        .bind(&catalog.content_hash)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let required = |c: &crate::cases::Case| -> Vec<(String, String)> {
                c.items
                    .iter()
                    .filter(|i| i.required)
                    .map(|i| (i.key.clone(), i.item.name.to_string()))
                    .collect()
            };
            let before = required(&self.case(&id).await?);
            let after_case = self
                .rederive_case(actor, &id, None, catalog, index, as_of)
                .await?;
            let after = required(&after_case);
            let names = |from: &[(String, String)], not_in: &[(String, String)]| -> Vec<String> {
                from.iter()
                    .filter(|(k, _)| !not_in.iter().any(|(k2, _)| k2 == k))
                    .map(|(k, name)| format!("{name} ({k})"))
                    .collect()
            };
            out.push(Rederived {
                case_id: id,
                title: after_case.summary.title.clone(),
                added: names(&after, &before),
                dropped: names(&before, &after),
            });
        }
        Ok(out)
    }
}
