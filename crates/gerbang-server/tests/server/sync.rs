//! Accounts, roles, push/pull and filing through the router, on both databases.

use crate::databases::TestDb;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use gerbang_server::{http::router, state::AppState};
use gerbang_wire::{Mutation, Outcome, PushResponse, Role};
use serde_json::{Value, json};
use tower::ServiceExt;

pub(crate) struct Api {
    pub(crate) db: TestDb,
    pub(crate) blobs: tempfile::TempDir,
    state: AppState,
}

impl Api {
    /// The server's router over this test's database and blob directory (one state for the
    /// test: its sign-in throttle and cursor key persist between calls).
    pub(crate) fn app(&self) -> axum::Router {
        router(self.state.clone())
    }

    /// A server on this test's database, started as the binary starts it (its catalog
    /// recorded as published, earlier records brought up to date).
    pub(crate) async fn new(db: TestDb) -> Api {
        let blobs = tempfile::tempdir().unwrap();
        let state = AppState::new(
            db.db.clone(),
            gerbang_server::objects::Blobs::local(blobs.path()).unwrap(),
            gerbang_server::state::Published::embedded_shared().unwrap(),
        )
        .await
        .unwrap();
        Api { db, blobs, state }
    }

    pub(crate) async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let req = match body {
            Some(b) => req
                .header("content-type", "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let response = self.app().oneshot(req).await.unwrap();
        let status = response.status();
        let text = response
            .headers()
            .get("content-type")
            .is_some_and(|t| t.as_bytes().starts_with(b"text/"));
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
            .await
            .unwrap();
        let value = if bytes.is_empty() {
            Value::Null
        } else if text {
            Value::String(String::from_utf8(bytes.to_vec()).unwrap())
        } else {
            serde_json::from_slice(&bytes).unwrap()
        };
        (status, value)
    }

    /// A call with a raw body (uploads) answering raw bytes (downloads).
    pub(crate) async fn raw(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Vec<u8>,
    ) -> (StatusCode, Vec<u8>) {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {token}"))
            .body(Body::from(body))
            .unwrap();
        let response = self.app().oneshot(req).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
            .await
            .unwrap();
        (status, bytes.to_vec())
    }

    /// Any request, answered with its status, headers and body.
    pub(crate) async fn send(
        &self,
        req: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = self.app().oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
            .await
            .unwrap();
        (status, headers, bytes.to_vec())
    }

    pub(crate) async fn user(&self, name: &str, role: Role) -> String {
        gerbang_server::auth::add_user(&self.db.db, name, "kata-sandi-panjang", role)
            .await
            .unwrap();
        let (status, body) = self
            .call(
                "POST",
                "/api/v1/auth/login",
                None,
                Some(json!({"username": name, "password": "kata-sandi-panjang"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["token"].as_str().unwrap().to_owned()
    }

    pub(crate) async fn push(
        &self,
        token: &str,
        device: &str,
        mutations: &[Mutation],
    ) -> (StatusCode, Value) {
        self.call(
            "POST",
            "/api/v1/sync/push",
            Some(token),
            Some(json!({"device_id": device, "mutations": mutations})),
        )
        .await
    }
}

pub(crate) fn mutation(
    seq: i64,
    kind: &str,
    record: &str,
    base: Option<i64>,
    payload: Value,
) -> Mutation {
    Mutation {
        seq,
        id: format!("m-{record}-{seq}-{kind}"),
        kind: kind.to_owned(),
        record_id: record.to_owned(),
        base_version: base,
        payload,
    }
}

pub(crate) const CONTENT: &[u8] = b"%PDF-1.4\nakta pendirian\n%%EOF\n";

pub(crate) fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    gerbang_core::hex(&sha2::Sha256::digest(bytes))
}

/// A document record as the desktop pushes it.
pub(crate) fn document(case: &str, key: &str) -> Value {
    json!({
        "id": format!("d-{case}-{key}"), "case_id": case, "item_key": key, "version": 1,
        "sha256": sha(CONTENT), "size": CONTENT.len(), "media_type": "application/pdf",
        "original_name": format!("{key}.pdf"), "created_at": "2026-11-28T00:00:00Z"
    })
}

/// The facts of a micro rice shop (catalog example 15): its checklist is [`REQUIRED`].
pub(crate) fn facts() -> Value {
    json!({
        "kbli_edition": "2025", "entity_type": "perorangan", "capital_status": "pmdn",
        "business_capital_idr": 50000000,
        "activities": [{"kbli": "47241", "location": "Pasar Klandasan"}],
        "spatial_plan": "rdtr"
    })
}

/// The items the server derives for [`facts`], in checklist order.
pub(crate) const REQUIRED: [&str; 3] = ["nib@*", "kkpr@*", "persetujuan_lingkungan@*"];

/// An individual's profile record as the desktop pushes it.
pub(crate) fn profile(id: &str) -> Value {
    json!({
        "id": id, "kind": "individual", "name": "Siti Aminah", "entity_type": "perorangan",
        "capital_status": "pmdn", "nik": "6471015208900002",
        "created_at": "2026-11-28T00:00:00Z", "updated_at": "2026-11-28T00:00:00Z"
    })
}

/// A case record as the desktop pushes it: what the applicant decided, nothing derived.
pub(crate) fn case_record(id: &str, profile: &str) -> Value {
    json!({
        "id": id, "profile_id": profile, "title": "Siti Aminah: Toko Beras",
        "facts": facts(), "catalog_version": gerbang_catalog::catalog().unwrap().version(),
        "notes": ""
    })
}

/// The hash a filing names for a case record.
pub(crate) fn hash(record: &Value) -> String {
    gerbang_wire::record_hash(&serde_json::from_value(record.clone()).unwrap())
}

/// The case as the server derives it from `record` with `documents` (the pack's manifest is
/// computed from this on both sides).
pub(crate) fn derived(record: &Value, documents: &[Value]) -> gerbang_core::record::Case {
    let record: gerbang_core::record::CaseRecord = serde_json::from_value(record.clone()).unwrap();
    let checklist = gerbang_core::engine::evaluate(
        &record.facts,
        gerbang_catalog::catalog().unwrap(),
        gerbang_catalog::index().unwrap(),
        gerbang_core::wita::today(),
    )
    .unwrap();
    gerbang_core::record::Case::derived(
        &record,
        checklist,
        documents
            .iter()
            .map(|d| serde_json::from_value(d.clone()).unwrap())
            .collect(),
        gerbang_core::record::CaseStatus::Filed,
        None,
        String::new(),
        String::new(),
    )
}

pub(crate) fn results(body: &Value) -> PushResponse {
    serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("not a push answer ({e}): {body}"))
}

async fn sign_in_and_out(api: &Api) {
    let (status, body) = api
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "nobody", "password": "whatever-long"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "bad_credentials");
    let token = api.user("ani", Role::Investor).await;
    let (status, wrong) = api
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "ani", "password": "salah-sekali-ya"})),
        )
        .await;
    assert_eq!(
        (status, &wrong["code"]),
        (StatusCode::UNAUTHORIZED, &json!("bad_credentials"))
    );
    assert_eq!(
        wrong["message"], body["message"],
        "unknown user and wrong password look alike"
    );
    let (status, me) = api.call("GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (me["username"].as_str(), me["role"].as_str()),
        (Some("ani"), Some("investor"))
    );
    let (status, _) = api
        .call("POST", "/api/v1/auth/logout", Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = api.call("GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthenticated"))
    );
    let (status, body) = api
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"username": 3})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request"))
    );
}

