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
