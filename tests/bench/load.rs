//! A load generator for the city backend: R replicas of the real server on one fresh
//! PostgreSQL database (sharing one document store), and D simulated devices (each its own
//! investor account and its own local store, devices spread over the replicas in turn) doing the
//! whole cycle C times: push a new restaurant case, upload its two 1 MB documents, file it, then
//! poll (a pull that finds nothing new). Prints cycles per second, the median and p99 of a push
//! and of an empty poll, and each replica's peak memory (VmHWM).
//!
//! `cargo run --release -p gerbang-tests --bin gerbang-load-bench -- --postgres ADMIN_URL
//!  [--replicas R] [--devices D] [--cycles C] [--blobs URL] [--server BINARY]`
//! `--blobs` is handed to every replica (default: one shared directory in a temporary folder);
//! `--server` runs another build of the server (e.g. an earlier commit's, to compare).

use anyhow::{Context, Result, ensure};
use gerbang_store::Store;
use gerbang_store::outbox::Acknowledged;
use gerbang_sync::Client;
use gerbang_sync::wire::{FileRequest, Outcome};
use gerbang_tests::{PASSWORD, Process, add_server_user, read_server_url, workspace_bin};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Args {
    replicas: usize,
    devices: usize,
    cycles: usize,
    postgres: String,
    blobs: Option<String>,
    server: Option<std::path::PathBuf>,
}

fn args() -> Result<Args> {
    let mut a = Args {
        replicas: 1,
        devices: 8,
        cycles: 3,
        postgres: "postgres://postgres@127.0.0.1:5432/postgres".to_owned(),
        blobs: None,
        server: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--replicas" => a.replicas = value.parse()?,
            "--devices" => a.devices = value.parse()?,
            "--cycles" => a.cycles = value.parse()?,
            "--postgres" => a.postgres = value,
            "--blobs" => a.blobs = Some(value),
            "--server" => a.server = Some(value.into()),
            other => anyhow::bail!("unknown flag {other}"),
        }
    }
    ensure!(a.replicas >= 1 && a.devices >= 1 && a.cycles >= 1);
    Ok(a)
}

/// What one device measured.
#[derive(Default)]
struct Timings {
    pushes: Vec<Duration>,
    polls: Vec<Duration>,
    cycles: usize,
}

fn quantile(v: &mut [Duration], q: f64) -> Duration {
    v.sort();
    if v.is_empty() {
        return Duration::ZERO;
    }
    v[((v.len() - 1) as f64 * q).round() as usize]
}

/// A device with its account signed in and `cycles` cases prepared (documents attached), so the
/// timed part is what the server does.
struct Device {
    store: Store,
    client: Client,
    cases: Vec<String>,
}

async fn prepare(dir: &std::path::Path, n: usize, url: &str, cycles: usize) -> Result<Device> {
    let data = dir.join(format!("device-{n}"));
    std::fs::create_dir_all(&data)?;
    let store = Store::open(&data.join("gerbang.db")).await?;
    let token = Client::new(url)?
        .login(&format!("dev{n}"), PASSWORD)
        .await?
        .token;
    let client = Client::new(url)?.with_token(&token);
    let profile: gerbang_store::profiles::NewProfile = serde_json::from_value(serde_json::json!({
        "kind": "company", "name": format!("PT Beban {n}"), "entity_type": "pt",
        "capital_status": "pmdn", "npwp": "0012345678901000"
    }))?;
    let profile = store.create_profile("bench", profile).await?;
    let catalog = gerbang_catalog::catalog().map_err(anyhow::Error::msg)?;
    let index = gerbang_catalog::index().map_err(anyhow::Error::msg)?;
    let today = gerbang_core::wita::today();
    let mut cases = Vec::new();
    for c in 0..cycles {
        let case = store
            .create_case(
                "bench",
                &profile,
                &gerbang_tests::fixtures::restaurant()?,
                &gerbang_core::engine::evaluate(
                    &gerbang_tests::fixtures::restaurant()?,
                    catalog,
                    index,
                    today,
                )?,
            )
            .await?;
        // Two distinct files of about 1 MB (64 scanned pages), shared by the required items.
        let files: Vec<Vec<u8>> = (0..2)
            .map(|k| {
                gerbang_tests::fixtures::scanned_pdf(
                    gerbang_tests::fixtures::JPEG,
                    &format!("device {n} case {c} file {k}"),
                    64,
                )
            })
            .collect::<Result<_>>()?;
        for (i, key) in gerbang_tests::fixtures::required_keys(&case)
            .iter()
            .enumerate()
        {
            gerbang_tests::fixtures::attach(
                &store,
                &case.summary.id,
                key,
                &format!("berkas-{}.pdf", i % 2),
                &files[i % 2],
            )
            .await?;
        }
        cases.push(case.summary.id);
    }
    Ok(Device {
        store,
        client,
        cases,
    })
}

