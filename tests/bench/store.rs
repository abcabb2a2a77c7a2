//! Measures the local store at scale: bulk-creating N cases (default 100,000) of 20 checklist
//! items each, then the median time to list a page of cases, to run a full-text search, and to
//! re-derive one case's checklist; and the database's size on disk.
//!
//! `cargo run --release -p gerbang-tests --bin gerbang-store-bench -- [--cases N] [--dir DIR]`

use anyhow::{Context, Result, bail};
use gerbang_core::facts::{Activity, CapitalStatus, EntityType, Facts, KbliEdition, SpatialPlan};
use gerbang_store::Store;
use gerbang_store::cases::CaseQuery;
use gerbang_store::profiles::{NewProfile, ProfileKind};
use std::time::{Duration, Instant};

const CODES: [&str; 12] = [
    "01445", "01497", "02103", "08930", "09100", "10111", "10112", "10113", "10119", "10217",
    "10297", "13131",
];

fn facts() -> Facts {
    let activity = |kbli: &str| Activity {
        kbli: kbli.to_owned(),
        investment_idr: Some(100_000_000),
        land_and_buildings_idr: None,
        location: Some("Balikpapan Utara".to_owned()),
        city: None,
        kbli_2025: None,
        land_area_m2: None,
    };
    Facts {
        kbli_edition: KbliEdition::K2025,
        activities: std::iter::once("56101")
            .chain(CODES)
            .map(activity)
            .collect(),
        entity_type: EntityType::Pt,
        capital_status: CapitalStatus::Pmdn,
        business_capital_idr: 3_000_000_000,
        annual_sales_idr: None,
        paid_up_capital_idr: None,
        land_and_buildings_idr: None,
        building: Some(gerbang_core::facts::Building {
            new: true,
            floors: 3,
            floor_area_m2: 900.0,
        }),
        spatial_plan: Some(SpatialPlan::Rdtr),
        billboard: Some(gerbang_core::facts::Billboard { permanent: true }),
        non_halal: None,
        sea_space: None,
        home_industry: None,
        shared_premises: None,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn time_n<F, Fut>(n: usize, mut f: F) -> Result<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f().await?;
        times.push(t.elapsed());
    }
    Ok(median(times))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let mut cases: u64 = 100_000;
    let mut dir: Option<std::path::PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--cases" => cases = args.next().context("--cases N")?.parse()?,
            "--dir" => dir = args.next().map(Into::into),
            other => bail!("unknown argument {other:?}; usage: [--cases N] [--dir DIR]"),
        }
    }
    let tmp = tempfile::tempdir()?;
    let dir = dir.unwrap_or_else(|| tmp.path().to_owned());
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("gerbang.db");
    let store = Store::open(&db).await?;
    let catalog = gerbang_catalog::catalog().map_err(|e| anyhow::anyhow!("{e}"))?;
    let index = gerbang_catalog::index().map_err(|e| anyhow::anyhow!("{e}"))?;
    let profile = store
        .create_profile(
            "bench",
            NewProfile {
                kind: ProfileKind::Company,
                name: "PT Teluk Balikpapan Sejahtera".to_owned(),
                entity_type: EntityType::Pt,
                capital_status: CapitalStatus::Pmdn,
                nik: None,
                npwp: Some("0012345678901000".to_owned()),
                nib: None,
                address: None,
                phone: None,
                email: None,
                directors: vec![],
                shareholders: vec![],
            },
        )
        .await?;
    let facts = facts();
    let today = time::macros::date!(2026 - 11 - 27);
    let checklist = gerbang_core::engine::evaluate(&facts, catalog, index, today)?;
    println!("checklist items per case: {}", checklist.permits.len());

    let t = Instant::now();
    store
        .create_cases_bulk("bench", &profile.id, &facts, &checklist, cases, 5_000)
        .await?;
    let bulk = t.elapsed();
    println!(
        "bulk create: {cases} cases in {:.1} s ({:.0} µs a case)",
        bulk.as_secs_f64(),
        bulk.as_secs_f64() * 1e6 / cases as f64
    );

    // The page after the middle case, as the app's list asks for it when scrolled that far.
    let middle = store
        .find_cases(&CaseQuery {
            limit: 1,
            offset: (cases as i64 / 2).max(0),
            ..CaseQuery::default()
        })
        .await?
        .remove(0)
        .id;
    let page = time_n(21, || async {
        let q = CaseQuery {
            limit: 50,
            after: Some(middle.clone()),
            ..CaseQuery::default()
        };
        anyhow::ensure!(store.find_cases(&q).await?.len() == 50.min(cases as usize / 2));
        Ok(())
    })
    .await?;
    let count = time_n(21, || async {
        anyhow::ensure!(store.count_cases(&CaseQuery::default()).await? == cases as i64);
        Ok(())
    })
    .await?;
    let first = time_n(21, || async {
        store.cases(50, 0).await?;
        Ok(())
    })
    .await?;
    let search = time_n(21, || async {
        let q = CaseQuery {
            text: Some("teluk sejah".to_owned()),
            limit: 50,
            ..CaseQuery::default()
        };
        anyhow::ensure!(!store.find_cases(&q).await?.is_empty());
        Ok(())
    })
    .await?;
    let one = store.cases(1, 0).await?.remove(0).id;
    let rederive = time_n(21, || async {
        // What the application does: the case's facts evaluated again, then saved.
        let facts = store.case(&one).await?.facts;
        let checklist = gerbang_core::engine::evaluate(&facts, catalog, index, today)?;
        store
            .rederive_case("bench", &one, &facts, &checklist)
            .await?;
        Ok(())
    })
    .await?;
    store.close().await;
    let size: u64 = ["gerbang.db", "gerbang.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "median list first page (50): {:.2} ms",
        first.as_secs_f64() * 1e3
    );
    println!(
        "median list a middle page (50, after case #{}): {:.2} ms",
        cases / 2,
        page.as_secs_f64() * 1e3
    );
    println!(
        "median count of all cases: {:.2} ms",
        count.as_secs_f64() * 1e3
    );
    println!(
        "median full-text search (\"teluk sejah\", first 50): {:.2} ms",
        search.as_secs_f64() * 1e3
    );
    println!(
        "median re-derive one case: {:.2} ms",
        rederive.as_secs_f64() * 1e3
    );
    println!("database size: {:.0} MiB", size as f64 / (1024.0 * 1024.0));
    Ok(())
}
