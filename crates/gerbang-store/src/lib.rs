//! The desktop's local store: one SQLite file in the app-data directory, opened through sqlx.
//! WAL, foreign keys, `synchronous=NORMAL` and a single writer connection, as the architecture asks.
//! Every user action is one transaction: the change, its audit entry and its outbox mutation.

pub mod audit;
pub mod cases;
pub mod catalogs;
pub mod documents;
pub mod filings;
pub mod outbox;
mod packed;
pub mod plan;
pub mod profiles;
pub mod queue;
pub mod review;
pub mod transfer;

use gerbang_core::Language;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// The store's migrations (`migrations/` at the workspace root).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// What can go wrong with the local store, worded for the person who has to act on it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file cannot be opened or created.
    #[error("cannot open the local store at {path}: {source}")]
    Open {
        /// The file Gerbang tried to open.
        path: PathBuf,
        /// The underlying SQLite error.
        source: sqlx::Error,
    },
    /// The schema could not be brought up to date (e.g. the file is from a newer Gerbang).
    #[error("cannot update the local store's schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A query failed.
    #[error("local store query failed: {0}")]
    Query(#[from] sqlx::Error),
    /// Input the store refuses, naming the field.
    #[error("{field}: {message}")]
    Invalid {
        /// The field.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Input the store refuses, as a person reads it (a code and parameters; the message is
    /// its English).
    #[error("{field}: {problem}")]
    Refused {
        /// The field (or the file's name).
        field: String,
        /// What is wrong.
        problem: gerbang_core::problem::Problem,
    },
    /// A review rule refused the action (its code is the city backend's, e.g. `decided`).
    #[error("{message}")]
    Rule {
        /// Stable code (`waiting_for_applicant`, `nothing_rejected`, …).
        code: &'static str,
        /// For people (English).
        message: String,
    },
    /// No such record.
    #[error("no {kind} with id {id}")]
    NotFound {
        /// The kind of record.
        kind: &'static str,
        /// The id asked for.
        id: String,
    },
    /// The facts cannot be evaluated.
    #[error("{0}")]
    Facts(#[from] gerbang_core::engine::FactsError),
    /// A stored JSON document does not parse.
    #[error("the local store holds a damaged record: {0}")]
    Json(#[from] serde_json::Error),
    /// A stored value does not parse (the file was edited by hand or is damaged).
    #[error("the local store holds an invalid value for {key}: {value:?}")]
    InvalidValue {
        /// The settings key.
        key: &'static str,
        /// What was stored.
        value: String,
    },
}

impl StoreError {
    /// No `kind` with this id (or an id this device does not hold).
    pub fn not_found(kind: &'static str, id: impl std::fmt::Display) -> StoreError {
        StoreError::NotFound {
            kind,
            id: id.to_string(),
        }
    }
}

impl From<gerbang_core::record::RecordError> for StoreError {
    fn from(e: gerbang_core::record::RecordError) -> StoreError {
        match e.problem {
            Some(problem) => StoreError::Refused {
                field: e.field,
                problem,
            },
            None => StoreError::Invalid {
                field: e.field,
                message: e.message,
            },
        }
    }
}

const LANGUAGE_KEY: &str = "ui.language";
const MAX_DOCUMENT_MB_KEY: &str = "documents.max_mb";
const MAX_DOCUMENT_MB_RANGE: std::ops::RangeInclusive<u64> = 1..=2048;
/// Bytes in a megabyte as the size limit counts them.
pub const MIB: u64 = 1024 * 1024;

/// Now, in UTC, as stored (RFC 3339).
pub(crate) fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A handle on the local store; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: SqlitePool,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|source| StoreError::Open {
                path: path.to_owned(),
                source,
            })?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        // One connection: SQLite has one writer anyway, and a single connection keeps
        // every user action's transaction strictly ordered.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: path.to_owned(),
                source,
            })?;
        MIGRATOR.run(&pool).await?;
        packed::upgrade(&pool).await?;
        Ok(Store {
            pool,
            path: path.to_owned(),
        })
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) async fn setting(&self, key: &'static str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub(crate) async fn put_setting(
        &self,
        key: &'static str,
        value: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES (?, ?)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value,
                 updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The UI language; Indonesian until the user picks another.
    pub async fn language(&self) -> Result<Language, StoreError> {
        match self.setting(LANGUAGE_KEY).await? {
            None => Ok(Language::default()),
            Some(value) => value.parse().map_err(|_| StoreError::InvalidValue {
                key: LANGUAGE_KEY,
                value,
            }),
        }
    }

    /// Remembers the UI language across restarts.
    pub async fn set_language(&self, language: Language) -> Result<(), StoreError> {
        self.put_setting(LANGUAGE_KEY, language.tag()).await
    }

    /// The largest document this device accepts, in whole megabytes (MiB); 50 until changed.
    pub async fn max_document_mb(&self) -> Result<u64, StoreError> {
        match self.setting(MAX_DOCUMENT_MB_KEY).await? {
            None => Ok(documents::DEFAULT_MAX_BYTES / MIB),
            Some(value) => value
                .parse()
                .ok()
                .filter(|mb| MAX_DOCUMENT_MB_RANGE.contains(mb))
                .ok_or(StoreError::InvalidValue {
                    key: MAX_DOCUMENT_MB_KEY,
                    value,
                }),
        }
    }

    /// Changes the document size limit; 1 to 2048 MiB.
    pub async fn set_max_document_mb(&self, mb: u64) -> Result<(), StoreError> {
        if !MAX_DOCUMENT_MB_RANGE.contains(&mb) {
            return Err(StoreError::Refused {
                field: "max_document_mb".to_owned(),
                problem: gerbang_core::problem::Problem::new(
                    "settings_mb_range",
                    format!(
                        "{mb} MB is outside the allowed range of {} to {} MB",
                        MAX_DOCUMENT_MB_RANGE.start(),
                        MAX_DOCUMENT_MB_RANGE.end()
                    ),
                )
                .with("mb", mb)
                .with("min", MAX_DOCUMENT_MB_RANGE.start())
                .with("max", MAX_DOCUMENT_MB_RANGE.end()),
            });
        }
        self.put_setting(MAX_DOCUMENT_MB_KEY, &mb.to_string()).await
    }

    /// Checks the audit chain: how many entries verified, or where it breaks.
    pub async fn verify_audit(&self) -> Result<Result<u64, audit::Broken>, StoreError> {
        audit::verify(&self.pool).await
    }

    /// SQLite's own integrity check (`ok` when sound) and the cases stored without their
    /// checklist (always 0 unless a write was torn).
    pub async fn integrity(&self) -> Result<(String, i64), StoreError> {
        let sqlite: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?;
        let torn: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cases WHERE checklist_packed IS NULL OR facts_packed IS NULL",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((sqlite, torn))
    }

    /// How many cases the store holds.
    pub async fn case_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM cases")
            .fetch_one(&self.pool)
            .await?)
    }

    /// How many changes wait in the outbox.
    pub async fn pending_changes(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE outcome IS NULL")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Flushes and closes the store (the WAL is checkpointed by SQLite on last close).
    pub async fn close(self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod workflow_tests;

#[cfg(test)]
mod tests {
    use super::*;

    async fn open(dir: &tempfile::TempDir) -> Store {
        match Store::open(&dir.path().join("gerbang.db")).await {
            Ok(store) => store,
            Err(e) => panic!("open: {e}"),
        }
    }

    #[tokio::test]
    async fn language_defaults_to_indonesian_and_survives_reopen() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Query(e.into()))?;
        let store = open(&dir).await;
        assert_eq!(store.language().await?, Language::Id);
        store.set_language(Language::En).await?;
        store.close().await;

        let store = open(&dir).await;
        assert_eq!(store.language().await?, Language::En);
        store.set_language(Language::Id).await?;
        assert_eq!(store.language().await?, Language::Id);
        Ok(())
    }

    #[tokio::test]
    async fn document_size_limit_defaults_to_50_mb_and_refuses_nonsense() -> Result<(), StoreError>
    {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Query(e.into()))?;
        let store = open(&dir).await;
        assert_eq!(store.max_document_mb().await?, 50);
        store.set_max_document_mb(200).await?;
        let err = store.set_max_document_mb(0).await.unwrap_err();
        assert!(
            err.to_string().contains("outside the allowed range"),
            "{err}"
        );
        store.close().await;
        let store = open(&dir).await;
        assert_eq!(store.max_document_mb().await?, 200);
        Ok(())
    }

    #[tokio::test]
    async fn pragmas_are_the_safe_ones() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Query(e.into()))?;
        let store = open(&dir).await;
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&store.pool)
            .await?;
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&store.pool)
            .await?;
        let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&store.pool)
            .await?;
        assert_eq!((mode.as_str(), fk, sync), ("wal", 1, 1));
        Ok(())
    }

    #[tokio::test]
    async fn a_damaged_value_is_reported_with_its_key() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Query(e.into()))?;
        let store = open(&dir).await;
        sqlx::query("INSERT INTO settings (key, value) VALUES ('ui.language', 'klingon')")
            .execute(&store.pool)
            .await?;
        let err = store.language().await.err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("the local store holds an invalid value for ui.language: \"klingon\"")
        );
        Ok(())
    }

    #[tokio::test]
    async fn an_unopenable_path_names_the_file() {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("tempdir: {e}"),
        };
        let bad = dir.path().join("no-such-dir").join("gerbang.db");
        let err = Store::open(&bad).await.err().map(|e| e.to_string());
        let msg = err.unwrap_or_default();
        assert!(msg.starts_with("cannot open the local store at "), "{msg}");
        assert!(msg.contains("no-such-dir"), "{msg}");
    }
}
