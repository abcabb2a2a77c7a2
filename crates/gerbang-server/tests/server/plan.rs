//! The applicant's progress on a case's licensing plan through the router on both databases:
//! checked against the case the server derives (its own stages, real dates, no later than
//! today, the caller's own case), and shown to officers with the filed case, so both sides plan
//! with the same dates; before filing officers see none of it.

use crate::databases::TestDb;
use crate::review::{filed_case, filed_case_with, pulled};
use crate::sync::{Api, mutation, results};
use gerbang_wire::{ErrorCode, Outcome, Role};
use serde_json::{Value, json};

fn day(offset: i64) -> String {
    (gerbang_core::wita::today() + time::Duration::days(offset)).to_string()
}

/// The applicant's PKKPR applied for two days ago and its NIB issued (the rice shop's stages).
fn progress(case: &str) -> Value {
    json!({"case_id": case, "progress": [
        {"key": "kkpr@*", "state": "started", "started_on": day(-2)},
        {"key": "nib@*", "state": "obtained", "started_on": day(-3), "obtained_on": day(-3),
         "number": "9120001234567"}
    ]})
}

/// The newest `plan` change of `case` in `token`'s feed.
async fn pulled_plan(api: &Api, token: &str, case: &str) -> Option<Value> {
    pulled(api, token, "plan", case).await
}

async fn plan_story(api: &Api) {
    let ani = api.user("ani-plan", Role::Investor).await;
    let budi = api.user("budi-plan", Role::Investor).await;
    let officer = api.user("petugas-plan", Role::Officer).await;
    filed_case(api, &ani, "laptop", "c-plan").await;
    let device = "laptop-c-plan"; // filed_case used seq 1 to 5 on it

    // What the server refuses, naming the entry and its field; nothing is kept.
    let refused = |body: &Value| {
        let r = results(body).results.remove(0);
        assert_eq!(r.outcome, Outcome::Rejected, "{body}");
        (r.code, r.message.unwrap_or_default())
    };
    let mut bad = progress("c-plan");
    bad["progress"][0]["key"] = json!("izin@99999");
    let (_, body) = api
        .push(
            &ani,
            device,
            &[mutation(6, "plan.update", "c-plan", None, bad)],
        )
        .await;
    let (code, message) = refused(&body);
    assert_eq!(code, Some(ErrorCode::InvalidRecord));
    assert!(message.starts_with("progress[0].key:"), "{message}");
    let mut future = progress("c-plan");
    future["progress"][1]["obtained_on"] = json!(day(3));
    let (_, body) = api
        .push(
            &ani,
            device,
            &[mutation(7, "plan.update", "c-plan", None, future)],
        )
        .await;
    let (_, message) = refused(&body);
    assert!(message.starts_with("progress[1].obtained_on:"), "{message}");
    let mut twice = progress("c-plan");
    twice["progress"][1]["key"] = json!("kkpr@*");
    let (_, body) = api
        .push(
            &ani,
            device,
            &[mutation(8, "plan.update", "c-plan", None, twice)],
        )
        .await;
    assert!(refused(&body).1.contains("twice"));
    let mut invented = progress("c-plan");
    invented["progress"][0]["deemed_approved"] = json!(true);
    let (_, body) = api
        .push(
            &ani,
            device,
            &[mutation(9, "plan.update", "c-plan", None, invented)],
        )
        .await;
    assert!(refused(&body).1.contains("deemed_approved"));
    // Another account's case: refused, whatever the plan says.
    let (_, body) = api
        .push(
            &budi,
            "laptop-budi",
            &[mutation(
                1,
                "plan.update",
                "c-plan",
                None,
                progress("c-plan"),
            )],
        )
        .await;
    assert_eq!(refused(&body).0, Some(ErrorCode::NotYourRecord));
    assert!(pulled_plan(api, &officer, "c-plan").await.is_none());

    // The applicant's progress is kept, versioned, and reaches the officers of the filed case.
    let (_, body) = api
        .push(
            &ani,
            device,
            &[mutation(
                10,
                "plan.update",
                "c-plan",
                None,
                progress("c-plan"),
            )],
        )
        .await;
    let r = results(&body).results.remove(0);
    assert_eq!(
        (r.outcome, r.version),
        (Outcome::Applied, Some(1)),
        "{body}"
    );
    let seen = pulled_plan(api, &officer, "c-plan")
        .await
        .expect("officers see the plan");
    assert_eq!(seen, progress("c-plan"));
    let record: gerbang_core::plan::PlanRecord = serde_json::from_value(seen).unwrap();
    assert_eq!(record.progress[1].number.as_deref(), Some("9120001234567"));
    // From a stale version (a second device of the applicant): the newest wins, no conflict.
    let mut newer = progress("c-plan");
    newer["progress"][0]["state"] = json!("obtained");
    newer["progress"][0]["obtained_on"] = json!(day(0));
    let (_, body) = api
        .push(
            &ani,
            "tablet-ani",
            &[mutation(1, "plan.update", "c-plan", Some(0), newer.clone())],
        )
        .await;
    let r = results(&body).results.remove(0);
    assert_eq!(
        (r.outcome, r.version),
        (Outcome::Applied, Some(2)),
        "{body}"
    );
    assert_eq!(pulled_plan(api, &officer, "c-plan").await, Some(newer));
    // Progress recorded before filing reaches officers with the filed case.
    let early = progress("c-early");
    filed_case_with(api, &ani, "laptop", "c-early", Some(early.clone())).await;
    assert_eq!(pulled_plan(api, &officer, "c-early").await, Some(early));
    // Another applicant sees none of it.
    assert!(pulled_plan(api, &budi, "c-plan").await.is_none());
}

async fn both(db: TestDb) {
    let api = Api::new(db).await;
    plan_story(&api).await;
    api.db.cleanup().await;
}

#[tokio::test]
async fn the_plan_is_checked_and_shown_to_officers_on_sqlite() {
    both(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn the_plan_is_checked_and_shown_to_officers_on_postgres() {
    both(TestDb::postgres().await).await;
}
