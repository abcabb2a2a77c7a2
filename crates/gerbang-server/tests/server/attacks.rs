//! A hostile client against the router, on both databases: each attack that the first wave let
//! through, and what the server must answer now (a 4xx or a rejected mutation with its code,
//! never a 500, never another account's data).

use crate::databases::TestDb;
use crate::sync::{
    Api, CONTENT, REQUIRED, case_record, document, hash, mutation, profile, results, sha,
};
use axum::http::StatusCode;
use gerbang_wire::{Outcome, Role};
use serde_json::{Value, json};

/// Ani's case `a1` with every item documented and her file uploaded, not filed.
async fn ani_with_a_file(api: &Api, ani: &str) {
    let mut batch = vec![
        mutation(1, "profile.create", "pa", None, profile("pa")),
        mutation(2, "case.create", "a1", None, case_record("a1", "pa")),
    ];
    for (i, key) in REQUIRED.iter().enumerate() {
        batch.push(mutation(
            3 + i as i64,
            "document.attach",
            &format!("d-a1-{key}"),
            None,
            document("a1", key),
        ));
    }
    let (_, r) = api.push(ani, "laptop-ani", &batch).await;
    assert!(
        results(&r)
            .results
            .iter()
            .all(|x| x.outcome == Outcome::Applied),
        "{r}"
    );
    let (status, _) = api
        .raw(
            "PATCH",
            &format!("/api/v1/blobs/{}?offset=0", sha(CONTENT)),
            ani,
            CONTENT.to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

/// The one result of a one-mutation push, with its code.
async fn one(api: &Api, token: &str, device: &str, m: gerbang_wire::Mutation) -> (Outcome, String) {
    let (status, body) = api.push(token, device, &[m]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let r = results(&body).results.remove(0);
    (
        r.outcome,
        r.code.map(|c| c.as_str().to_owned()).unwrap_or_default(),
    )
}

/// Knowing the SHA-256 of another applicant's file grants nothing: not a document record for a
/// case that does not exist or is not his, not the bytes, not even that the file exists.
async fn a_known_hash_reads_nothing(api: &Api, ani: &str, budi: &str) {
    let stolen = sha(CONTENT);
    let mut claim = document("a1", "nib@*");
    claim["id"] = "d-budi-claim".into();
    claim["size"] = 3.into();
    // For Ani's case, or for a case that does not exist: refused.
    let (outcome, code) = one(
        api,
        budi,
        "laptop-budi",
        mutation(1, "document.attach", "d-budi-claim", None, claim.clone()),
    )
    .await;
    assert_eq!(
        (outcome, code.as_str()),
        (Outcome::Rejected, "not_your_record")
    );
    claim["case_id"] = "no-such-case".into();
    let (outcome, code) = one(
        api,
        budi,
        "laptop-budi",
        mutation(2, "document.attach", "d-budi-claim", None, claim.clone()),
    )
    .await;
    assert_eq!(
        (outcome, code.as_str()),
        (Outcome::Rejected, "not_your_record")
    );
    // For a case of his own it is a record he may keep, but the bytes stay Ani's.
    let (_, r) = api
        .push(
            budi,
            "laptop-budi",
            &[
                mutation(3, "profile.create", "pb", None, profile("pb")),
                mutation(4, "case.create", "b1", None, case_record("b1", "pb")),
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
    claim["case_id"] = "b1".into();
    claim["size"] = CONTENT.len().into();
    let (outcome, _) = one(
        api,
        budi,
        "laptop-budi",
        mutation(5, "document.attach", "d-budi-claim", None, claim),
    )
    .await;
    assert_eq!(outcome, Outcome::Applied);
    let (status, body) = api
        .raw("GET", &format!("/api/v1/blobs/{stolen}"), budi, vec![])
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "{}",
        String::from_utf8_lossy(&body)
    );
    assert!(
        !String::from_utf8_lossy(&body).contains("akta"),
        "the bytes leaked"
    );
    let (_, st) = api
        .call(
            "GET",
            &format!("/api/v1/blobs/{stolen}/status"),
            Some(budi),
            None,
        )
        .await;
    assert_eq!(
        (st["complete"].as_bool(), st["received"].as_u64()),
        (Some(false), Some(0)),
        "the upload is not skipped because another account holds the bytes: {st}"
    );
    // Sending other bytes under the name is discarded; filing his case is refused for it.
    let (status, _) = api
        .raw(
            "PATCH",
            &format!("/api/v1/blobs/{stolen}?offset=0"),
            budi,
            b"%PDF-1.4\nsomething else, same length!\n"[..CONTENT.len()].to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        api.raw("GET", &format!("/api/v1/blobs/{stolen}"), budi, vec![])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    // Whoever does hold the bytes proves it by sending them, and may then read them.
    let (status, _) = api
        .raw(
            "PATCH",
            &format!("/api/v1/blobs/{stolen}?offset=0"),
            budi,
            CONTENT.to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        api.raw("GET", &format!("/api/v1/blobs/{stolen}"), budi, vec![])
            .await,
        (StatusCode::OK, CONTENT.to_vec())
    );
    // Ani still reads her own.
    assert_eq!(
        api.raw("GET", &format!("/api/v1/blobs/{stolen}"), ani, vec![])
            .await
            .0,
        StatusCode::OK
    );
}

/// Content whose type is not the one its document declares is discarded.
async fn a_fake_pdf_is_refused(api: &Api, ani: &str) {
    const PNG_BYTES: &[u8] = b"\x89PNG\r\n\x1a\nnot really a picture";
    let mut doc = document("a1", "nib@*");
    doc["id"] = "d-a1-fake".into();
    doc["version"] = 2.into();
    doc["sha256"] = sha(PNG_BYTES).into();
    doc["size"] = PNG_BYTES.len().into();
    let (outcome, _) = one(
        api,
        ani,
        "laptop-ani",
        mutation(6, "document.attach", "d-a1-fake", None, doc),
    )
    .await;
    assert_eq!(outcome, Outcome::Applied);
    let (status, body) = api
        .raw(
            "PATCH",
            &format!("/api/v1/blobs/{}?offset=0", sha(PNG_BYTES)),
            ani,
            PNG_BYTES.to_vec(),
        )
        .await;
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("wrong_content_type")),
        "{body}"
    );
}

/// Status, filing numbers, versions and the checklist are the server's: a record naming them
/// is rejected by name, and nothing of it is applied.
async fn server_owned_fields_are_refused(api: &Api, ani: &str) {
    for (seq, (field, value)) in (7..).zip([
        ("status", json!("approved")),
        ("filing_number", json!("BPN-2026-999999")),
        ("checklist", Value::Null),
        ("items", json!([{"key": "nib@*", "required": false}])),
    ]) {
        let mut record = case_record("a1", "pa");
        record[field] = value;
        let (_, body) = api
            .push(
                ani,
                "laptop-ani",
                &[mutation(seq, "case.update", "a1", Some(1), record)],
            )
            .await;
        let r = results(&body).results.remove(0);
        assert_eq!(r.outcome, Outcome::Rejected, "{field}: {body}");
        assert_eq!(
            r.code.map(|c| c.as_str()),
            Some("server_owned_field"),
            "{field}"
        );
        assert!(r.message.unwrap_or_default().starts_with(field), "{field}");
    }
    let (_, feed) = api
        .call("GET", "/api/v1/sync/pull?after=0", Some(ani), None)
        .await;
    assert!(
        !feed.to_string().contains("approved") && !feed.to_string().contains("999999"),
        "{feed}"
    );
}

/// Malformed or invented records are rejected with a code, never applied, never numbered.
async fn malformed_records_are_rejected(api: &Api, ani: &str) {
    let mut oops = case_record("m1", "pa");
    oops["facts"] = "oops".into();
    let mut unknown_kbli = case_record("m2", "pa");
    unknown_kbli["facts"]["activities"][0]["kbli"] = "99999".into();
    let mut old_catalog = case_record("m3", "pa");
    old_catalog["catalog_version"] = "1999.1.0".into();
    let mut not_hers = case_record("m4", "pb");
    not_hers["title"] = "Budi's profile".into();
    let mut wrong_id = case_record("m5", "pa");
    wrong_id["id"] = "a1".into();
    let cases = [
        (
            mutation(1, "case.create", "m1", None, oops),
            "invalid_record",
        ),
        (
            mutation(2, "case.create", "m0", None, json!({})),
            "invalid_record",
        ),
        (
            mutation(3, "profile.create", "px", None, json!({})),
            "invalid_record",
        ),
        (
            mutation(4, "case.create", "m2", None, unknown_kbli),
            "invalid_facts",
        ),
        (
            mutation(5, "case.create", "m3", None, old_catalog),
            "unknown_catalog_version",
        ),
        (
            mutation(6, "case.create", "m4", None, not_hers),
            "not_your_record",
        ),
        (
            mutation(7, "case.create", "m5", None, wrong_id),
            "invalid_record",
        ),
        (
            mutation(8, "case.delete", "a1", None, json!({})),
            "unknown_kind",
        ),
        (
            mutation(
                9,
                "review.action",
                "a1",
                None,
                json!({"action": {"kind": "reject", "reasons": "x"}, "base": 0}),
            ),
            "wrong_role",
        ),
    ];
    let batch: Vec<_> = cases.iter().map(|(m, _)| m.clone()).collect();
    let (status, body) = api.push(ani, "tablet-ani", &batch).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for (r, (m, code)) in results(&body).results.iter().zip(&cases) {
        assert_eq!(r.outcome, Outcome::Rejected, "{}: {body}", m.kind);
        assert_eq!(
            r.code.map(|c| c.as_str()),
            Some(*code),
            "{} {}: {r:?}",
            m.seq,
            m.kind
        );
    }
    // None of them can be filed.
    for id in ["m0", "m1", "m2", "m3", "m4"] {
        let (status, body) = api
            .call(
                "POST",
                &format!("/api/v1/cases/{id}/file"),
                Some(ani),
                Some(json!({"snapshot_hash": "0".repeat(64)})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{id}: {body}");
    }
}

/// Mutation ids belong to their device: another device may use the same one, this device may
/// not use one twice (409, not 500). NUL characters anywhere are 400.
async fn ids_and_text(api: &Api, ani: &str) {
    let record = case_record("a1", "pa");
    let mut m = mutation(1, "case.update", "a1", Some(1), record.clone());
    m.id = "shared-id".into();
    let (status, body) = api.push(ani, "phone-ani", &[m.clone()]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut again = m.clone();
    again.id = "shared-id".into();
    let (status, body) = api.push(ani, "watch-ani", &[again]).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "another device, the same id: {body}"
    );
    let mut reused = mutation(2, "case.update", "a1", Some(2), record);
    reused.id = "shared-id".into();
    let (status, body) = api.push(ani, "phone-ani", &[reused]).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("mutation_id_reused")),
        "{body}"
    );

    let (status, body) = api
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "ani\u{0}", "password": "kata-sandi-panjang"})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_text")),
        "{body}"
    );
    let mut nul_id = mutation(2, "case.update", "a1", Some(2), case_record("a1", "pa"));
    nul_id.id = "m\u{0}".into();
    let (status, body) = api.push(ani, "phone-ani", &[nul_id]).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_text"))
    );
    let (status, body) = api.push(ani, "dev\u{0}ice", &[]).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_text"))
    );
    let (status, body) = api
        .call(
            "POST",
            "/api/v1/cases/a%001/file",
            Some(ani),
            Some(json!({"snapshot_hash": hash(&case_record("a1", "pa"))})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_text")),
        "{body}"
    );
}

