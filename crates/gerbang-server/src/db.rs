//! The server's database: PostgreSQL in production, an SQLite file as the embedded default.
//! Each backend has its own migrations beside this crate; both are run at start. Queries go
//! through sqlx's `Any` driver and are written once, with `$1, $2, …` placeholders numbered in
//! order of first use (PostgreSQL's form, which SQLite also binds positionally).

use gerbang_wire::DatabaseKind;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Connection, Executor};
use std::path::PathBuf;
use std::time::Duration;

/// How long the server waits for the database to answer its first connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Why the server cannot use the database it was given.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names no database kind this server supports.
    #[error("unsupported database URL {0}: use postgres://… or sqlite://PATH")]
    Unsupported(String),
    /// The database did not answer, refused the credentials, or the file cannot be opened.
    #[error("cannot reach database {url}: {reason}")]
    Unreachable {
        /// The URL with any password removed.
        url: String,
        /// The driver's explanation, on one line.
        reason: String,
    },
    /// The schema could not be brought up to date.
    #[error("cannot migrate database {url}: {reason}")]
    Migrate {
        /// The URL with any password removed.
        url: String,
        /// The migrator's explanation, on one line.
        reason: String,
    },
}

/// A connection pool on one of the supported databases.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    /// For reads that need no transaction (a pull, a token): on SQLite, read-only connections
    /// beside the one writer (WAL lets them read while it writes); on PostgreSQL the pool.
    reads: AnyPool,
    kind: DatabaseKind,
    /// The highest feed position this process knows to exist (a lower bound of the head):
    /// a pull from at or below it need not read the head to know its cursor is this feed's.
    head_seen: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

/// The default database: an SQLite file in the user's data directory.
pub fn default_database_url() -> String {
    let dir = dirs::data_local_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("gerbang-server");
    format!("sqlite://{}", dir.join("gerbang-server.db").display())
}

/// Where document contents go by default: `blobs/` beside an SQLite file, else in the user's
/// data directory.
pub fn default_blobs_dir(database_url: &str) -> PathBuf {
    match database_url
        .strip_prefix("sqlite://")
        .map(|p| PathBuf::from(p.split('?').next().unwrap_or(p)))
        .and_then(|p| p.parent().map(|d| d.to_path_buf()))
    {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("blobs"),
        _ => dirs::data_local_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("gerbang-server")
            .join("blobs"),
    }
}

/// `url` without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Setting a password only fails on URLs that cannot have one, which this one has.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

fn one_line(e: impl std::fmt::Display) -> String {
    e.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Db {
    /// Connects to `url` (`postgres://…`, `postgresql://…` or `sqlite://PATH`) and runs the migrations.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        install_default_drivers();
        let shown = redact(url);
        let unreachable = |e: sqlx::Error| DbError::Unreachable {
            url: shown.clone(),
            reason: one_line(e),
        };
        let migrate = |e: sqlx::migrate::MigrateError| DbError::Migrate {
            url: shown.clone(),
            reason: one_line(e),
        };
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // One direct connection first: the pool retries a refused connection until its
            // acquire timeout and then reports only "pool timed out"; a direct attempt fails at
            // once with the cause (refused, authentication, no such database).
            let first = tokio::time::timeout(CONNECT_TIMEOUT, sqlx::AnyConnection::connect(url))
                .await
                .map_err(|_| DbError::Unreachable {
                    url: shown.clone(),
                    reason: format!(
                        "no answer within {} s (is the host reachable?)",
                        CONNECT_TIMEOUT.as_secs()
                    ),
                })?
                .map_err(unreachable)?;
            let _ = first.close().await;
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .connect(url)
                .await
                .map_err(unreachable)?;
            POSTGRES_MIGRATOR.run(&pool).await.map_err(migrate)?;
            Ok(Db {
                reads: pool.clone(),
                pool,
                kind: DatabaseKind::Postgres,
                head_seen: Default::default(),
            })
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            let path = PathBuf::from(path.split('?').next().unwrap_or(path));
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| DbError::Unreachable {
                    url: shown.clone(),
                    reason: format!("cannot create {}: {e}", parent.display()),
                })?;
            }
            // One connection: SQLite has a single writer, and queueing in the pool beats
            // SQLITE_BUSY. WAL and foreign keys on every connection.
            let pool = AnyPoolOptions::new()
                .max_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                        )
                        .await
                        .map(drop)
                    })
                })
                .connect(&format!("sqlite://{}?mode=rwc", path.display()))
                .await
                .map_err(unreachable)?;
            SQLITE_MIGRATOR.run(&pool).await.map_err(migrate)?;
            let reads = AnyPoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(30))
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute("PRAGMA busy_timeout = 5000; PRAGMA query_only = ON;")
                            .await
                            .map(drop)
                    })
                })
                .connect(&format!("sqlite://{}?mode=ro", path.display()))
                .await
                .map_err(unreachable)?;
            Ok(Db {
                pool,
                reads,
                kind: DatabaseKind::Sqlite,
                head_seen: Default::default(),
            })
        } else {
            Err(DbError::Unsupported(shown))
        }
    }

    /// Which database this is.
    pub fn kind(&self) -> DatabaseKind {
        self.kind
    }

    /// The pool, for the queries of the other modules.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The pool for reads outside a transaction (see [`Db`]).
    pub fn reads(&self) -> &AnyPool {
        &self.reads
    }

    /// Whether feed position `seq` exists (is at or below the head), reading the head only
    /// when no position as high has been seen by this process.
    pub async fn feed_has(&self, seq: i64) -> Result<bool, sqlx::Error> {
        use std::sync::atomic::Ordering;
        if seq <= self.head_seen.load(Ordering::Relaxed) {
            return Ok(true);
        }
        let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM changes")
            .fetch_one(&self.reads)
            .await?;
        self.head_seen.fetch_max(head, Ordering::Relaxed);
        Ok(seq <= head)
    }

    /// Checks that the database answers a query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }

    /// How many migrations have been applied (the tests compare it with the migrator's count).
    pub async fn applied_migrations(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(&self.pool)
            .await
    }

    /// How many migrations this build carries for this database.
    pub fn known_migrations(&self) -> usize {
        match self.kind {
            DatabaseKind::Sqlite => SQLITE_MIGRATOR.iter().count(),
            DatabaseKind::Postgres => POSTGRES_MIGRATOR.iter().count(),
        }
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
        self.reads.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://gerbang:s3cret@db.local:5432/gerbang"),
            "postgres://gerbang:***@db.local:5432/gerbang"
        );
        assert_eq!(
            redact("postgres://db.local/gerbang"),
            "postgres://db.local/gerbang"
        );
    }

    #[test]
    fn default_is_an_sqlite_file() {
        let url = default_database_url();
        assert!(url.starts_with("sqlite://"), "{url}");
        assert!(url.ends_with("gerbang-server.db"), "{url}");
    }

    #[tokio::test]
    async fn unknown_schemes_are_refused_by_name() {
        let err = Db::connect("mysql://root@localhost/x").await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "unsupported database URL mysql://root@localhost/x: use postgres://… or sqlite://PATH"
        );
    }
}
