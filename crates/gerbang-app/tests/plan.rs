//! The applicant's home, plan and calendar as the application works them out (moved here from
//! the store with the use cases): an application on a real SQLite file, on a fixed clock.

mod common;

use common::{company, shop};
use gerbang_app::types::{DeadlineKind, DueKind};
use gerbang_app::{App, Clock};
use gerbang_core::plan::{StageProgress, StageState};
use time::macros::date;

const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

async fn app(dir: &tempfile::TempDir, day: time::Date) -> App {
    App::open(dir.path(), "ani")
        .await
        .expect("opens")
        .with_clock(Clock::Fixed(day))
}

const AS_OF: time::Date = date!(2026 - 11 - 27);
const TODAY: time::Date = date!(2026 - 12 - 07);

fn write(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, PDF).expect("write");
    path
}

/// The home screen's next steps: the draft with its progress, and the halal obligation (in
/// force for a small restaurant since 18 October 2026) until its certificate is attached.
#[tokio::test]
async fn next_steps_list_drafts_and_the_halal_date_until_the_certificate_is_attached() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, AS_OF).await;
    let p = app.create_profile(company("CV Teluk Rasa")).await.unwrap();
    let c = app.create_case(&p.id, shop("56101")).await.unwrap();
    let steps = app.next_steps().await.unwrap();
    assert_eq!(steps.drafts.len(), 1);
    let d = &steps.drafts[0];
    assert_eq!((d.id.as_str(), d.documented), (c.summary.id.as_str(), 0));
    assert_eq!(
        d.required,
        c.items.iter().filter(|i| i.required).count() as i64
    );
    assert!(steps.needs_action.is_empty());
    let halal: Vec<_> = steps
        .deadlines
        .iter()
        .filter(|x| x.kind == DeadlineKind::Halal)
        .collect();
    assert_eq!(halal.len(), 1, "{:?}", steps.deadlines);
    assert_eq!(
        (halal[0].date.as_str(), halal[0].passed),
        ("2026-10-18", true)
    );
    // The certificate attached: the date goes, the draft counts one more document.
    let files = tempfile::tempdir().unwrap();
    let pdf = write(files.path(), "halal.pdf");
    app.attach(&c.summary.id, "halal@*", &pdf, Some(1))
        .await
        .unwrap();
    let steps = app.next_steps().await.unwrap();
    assert!(steps.deadlines.is_empty(), "{:?}", steps.deadlines);
    assert_eq!(steps.drafts[0].documented, 1);
}

#[tokio::test]
async fn stage_progress_is_checked_kept_audited_and_replans_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let id = {
        let app = app(&dir, AS_OF).await;
        let p = app.create_profile(company("CV Teluk Rasa")).await.unwrap();
        let mut facts = shop("56101");
        facts.building = Some(gerbang_core::facts::Building {
            new: true,
            floors: 2,
            floor_area_m2: 300.0,
        });
        let c = app.create_case(&p.id, facts).await.unwrap();
        let drawing = write(files.path(), "gambar.pdf");
        app.attach(&c.summary.id, "pbg@*", &drawing, Some(1))
            .await
            .unwrap();
        c.summary.id
    };
    let app = app(&dir, TODAY).await;
    let id = id.as_str();
    let store = gerbang_store::Store::open(&dir.path().join("gerbang.db"))
        .await
        .unwrap();
    let before = app.case_plan(id).await.unwrap();
    let pbg = before.stages.iter().find(|st| st.key == "pbg@*").unwrap();
    assert_eq!(pbg.state, StageState::Planned);
    let audited = app.verify_audit().await.unwrap().unwrap();

    // A stage the case does not have, and a date after today, are refused by field; nothing
    // is written.
    let mut p = StageProgress {
        key: "izin@99999".into(),
        state: StageState::Obtained,
        obtained_on: Some("2026-12-04".into()),
        number: Some("PBG-6471-0001".into()),
        ..Default::default()
    };
    let err = app.set_stage_progress(id, &p).await.unwrap_err().failure();
    assert_eq!(
        err.problem.as_ref().map(|p| p.code.as_str()),
        Some("plan_stage_unknown"),
        "{err}"
    );
    p.key = "pbg@*".into();
    p.obtained_on = Some("2026-12-08".into());
    let err = app.set_stage_progress(id, &p).await.unwrap_err().failure();
    assert_eq!(
        (
            err.field.as_deref(),
            err.problem.as_ref().map(|p| p.code.as_str())
        ),
        (Some("obtained_on"), Some("plan_date_future")),
        "{err}"
    );
    assert!(store.plan_progress(id).await.unwrap().is_empty());

    // Issued on 4 Dec: kept, audited, and the plan starts what waits for it from then.
    p.obtained_on = Some("2026-12-04".into());
    app.set_stage_progress(id, &p).await.unwrap();
    assert_eq!(store.plan_progress(id).await.unwrap(), vec![p.clone()]);
    assert_eq!(app.verify_audit().await.unwrap().unwrap(), audited + 1);
    let after = app.case_plan(id).await.unwrap();
    let pbg = after.stages.iter().find(|st| st.key == "pbg@*").unwrap();
    assert_eq!(
        (pbg.state, pbg.end.as_str(), pbg.number.as_deref()),
        (StageState::Obtained, "2026-12-04", Some("PBG-6471-0001"))
    );
    // Marked again: one row, the newer state.
    p.state = StageState::Started;
    p.started_on = Some("2026-12-01".into());
    p.obtained_on = None;
    app.set_stage_progress(id, &p).await.unwrap();
    let kept = store.plan_progress(id).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].state, StageState::Started);
    assert_eq!(kept[0].number.as_deref(), Some("PBG-6471-0001"));
}

