//! The real `gerbang-server` binary: flags, startup on both databases over loopback,
//! and a one-line error with a non-zero exit when the database cannot be reached.

use crate::databases::TestDb;
use gerbang_sync::{Client, DatabaseKind};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_gerbang-server");

/// A running server process, killed when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(database: &str) -> Server {
    start_with(database, &[])
}

/// The server on `database` with extra flags, once it listens.
pub(crate) fn start_with(database: &str, flags: &[&str]) -> Server {
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--database", database])
        .args(flags)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn gerbang-server");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the listening line");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    Server { child, url }
}

#[test]
fn version_and_help() {
    let out = Command::new(BIN).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("gerbang-server {}", env!("CARGO_PKG_VERSION"))
    );
    let out = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(help.contains("--listen <ADDR>"), "{help}");
    assert!(help.contains("--database <URL>"), "{help}");
    assert!(help.contains("127.0.0.1:8740"), "{help}");
}

async fn serves_health_over_loopback(db: TestDb, kind: DatabaseKind) {
    let url = db.url.clone();
    // The test's own pool is closed first so the server owns the SQLite file's writer.
    db.db.close().await;
    let server = start(&url);
    let health = Client::new(&server.url)
        .unwrap()
        .health()
        .await
        .expect("health over loopback");
    assert_eq!(health.database, kind);
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    drop(server);
    db.cleanup().await;
}

#[tokio::test]
async fn process_on_sqlite() {
    serves_health_over_loopback(TestDb::sqlite().await, DatabaseKind::Sqlite).await;
}

#[tokio::test]
async fn process_on_postgres() {
    serves_health_over_loopback(TestDb::postgres().await, DatabaseKind::Postgres).await;
}

#[test]
fn database_url_comes_from_the_environment_too() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("env.db").display());
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0"])
        .env("DATABASE_URL", &url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(line.contains(&url), "{line}");
    assert!(dir.path().join("env.db").exists());
}

#[test]
fn an_unreachable_database_is_one_line_and_a_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = std::time::Instant::now();
    let out = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--database",
            &format!("postgres://gerbang:hunter2@127.0.0.1:{port}/gerbang"),
        ])
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<_> = stderr.lines().collect();
    // At once and with the cause, not the pool's "timed out" after its acquire timeout.
    assert!(took < std::time::Duration::from_secs(4), "took {took:?}");
    assert!(stderr.contains("Connection refused"), "{stderr}");
    assert!(!stderr.contains("timed out"), "{stderr}");
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with(&format!(
            "gerbang-server: cannot reach database postgres://gerbang:***@127.0.0.1:{port}/gerbang: "
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"));
    assert!(!stderr.contains("panicked"));
}

#[test]
fn an_unusable_sqlite_path_is_one_line_and_a_failure() {
    let out = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--database",
            "sqlite:///proc/gerbang/x.db",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("gerbang-server: cannot reach database sqlite:///proc/gerbang/x.db: "),
        "{stderr}"
    );
}

/// A database that answers but refuses: the message names why (no such database, unknown
/// role), without waiting for a pool timeout.
#[test]
fn a_refusing_postgres_says_why() {
    let admin = url::Url::parse(&crate::databases::pg_admin_url()).unwrap();
    let with = |user: &str, db: &str| {
        let mut u = admin.clone();
        u.set_username(user).unwrap();
        u.set_path(db);
        u.to_string()
    };
    for (url, cause) in [
        (with("postgres", "gerbang_no_such_db"), "does not exist"),
        (
            with("gerbang_no_such_role", "postgres"),
            "gerbang_no_such_role",
        ),
    ] {
        let started = std::time::Instant::now();
        let out = Command::new(BIN)
            .args(["--listen", "127.0.0.1:0", "--database", &url])
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{url}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(cause), "{url}: {stderr}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(4),
            "{url}: {:?}",
            started.elapsed()
        );
    }
}
