//! Criterion benchmarks: evaluating one case with three activities, planning it (with a new
//! building, so the basic requirements chain up, a holiday calendar and a stage in progress), and
//! KBLI search over both editions for 1-, 3- and 8-character queries and everyday words, and
//! building its index. `cargo bench -p
//! gerbang-catalog`.

use criterion::{Criterion, criterion_group, criterion_main};
use gerbang_core::engine::evaluate;
use gerbang_core::facts::{Activity, CapitalStatus, EntityType, Facts, KbliEdition, SpatialPlan};
use std::hint::black_box;

fn three_activities() -> Facts {
    let activity = |kbli: &str| Activity {
        kbli: kbli.to_owned(),
        investment_idr: Some(1_000_000_000),
        land_and_buildings_idr: None,
        location: Some("Balikpapan Selatan".to_owned()),
        city: None,
        kbli_2025: None,
        land_area_m2: Some(2_000.0),
    };
    Facts {
        kbli_edition: KbliEdition::K2025,
        activities: vec![activity("56101"), activity("55103"), activity("41012")],
        entity_type: EntityType::Pt,
        capital_status: CapitalStatus::Pmdn,
        business_capital_idr: 3_000_000_000,
        annual_sales_idr: None,
        paid_up_capital_idr: None,
        land_and_buildings_idr: None,
        building: None,
        spatial_plan: Some(SpatialPlan::Rdtr),
        billboard: None,
        non_halal: None,
        sea_space: None,
        home_industry: None,
        shared_premises: None,
    }
}

fn benches(c: &mut Criterion) {
    let catalog = gerbang_catalog::catalog().expect("catalog");
    let index = gerbang_catalog::index().expect("index");
    let facts = three_activities();
    let as_of = time::macros::date!(2026 - 11 - 27);
    c.bench_function("evaluate/3 activities", |b| {
        b.iter(|| evaluate(black_box(&facts), catalog, index, as_of).expect("evaluates"))
    });
    // The plan of the same three activities putting up a building where no RDTR covers the
    // land: PKKPR, environment, Andalalin, PBG, SLF before three Sertifikat Standar/Izin.
    let mut building = three_activities();
    building.building = Some(gerbang_core::facts::Building {
        new: true,
        floors: 4,
        floor_area_m2: 3_000.0,
    });
    building.spatial_plan = Some(SpatialPlan::NoRdtr);
    let checklist = evaluate(&building, catalog, index, as_of).expect("evaluates");
    let calendar = gerbang_core::service_time::HolidayCalendar::parse(
        "2026-12-24\n2026-12-25\n2027-01-01\n2027-02-17\n2027-03-20\n",
    )
    .expect("calendar");
    let progress = vec![gerbang_core::plan::StageProgress {
        key: "kkpr@*".into(),
        state: gerbang_core::plan::StageState::Started,
        started_on: Some("2026-11-20".into()),
        ..Default::default()
    }];
    c.bench_function(
        &format!("plan/3 activities ({} stages)", checklist.permits.len()),
        |b| {
            b.iter(|| {
                gerbang_core::plan::plan(
                    black_box(&checklist),
                    catalog,
                    &calendar,
                    &progress,
                    as_of,
                )
            })
        },
    );
    c.bench_function("search/index build (both editions)", |b| {
        b.iter(|| gerbang_core::search::KbliIndex::new(black_box(catalog)))
    });
    for (name, q) in [
        ("1 char", "5"),
        ("3 chars", "res"),
        ("8 chars", "restoran"),
        ("8 chars typo", "resotran"),
        ("everyday words", "toko emas"),
        ("everyday words, abbreviation", "servis hp"),
        ("everyday words, typo", "kontraktor rumha"),
        ("nothing answers well", "zzqqxx kantor"),
    ] {
        c.bench_function(&format!("search/{name} ({q})"), |b| {
            b.iter(|| index.search(black_box(q), None, 20))
        });
    }
}

criterion_group!(engine, benches);
criterion_main!(engine);
