//! The application: the work people do with Gerbang (cases, filing, sync, review), written once.
//! The desktop's commands and the CLI's subcommands forward to an [`App`]; the store is below it.

mod cases;
mod desk;
mod desk_review;
mod error;
mod failure;
mod home;
mod packs;
mod plan;
pub mod remote;
mod review;
mod rules;
mod status;
mod sync;
pub mod types;
pub mod views;

pub use error::AppError;
pub use failure::{Failure, FailureKind};
pub use packs::{PackOptions, Progress as PackProgressSink, verify_pack};
pub use rules::{Rules, StoredCatalogProblem};
pub use sync::{CatalogChange, Synced};

use arc_swap::ArcSwap;
use gerbang_store::Store;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::Date;

/// Which day it is for the application: Balikpapan's today (WITA), or a fixed day.
#[derive(Debug, Clone, Copy, Default)]
pub enum Clock {
    /// Today in WITA, read each time.
    #[default]
    Wita,
    /// Always this day (`--as-of`, tests).
    Fixed(Date),
}

impl Clock {
    /// The day now.
    pub fn today(self) -> Date {
        match self {
            Clock::Wita => gerbang_core::wita::today(),
            Clock::Fixed(day) => day,
        }
    }
}

/// One device's Gerbang: its store, the rules in use, its clock, and who acts.
#[derive(Debug)]
pub struct App {
    store: Store,
    rules: ArcSwap<Rules>,
    clock: Clock,
    /// The person on this device when no account is signed in.
    device_user: String,
    /// Held while the store talks to the city backend: one sync or filing at a time.
    sync_lock: tokio::sync::Mutex<()>,
    stored_catalog_problem: Option<StoredCatalogProblem>,
    /// Where the store and its documents are.
    data_dir: PathBuf,
    /// The city backend this device syncs with unless an account says otherwise.
    server_url: String,
    /// What the syncs since start did (for the sync status).
    memory: status::SyncMemory,
}

impl App {
    /// Opens the store in `data_dir` (creating both) with the newest catalog it holds: the
    /// built-in one, or one the city backend published earlier when that is newer. A stored
    /// catalog that no longer loads is set aside (see [`App::stored_catalog_problem`]).
    pub async fn open(data_dir: &Path, device_user: &str) -> Result<App, AppError> {
        std::fs::create_dir_all(data_dir).map_err(|source| AppError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let store = Store::open(&data_dir.join("gerbang.db")).await?;
        Self::with_store(store, data_dir, device_user).await
    }

    /// An application over a store already open in `data_dir`.
    pub async fn with_store(
        store: Store,
        data_dir: &Path,
        device_user: &str,
    ) -> Result<App, AppError> {
        let (rules, stored_catalog_problem) = Rules::newest(&store).await?;
        Ok(App {
            store,
            rules: ArcSwap::from_pointee(rules),
            clock: Clock::default(),
            device_user: device_user.to_owned(),
            sync_lock: tokio::sync::Mutex::default(),
            stored_catalog_problem,
            data_dir: data_dir.to_path_buf(),
            server_url: gerbang_sync::default_server_url(),
            memory: status::SyncMemory::default(),
        })
    }

    /// The same application, syncing with the city backend at `url` unless signed in elsewhere.
    #[must_use]
    pub fn with_server(mut self, url: impl Into<String>) -> App {
        self.server_url = url.into();
        self
    }

    /// The same application on another clock.
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> App {
        self.clock = clock;
        self
    }

    /// The catalog and index in use now (a newer one may replace them at any sync).
    pub fn rules(&self) -> Arc<Rules> {
        self.rules.load_full()
    }

    /// Puts a newer catalog in use for every later operation.
    pub fn use_rules(&self, rules: Rules) {
        self.rules.store(Arc::new(rules));
    }

    /// The stored catalog that was set aside at open, if any.
    pub fn stored_catalog_problem(&self) -> Option<&StoredCatalogProblem> {
        self.stored_catalog_problem.as_ref()
    }

    /// Today, by this application's clock.
    pub fn today(&self) -> Date {
        self.clock.today()
    }

    /// Who acts, for the audit log: the signed-in account, else this device's user.
    pub async fn actor(&self) -> Result<String, AppError> {
        Ok(self
            .store
            .sync_session()
            .await?
            .map_or_else(|| self.device_user.clone(), |s| s.username))
    }

    /// What deriving a checklist needs: who acts, the rules in use (one snapshot for the whole
    /// operation, even if a newer catalog arrives meanwhile) and today.
    async fn turn(&self) -> Result<Turn, AppError> {
        Ok(Turn {
            actor: self.actor().await?,
            rules: self.rules(),
            today: self.today(),
        })
    }

    /// Holds the city-backend lock: one sync, filing or resubmission at a time.
    pub async fn backend_turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.sync_lock.lock().await
    }

