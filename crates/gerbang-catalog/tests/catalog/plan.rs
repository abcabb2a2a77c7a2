//! The licensing plan over the real catalog: golden plans for every example case, the order the
//! regulations set, working days across holidays and the year end, unknown service times
//! widening the range, and re-planning as stages are started and obtained.

use crate::{as_of, catalog, index};
use gerbang_core::engine::{Checklist, evaluate};
use gerbang_core::facts::Facts;
use gerbang_core::plan::{Plan, StageProgress, StageState, plan};
use gerbang_core::service_time::HolidayCalendar;
use serde_json::{Value, json};
use std::path::Path;
use time::macros::date;

fn case(name: &str) -> Checklist {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/catalog/cases")
        .join(format!("{name}.json"));
    let facts: Facts = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    evaluate(&facts, catalog(), index(), as_of()).unwrap()
}

/// Days off used by these tests (not an official list).
fn calendar() -> HolidayCalendar {
    HolidayCalendar::parse("2026-12-24\n2026-12-25\n2027-01-01\n").unwrap()
}

fn stage<'a>(p: &'a Plan, key: &str) -> &'a gerbang_core::plan::PlanStage {
    p.stages
        .iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("no stage {key} in {:?}", p.critical_path))
}

/// The plan as a reviewer reads it: each stage's order, days and dates.
fn compact(p: &Plan) -> Value {
    json!({
        "stages": p.stages.iter().map(|s| json!({
            "key": s.key,
            "depends_on": s.depends_on,
            "working_days": [s.working_days.min, s.working_days.max],
            "confirmed": s.confirmed,
            "dates": [s.start, s.end, s.latest_end],
            "critical": s.critical,
            "work": s.work.as_ref().map(|w| json!([w.name, w.days])),
        })).collect::<Vec<_>>(),
        "critical_path": p.critical_path,
        "completion": [p.completion.earliest, p.completion.latest],
        "unknown": p.completion.unknown,
        "known_working_days": p.completion.known_working_days,
        "drivers": p.drivers.iter().map(|d| format!("{} {} {}", d.key, d.reason, d.working_days)).collect::<Vec<_>>(),
    })
}

#[test]
fn golden_plans() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/catalog/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let p = plan(&case(&name), catalog(), &calendar(), &[], as_of());
        // Every stage starts no earlier than it may: after each stage it waits for.
        for s in &p.stages {
            for d in &s.depends_on {
                assert!(stage(&p, d).end <= s.start, "{name}: {} before {d}", s.key);
            }
        }
        insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!(format!("plan-{name}"), compact(&p));
        });
    }
}

#[test]
fn the_basic_requirements_come_in_their_legal_order() {
    // A consultancy putting up an office without an RDTR: PKKPR, then the environmental
    // approval, then PBG, then SLF, and only then the Sertifikat Standar.
    let p = plan(&case(OFFICE), catalog(), &calendar(), &[], as_of());
    let at = |k: &str| p.stages.iter().position(|s| s.key == k).unwrap();
    assert!(at("kkpr@*") < at("persetujuan_lingkungan@*"));
    assert!(at("persetujuan_lingkungan@*") < at("pbg@*"));
    assert!(at("pbg@*") < at("slf@*"));
    assert!(at("slf@*") < at("sertifikat_standar@70209"));
    assert_eq!(stage(&p, "slf@*").depends_on, vec!["pbg@*"]);
    let ss = stage(&p, "sertifikat_standar@70209");
    for d in [
        "nib@*",
        "kkpr@*",
        "persetujuan_lingkungan@*",
        "pbg@*",
        "slf@*",
    ] {
        assert!(
            ss.depends_on.contains(&d.to_owned()),
            "{d}: {:?}",
            ss.depends_on
        );
    }
    // A restaurant's SLHS and halal wait only for the NIB: they run while its building is
    // approved.
    let p = plan(
        &case("02-restoran-kecil-bangunan-baru"),
        catalog(),
        &calendar(),
        &[],
        as_of(),
    );
    for k in ["slhs@*", "halal@*"] {
        assert_eq!(stage(&p, k).depends_on, vec!["nib@*"]);
        assert_eq!(stage(&p, k).start, "2026-11-27");
    }
}

/// A consultancy (KBLI 70209) putting up a 4-floor office where no RDTR covers the land.
const OFFICE: &str = "42-kantor-konsultan-gedung-baru";

