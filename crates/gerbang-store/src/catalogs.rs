//! Catalogs published by the city backend, kept on this device, and which open drafts were
//! derived with another one.

use crate::{StoreError, now};

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

    /// The open cases (draft or ready, their filing not waiting) derived with another catalog
    /// than the one whose content hash is `catalog_hash`.
    pub async fn open_cases_not_on(&self, catalog_hash: &str) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM cases WHERE status IN ('draft', 'ready') AND catalog_hash != ?
               AND id NOT IN (SELECT case_id FROM filing_queue WHERE refused_code IS NULL)
             ORDER BY id",
        )
        .bind(catalog_hash)
        .fetch_all(&self.pool)
        .await?)
    }
}
