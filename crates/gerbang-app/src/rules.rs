//! The catalog in use and its KBLI index, as one value the application swaps whole when the
//! city backend publishes a newer catalog.

use crate::AppError;
use gerbang_core::catalog::Catalog;
use gerbang_core::engine::{Checklist, FactsError};
use gerbang_core::facts::{Facts, KbliEdition};
use gerbang_core::search::browse::Section;
use gerbang_core::search::{Found, Hit, KbliIndex};
use gerbang_store::Store;
use std::sync::Arc;
use time::Date;

/// A catalog and its search index.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The catalog.
    pub catalog: Arc<Catalog>,
    /// Its KBLI search index.
    pub index: Arc<KbliIndex>,
}

/// A catalog in the store that no longer loads (set aside; the built-in one is used).
#[derive(Debug, Clone)]
pub struct StoredCatalogProblem {
    /// Its version.
    pub version: String,
    /// Why it does not load.
    pub reason: String,
}

impl Rules {
    /// The catalog built into this program.
    pub fn built_in() -> Result<Rules, AppError> {
        let (catalog, index) = gerbang_catalog::shared().map_err(AppError::BuiltInCatalog)?;
        Ok(Rules { catalog, index })
    }

    /// The checklist `facts` get on `day` under these rules.
    pub fn evaluate(&self, facts: &Facts, day: Date) -> Result<Checklist, FactsError> {
        gerbang_core::engine::evaluate(facts, &self.catalog, &self.index, day)
    }

    /// KBLI codes for what the applicant typed (a code prefix or their own words), best first,
    /// with whether they answer it well: the desktop's picker and `gerbang kbli search` both
    /// ask here, so they rank alike.
    pub fn kbli_search(&self, query: &str, edition: Option<KbliEdition>, limit: usize) -> Found {
        self.index.find(query, edition, limit)
    }

    /// The sections of the KBLI in `edition`, each with its divisions: where to browse when
    /// the words do not find the activity.
    pub fn kbli_sections(&self, edition: KbliEdition) -> Vec<Section> {
        self.index.sections(edition).to_vec()
    }

    /// The codes of one division (two digits) in `edition`, in code order.
    pub fn kbli_division(&self, edition: KbliEdition, division: &str) -> Vec<Hit> {
        self.index.division(edition, division)
    }

    /// A catalog from elsewhere (the city backend), indexed.
    pub fn from_catalog(catalog: Catalog) -> Rules {
        let index = Arc::new(KbliIndex::new(&catalog));
        Rules {
            catalog: Arc::new(catalog),
            index,
        }
    }

    /// The newest catalog `store` can use: the built-in one, or one the city backend published
    /// to it when that is newer and loads.
    pub async fn newest(store: &Store) -> Result<(Rules, Option<StoredCatalogProblem>), AppError> {
        let built_in = Rules::built_in()?;
        if let Some((version, bundle)) = store.installed_catalog().await?
            && gerbang_catalog::is_newer(&version, built_in.catalog.version())
        {
            return Ok(match gerbang_catalog::from_bundle(&bundle) {
                Ok(c) => (Rules::from_catalog(c), None),
                Err(e) => (
                    built_in,
                    Some(StoredCatalogProblem {
                        version,
                        reason: e.to_string(),
                    }),
                ),
            });
        }
        Ok((built_in, None))
    }
}
