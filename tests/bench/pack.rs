//! Measures document packs: one pack of a case with 20 attachments totalling 100 pages (17
//! scanned PDFs, two JPEG photos and a PNG; each scanned page a 1240 × 1754 grayscale JPEG of
//! about 270 KB, so about 27 MB of attachments), and a batch of 50 packs of ordinary cases
//! (8 attachments, 11 pages each). Each run is a fresh child process, so its peak memory
//! (VmHWM) is that of one `gerbang pack` run: the median time and memory over the runs are
//! reported, with the slowest and the largest.
//!
//! `cargo run --release -p gerbang-tests --bin gerbang-pack-bench -- [--runs 7] [--batch-runs 3]
//! [--keep DIR]` (`--keep` copies the big pack there, to look at)
//! (needs ImageMagick's `convert` for the scanned page, as scripts/test installs it).

use anyhow::{Context, Result, bail, ensure};
use gerbang_tests::fixtures;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Peak resident memory of this process so far, in KiB (Linux's VmHWM).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn scan_jpeg(dir: &Path) -> Result<Vec<u8>> {
    let path = dir.join("scan.jpg");
    let status = Command::new("/usr/bin/convert")
        .args([
            "-seed",
            "7",
            "-size",
            "1240x1754",
            "plasma:white-gray90",
            "-colorspace",
            "Gray",
            "-attenuate",
            "0.4",
            "+noise",
            "Gaussian",
            "-font",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "-pointsize",
            "28",
            "-fill",
            "black",
            "-annotate",
            "+100+200",
            "AKTA PENDIRIAN PERSEROAN TERBATAS",
            "-quality",
            "70",
        ])
        .arg(&path)
        .status()
        .context("ImageMagick's convert (apt-get install imagemagick)")?;
    ensure!(status.success(), "convert failed");
    Ok(std::fs::read(path)?)
}

/// The big case: 16 activities (24 required items), the first 20 documented.
async fn big_case(dir: &Path) -> Result<String> {
    let (store, _, _) = fixtures::store_with_case(dir).await?;
    let activities: Vec<serde_json::Value> = [
        "56101", "56303", "46100", "47111", "55101", "10710", "49111", "79121", "68111", "41011",
        "56290", "52101", "16101", "47721", "70209", "43211",
    ]
    .iter()
    .map(|k| serde_json::json!({"kbli": k, "location": "Balikpapan Kota"}))
    .collect();
    let facts: gerbang_core::facts::Facts = serde_json::from_value(serde_json::json!({
        "kbli_edition": "2025", "entity_type": "pt", "capital_status": "pmdn",
        "business_capital_idr": 8_000_000_000i64,
        "activities": activities,
        "building": {"new": true, "floors": 3, "floor_area_m2": 900.0},
        "billboard": {"permanent": true}
    }))?;
    let profile = store.profiles("").await?.remove(0);
    let case = store
        .create_case(
            "bench",
            &profile,
            &facts,
            &gerbang_core::engine::evaluate(
                &facts,
                gerbang_catalog::catalog().map_err(|e| anyhow::anyhow!("{e}"))?,
                gerbang_catalog::index().map_err(|e| anyhow::anyhow!("{e}"))?,
                time::macros::date!(2026 - 11 - 27),
            )?,
        )
        .await?;
    let keys = fixtures::required_keys(&case);
    ensure!(keys.len() >= 20, "only {} required items", keys.len());
    let scan = scan_jpeg(dir)?;
    // 17 scanned PDFs of 97 pages in all (5 or 6 pages each), then 3 images: 100 pages.
    let mut pages_left = 97;
    for (i, key) in keys.iter().take(17).enumerate() {
        let n = pages_left / (17 - i);
        pages_left -= n;
        let pdf = fixtures::scanned_pdf(&scan, &format!("Dokumen {}", i + 1), n)?;
        fixtures::attach(
            &store,
            &case.summary.id,
            key,
            &format!("pindaian-{:02}.pdf", i + 1),
            &pdf,
        )
        .await?;
    }
    fixtures::attach(
        &store,
        &case.summary.id,
        &keys[17],
        "foto-depan.jpg",
        fixtures::JPEG,
    )
    .await?;
    fixtures::attach(&store, &case.summary.id, &keys[18], "foto-dalam.jpg", &scan).await?;
    fixtures::attach(
        &store,
        &case.summary.id,
        &keys[19],
        "denah.png",
        &fixtures::png(1600, 1200, false)?,
    )
    .await?;
    store.close().await;
    Ok(case.summary.id)
}

