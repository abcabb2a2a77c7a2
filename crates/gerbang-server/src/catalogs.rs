//! Every catalog version this server has published, kept in its database, so that a case is
//! derived with the version it names (a device may still be on last month's catalog). A case
//! naming a version the server never published is refused with a code that says so.

use crate::error::ApiError;
use crate::repo::Tx;
use crate::repo::catalogs as repo;
use crate::state::Published;
use gerbang_core::catalog::Catalog;
use gerbang_core::search::KbliIndex;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A catalog ready to derive with: the catalog and its KBLI index.
#[derive(Debug)]
pub struct Rules {
    /// The catalog.
    pub catalog: Catalog,
    /// Its KBLI index.
    pub index: KbliIndex,
}

/// Catalogs already loaded in this process, by the SHA-256 of their bundle (a bundle's
/// content never changes, so the cache never goes stale and replicas need not share it).
fn loaded() -> &'static Mutex<HashMap<String, Arc<Rules>>> {
    static LOADED: OnceLock<Mutex<HashMap<String, Arc<Rules>>>> = OnceLock::new();
    LOADED.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Records `published` as a version this server publishes (once; a different bundle under a
/// version already published is refused, since cases derived with it would change meaning).
pub async fn publish(db: &crate::db::Db, published: &Published) -> Result<(), String> {
    let known = repo::sha_now(db, &published.version)
        .await
        .map_err(|e| format!("cannot read the published catalogs: {e}"))?;
    match known {
        Some(sha) if sha == published.sha256 => Ok(()),
        Some(_) => Err(format!(
            "catalog version {} was already published with other content: give the new bundle a new version",
            published.version
        )),
        None => {
            repo::insert(
                db,
                &published.version,
                &published.sha256,
                &published.bundle,
                &crate::clock::now(),
            )
            .await
            .map_err(|e| format!("cannot record the published catalog: {e}"))?;
            Ok(())
        }
    }
}

/// The rules of catalog `version`, if this server published it.
pub async fn rules(tx: &mut Tx, version: &str) -> Result<Option<Arc<Rules>>, ApiError> {
    let Some(sha) = repo::sha(tx, version).await? else {
        return Ok(None);
    };
    if let Some(r) = loaded().lock().map_err(|_| ApiError::Internal)?.get(&sha) {
        return Ok(Some(r.clone()));
    }
    let bundle = repo::bundle(tx, version).await?;
    let catalog = gerbang_catalog::from_bundle(&bundle).map_err(|e| {
        tracing::error!(error = %e, version, "a published catalog no longer loads");
        ApiError::Internal
    })?;
    let index = KbliIndex::new(&catalog);
    let rules = Arc::new(Rules { catalog, index });
    loaded()
        .lock()
        .map_err(|_| ApiError::Internal)?
        .insert(sha, rules.clone());
    Ok(Some(rules))
}