/// Every role against every route the server has (`ROUTES`): each cell's status asserted.
/// Refusals are 401 (not signed in) or 403 (role); 404 where the role may ask but the thing is
/// not theirs (an unknown case or file), so that ids do not leak.
async fn role_matrix(api: &Api) {
    let mut tokens = vec![("nobody", None)];
    for (name, role) in [
        ("inv", Role::Investor),
        ("kons", Role::Consultant),
        ("petugas", Role::Officer),
        ("admin", Role::Admin),
    ] {
        tokens.push((name, Some(api.user(name, role).await)));
    }
    let sha = "0".repeat(64);
    // (route, uri, body); logout last, since it revokes the token.
    let cells: Vec<((&str, &str), String, Option<Value>)> = vec![
        (("get", "/health"), "/health".into(), None),
        (("get", "/ready"), "/ready".into(), None),
        (("get", "/metrics"), "/metrics".into(), None),
        (
            ("get", "/api/v1/openapi.json"),
            "/api/v1/openapi.json".into(),
            None,
        ),
        (("get", "/api/v1/catalog"), "/api/v1/catalog".into(), None),
        (
            ("get", "/api/v1/catalog/bundle"),
            "/api/v1/catalog/bundle".into(),
            None,
        ),
        (
            ("post", "/api/v1/auth/login"),
            "/api/v1/auth/login".into(),
            Some(json!({"username": "nobody-here", "password": "wrong-password"})),
        ),
        (("get", "/api/v1/me"), "/api/v1/me".into(), None),
        (
            ("post", "/api/v1/sync/push"),
            "/api/v1/sync/push".into(),
            Some(json!({"device_id": "matrix", "mutations": []})),
        ),
        (
            ("get", "/api/v1/sync/pull"),
            "/api/v1/sync/pull?after=0".into(),
            None,
        ),
        (
            ("post", "/api/v1/cases/{id}/file"),
            "/api/v1/cases/none/file".into(),
            Some(json!({"snapshot_hash": "0"})),
        ),
        (
            ("post", "/api/v1/cases/{id}/resubmit"),
            "/api/v1/cases/none/resubmit".into(),
            Some(json!({"snapshot_hash": "0"})),
        ),
        (
            ("get", "/api/v1/blobs/{sha256}/status"),
            format!("/api/v1/blobs/{sha}/status"),
            None,
        ),
        (
            ("get", "/api/v1/blobs/{sha256}"),
            format!("/api/v1/blobs/{sha}"),
            None,
        ),
        (
            ("patch", "/api/v1/blobs/{sha256}"),
            format!("/api/v1/blobs/{sha}?offset=0"),
            None,
        ),
        (("get", "/verify/{sha256}"), format!("/verify/{sha}"), None),
        (
            ("post", "/api/v1/auth/logout"),
            "/api/v1/auth/logout".into(),
            None,
        ),
    ];
    let mut covered: Vec<(&str, &str)> = cells.iter().map(|c| c.0).collect();
    let mut routes = gerbang_server::http::ROUTES.to_vec();
    covered.sort();
    routes.sort();
    assert_eq!(covered, routes, "the matrix covers every route");
    for (name, token) in &tokens {
        let t = token.as_deref();
        let mut got = Vec::new();
        for (_, uri, body) in &cells {
            let method = if uri.ends_with("offset=0") {
                "PATCH"
            } else if body.is_some() || uri.ends_with("/logout") {
                "POST"
            } else {
                "GET"
            };
            let status = if method == "PATCH" {
                match t {
                    Some(t) => api.raw("PATCH", uri, t, b"x".to_vec()).await.0,
                    None => api.call("PATCH", uri, None, None).await.0,
                }
            } else {
                api.call(method, uri, t, body.clone()).await.0
            };
            got.push(status.as_u16());
        }
        // health, ready, metrics, openapi, catalog, bundle, login(wrong), me, push (officers push review
        // actions), pull, file, resubmit, blob status, blob get, blob patch, verify (public;
        // an unknown pack), logout
        let expected: [u16; 17] = match *name {
            "nobody" => [
                200, 200, 200, 200, 200, 200, 401, 401, 401, 401, 401, 401, 401, 401, 401, 404, 401,
            ],
            "inv" | "kons" => [
                200, 200, 200, 200, 200, 200, 401, 200, 200, 200, 404, 404, 404, 404, 404, 404, 204,
            ],
            "petugas" => [
                200, 200, 200, 200, 200, 200, 401, 200, 200, 200, 403, 403, 404, 404, 404, 404, 204,
            ],
            "admin" => [
                200, 200, 200, 200, 200, 200, 401, 200, 403, 403, 403, 403, 404, 404, 404, 404, 204,
            ],
            _ => unreachable!(),
        };
        assert_eq!(got, expected, "{name}");
    }
}