/// 50 ordinary cases: the restaurant with its 8 items documented (11 pages of text PDFs).
async fn batch_cases(dir: &Path, n: usize) -> Result<Vec<String>> {
    let (store, profile, _) = fixtures::store_with_case(dir).await?;
    let mut ids = Vec::with_capacity(n);
    for c in 0..n {
        let case = store
            .create_case(
                "bench",
                &profile,
                &fixtures::restaurant()?,
                &gerbang_core::engine::evaluate(
                    &fixtures::restaurant()?,
                    gerbang_catalog::catalog().map_err(|e| anyhow::anyhow!("{e}"))?,
                    gerbang_catalog::index().map_err(|e| anyhow::anyhow!("{e}"))?,
                    time::macros::date!(2026 - 11 - 27),
                )?,
            )
            .await?;
        for (i, key) in fixtures::required_keys(&case).iter().enumerate() {
            let pdf = fixtures::numbered_pdf(&format!("Kasus {c} dokumen {i}"), 1 + i % 3)?;
            fixtures::attach(
                &store,
                &case.summary.id,
                key,
                &format!("dokumen-{i}.pdf"),
                &pdf,
            )
            .await?;
        }
        ids.push(case.summary.id);
    }
    store.close().await;
    Ok(ids)
}

/// In a child: packs `ids` from the store in `dir` into `out`, printing "ms kib pages bytes".
async fn child(dir: &Path, out: &Path, ids: &[String]) -> Result<()> {
    let store = gerbang_store::Store::open(&dir.join("gerbang.db")).await?;
    std::fs::create_dir_all(out)?;
    let started = Instant::now();
    let (mut pages, mut bytes) = (0, 0);
    for id in ids {
        let (case, profile) = store.case_with_applicant(id).await?;
        let source = gerbang_pack::Source::new(case, profile, store.blobs_dir());
        let path = out.join(format!("{id}.pdf"));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        let pack = gerbang_pack::write_to(
            &source.request(gerbang_core::Language::Id, "http://127.0.0.1:8740"),
            &mut |_| {},
            &mut file,
        )?;
        std::io::Write::flush(&mut file)?;
        ensure!(
            pack.attachments.iter().all(|a| a.excluded.is_none()),
            "an attachment was left out"
        );
        pages += pack.pages;
        bytes += std::fs::metadata(&path)?.len() as usize;
    }
    println!(
        "{} {} {pages} {bytes}",
        started.elapsed().as_millis(),
        peak_kib()
    );
    Ok(())
}

struct Run {
    ms: u64,
    kib: u64,
    pages: usize,
    bytes: usize,
}

fn run_child(dir: &Path, ids: &[String]) -> Result<Run> {
    let out = dir.join("out");
    let output = Command::new(std::env::current_exe()?)
        .arg("--child")
        .arg(dir)
        .arg(&out)
        .args(ids)
        .output()?;
    ensure!(
        output.status.success(),
        "child failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let v: Vec<u64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    ensure!(v.len() == 4, "child printed {text:?}");
    Ok(Run {
        ms: v[0],
        kib: v[1],
        pages: v[2] as usize,
        bytes: v[3] as usize,
    })
}

fn report(what: &str, runs: &[Run]) {
    let mut ms: Vec<u64> = runs.iter().map(|r| r.ms).collect();
    let mut kib: Vec<u64> = runs.iter().map(|r| r.kib).collect();
    ms.sort_unstable();
    kib.sort_unstable();
    let r = &runs[0];
    println!(
        "{what}: {} pages, {:.1} MB written; median {} ms (slowest {} ms), peak memory median {:.0} MiB (largest {:.0} MiB), {} runs",
        r.pages,
        r.bytes as f64 / 1e6,
        ms[ms.len() / 2],
        ms[ms.len() - 1],
        kib[kib.len() / 2] as f64 / 1024.0,
        kib[kib.len() - 1] as f64 / 1024.0,
        runs.len()
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        let dir = PathBuf::from(args.get(1).context("dir")?);
        let out = PathBuf::from(args.get(2).context("out")?);
        return child(&dir, &out, &args[3..]).await;
    }
    let (mut runs, mut batch_runs) = (7, 3);
    let mut keep: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().context("--runs N")?.parse()?,
            "--batch-runs" => batch_runs = it.next().context("--batch-runs N")?.parse()?,
            "--keep" => keep = Some(it.next().context("--keep DIR")?.into()),
            other => {
                bail!("unknown argument {other:?}; usage: [--runs N] [--batch-runs N] [--keep DIR]")
            }
        }
    }
    let big = tempfile::tempdir()?;
    let id = big_case(big.path()).await?;
    let one: Vec<Run> = (0..runs)
        .map(|_| run_child(big.path(), std::slice::from_ref(&id)))
        .collect::<Result<_>>()?;
    report("one pack, 20 attachments", &one);
    if let Some(dir) = &keep {
        std::fs::create_dir_all(dir)?;
        std::fs::copy(
            big.path().join("out").join(format!("{id}.pdf")),
            dir.join("pack-20-attachments.pdf"),
        )?;
    }

    let many = tempfile::tempdir()?;
    let ids = batch_cases(many.path(), 50).await?;
    let batch: Vec<Run> = (0..batch_runs)
        .map(|_| run_child(many.path(), &ids))
        .collect::<Result<_>>()?;
    report("a batch of 50 packs", &batch);
    Ok(())
}