/// Every role against the three things a hostile caller tries: another account's file by its
/// hash, another account's case by its id, a status the server owns.
async fn role_matrix(api: &Api) {
    let stolen = sha(CONTENT);
    for (name, role) in [
        ("mx-inv", Role::Investor),
        ("mx-kons", Role::Consultant),
        ("mx-petugas", Role::Officer),
        ("mx-admin", Role::Admin),
    ] {
        let t = api.user(name, role).await;
        let blob = api
            .raw("GET", &format!("/api/v1/blobs/{stolen}"), &t, vec![])
            .await
            .0;
        let (file, _) = api
            .call(
                "POST",
                "/api/v1/cases/a1/file",
                Some(&t),
                Some(json!({"snapshot_hash": hash(&case_record("a1", "pa"))})),
            )
            .await;
        let mut owned = case_record("a1", "pa");
        owned["status"] = "approved".into();
        let (push, body) = api
            .push(
                &t,
                &format!("dev-{name}"),
                &[mutation(1, "case.update", "a1", Some(1), owned)],
            )
            .await;
        let pushed = if push == StatusCode::OK {
            let r = results(&body).results.remove(0);
            format!("{:?}", r.outcome)
        } else {
            push.as_u16().to_string()
        };
        let got = (blob.as_u16(), file.as_u16(), pushed.as_str());
        let expected = match role {
            Role::Investor | Role::Consultant => (404, 404, "Rejected"),
            Role::Officer => (404, 403, "Rejected"),
            Role::Admin => (404, 403, "403"),
        };
        assert_eq!(got, expected, "{name}");
    }
}

async fn all(db: TestDb) {
    let api = Api::new(db).await;
    let ani = api.user("ani-x", Role::Investor).await;
    let budi = api.user("budi-x", Role::Investor).await;
    ani_with_a_file(&api, &ani).await;
    role_matrix(&api).await;
    a_known_hash_reads_nothing(&api, &ani, &budi).await;
    a_fake_pdf_is_refused(&api, &ani).await;
    server_owned_fields_are_refused(&api, &ani).await;
    malformed_records_are_rejected(&api, &ani).await;
    ids_and_text(&api, &ani).await;
    api.db.cleanup().await;
}

#[tokio::test]
async fn a_hostile_client_gets_nothing_on_sqlite() {
    all(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn a_hostile_client_gets_nothing_on_postgres() {
    all(TestDb::postgres().await).await;
}