async fn push_pull_and_file(api: &Api) {
    let ani = api.user("ani2", Role::Investor).await;
    let budi = api.user("budi", Role::Investor).await;
    let officer = api.user("petugas2", Role::Officer).await;

    let batch = [
        mutation(1, "profile.create", "p1", None, profile("p1")),
        mutation(2, "case.create", "c1", None, case_record("c1", "p1")),
    ];
    let (status, body) = api.push(&ani, "laptop-ani", &batch).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let r = results(&body);
    assert!(
        r.results
            .iter()
            .all(|r| r.outcome == Outcome::Applied && r.version == Some(1))
    );

    // The same batch again (the response was lost): the same answer, applied once.
    let (_, again) = api.push(&ani, "laptop-ani", &batch).await;
    assert_eq!(again, body);
    let (_, feed) = api
        .call("GET", "/api/v1/sync/pull?after=0", Some(&ani), None)
        .await;
    assert_eq!(feed["changes"].as_array().unwrap().len(), 2, "{feed}");

    // A gap applies nothing; another account cannot use this device or touch these records.
    let (status, gap) = api
        .push(
            &ani,
            "laptop-ani",
            &[mutation(5, "case.update", "c1", Some(1), json!({}))],
        )
        .await;
    assert_eq!(
        (status, gap["code"].as_str()),
        (StatusCode::CONFLICT, Some("sequence_gap"))
    );
    assert_eq!(
        gap["message"],
        "sequence gap for this device: expected seq 3, got 5"
    );
    let (status, _) = api
        .push(
            &budi,
            "laptop-ani",
            &[mutation(3, "case.update", "c1", Some(1), json!({}))],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, theirs) = api
        .push(
            &budi,
            "laptop-budi",
            &[mutation(1, "case.update", "c1", Some(1), json!({"x": 1}))],
        )
        .await;
    assert_eq!(results(&theirs).results[0].outcome, Outcome::Rejected);
    let (_, budi_feed) = api
        .call("GET", "/api/v1/sync/pull?after=0", Some(&budi), None)
        .await;
    assert!(
        budi_feed["changes"].as_array().unwrap().is_empty(),
        "{budi_feed}"
    );

    // A change from a stale version is a conflict with the server's version, not an overwrite.
    let (_, stale) = api
        .push(
            &ani,
            "laptop-ani",
            &[
                mutation(3, "case.update", "c1", Some(1), case_record("c1", "p1")),
                mutation(4, "case.update", "c1", Some(1), case_record("c1", "p1")),
            ],
        )
        .await;
    let r = results(&stale).results;
    assert_eq!((r[0].outcome, r[0].version), (Outcome::Applied, Some(2)));
    assert_eq!((r[1].outcome, r[1].version), (Outcome::Conflict, Some(2)));

    // Officers see nothing until it is filed.
    let (_, none) = api
        .call("GET", "/api/v1/sync/pull?after=0", Some(&officer), None)
        .await;
    assert!(none["changes"].as_array().unwrap().is_empty());

    // Filing: the snapshot must be the server's copy, and complete.
    let incomplete = case_record("c2", "p1");
    api.push(
        &ani,
        "laptop-ani",
        &[mutation(5, "case.create", "c2", None, incomplete.clone())],
    )
    .await;
    let (status, body) = api
        .call(
            "POST",
            "/api/v1/cases/c2/file",
            Some(&ani),
            Some(json!({"snapshot_hash": hash(&incomplete)})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("incomplete"))
    );
    assert_eq!(
        body["message"],
        "the checklist is not complete: no document for nib@*, kkpr@*, persetujuan_lingkungan@*",
        "the server derives the checklist itself"
    );
    let complete = case_record("c1", "p1");
    let blob = sha(CONTENT);
    // Documents are pushed as records first; their content is uploaded by hash.
    let (_, docs) = api
        .push(
            &ani,
            "laptop-ani",
            &[
                mutation(
                    6,
                    "document.attach",
                    "d-c1-nib@*",
                    None,
                    document("c1", "nib@*"),
                ),
                mutation(
                    7,
                    "document.attach",
                    "d-c1-kkpr@*",
                    None,
                    document("c1", "kkpr@*"),
                ),
                mutation(
                    8,
                    "document.attach",
                    "d-c1-persetujuan_lingkungan@*",
                    None,
                    document("c1", "persetujuan_lingkungan@*"),
                ),
            ],
        )
        .await;
    assert!(
        results(&docs)
            .results
            .iter()
            .all(|r| r.outcome == Outcome::Applied),
        "{docs}"
    );
    let (status, body) = api
        .call(
            "POST",
            "/api/v1/cases/c1/file",
            Some(&ani),
            Some(json!({"snapshot_hash": hash(&complete)})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("content_missing")),
        "{body}"
    );
    let (status, _) = api
        .raw(
            "PATCH",
            &format!("/api/v1/blobs/{blob}?offset=0"),
            &budi,
            CONTENT.to_vec(),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "only the owner of such a document may upload it"
    );
    let (status, part) = api
        .raw(
            "PATCH",
            &format!("/api/v1/blobs/{blob}?offset=0"),
            &ani,
            CONTENT[..10].to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_slice::<Value>(&part).unwrap()["received"],
        10
    );
    // The connection dropped; the client asks where to continue, and a wrong offset says so.
    let (_, st) = api
        .call(
            "GET",
            &format!("/api/v1/blobs/{blob}/status"),
            Some(&ani),
            None,
        )
        .await;
    assert_eq!(
        (st["complete"].as_bool(), st["received"].as_u64()),
        (Some(false), Some(10))
    );
    let (status, wrong) = api
        .raw(
            "PATCH",
            &format!("/api/v1/blobs/{blob}?offset=0"),
            &ani,
            CONTENT.to_vec(),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "{}",
        String::from_utf8_lossy(&wrong)
    );
    let (status, done) = api
        .raw(
            "PATCH",
            &format!("/api/v1/blobs/{blob}?offset=10"),
            &ani,
            CONTENT[10..].to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_slice::<Value>(&done).unwrap()["complete"],
        true
    );
    // Content that does not hash to its name is discarded.
    let bogus = sha(b"something else entirely");
    let mut bogus_doc = document("c2", "nib@*");
    bogus_doc["id"] = "d-bogus".into();
    bogus_doc["sha256"] = bogus.clone().into();
    let (_, accepted) = api
        .push(
            &ani,
            "laptop-ani",
            &[mutation(9, "document.attach", "d-bogus", None, bogus_doc)],
        )
        .await;
    assert_eq!(
        results(&accepted).results[0].outcome,
        Outcome::Applied,
        "{accepted}"
    );
    let (status, _) = api
        .raw(
            "PATCH",
            &format!("/api/v1/blobs/{bogus}?offset=0"),
            &ani,
            CONTENT.to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, st) = api
        .call(
            "GET",
            &format!("/api/v1/blobs/{bogus}/status"),
            Some(&ani),
            None,
        )
        .await;
    assert_eq!(st["received"], 0, "the bad upload left nothing behind");
    // Reading: the owner yes; another investor and (before filing) officers get 404.
    assert_eq!(
        api.raw("GET", &format!("/api/v1/blobs/{blob}"), &ani, vec![])
            .await,
        (StatusCode::OK, CONTENT.to_vec())
    );
    assert_eq!(
        api.raw("GET", &format!("/api/v1/blobs/{blob}"), &budi, vec![])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.raw("GET", &format!("/api/v1/blobs/{blob}"), &officer, vec![])
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (status, body) = api
        .call(
            "POST",
            "/api/v1/cases/c1/file",
            Some(&ani),
            Some(json!({"snapshot_hash": "f00"})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("snapshot_mismatch"))
    );
    let (status, receipt) = api
        .call(
            "POST",
            "/api/v1/cases/c1/file",
            Some(&ani),
            Some(json!({"snapshot_hash": hash(&complete)})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    let year = time::OffsetDateTime::now_utc()
        .to_offset(gerbang_core::WITA)
        .year();
    assert_eq!(receipt["number"], format!("BPN-{year}-000001"));
    let (_, replay) = api
        .call(
            "POST",
            "/api/v1/cases/c1/file",
            Some(&ani),
            Some(json!({"snapshot_hash": hash(&complete)})),
        )
        .await;
    assert_eq!(replay, receipt, "a replay returns the same number");

    // The filed snapshot's document pack is now known to /verify (public): its filing and
    // case, nothing about the applicant or the documents.
    let number = receipt["number"].as_str().unwrap();
    let docs: Vec<Value> = REQUIRED.iter().map(|k| document("c1", k)).collect();
    let pack_id =
        gerbang_core::pack::Manifest::of_case(&derived(&complete, &docs), Some(number)).sha256();
    let (status, known) = api
        .call("GET", &format!("/verify/{pack_id}"), None, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{known}");
    assert_eq!(known["filing_number"], number);
    assert_eq!(known["case_id"], "c1");
    assert_eq!(
        (known["round"].as_i64(), known["current"].as_bool()),
        (Some(1), Some(true))
    );
    assert!(
        !known.to_string().contains("Teluk"),
        "the applicant leaks: {known}"
    );
    assert!(
        !known.to_string().contains("nib@*.pdf"),
        "a document leaks: {known}"
    );
    let unfiled = gerbang_core::pack::Manifest::of_case(&derived(&complete, &docs), None).sha256();
    let (status, unknown) = api
        .call("GET", &format!("/verify/{unfiled}"), None, None)
        .await;
    assert_eq!(
        (status, unknown["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, _) = api.call("GET", "/verify/not-a-hash", None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let page = api
        .app()
        .oneshot(
            Request::get(format!("/verify/{pack_id}"))
                .header("accept", "text/html,application/xhtml+xml")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = axum::body::to_bytes(page.into_body(), 1 << 20)
        .await
        .unwrap();
    let html = String::from_utf8_lossy(&html);
    assert!(
        html.contains("Paket dokumen asli") && html.contains(number),
        "{html}"
    );
    let (status, _) = api
        .call(
            "POST",
            "/api/v1/cases/c1/file",
            Some(&budi),
            Some(json!({"snapshot_hash": hash(&complete)})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another account cannot even see it"
    );

    // Now the officer's feed has the case and the filing; the applicant's too, in order.
    let (_, seen) = api
        .call("GET", "/api/v1/sync/pull?after=0", Some(&officer), None)
        .await;
    let kinds: Vec<&str> = seen["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "filed_case",
            "document",
            "document",
            "document",
            "profile",
            "filing"
        ],
        "{seen}"
    );
    assert_eq!(seen["changes"][5]["data"]["number"], receipt["number"]);
    // What officers see is what the server derived, not what the device said.
    let published: gerbang_core::record::Case =
        serde_json::from_value(seen["changes"][0]["data"].clone()).unwrap();
    assert_eq!(published.required_keys(), REQUIRED);
    assert_eq!(
        api.raw("GET", &format!("/api/v1/blobs/{blob}"), &officer, vec![])
            .await,
        (StatusCode::OK, CONTENT.to_vec())
    );
    // Filed: further edits go through review.
    let (_, edit) = api
        .push(
            &ani,
            "laptop-ani",
            &[mutation(10, "case.update", "c1", Some(2), {
                let mut late = case_record("c1", "p1");
                late["notes"] = "late".into();
                late
            })],
        )
        .await;
    assert_eq!(
        results(&edit).results[0].outcome,
        Outcome::Rejected,
        "{edit}"
    );

    // Paging and the cursor.
    let (_, page) = api
        .call("GET", "/api/v1/sync/pull?after=0&limit=2", Some(&ani), None)
        .await;
    assert_eq!(page["more"], true);
    let cursor = page["cursor"].as_i64().unwrap();
    let (_, rest) = api
        .call(
            "GET",
            &format!("/api/v1/sync/pull?after={cursor}&limit=100"),
            Some(&ani),
            None,
        )
        .await;
    assert_eq!(rest["more"], false);
    let seqs: Vec<i64> = page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["changes"].as_array().unwrap())
        .map(|c| c["seq"].as_i64().unwrap())
        .collect();
    // Each change's seq is the (opaque) cursor that pulls what follows it.
    let unique: std::collections::HashSet<_> = seqs.iter().collect();
    assert_eq!(unique.len(), seqs.len(), "{seqs:?}");
    let (_, after_first) = api
        .call(
            "GET",
            &format!("/api/v1/sync/pull?after={}&limit=100", seqs[0]),
            Some(&ani),
            None,
        )
        .await;
    let following: Vec<i64> = after_first["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(following, seqs[1..]);
    let head = rest["cursor"].as_i64().unwrap();
    assert_eq!(head, *seqs.last().unwrap());
    // A cursor this server did not seal (a plain feed position, a made-up number) is refused.
    for made_up in [head + 100, 3, -1] {
        let (status, ahead) = api
            .call(
                "GET",
                &format!("/api/v1/sync/pull?after={made_up}"),
                Some(&ani),
                None,
            )
            .await;
        assert_eq!(
            (status, ahead["code"].as_str()),
            (StatusCode::CONFLICT, Some("cursor_ahead")),
            "{made_up}"
        );
    }
}

async fn all(db: TestDb) {
    let api = Api::new(db).await;
    sign_in_and_out(&api).await;
    role_matrix(&api).await;
    push_pull_and_file(&api).await;
    api.db.cleanup().await;
}

#[tokio::test]
async fn accounts_sync_and_filing_on_sqlite() {
    all(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn accounts_sync_and_filing_on_postgres() {
    all(TestDb::postgres().await).await;
}