#[tokio::test]
async fn the_calendar_brings_lkpm_with_the_licence_and_each_reminder_comes_once() {
    let dir = tempfile::tempdir().unwrap();
    let c = {
        let app = app(&dir, AS_OF).await;
        let p = app.create_profile(company("CV Teluk Rasa")).await.unwrap();
        // A small consultancy (KBLI 70209: a Sertifikat Standar; small: LKPM twice a year).
        let mut facts = shop("56101");
        facts.activities[0].kbli = "70209".into();
        app.create_case(&p.id, facts).await.unwrap()
    };
    let app = app(&dir, TODAY).await;
    let id = &c.summary.id;
    let lkpm = |cal: &[gerbang_app::types::Due]| -> Vec<String> {
        cal.iter()
            .filter(|d| d.kind == DueKind::Lkpm)
            .map(|d| d.date.clone())
            .collect()
    };
    // No licence yet: no LKPM dates.
    assert!(lkpm(&app.calendar().await.unwrap()).is_empty());
    // The Sertifikat Standar issued: LKPM on 15 January and 15 July, a year ahead.
    let key = c
        .items
        .iter()
        .find(|i| i.item.id == "sertifikat_standar")
        .map(|i| i.key.clone())
        .expect("70209 needs a Sertifikat Standar");
    let issued = StageProgress {
        key,
        state: StageState::Obtained,
        started_on: Some("2026-12-01".into()),
        obtained_on: Some("2026-12-04".into()),
        ..Default::default()
    };
    app.set_stage_progress(id, &issued).await.unwrap();
    let cal = app.calendar().await.unwrap();
    assert_eq!(lkpm(&cal), vec!["2027-01-15", "2027-07-15"], "{cal:?}");
    // Reminders: 14 days ahead (the default) catch nothing; 60 days catch 15 January, once.
    assert_eq!(app.calendar_view().await.unwrap().reminder_days, 14);
    assert!(app.take_reminders().await.unwrap().is_empty());
    app.set_reminder_days(60).await.unwrap();
    let first = app.take_reminders().await.unwrap();
    assert_eq!(
        first.iter().map(|d| d.date.as_str()).collect::<Vec<_>>(),
        vec!["2027-01-15"]
    );
    assert!(app.take_reminders().await.unwrap().is_empty());
    let err = app.set_reminder_days(121).await.unwrap_err().failure();
    assert_eq!(
        err.problem.as_ref().map(|p| p.code.as_str()),
        Some("plan_reminder_range"),
        "{err}"
    );
}