#[test]
fn unknown_service_times_widen_the_range_and_are_never_guessed() {
    let p = plan(&case(OFFICE), catalog(), &calendar(), &[], as_of());
    let env = stage(&p, "persetujuan_lingkungan@*");
    assert_eq!((env.working_days.min, env.working_days.max), (None, None));
    assert!(!env.confirmed && env.source.is_none());
    // Unknown is not zero: no completion date at all while it is unknown, and it is named.
    assert_eq!(env.latest_end, None);
    assert_eq!(stage(&p, "pbg@*").latest_end, None);
    assert_eq!(p.completion.latest, None);
    assert_eq!(p.completion.earliest, None);
    assert!(
        p.completion
            .unknown
            .contains(&"persetujuan_lingkungan@*".to_owned())
    );
    // Construction is the applicant's own estimate: unknown until given, named with SLF.
    assert!(p.completion.unknown.contains(&"slf@*".to_owned()));
    let work = stage(&p, "slf@*")
        .work
        .as_ref()
        .expect("construction before SLF");
    assert_eq!(
        (work.name.as_str(), work.days),
        ("Konstruksi bangunan", None)
    );
    assert!(
        p.drivers
            .iter()
            .any(|d| d.key == "persetujuan_lingkungan@*" && d.reason == "unknown_time")
    );
    // The activity's Sertifikat Standar takes the annex's issuing time, shown unconfirmed.
    let ss = stage(&p, "sertifikat_standar@70209");
    assert!(ss.working_days.max.is_some() && !ss.confirmed);
    assert!(ss.source.as_deref().unwrap().contains("annex"));

    // Once the unknown stages are obtained, the latest date is known.
    let done = |key: &str| StageProgress {
        key: key.to_owned(),
        state: StageState::Obtained,
        started_on: Some("2026-11-02".into()),
        obtained_on: Some("2026-11-20".into()),
        number: Some("X/1".into()),
        prep_days: None,
    };
    let unknown: Vec<StageProgress> = p
        .stages
        .iter()
        .filter(|s| s.working_days.max.is_none())
        .map(|s| done(&s.key))
        .collect();
    let known = plan(&case(OFFICE), catalog(), &calendar(), &unknown, as_of());
    let latest = known
        .completion
        .latest
        .expect("every time on the way is known");
    let earliest = known
        .completion
        .earliest
        .expect("every time on the way is known");
    assert!(latest >= earliest, "{latest} {earliest}");
    assert!(known.completion.unknown.is_empty());
}

#[test]
fn working_days_run_across_holidays_and_the_year_end() {
    // A PKKPR (30 working days at most: its PNBP within 7 calendar days, at most 5 working
    // days, then 5 + 20, Art 19-21) applied for on Tue 22 Dec 2026: 23 Dec counts, 24 and 25
    // Dec are days off, 1 Jan too; 30 working days end on Fri 5 Feb 2027.
    let checklist = case(OFFICE);
    let kkpr = &checklist.permits.iter().find(|i| i.id == "kkpr").unwrap();
    assert_eq!(kkpr.variant.as_deref(), Some("persetujuan"));
    let started = StageProgress {
        key: "kkpr@*".into(),
        state: StageState::Started,
        started_on: Some("2026-12-22".into()),
        ..StageProgress::default()
    };
    let today = date!(2026 - 12 - 28);
    let p = plan(
        &checklist,
        catalog(),
        &calendar(),
        std::slice::from_ref(&started),
        today,
    );
    let s = stage(&p, "kkpr@*");
    assert_eq!(s.working_days.max, Some(30));
    assert_eq!(s.start, "2026-12-22");
    assert_eq!(s.latest_end.as_deref(), Some("2027-02-05"));
    // Without the days off it would be three working days sooner.
    let p = plan(
        &checklist,
        catalog(),
        &HolidayCalendar::default(),
        &[started],
        today,
    );
    assert_eq!(
        stage(&p, "kkpr@*").latest_end.as_deref(),
        Some("2027-02-02")
    );
}