/// Pushes everything pending, timing each push request.
async fn push(d: &Device, t: &mut Timings) -> Result<()> {
    let device_id = d.store.device_id().await?;
    loop {
        let batch = d
            .store
            .pending_batch(gerbang_sync::engine::PUSH_BATCH)
            .await?;
        if batch.is_empty() {
            return Ok(());
        }
        let request = gerbang_sync::engine::push_request(&device_id, batch);
        let start = Instant::now();
        let response = d.client.push(&request).await?;
        t.pushes.push(start.elapsed());
        let acks: Vec<Acknowledged> = response
            .results
            .iter()
            .map(|r| {
                ensure!(
                    r.outcome == Outcome::Applied,
                    "mutation {} was not applied: {:?}",
                    r.seq,
                    r.message
                );
                Ok(gerbang_sync::engine::acknowledged(r))
            })
            .collect::<Result<_>>()?;
        d.store.record_results(&acks).await?;
    }
}

async fn cycle(d: &Device, case_id: &str, t: &mut Timings) -> Result<()> {
    d.store.queue_case_snapshot(case_id).await?;
    push(d, t).await?;
    // Uploads (both files) and the pull of what the push made, through the engine.
    gerbang_sync::engine::sync_now(&d.store, &d.client).await?;
    let request = FileRequest {
        snapshot_hash: gerbang_sync::wire::record_hash(&d.store.case_record(case_id).await?),
    };
    let receipt = d.client.file(case_id, &request).await?;
    ensure!(receipt.number.starts_with("BPN-"), "{receipt:?}");
    gerbang_sync::engine::sync_now(&d.store, &d.client).await?;
    let cursor = d.store.sync_cursor().await?;
    let start = Instant::now();
    let page = d.client.pull(cursor, 500).await?;
    t.polls.push(start.elapsed());
    ensure!(
        page.changes.is_empty(),
        "a poll after the sync found changes"
    );
    t.cycles += 1;
    Ok(())
}

fn peak_memory_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = args()?;
    let dir = tempfile::tempdir()?;
    let db = gerbang_tests::ScratchDb::create_on(&args.postgres, "gerbang_load").await?;
    let blobs = args
        .blobs
        .clone()
        .unwrap_or_else(|| dir.path().join("blobs").display().to_string());
    let result = run(&args, &db.url, &blobs, dir.path()).await;
    db.remove().await?;
    result
}

async fn run(args: &Args, db: &str, blobs: &str, dir: &std::path::Path) -> Result<()> {
    let mut replicas: Vec<(Process, String)> = Vec::new();
    for _ in 0..args.replicas {
        let mut p = Process::spawn(
            "gerbang-server",
            Command::new(match &args.server {
                Some(path) => path.clone(),
                None => workspace_bin("gerbang-server")?,
            })
            .args([
                "--listen",
                "127.0.0.1:0",
                "--database",
                db,
                "--blobs",
                blobs,
            ])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit()),
        )?;
        let url = read_server_url(&mut p)?;
        replicas.push((p, url));
    }
    for n in 0..args.devices {
        add_server_user(db, &format!("dev{n}"), "investor", PASSWORD)?;
    }
    let mut devices = Vec::new();
    for n in 0..args.devices {
        let url = &replicas[n % replicas.len()].1;
        devices.push(prepare(dir, n, url, args.cycles).await?);
    }
    println!(
        "{} replica(s) on PostgreSQL, {} devices x {} cycles (push a case, upload 2 x 1 MB, file, poll)",
        args.replicas, args.devices, args.cycles
    );
    let start = Instant::now();
    let tasks: Vec<_> = devices
        .into_iter()
        .map(|d| {
            tokio::spawn(async move {
                let mut t = Timings::default();
                for case in d.cases.clone() {
                    cycle(&d, &case, &mut t).await?;
                }
                d.store.close().await;
                anyhow::Ok(t)
            })
        })
        .collect();
    let mut all = Timings::default();
    for task in tasks {
        let t = task.await??;
        all.pushes.extend(t.pushes);
        all.polls.extend(t.polls);
        all.cycles += t.cycles;
    }
    let elapsed = start.elapsed();
    ensure!(all.cycles == args.devices * args.cycles);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} cycles in {:.2} s: {:.2} cycles/s",
        all.cycles,
        elapsed.as_secs_f64(),
        all.cycles as f64 / elapsed.as_secs_f64()
    );
    println!(
        "push: median {:.1} ms, p99 {:.1} ms ({} pushes); empty poll: median {:.1} ms, p99 {:.1} ms",
        ms(quantile(&mut all.pushes, 0.5)),
        ms(quantile(&mut all.pushes, 0.99)),
        all.pushes.len(),
        ms(quantile(&mut all.polls, 0.5)),
        ms(quantile(&mut all.polls, 0.99)),
    );
    for (i, (p, _)) in replicas.iter().enumerate() {
        println!(
            "replica {}: peak memory {} MiB",
            i + 1,
            peak_memory_kib(p.id()).map_or("?".to_owned(), |k| format!("{:.0}", k as f64 / 1024.0))
        );
    }
    Ok(())
}
