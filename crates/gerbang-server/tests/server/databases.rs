//! Real databases for the tests: a fresh SQLite file, or a fresh PostgreSQL database per test.
//! PostgreSQL comes from `GERBANG_TEST_DATABASE_URL` (set by `scripts/test`, which starts a
//! throwaway cluster where none runs), defaulting to the local server on 127.0.0.1:5432.

use gerbang_server::db::Db;
use sqlx::Connection;
use std::sync::atomic::{AtomicU32, Ordering};

pub const PG_ENV: &str = "GERBANG_TEST_DATABASE_URL";

pub fn pg_admin_url() -> String {
    std::env::var(PG_ENV)
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that lives as long as the value.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("server.db").display());
        let db = Db::connect(&url).await.expect("sqlite connects");
        TestDb {
            db,
            url,
            _dir: Some(dir),
            pg_name: None,
        }
    }

    pub async fn postgres() -> TestDb {
        static N: AtomicU32 = AtomicU32::new(0);
        let admin = pg_admin_url();
        let name = format!(
            "gerbang_test_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| {
            panic!("PostgreSQL at {admin} is needed ({PG_ENV}); run ./scripts/test, which starts one: {e}")
        });
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create test database");
        conn.close().await.ok();
        let mut url = url::Url::parse(&admin).expect("admin URL parses");
        url.set_path(&name);
        let url = url.to_string();
        let db = Db::connect(&url).await.expect("postgres connects");
        TestDb {
            db,
            url,
            _dir: None,
            pg_name: Some(name),
        }
    }

    /// A database made by an earlier release: only the migrations before `before` (a file
    /// name prefix) applied, then `seed` run on it; the current release then opens it.
    pub async fn earlier_release(postgres: bool, before: &str, seed: &[&str]) -> TestDb {
        use sqlx::Executor;
        sqlx::any::install_default_drivers();
        let kind = if postgres { "postgres" } else { "sqlite" };
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(kind);
        let old = tempfile::tempdir().expect("tempdir");
        for entry in std::fs::read_dir(&src).expect("migrations") {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.as_str() < before {
                std::fs::copy(&path, old.path().join(&name)).expect("copy");
            }
        }
        let (url, dir, pg_name) = if postgres {
            static N: AtomicU32 = AtomicU32::new(0);
            let name = format!(
                "gerbang_old_{}_{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            );
            let mut conn = sqlx::PgConnection::connect(&pg_admin_url())
                .await
                .expect("admin connection");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let mut url = url::Url::parse(&pg_admin_url()).expect("admin URL parses");
            url.set_path(&name);
            (url.to_string(), None, Some(name))
        } else {
            let dir = tempfile::tempdir().expect("tempdir");
            let url = format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("server.db").display()
            );
            (url, Some(dir), None)
        };
        let pool = sqlx::AnyPool::connect(&url).await.expect("connects");
        sqlx::migrate::Migrator::new(old.path())
            .await
            .expect("old migrations")
            .run(&pool)
            .await
            .expect("old migrations run");
        for statement in seed {
            pool.execute(*statement).await.expect("seed");
        }
        pool.close().await;
        let url = url.trim_end_matches("?mode=rwc").to_owned();
        let db = Db::connect(&url)
            .await
            .expect("the current release opens it");
        TestDb {
            db,
            url,
            _dir: dir,
            pg_name,
        }
    }

    /// Closes the pool and drops a PostgreSQL test database.
    pub async fn cleanup(self) {
        self.db.close().await;
        if let Some(name) = self.pg_name {
            let mut conn = sqlx::PgConnection::connect(&pg_admin_url())
                .await
                .expect("admin connection");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await
                .expect("drop test database");
        }
    }
}
