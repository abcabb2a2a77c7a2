//! Measures sync over loopback with the real server process: pushing N changes (default
//! 10,000) from one device and pulling them on a second device of the same account (median of
//! 3 runs, a fresh server each); then the server's pull throughput and latency under C
//! concurrent clients (default 8) for D seconds (default 10); then, with `--feed F`, F changes
//! of another account added to the feed and the same clients pulling from the head of their
//! own (nothing new: what every device does every minute), measured by those clients and,
//! where `wrk` is installed, by wrk.
//!
//! `cargo run --release -p gerbang-tests --bin gerbang-sync-bench -- [--changes N]
//!  [--clients C] [--seconds D] [--feed F] [--postgres ADMIN_URL]`
//! With `--postgres`, each run gets a fresh database on that server (dropped afterwards).

use anyhow::{Context, Result};
use gerbang_store::Store;
use gerbang_sync::Client;
use gerbang_sync::engine::sync_now;
use gerbang_tests::{PASSWORD, add_server_user, start_server_on};
use std::time::{Duration, Instant};

struct Args {
    changes: u64,
    clients: usize,
    seconds: u64,
    feed: u64,
    postgres: Option<String>,
}

fn args() -> Result<Args> {
    let mut a = Args {
        changes: 10_000,
        clients: 8,
        seconds: 10,
        feed: 0,
        postgres: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--changes" => a.changes = value.parse()?,
            "--clients" => a.clients = value.parse()?,
            "--seconds" => a.seconds = value.parse()?,
            "--feed" => a.feed = value.parse()?,
            "--postgres" => a.postgres = Some(value),
            other => anyhow::bail!("unknown flag {other}"),
        }
    }
    Ok(a)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn device(dir: &std::path::Path, name: &str) -> Result<Store> {
    let data = dir.join(name);
    std::fs::create_dir_all(&data)?;
    Ok(Store::open(&data.join("gerbang.db")).await?)
}

/// A database URL for one run, and how to drop it afterwards.
async fn database(
    args: &Args,
    dir: &std::path::Path,
    run: usize,
) -> Result<(String, Option<String>)> {
    use sqlx::Connection;
    match &args.postgres {
        None => Ok((
            format!("sqlite://{}", dir.join("server.db").display()),
            None,
        )),
        Some(admin) => {
            let name = format!("gerbang_bench_{}_{run}", std::process::id());
            let mut conn = sqlx::PgConnection::connect(admin).await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await?;
            let mut url = url::Url::parse(admin)?;
            url.set_path(&name);
            Ok((url.to_string(), Some(name)))
        }
    }
}

async fn drop_database(args: &Args, name: Option<String>) -> Result<()> {
    use sqlx::Connection;
    if let (Some(admin), Some(name)) = (&args.postgres, name) {
        let mut conn = sqlx::PgConnection::connect(admin).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = args()?;
    let kind = if args.postgres.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "server database: {kind}; {} changes; {} clients for {} s",
        args.changes, args.clients, args.seconds
    );
    let catalog = gerbang_catalog::catalog().map_err(anyhow::Error::msg)?;
    let index = gerbang_catalog::index().map_err(anyhow::Error::msg)?;
    let facts: gerbang_core::facts::Facts = serde_json::from_str(&std::fs::read_to_string(
        gerbang_tests::workspace_root().join(
            "crates/gerbang-catalog/tests/catalog/cases/02-restoran-kecil-bangunan-baru.json",
        ),
    )?)?;
    let today = time::OffsetDateTime::now_utc()
        .to_offset(gerbang_core::WITA)
        .date();
    let checklist = gerbang_core::engine::evaluate(&facts, catalog, index, today)?;

    let (mut pushes, mut pulls) = (Vec::new(), Vec::new());
    let mut last = None;
    for run in 0..3 {
        let dir = tempfile::tempdir()?;
        let (db, pg_name) = database(&args, dir.path(), run).await?;
        let (server, url) = start_server_on(&db)?;
        add_server_user(&db, "ani", "investor", PASSWORD)?;
        let token = Client::new(&url)?.login("ani", PASSWORD).await?.token;
        let client = Client::new(&url)?.with_token(&token);
        let a = device(dir.path(), "a").await?;
        let profile: gerbang_store::profiles::NewProfile = serde_json::from_str(
            r#"{"kind":"company","name":"CV Teluk Rasa","entity_type":"cv","capital_status":"pmdn","npwp":"0012345678901000"}"#,
        )?;
        let p = a.create_profile("bench", profile).await?;
        a.create_cases_bulk("bench", &p.id, &facts, &checklist, args.changes - 1, 1000)
            .await?;
        anyhow::ensure!(a.pending_changes().await? == args.changes as i64);
        // Push only: the pull half of sync_now is timed on the other device.
        let t = Instant::now();
        let report = sync_now(&a, &client).await?;
        let push = t.elapsed();
        anyhow::ensure!(u64::from(report.applied) == args.changes, "{report:?}");
        let b = device(dir.path(), "b").await?;
        let t = Instant::now();
        let report = sync_now(&b, &client).await?;
        let pull = t.elapsed();
        anyhow::ensure!(u64::from(report.pulled) == args.changes, "{report:?}");
        println!(
            "run {}: push+own pull {:.2} s, pull on a second device {:.2} s",
            run + 1,
            push.as_secs_f64(),
            pull.as_secs_f64()
        );
        pushes.push(push);
        pulls.push(pull);
        if run == 2 {
            last = Some((server, url, client, pg_name, dir, token.clone()));
        } else {
            drop(server);
            drop_database(&args, pg_name).await?;
        }
    }
    println!(
        "median: push {} changes (incl. the device pulling its own back) {:.2} s ({:.0} changes/s); pull them on a second device {:.2} s ({:.0} changes/s)",
        args.changes,
        median(pushes.clone()).as_secs_f64(),
        args.changes as f64 / median(pushes).as_secs_f64(),
        median(pulls.clone()).as_secs_f64(),
        args.changes as f64 / median(pulls).as_secs_f64()
    );

    // What one case change costs on the wire: a page of 500 as the server sends it, before gzip.
    let (server, _url, client, pg_name, _dir, token) = last.context("the last run")?;
    let page = client.pull(0, 500).await?;
    let cases = page.changes.iter().filter(|c| c.kind == "case").count();
    let bytes = serde_json::to_vec(&page)?.len();
    println!(
        "a pull page of {} changes ({cases} cases) is {bytes} bytes before gzip: {:.0} bytes per change",
        page.changes.len(),
        bytes as f64 / page.changes.len().max(1) as f64
    );

    // Every cursor of the feed (each change's `seq` is the sealed cursor that follows it).
    let mut cursors = vec![0_i64];
    let mut after = 0;
    loop {
        let page = client.pull(after, 2000).await?;
        cursors.extend(page.changes.iter().map(|c| c.seq));
        after = page.cursor;
        if !page.more {
            break;
        }
    }
    let head = after;

    // Load: C clients pulling pages of 100 from random cursors.
    let cursors = std::sync::Arc::new(cursors);
    let all = load(
        &args,
        &client,
        move |x| cursors[x as usize % cursors.len()],
        false,
    )
    .await?;
    report("pull load", &args, &all);

    if args.feed > 0 {
        let db = url_of(&args, pg_name.as_deref(), _dir.path())?;
        let t = Instant::now();
        fill_feed(&db, args.feed).await?;
        println!(
            "feed: {} changes of another account added in {:.1} s",
            args.feed,
            t.elapsed().as_secs_f64()
        );
        let all = load(&args, &client, move |_| head, true).await?;
        report(
            &format!("idle pull, {} changes of others in the feed", args.feed),
            &args,
            &all,
        );
        wrk(&args, &_url, &token, head);
    }
    drop(server);
    drop_database(&args, pg_name).await?;
    Ok(())
}

