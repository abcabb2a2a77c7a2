//! Reviews through the router on both databases: two officers, one case. A verdict made on a
//! stale version is a conflict for the second officer (naming the first's verdict), never an
//! overwrite; the rules refuse what is not allowed yet; a revision reopens the case for the
//! applicant only, whose resubmission starts round 2; approval needs every item verified and
//! a decision number no other case has; the applicant and the officers' feed follow.

use crate::databases::TestDb;
use crate::sync::{
    Api, CONTENT, REQUIRED, case_record, derived, document, hash, mutation, profile, results, sha,
};
use axum::http::StatusCode;
use gerbang_wire::{MutationResult, Outcome, Role};
use serde_json::{Value, json};

/// A review action as an officer's device sends it (each with an id of its own).
fn action(seq: i64, case: &str, base: u64, action: Value) -> gerbang_wire::Mutation {
    let mut m = mutation(
        seq,
        "review.action",
        case,
        None,
        json!({"action": action, "base": base}),
    );
    m.id = uuid::Uuid::now_v7().to_string();
    m
}

/// Pushes one review action from a desk (an account's token and its device) and returns what the server made of it.
async fn act(
    api: &Api,
    (token, device): (&str, &str),
    (seq, case, base): (i64, &str, u64),
    what: Value,
) -> MutationResult {
    let (_, r) = api
        .push(token, device, &[action(seq, case, base, what)])
        .await;
    results(&r).results.remove(0)
}

/// The message of a result, or "" where it has none.
fn said(res: &MutationResult) -> &str {
    res.message.as_deref().unwrap_or_default()
}

fn verdict(key: &str, verdict: &str, comment: &str, document: &str) -> Value {
    json!({"kind": "verdict", "item_key": key, "verdict": verdict, "comment": comment,
           "document_id": document})
}

fn today() -> String {
    gerbang_core::wita::today().to_string()
}

/// The applicant pushes a profile and case `id` with every item documented (from a device of
/// its own), uploads the content, files it.
pub(crate) async fn filed_case(api: &Api, token: &str, device: &str, id: &str) -> String {
    filed_case_with(api, token, device, id, None).await
}

