//! The city backend scaled out, across real processes: two server replicas on one PostgreSQL
//! database and one S3-compatible object store (moto's server, from PyPI), devices reaching
//! them through a round-robin proxy. One replica is killed in the middle of a push batch and
//! the other in the middle of an upload; the devices' retries go on through the survivor. The
//! filing and review cycle converges with nothing lost or doubled, and every file read back
//! through either replica hashes to its name.
//!
//! Ignored by `cargo test`: it needs moto, which `scripts/test` installs into a virtual
//! environment and names in `GERBANG_MOTO` before running it with `--ignored`.

use anyhow::{Context, Result, ensure};
use gerbang_tests::{
    PASSWORD, Process, RoundRobin, add_server_user, cli_login, fixtures, run_cli, start_replica,
    wait_for_port, workspace_bin,
};
use sha2::{Digest, Sha256};
use sqlx::Connection;
use std::path::Path;
use std::time::Duration;

/// moto's S3 server on a free port; its address.
fn start_moto() -> Result<(Process, String)> {
    let moto = std::env::var("GERBANG_MOTO").context(
        "GERBANG_MOTO is not set: run ./scripts/test, which installs moto (PyPI) and sets it",
    )?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let process = Process::spawn(
        "moto_server",
        std::process::Command::new(&moto)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null()),
    )?;
    wait_for_port(port, Duration::from_secs(30))?;
    Ok((process, format!("127.0.0.1:{port}")))
}

/// Creates `bucket` (moto takes an unsigned request).
fn create_bucket(address: &str, bucket: &str) -> Result<()> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(address)?;
    write!(
        s,
        "PUT /{bucket} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    s.read_to_string(&mut answer)?;
    ensure!(
        answer.starts_with("HTTP/1.1 200"),
        "create bucket: {answer}"
    );
    Ok(())
}

fn cli(data: &Path, args: &[&str]) -> Result<String> {
    tokio::task::block_in_place(|| run_cli(data, args, None))
}

fn json(data: &Path, args: &[&str]) -> Result<serde_json::Value> {
    Ok(serde_json::from_str(&cli(data, args)?)?)
}

/// `gerbang sync now` for `data`, running while the test does other things.
fn sync_in_background(data: &Path) -> Result<tokio::process::Child> {
    Ok(tokio::process::Command::new(workspace_bin("gerbang")?)
        .arg("--data-dir")
        .arg(data)
        .args(["sync", "now"])
        .env("LANG", "C.UTF-8")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?)
}

struct Replicas {
    db: String,
    blobs: String,
    env: Vec<(&'static str, String)>,
    running: Vec<(Process, String)>,
}

impl Replicas {
    /// Kills replica `i` at once (SIGKILL: no graceful shutdown) and starts it again on its
    /// address.
    fn kill_and_restart(&mut self, i: usize) -> Result<()> {
        self.running[i].0.kill();
        let address = self.running[i].1.trim_start_matches("http://").to_owned();
        self.running[i] = start_replica(&self.db, &address, &self.blobs, &self.env)?;
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto: run by scripts/test"]
async fn two_replicas_and_an_object_store_lose_nothing_when_one_dies() -> Result<()> {
    let (_moto, s3) = start_moto()?;
    create_bucket(&s3, "gerbang")?;
    let db = gerbang_tests::ScratchDb::create("gerbang_replicas").await?;
    let dir = tempfile::tempdir()?;
    let result = scenario(&db.url, &s3, dir.path()).await;
    db.remove().await?;
    result
}

async fn scenario(db: &str, s3: &str, dir: &Path) -> Result<()> {
    let env = vec![
        ("AWS_ENDPOINT", format!("http://{s3}")),
        ("AWS_ALLOW_HTTP", "true".to_owned()),
        ("AWS_ACCESS_KEY_ID", "gerbang-test".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "gerbang-test-secret".to_owned()),
        ("AWS_REGION", "us-east-1".to_owned()),
    ];
    let blobs = "s3://gerbang/balikpapan".to_owned();
    let mut replicas = Replicas {
        db: db.to_owned(),
        blobs: blobs.clone(),
        running: Vec::new(),
        env,
    };
    for _ in 0..2 {
        let r = tokio::task::block_in_place(|| {
            start_replica(db, "127.0.0.1:0", &replicas.blobs, &replicas.env)
        })?;
        replicas.running.push(r);
    }
    add_server_user(db, "ani", "investor", PASSWORD)?;
    add_server_user(db, "petugas", "officer", PASSWORD)?;
    let urls: Vec<String> = replicas.running.iter().map(|(_, u)| u.clone()).collect();
    let proxy = RoundRobin::start(&urls).await?;
    for url in &urls {
        let ready = reqwest_get(&format!("{url}/ready")).await?;
        ensure!(ready.0 == 200, "a replica is not ready: {ready:?}");
    }

    // The investor's case: a 5 MB scan for its first item (five 1 MiB chunks), small PDFs for
    // the rest; and 300 more cases, so the first sync pushes two batches.
    let investor = dir.join("investor");
    let big = fixtures::scanned_pdf(fixtures::JPEG, "Akta pendirian (pindaian)", 320)?;
    ensure!(big.len() > 4 * 1024 * 1024, "{}", big.len());
    let big_sha = gerbang_core::hex(&Sha256::digest(&big));
    let made = tokio::task::block_in_place(|| {
        fixtures::cli_case(&investor, dir, "PT Teluk Rasa", &|key| {
            let name = format!("{}.pdf", key.trim_end_matches("@*"));
            if key == "nib@*" {
                return Ok((name, big.clone()));
            }
            Ok((
                name,
                fixtures::numbered_pdf(&format!("PT Teluk Rasa {key}"), 1)?,
            ))
        })
    })?;
    let (case, keys) = (made.case, made.keys);
    ensure!(
        keys.first().map(String::as_str) == Some("nib@*"),
        "{keys:?}"
    );
    let shown = json(&investor, &["case", "show", &case, "--json"])?;
    let profile = shown["profile_id"]
        .as_str()
        .context("profile_id")?
        .to_owned();
    tokio::task::block_in_place(|| fixtures::cli_bulk(&investor, &profile, 300))?;
    tokio::task::block_in_place(|| cli_login(&investor, &proxy.url, "ani"))?;

    // Kill the replica serving the first push batch, and then the one taking the third chunk
    // of the scan; the sync goes on through the other.
    let mut pushing = proxy.watch("POST /api/v1/sync/push");
    let mut uploading = proxy.watch(&format!("/api/v1/blobs/{big_sha}?offset=2097152 "));
    let sync = sync_in_background(&investor)?;
    let i = tokio::time::timeout(Duration::from_secs(60), pushing.recv())
        .await?
        .context("no push reached a replica")?;
    tokio::time::sleep(Duration::from_millis(30)).await;
    tokio::task::block_in_place(|| replicas.kill_and_restart(i))?;
    let j = tokio::time::timeout(Duration::from_secs(120), uploading.recv())
        .await?
        .context("the third chunk reached no replica")?;
    tokio::task::block_in_place(|| replicas.kill_and_restart(j))?;
    let out = tokio::time::timeout(Duration::from_secs(180), sync.wait_with_output()).await??;
    ensure!(
        out.status.success(),
        "the sync did not survive the replicas dying: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status = json(&investor, &["sync", "status", "--json"])?;
    ensure!(
        status["pending"] == 0 && status["problems"].as_array().is_some_and(Vec::is_empty),
        "{status:#}"
    );

    // Nothing lost or doubled on the server.
    let mut conn = sqlx::PgConnection::connect(db).await?;
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records WHERE kind = 'case'")
        .fetch_one(&mut conn)
        .await?;
    ensure!(cases == 301, "{cases} cases on the server");
    let (feed, distinct): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT (record_id, version)) FROM changes WHERE kind = 'case'",
    )
    .fetch_one(&mut conn)
    .await?;
    ensure!(feed == distinct, "{feed} case changes, {distinct} distinct");
    let (applied, logged): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*) FILTER (WHERE status = 'applied'), COUNT(*) FROM mutations",
    )
    .fetch_one(&mut conn)
    .await?;
    ensure!(applied == logged, "{applied} of {logged} mutations applied");
    let parts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM blob_parts")
        .fetch_one(&mut conn)
        .await?;
    ensure!(parts == 0, "{parts} upload parts left over");