/// C clients pulling pages of 100 from `cursor(x)` for D seconds; each request's latency.
async fn load(
    args: &Args,
    client: &Client,
    cursor: impl Fn(i64) -> i64 + Send + Sync + Clone + 'static,
    idle: bool,
) -> Result<Vec<Duration>> {
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    for c in 0..args.clients {
        let client = client.clone();
        let cursor = cursor.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut x: i64 = 7919 * (c as i64 + 1);
            while Instant::now() < deadline {
                x = (x * 1_103_515_245 + 12_345).rem_euclid(1 << 31);
                let t = Instant::now();
                let page = client.pull(cursor(x), 100).await?;
                latencies.push(t.elapsed());
                anyhow::ensure!(
                    !idle || page.changes.is_empty(),
                    "an idle pull found {} changes",
                    page.changes.len()
                );
            }
            Ok::<_, anyhow::Error>(latencies)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    all.sort();
    Ok(all)
}

fn report(what: &str, args: &Args, all: &[Duration]) {
    let n = all.len();
    println!(
        "{what}: {} requests in {} s from {} clients = {:.0} requests/s; latency median {:.2} ms, p99 {:.2} ms",
        n,
        args.seconds,
        args.clients,
        n as f64 / args.seconds as f64,
        all[n / 2].as_secs_f64() * 1e3,
        all[(n * 99 / 100).min(n - 1)].as_secs_f64() * 1e3
    );
}

/// The server database's URL for the last run.
fn url_of(args: &Args, pg_name: Option<&str>, dir: &std::path::Path) -> Result<String> {
    Ok(match (&args.postgres, pg_name) {
        (Some(admin), Some(name)) => {
            let mut url = url::Url::parse(admin)?;
            url.set_path(name);
            url.to_string()
        }
        _ => format!("sqlite://{}", dir.join("server.db").display()),
    })
}

/// Appends `n` changes of an account nobody pulls as, each with a case-sized record (700 bytes),
/// straight into the server's feed (as a city's other applicants would have made them).
async fn fill_feed(db: &str, n: u64) -> Result<()> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(db).await?;
    let data = format!("{{\"pad\":\"{}\"}}", "x".repeat(690));
    let step = 100_000;
    let mut done = 0;
    while done < n {
        let count = step.min(n - done);
        sqlx::query(&format!(
            "INSERT INTO changes (kind, record_id, owner_id, for_officers, version, data, at)
             WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {count})
             SELECT 'case', 'other-' || CAST(i + {done} AS TEXT), 'someone-else', 0, 1, $1,
                    '2026-12-01T00:00:00Z' FROM s"
        ))
        .bind(&data)
        .execute(&mut conn)
        .await?;
        done += count;
    }
    Ok(())
}

/// The same idle pull from outside: wrk with C connections for D seconds, if it is installed.
fn wrk(args: &Args, url: &str, token: &str, head: i64) {
    let out = std::process::Command::new("wrk")
        .args([
            "-t2",
            &format!("-c{}", args.clients),
            &format!("-d{}s", args.seconds),
            "--latency",
            "-H",
            &format!("Authorization: Bearer {token}"),
            &format!("{url}/api/v1/sync/pull?after={head}&limit=100"),
        ])
        .output();
    match out {
        Ok(o) => println!("wrk (idle pull):\n{}", String::from_utf8_lossy(&o.stdout)),
        Err(e) => println!("wrk not run ({e}): apt-get install wrk to measure from outside"),
    }
}