/// [`filed_case`], with the applicant's plan progress (a `plan.update` payload) pushed before
/// it is filed.
pub(crate) async fn filed_case_with(
    api: &Api,
    token: &str,
    device: &str,
    id: &str,
    plan: Option<Value>,
) -> String {
    let record = case_record(id, &format!("p-{id}"));
    let device = format!("{device}-{id}");
    let mut batch = vec![
        mutation(
            1,
            "profile.create",
            &format!("p-{id}"),
            None,
            profile(&format!("p-{id}")),
        ),
        mutation(2, "case.create", id, None, record.clone()),
    ];
    for (i, key) in REQUIRED.iter().enumerate() {
        batch.push(mutation(
            3 + i as i64,
            "document.attach",
            &format!("d-{id}-{key}"),
            None,
            document(id, key),
        ));
    }
    if let Some(plan) = plan {
        let seq = batch.len() as i64 + 1;
        batch.push(mutation(seq, "plan.update", id, None, plan));
    }
    let (_, pushed) = api.push(token, &device, &batch).await;
    assert!(
        results(&pushed)
            .results
            .iter()
            .all(|r| r.outcome == Outcome::Applied),
        "{pushed}"
    );
    let blob = sha(CONTENT);
    let (status, _) = api
        .raw(
            "PATCH",
            &format!("/api/v1/blobs/{blob}?offset=0"),
            token,
            CONTENT.to_vec(),
        )
        .await;
    assert!(
        status == StatusCode::OK || status == StatusCode::CONFLICT,
        "{status}"
    );
    let (status, receipt) = api
        .call(
            "POST",
            &format!("/api/v1/cases/{id}/file"),
            Some(token),
            Some(json!({"snapshot_hash": hash(&record)})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    receipt["number"].as_str().unwrap().to_owned()
}

/// The newest `kind` record of `case` in `who`'s feed.
pub(crate) async fn pulled(api: &Api, token: &str, kind: &str, case: &str) -> Option<Value> {
    let (_, page) = api
        .call(
            "GET",
            "/api/v1/sync/pull?after=0&limit=2000",
            Some(token),
            None,
        )
        .await;
    page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|c| c["kind"] == kind && c["record_id"] == case)
        .map(|c| c["data"].clone())
}

/// The newest review record of `case` in `who`'s feed.
async fn pulled_review(api: &Api, token: &str, case: &str) -> Value {
    pulled(api, token, "review", case)
        .await
        .unwrap_or(Value::Null)
}

async fn review_story(api: &Api) {
    let ani = api.user("ani-r", Role::Investor).await;
    let budi = api.user("budi-r", Role::Investor).await;
    let p1 = api.user("petugas-satu", Role::Officer).await;
    let p2 = api.user("petugas-dua", Role::Officer).await;
    filed_case(api, &ani, "laptop-ani-r", "r1").await;
    let (desk1, desk2) = ((p1.as_str(), "meja-1"), (p2.as_str(), "meja-2"));
    let ani_desk = (ani.as_str(), "laptop-ani-r");
    let desk3 = (p1.as_str(), "meja-3");
    let nib = "d-r1-nib@*";
    let kkpr = "d-r1-kkpr@*";

    // Officer 1 verifies NIB; officer 2, working on what she saw before (version 0), rejects it:
    // a conflict naming officer 1's verdict, and nothing of hers applied.
    let res = act(
        api,
        desk1,
        (1, "r1", 0),
        verdict("nib@*", "verified", "sesuai", nib),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Applied, "{res:?}");
    let res = act(
        api,
        desk2,
        (1, "r1", 0),
        verdict("nib@*", "rejected", "buram", nib),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Conflict, "{res:?}");
    let why = said(&res);
    assert!(
        why.contains("petugas-satu verified it (\"sesuai\")"),
        "{why}"
    );
    assert_eq!(
        res.version,
        Some(1),
        "the item's current version comes back"
    );
    // The environmental approval is fine (officer 1, at another desk).
    let res = act(
        api,
        desk3,
        (1, "r1", 0),
        verdict(
            "persetujuan_lingkungan@*",
            "verified",
            "",
            "d-r1-persetujuan_lingkungan@*",
        ),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Applied, "{res:?}");

    // The rules: a rejection needs a comment; then officer 2 rejects the SLHS document.
    let res = act(
        api,
        desk2,
        (2, "r1", 0),
        verdict("kkpr@*", "rejected", "  ", kkpr),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Rejected);
    assert!(said(&res).contains("comment"), "{res:?}");
    let res = act(
        api,
        desk2,
        (3, "r1", 0),
        verdict("kkpr@*", "rejected", "hasil uji air belum ada", kkpr),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Applied, "{res:?}");

    // Officer 1 approves on what he saw (version 1): the case changed since, a conflict.
    let approve = |number: &str| {
        json!({"kind": "approve", "decision_number": number,
        "decision_date": today(), "comment": ""})
    };
    let res = act(
        api,
        desk1,
        (2, "r1", 1),
        approve("503/0001/DPMPTSP/XII/2026"),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Conflict, "{res:?}");
    // On the current version the rules refuse it: the KKPR is not verified.
    let res = act(
        api,
        desk1,
        (3, "r1", 3),
        approve("503/0001/DPMPTSP/XII/2026"),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Rejected);
    assert!(said(&res).contains("not yet: kkpr@*"), "{res:?}");
    // A revision request instead.
    let res = act(
        api,
        desk1,
        (4, "r1", 3),
        json!({"kind": "request_revision", "comment": "lengkapi uji air"}),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Applied, "{res:?}");

    // The applicant sees it: needs action, the item and the officer's comment.
    let review = pulled_review(api, &ani, "r1").await;
    assert_eq!(review["status"], "needs_action", "{review}");
    assert_eq!(
        review["revision_requests"][0]["items"],
        json!([["kkpr@*", "hasil uji air belum ada"]])
    );
    // Meanwhile officers cannot give verdicts.
    let res = act(
        api,
        desk2,
        (4, "r1", 1),
        verdict("kkpr@*", "verified", "", kkpr),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Rejected);
    assert!(said(&res).contains("waits for the applicant"), "{res:?}");
    // Roles: applicants do not review, officers do not edit cases.
    let res = act(
        api,
        ani_desk,
        (1, "r1", 4),
        json!({"kind": "reject", "reasons": "x"}),
    )
    .await;
    assert!(said(&res).contains("only officers"), "{res:?}");
    let (_, r) = api
        .push(
            &p2,
            "meja-2",
            &[mutation(
                5,
                "case.update",
                "r1",
                Some(1),
                case_record("r1", "p-r1"),
            )],
        )
        .await;
    assert_eq!(results(&r).results[0].outcome, Outcome::Rejected, "{r}");

    // The applicant attaches a new SLHS version and updates the case: allowed while revising,
    // not yet shown to officers.
    const REVISED: &[u8] = b"%PDF-1.4\nuji air minum: memenuhi syarat\n%%EOF\n";
    let mut revised_doc = document("r1", "kkpr@*");
    revised_doc["id"] = json!("d-r1-kkpr@*-v2");
    revised_doc["version"] = json!(2);
    revised_doc["sha256"] = json!(sha(REVISED));
    revised_doc["size"] = json!(REVISED.len());
    let mut revised = case_record("r1", "p-r1");
    revised["notes"] = json!("KKPR baru dilampirkan");
    let round1_docs: Vec<Value> = REQUIRED.iter().map(|k| document("r1", k)).collect();
    let mut round2_docs = round1_docs.clone();
    round2_docs.push(revised_doc.clone());
    // (seq 1 was the refused review action above)
    let (_, r) = api
        .push(
            &ani,
            "laptop-ani-r",
            &[
                mutation(2, "document.attach", "d-r1-kkpr@*-v2", None, revised_doc),
                mutation(3, "case.update", "r1", Some(1), revised.clone()),
            ],
        )
        .await;
    assert!(
        results(&r)
            .results
            .iter()
            .all(|x| x.outcome == Outcome::Applied),
        "{r}"
    );
    let (_, officer_feed) = api
        .call(
            "GET",
            "/api/v1/sync/pull?after=0&limit=2000",
            Some(&p1),
            None,
        )
        .await;
    assert!(
        !officer_feed.to_string().contains("d-r1-kkpr@*-v2"),
        "a draft revision reached officers"
    );
    // Resubmitting before the content is uploaded is refused, naming the file.
    let body = Some(json!({"snapshot_hash": hash(&revised)}));
    let (status, refused) = api
        .call(
            "POST",
            "/api/v1/cases/r1/resubmit",
            Some(&ani),
            body.clone(),
        )
        .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("content_missing")),
        "{refused}"
    );
    let (status, _) = api
        .raw(
            "PATCH",
            &format!("/api/v1/blobs/{}?offset=0", sha(REVISED)),
            &ani,
            REVISED.to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api
        .call(
            "POST",
            "/api/v1/cases/r1/resubmit",
            Some(&budi),
            body.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another investor's case");
    let (status, receipt) = api
        .call(
            "POST",
            "/api/v1/cases/r1/resubmit",
            Some(&ani),
            body.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    assert_eq!(
        (receipt["round"].as_u64(), receipt["status"].as_str()),
        (Some(2), Some("under_review"))
    );
    let (_, again) = api
        .call("POST", "/api/v1/cases/r1/resubmit", Some(&ani), body)
        .await;
    assert_eq!(again, receipt, "a replay returns the same receipt");

    // Officers now have the revised case, both SLHS versions, and round 2 in which SLHS waits
    // for a verdict while NIB stays verified.
    let review = pulled_review(api, &p1, "r1").await;
    assert_eq!(
        (review["round"].as_u64(), review["status"].as_str()),
        (Some(2), Some("under_review"))
    );
    let items = review["items"].as_array().unwrap();
    let item = |k: &str| items.iter().find(|i| i["item_key"] == k).unwrap().clone();
    assert_eq!(item("nib@*")["standing"], "verified");
    assert_eq!(item("kkpr@*")["standing"], Value::Null);
    assert_eq!(item("kkpr@*")["history"].as_array().unwrap().len(), 1);
    let (_, feed) = api
        .call(
            "GET",
            "/api/v1/sync/pull?after=0&limit=2000",
            Some(&p1),
            None,
        )
        .await;
    let docs: Vec<&str> = feed["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "document")
        .filter_map(|c| c["record_id"].as_str())
        .collect();
    assert!(
        docs.contains(&"d-r1-kkpr@*") && docs.contains(&"d-r1-kkpr@*-v2"),
        "{docs:?}"
    );
    // A verdict about the old version is a conflict; about the new one it is applied.
    let res = act(
        api,
        desk2,
        (6, "r1", 1),
        verdict("kkpr@*", "verified", "", kkpr),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Conflict, "{res:?}");
    assert!(said(&res).contains("another version"), "{res:?}");
    let res = act(
        api,
        desk2,
        (7, "r1", 1),
        verdict("kkpr@*", "verified", "uji air lengkap", "d-r1-kkpr@*-v2"),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Applied, "{res:?}");
    // Approved on the current version (5 events: two verdicts, the request, the resubmission,
    // the new verdict), with its number; a second case cannot reuse the number.
    // A number not of the city's form is refused, naming the form.
    let res = act(api, desk2, (8, "r1", 6), approve("abc")).await;
    assert_eq!(res.outcome, Outcome::Rejected, "{res:?}");
    assert!(
        said(&res).contains("not of the city's form NNN/N+/DPMPTSP/BULAN/TAHUN"),
        "{res:?}"
    );
    let res = act(
        api,
        desk1,
        (5, "r1", 6),
        approve("503/0001/DPMPTSP/XII/2026"),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Applied, "{res:?}");
    filed_case(api, &ani, "laptop-ani-r", "r2").await;
    for (desk, seq, key) in [
        (desk1, 6, "nib@*"),
        (desk1, 7, "kkpr@*"),
        (desk3, 2, "persetujuan_lingkungan@*"),
    ] {
        let doc = format!("d-r2-{key}");
        let res = act(
            api,
            desk,
            (seq, "r2", 0),
            verdict(key, "verified", "", &doc),
        )
        .await;
        assert_eq!(res.outcome, Outcome::Applied, "{res:?}");
    }
    let res = act(
        api,
        desk1,
        (8, "r2", 3),
        approve("503/0001/DPMPTSP/XII/2026"),
    )
    .await;
    assert_eq!(res.outcome, Outcome::Rejected);
    assert!(
        said(&res).contains("already used for filing BPN-"),
        "{res:?}"
    );

    // The applicant sees the approval and its number; a decided case takes nothing more.
    let review = pulled_review(api, &ani, "r1").await;
    assert_eq!(review["status"], "approved");
    assert_eq!(review["decision"]["number"], "503/0001/DPMPTSP/XII/2026");
    let (status, body) = api
        .call(
            "POST",
            "/api/v1/cases/r1/resubmit",
            Some(&ani),
            Some(json!({"snapshot_hash": "x"})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_waiting")),
        "{body}"
    );
    let res = act(
        api,
        desk2,
        (9, "r1", 7),
        json!({"kind": "reject", "reasons": "terlambat"}),
    )
    .await;
    assert!(said(&res).contains("already approved"), "{res:?}");

    // The pack of round 1's documents is known but superseded; round 2's is current and
    // approved.
    let filing: String = sqlx::query_scalar("SELECT number FROM filings WHERE case_id = 'r1'")
        .fetch_one(api.db.db.pool())
        .await
        .unwrap();
    for (record, docs, current) in [
        (case_record("r1", "p-r1"), round1_docs, false),
        (revised, round2_docs, true),
    ] {
        let id =
            gerbang_core::pack::Manifest::of_case(&derived(&record, &docs), Some(&filing)).sha256();
        let (status, known) = api.call("GET", &format!("/verify/{id}"), None, None).await;
        assert_eq!(status, StatusCode::OK, "{known}");
        assert_eq!(
            (known["current"].as_bool(), known["status"].as_str()),
            (Some(current), Some("approved")),
            "{known}"
        );
    }
}

async fn both(db: TestDb) {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let api = Api::new(db).await;
    review_story(&api).await;
    api.db.cleanup().await;
}

#[tokio::test]
async fn two_officers_review_one_case_on_sqlite() {
    both(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn two_officers_review_one_case_on_postgres() {
    both(TestDb::postgres().await).await;
}
