//! The server's database: PostgreSQL in production, an SQLite file as the embedded default.
//! Each backend has its own migrations beside this crate; both are run at start.

use gerbang_sync::DatabaseKind;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

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
pub enum Db {
    /// The embedded default.
    Sqlite(SqlitePool),
    /// Production.
    Postgres(PgPool),
}

/// The default database: an SQLite file in the user's data directory.
pub fn default_database_url() -> String {
    let dir = dirs::data_local_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("gerbang-server");
    format!("sqlite://{}", dir.join("gerbang-server.db").display())
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
            let options = PgConnectOptions::from_str(url).map_err(unreachable)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await
                .map_err(unreachable)?;
            POSTGRES_MIGRATOR.run(&pool).await.map_err(migrate)?;
            Ok(Db::Postgres(pool))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            let path = PathBuf::from(path);
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| DbError::Unreachable {
                    url: shown.clone(),
                    reason: format!("cannot create {}: {e}", parent.display()),
                })?;
            }
            let options = SqliteConnectOptions::new()
                .filename(&path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            // One connection: SQLite has a single writer, and queueing in the pool beats SQLITE_BUSY.
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options)
                .await
                .map_err(unreachable)?;
            SQLITE_MIGRATOR.run(&pool).await.map_err(migrate)?;
            Ok(Db::Sqlite(pool))
        } else {
            Err(DbError::Unsupported(shown))
        }
    }

    /// Which database this is.
    pub fn kind(&self) -> DatabaseKind {
        match self {
            Db::Sqlite(_) => DatabaseKind::Sqlite,
            Db::Postgres(_) => DatabaseKind::Postgres,
        }
    }

    /// Checks that the database answers a query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        match self {
            Db::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
            Db::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
        }
    }

    /// How many migrations have been applied (the tests compare it with the migrator's count).
    pub async fn applied_migrations(&self) -> Result<i64, sqlx::Error> {
        let sql = "SELECT COUNT(*) FROM _sqlx_migrations WHERE success";
        match self {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
    }

    /// How many migrations this build carries for this database.
    pub fn known_migrations(&self) -> usize {
        match self {
            Db::Sqlite(_) => SQLITE_MIGRATOR.iter().count(),
            Db::Postgres(_) => POSTGRES_MIGRATOR.iter().count(),
        }
    }

    /// Closes every connection.
    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
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