    // File (through whichever replica), review on the officer's device, approve.
    let number = cli(&investor, &["case", "file", &case])?;
    ensure!(number.starts_with("BPN-"), "{number}");
    let officer = dir.join("officer");
    tokio::task::block_in_place(|| cli_login(&officer, &proxy.url, "petugas"))?;
    cli(&officer, &["sync", "now"])?;
    let detail = json(&officer, &["review", "show", &case])?;
    ensure!(
        detail["present"].as_array().map(Vec::len) == Some(keys.len()),
        "{detail:#}"
    );
    for key in &keys {
        cli(&officer, &["review", "verify", &case, key])?;
    }
    cli(
        &officer,
        &[
            "review",
            "approve",
            &case,
            "--number",
            "503/0100/DPMPTSP/XII/2026",
        ],
    )?;
    cli(&officer, &["sync", "now"])?;
    cli(&investor, &["sync", "now"])?;
    ensure!(json(&investor, &["case", "show", &case, "--json"])?["status"] == "approved");

    // Every file, read back through each replica, hashes to its name.
    let shas: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT sha256 FROM document_blobs WHERE case_id = $1")
            .bind(&case)
            .fetch_all(&mut conn)
            .await?;
    ensure!(
        shas.contains(&big_sha) && shas.len() == keys.len(),
        "{shas:?}"
    );
    for url in replicas.running.iter().map(|(_, u)| u.clone()) {
        let token = gerbang_sync::Client::new(&url)?
            .login("petugas", PASSWORD)
            .await?
            .token;
        let client = gerbang_sync::Client::new(&url)?.with_token(&token);
        for sha in &shas {
            let bytes = client.get_blob(sha).await?;
            ensure!(
                &gerbang_core::hex(&Sha256::digest(&bytes)) == sha,
                "{sha} read back differently through {url}"
            );
        }
        let metrics = reqwest_get(&format!("{url}/metrics")).await?;
        ensure!(
            metrics.0 == 200 && metrics.1.contains("gerbang_http_requests_total{"),
            "{metrics:?}"
        );
    }
    let served: Vec<usize> = proxy
        .served
        .iter()
        .map(|n| n.load(std::sync::atomic::Ordering::Relaxed))
        .collect();
    ensure!(
        served.iter().all(|n| *n > 0),
        "connections per replica: {served:?}"
    );
    Ok(())
}

/// A GET over plain HTTP/1.1: (status, body).
async fn reqwest_get(url: &str) -> Result<(u16, String)> {
    tokio::task::block_in_place(|| {
        use std::io::{Read, Write};
        let u = url::Url::parse(url)?;
        let address = format!(
            "{}:{}",
            u.host_str().context("host")?,
            u.port().context("port")?
        );
        let mut s = std::net::TcpStream::connect(&address)?;
        write!(
            s,
            "GET {} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n",
            u.path()
        )?;
        let mut answer = String::new();
        s.read_to_string(&mut answer)?;
        let status = answer
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .context("status")?;
        let body = answer
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, b)| b.to_owned());
        Ok((status, body))
    })
}