    /// Whether a sync or filing runs now.
    pub fn backend_busy(&self) -> bool {
        self.sync_lock.try_lock().is_err()
    }
}

/// One operation's view of the application (see [`App::turn`]).
struct Turn {
    actor: String,
    rules: Arc<Rules>,
    today: Date,
}

impl Turn {
    /// The checklist `facts` get in this operation.
    fn evaluate(
        &self,
        facts: &gerbang_core::facts::Facts,
    ) -> Result<gerbang_core::engine::Checklist, gerbang_core::engine::FactsError> {
        self.rules.evaluate(facts, self.today)
    }

    /// The same, as the derivation the store is handed for a write that derives as it reads.
    fn deriver(&self) -> impl Fn(&gerbang_core::facts::Facts) -> DeriveResult + Send + Sync + '_ {
        |facts| self.evaluate(facts)
    }
}

type DeriveResult = Result<gerbang_core::engine::Checklist, gerbang_core::engine::FactsError>;

/// The person logged in to this computer (`$USER`), else `fallback`.
pub fn device_user(fallback: &str) -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| fallback.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn app(dir: &tempfile::TempDir) -> App {
        App::open(&dir.path().join("data"), "ani-laptop")
            .await
            .expect("opens")
    }

    #[tokio::test]
    async fn the_actor_is_the_signed_in_account_else_the_device_user() {
        let dir = tempfile::tempdir().expect("tempdir");
        let app = app(&dir).await;
        assert_eq!(app.actor().await.expect("actor"), "ani-laptop");
        let session = gerbang_store::outbox::SavedSession {
            server: "http://127.0.0.1:8740".to_owned(),
            token: "t".to_owned(),
            username: "ani".to_owned(),
            role: "investor".to_owned(),
            expires_at: "2027-01-01T00:00:00Z".to_owned(),
            token_in_keyring: false,
        };
        app.store
            .set_sync_session(Some(&session))
            .await
            .expect("signed in");
        assert_eq!(app.actor().await.expect("actor"), "ani");
        // An investor is not an officer: the review desk refuses, naming the account.
        let refused = app.officer().await.expect_err("not an officer");
        assert!(
            matches!(&refused, AppError::NotOfficer { username, role } if username == "ani" && role == "investor"),
            "{refused:?}"
        );
    }

    #[tokio::test]
    async fn a_stored_catalog_that_does_not_load_is_set_aside_for_the_built_in_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let built_in = app(&dir).await.rules().catalog.version().to_owned();
        app(&dir)
            .await
            .store
            .install_catalog("9999.1.0", "0".repeat(64).as_str(), "{not json")
            .await
            .expect("installed");
        let reopened = app(&dir).await;
        let problem = reopened.stored_catalog_problem().expect("set aside");
        assert_eq!(problem.version, "9999.1.0");
        assert_eq!(reopened.rules().catalog.version(), built_in);
    }

    #[tokio::test]
    async fn a_newer_catalog_is_swapped_in_whole_and_a_running_operation_keeps_its_own() {
        let dir = tempfile::tempdir().expect("tempdir");
        let app = app(&dir).await;
        let during = app.rules();
        let mut data = during.catalog.data.clone();
        data.version = "9999.1.0".to_owned();
        app.use_rules(Rules::from_catalog(gerbang_core::catalog::Catalog::new(
            data,
            "f".repeat(64),
        )));
        assert_eq!(app.rules().catalog.version(), "9999.1.0");
        assert_ne!(during.catalog.version(), "9999.1.0");
        // The index is the new catalog's, built with it.
        assert!(!app.rules().index.search("restoran", None, 3).is_empty());
    }
}