#[test]
fn re_planning_after_stages_are_started_and_obtained() {
    let checklist = case(OFFICE);
    let today = date!(2026 - 12 - 07);
    let before = plan(&checklist, catalog(), &calendar(), &[], today);
    assert_eq!(stage(&before, "kkpr@*").start, "2026-12-07");
    // The PKKPR was obtained on 3 Dec: the stages after it start from then, not from today;
    // the plan's earliest completion does not move later.
    let obtained = StageProgress {
        key: "kkpr@*".into(),
        state: StageState::Obtained,
        started_on: Some("2026-11-10".into()),
        obtained_on: Some("2026-12-03".into()),
        number: Some("PKKPR/123/2026".into()),
        prep_days: None,
    };
    let after = plan(
        &checklist,
        catalog(),
        &calendar(),
        std::slice::from_ref(&obtained),
        today,
    );
    let k = stage(&after, "kkpr@*");
    assert_eq!(
        (k.state, k.end.as_str()),
        (StageState::Obtained, "2026-12-03")
    );
    assert_eq!(k.number.as_deref(), Some("PKKPR/123/2026"));
    assert!(!after.drivers.iter().any(|d| d.key == "kkpr@*"));
    let end = |p: &Plan| stage(p, "sertifikat_standar@70209").end.clone();
    assert!(end(&after) <= end(&before));
    // The applicant's own preparation moves a stage (and what waits for it) later.
    let prep = StageProgress {
        key: "pbg@*".into(),
        prep_days: Some(30),
        ..StageProgress::default()
    };
    let prepared = plan(&checklist, catalog(), &calendar(), &[obtained, prep], today);
    assert!(stage(&prepared, "pbg@*").start > stage(&after, "pbg@*").start);
    assert!(end(&prepared) > end(&after));
    assert!(prepared.critical_path.contains(&"pbg@*".to_owned()));
}

#[test]
fn a_stage_past_its_limit_shows_fiktif_positif_only_where_the_text_gives_it() {
    let checklist = case(OFFICE);
    // The Sertifikat Standar: deemed verified past its time (Art 225).
    let started = StageProgress {
        key: "sertifikat_standar@70209".into(),
        state: StageState::Started,
        started_on: Some("2026-10-01".into()),
        ..StageProgress::default()
    };
    let p = plan(&checklist, catalog(), &calendar(), &[started], as_of());
    let s = stage(&p, "sertifikat_standar@70209");
    assert!(s.overdue);
    assert_eq!(s.consequence.as_deref(), Some("fiktif_positif"));
    // A PKKPR past its limit is overdue, but not deemed approved: Art 22(3) only lets it be
    // issued without the land-affairs consideration.
    let started = StageProgress {
        key: "kkpr@*".into(),
        state: StageState::Started,
        started_on: Some("2026-10-01".into()),
        ..StageProgress::default()
    };
    let p = plan(&checklist, catalog(), &calendar(), &[started], as_of());
    let s = stage(&p, "kkpr@*");
    assert!(s.overdue && s.consequence.is_none());
    // An obtained stage is never overdue, whatever its dates.
    let obtained = StageProgress {
        key: "kkpr@*".into(),
        state: StageState::Obtained,
        started_on: Some("2026-10-01".into()),
        obtained_on: Some("2026-11-26".into()),
        ..StageProgress::default()
    };
    let p = plan(&checklist, catalog(), &calendar(), &[obtained], as_of());
    let s = stage(&p, "kkpr@*");
    assert!(!s.overdue && s.consequence.is_none());
}

#[test]
fn the_catalog_refuses_a_plan_order_that_goes_round_in_a_circle() {
    let mut data = catalog().data.clone();
    let plan = data.rules.plan.as_mut().unwrap();
    plan.order
        .iter_mut()
        .find(|o| o.permit == "persetujuan_lingkungan")
        .unwrap()
        .after
        .push("slf".into());
    let bundle = serde_json::to_string(&data).unwrap();
    let err = gerbang_catalog::from_bundle(&bundle)
        .unwrap_err()
        .to_string();
    assert!(err.contains("waits, through others, for itself"), "{err}");
}

#[test]
fn the_city_publishes_days_off_in_the_catalog() {
    // The built-in catalog publishes the fixed-date national holidays, each sourced.
    let built_in: Vec<time::Date> = catalog().holiday_dates().collect();
    assert!(built_in.contains(&date!(2026 - 12 - 25)) && built_in.contains(&date!(2027 - 08 - 17)));
    assert_eq!(
        built_in.len(),
        catalog().data.holidays.len(),
        "every one a date"
    );
    let mut data = catalog().data.clone();
    data.holidays.clear();
    data.holidays.push(gerbang_core::catalog::Holiday {
        date: "2026-12-25".into(),
        name: "Hari Raya Natal".into(),
        source: "gerbang-reading".into(),
    });
    let c = gerbang_catalog::from_bundle(&serde_json::to_string(&data).unwrap()).unwrap();
    assert_eq!(
        c.holiday_dates().collect::<Vec<_>>(),
        vec![date!(2026 - 12 - 25)]
    );
    data.holidays[0].date = "25/12/2026".into();
    let err = gerbang_catalog::from_bundle(&serde_json::to_string(&data).unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("25/12/2026"), "{err}");
}
