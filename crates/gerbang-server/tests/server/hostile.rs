//! The edge of the API against a hostile caller, through the router on both databases: every
//! rejection is JSON `{code, message, request_id}` in a client's terms, sizes and counts are
//! capped, sign-in is throttled, and the pull cursor tells an account nothing of the others.

use crate::databases::TestDb;
use crate::sync::{Api, case_record, mutation, profile, results};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use gerbang_wire::{MAX_PUSH_MUTATIONS, Role};
use serde_json::{Value, json};

/// Rust's words that must never reach a client.
const RUST_WORDS: &[&str] = &[
    "struct ",
    "i64",
    "u64",
    "usize",
    "Failed to deserialize",
    "enum ",
];

/// `(status, body)` of a request, asserting the body is an error of ours.
async fn error_of(api: &Api, req: Request<Body>) -> (StatusCode, Value) {
    let (status, headers, body) = api.send(req).await;
    assert!(status.is_client_error(), "{status}");
    assert_eq!(
        headers.get("content-type").map(|v| v.to_str().unwrap()),
        Some("application/json"),
        "{status}: {}",
        String::from_utf8_lossy(&body)
    );
    let v: Value = serde_json::from_slice(&body).unwrap();
    let (code, message, id) = (
        v["code"].as_str().unwrap(),
        v["message"].as_str().unwrap(),
        v["request_id"].as_str().unwrap(),
    );
    assert!(!code.is_empty() && !message.is_empty());
    assert_eq!(headers["x-request-id"].to_str().unwrap(), id);
    for word in RUST_WORDS {
        assert!(!message.contains(word), "{message:?} names {word:?}");
    }
    (status, v)
}

fn get(path: &str, token: &str) -> Request<Body> {
    signed("GET", path, token, None, Body::empty())
}

/// A request carrying `token`, with `content_type` when given.
fn signed(
    method: &str,
    path: &str,
    token: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"));
    if let Some(t) = content_type {
        req = req.header("content-type", t);
    }
    req.body(body.into()).unwrap()
}

async fn every_rejection_is_json(api: &Api, ani: &str) {
    // A query that does not parse names the parameter.
    let (status, v) = error_of(api, get("/api/v1/sync/pull?after=abc", ani)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["code"], "invalid_request");
    assert!(v["message"].as_str().unwrap().contains("after"), "{v}");
    for limit in ["0", "2001", "-3"] {
        let (status, v) = error_of(
            api,
            get(&format!("/api/v1/sync/pull?after=0&limit={limit}"), ani),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{limit}: {v}");
        assert!(v["message"].as_str().unwrap().contains("limit"), "{v}");
    }
    let (status, v) = error_of(
        api,
        signed(
            "PATCH",
            &format!("/api/v1/blobs/{}?offset=-1", "0".repeat(64)),
            ani,
            None,
            "x",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().unwrap().contains("offset"), "{v}");

    // Too large, as a JSON body and as an upload chunk: 413 `too_large`, both.
    let big = vec![b' '; 9 * 1024 * 1024];
    let (status, v) = error_of(
        api,
        signed(
            "POST",
            "/api/v1/sync/push",
            ani,
            Some("application/json"),
            big.clone(),
        ),
    )
    .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("too_large"))
    );
    let (status, v) = error_of(
        api,
        signed(
            "PATCH",
            &format!("/api/v1/blobs/{}?offset=0", "0".repeat(64)),
            ani,
            None,
            big,
        ),
    )
    .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("too_large"))
    );

    // A body of the wrong shape, in JSON's words.
    let (status, v) = error_of(
        api,
        signed(
            "POST",
            "/api/v1/sync/push",
            ani,
            Some("application/json"),
            "\"oops\"",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("expected an object"),
        "{v}"
    );

    // A method the route does not answer, and no route at all.
    let (status, v) = error_of(api, Request::delete("/health").body(Body::empty()).unwrap()).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, Some("method_not_allowed"))
    );
    let (status, v) = error_of(api, get("/api/v1/nothing-here", ani)).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );

    // A path that is not text.
    let (status, _) = error_of(api, get("/api/v1/blobs/%FF%FE/status", ani)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // A caller's own request id is kept (a proxy's), a malformed one replaced.
    let (_, headers, _) = api
        .send(
            Request::get("/api/v1/me")
                .header("x-request-id", "office-laptop-0042")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(headers["x-request-id"], "office-laptop-0042");
    let (_, headers, _) = api
        .send(
            Request::get("/api/v1/me")
                .header("x-request-id", "<script>")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_ne!(headers["x-request-id"], "<script>");
}

async fn a_push_has_a_ceiling(api: &Api, ani: &str) {
    let too_many: Vec<_> = (1..=(MAX_PUSH_MUTATIONS as i64 + 1))
        .map(|seq| {
            mutation(
                seq,
                "profile.create",
                &format!("p{seq}"),
                None,
                profile("x"),
            )
        })
        .collect();
    let (status, v) = api.push(ani, "flood", &too_many).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert_eq!(v["code"], "too_many_mutations");
    // Nothing of it was applied: the device's first push is still seq 1.
    let (status, v) = api
        .push(
            ani,
            "flood",
            &[mutation(1, "profile.create", "p1", None, profile("p1"))],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(results(&v).results.len(), 1);
}

async fn sign_in_is_throttled(api: &Api) {
    gerbang_server::auth::add_user(&api.db.db, "citra", "kata-sandi-panjang", Role::Investor)
        .await
        .unwrap();
    let attempt = |password: &str| {
        Request::post("/api/v1/auth/login")
            .header("content-type", "application/json")
            .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                [203, 0, 113, 9],
                40000,
            ))))
            .body(Body::from(
                json!({"username": "citra", "password": password}).to_string(),
            ))
            .unwrap()
    };
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..20 {
        let (status, headers, _) = api.send(attempt("salah-tebak")).await;
        statuses.push(status.as_u16());
        if status == StatusCode::TOO_MANY_REQUESTS {
            retry_after = headers
                .get("retry-after")
                .map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
        }
    }
    assert_eq!(&statuses[..5], &[401; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    assert!(retry_after.is_some_and(|s| s >= 1), "{retry_after:?}");
    // While waiting, even the right password is not checked.
    let (status, v) = error_of(api, attempt("kata-sandi-panjang")).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("too_many_attempts"))
    );
    // Citra, from her own address, is not locked out by the attacker's guesses.
    let (status, _, _) = api
        .send(
            Request::post("/api/v1/auth/login")
                .header("content-type", "application/json")
                .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                    [10, 1, 1, 1],
                    50000,
                ))))
                .body(Body::from(
                    json!({"username": "citra", "password": "kata-sandi-panjang"}).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

async fn the_cursor_tells_nothing_of_others(api: &Api, ani: &str) {
    let dewi = api.user("dewi", Role::Investor).await;
    let cursor_of = |page: &Value| page["cursor"].as_i64().unwrap();
    let (_, first) = api
        .call("GET", "/api/v1/sync/pull?after=0", Some(&dewi), None)
        .await;
    assert_eq!(first["changes"], json!([]));
    // An account with nothing is at the start, however full the feed.
    assert_eq!(cursor_of(&first), 0);
    // Others work; Dewi's empty pull answers the cursor she sent, unchanged.
    let batch = vec![
        mutation(1, "profile.create", "p-ani-2", None, profile("p-ani-2")),
        mutation(
            2,
            "case.create",
            "c-ani-2",
            None,
            case_record("c-ani-2", "p-ani-2"),
        ),
    ];
    let (status, _) = api.push(ani, "ani-second", &batch).await;
    assert_eq!(status, StatusCode::OK);
    let (_, again) = api
        .call("GET", "/api/v1/sync/pull?after=0", Some(&dewi), None)
        .await;
    assert_eq!(cursor_of(&again), 0);
    // Once she has a change, her cursor is opaque and stays put while others work.
    let (status, _) = api
        .push(
            &dewi,
            "dewi-1",
            &[mutation(
                1,
                "profile.create",
                "p-dewi",
                None,
                profile("p-dewi"),
            )],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, mine) = api
        .call("GET", "/api/v1/sync/pull?after=0", Some(&dewi), None)
        .await;
    let c = cursor_of(&mine);
    assert!(c > 1 << 40, "a sealed cursor, not a feed position: {c}");
    let (status, r) = api
        .push(
            ani,
            "ani-second",
            &[mutation(
                3,
                "case.update",
                "c-ani-2",
                Some(1),
                case_record("c-ani-2", "p-ani-2"),
            )],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        results(&r).results[0].outcome,
        gerbang_wire::Outcome::Applied,
        "{r}"
    );
    let (_, later) = api
        .call(
            "GET",
            &format!("/api/v1/sync/pull?after={c}"),
            Some(&dewi),
            None,
        )
        .await;
    assert_eq!(later["changes"], json!([]));
    assert_eq!(cursor_of(&later), c);
}

/// A browser asking for an unknown pack gets the page that says so (not the API's JSON), and
/// the page is locked down.
async fn the_verification_page_is_locked_down(api: &Api) {
    let (status, headers, body) = api
        .send(
            Request::get(format!("/verify/{}", "0".repeat(64)))
                .header("accept", "text/html")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(String::from_utf8_lossy(&body).contains("Paket tidak dikenal"));
    assert!(headers.contains_key("x-request-id"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["referrer-policy"], "no-referrer");
}

/// What schemathesis found: sequence numbers at the edge of 64 bits, numbers JSON writes as
/// `1.0`, and one id twice in a push are answered (409, applied, 409), never a dropped
/// connection or a 400 for data the API description calls valid.
async fn edge_numbers_and_repeats(api: &Api, ani: &str) {
    let body = |mutations: Value| {
        signed(
            "POST",
            "/api/v1/sync/push",
            ani,
            Some("application/json"),
            json!({"device_id": "edge", "mutations": mutations}).to_string(),
        )
    };
    let m = |seq: Value, id: &str| json!({"seq": seq, "id": id, "kind": "", "record_id": "", "payload": null});
    let (status, v) = error_of(
        api,
        body(json!([m(json!(i64::MAX), "a"), m(json!(0), "b")])),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["code"], "sequence_gap");
    let (status, v) = error_of(api, body(json!([m(json!(1), "a"), m(json!(2), "a")]))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["code"], "mutation_id_reused");
    let (status, _, bytes) = api.send(body(json!([m(json!(1.0), "a")]))).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["results"][0]["seq"], 1);
    assert_eq!(v["results"][0]["outcome"], "rejected");
    let (status, v) = error_of(api, body(json!([m(json!(2.5), "b")]))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("a whole number"),
        "{v}"
    );
}

async fn all(db: TestDb) {
    let api = Api::new(db).await;
    let ani = api.user("ani", Role::Investor).await;
    every_rejection_is_json(&api, &ani).await;
    a_push_has_a_ceiling(&api, &ani).await;
    sign_in_is_throttled(&api).await;
    the_cursor_tells_nothing_of_others(&api, &ani).await;
    the_verification_page_is_locked_down(&api).await;
    edge_numbers_and_repeats(&api, &ani).await;
    api.db.cleanup().await;
}

#[tokio::test]
async fn hostile_edge_on_sqlite() {
    all(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn hostile_edge_on_postgres() {
    all(TestDb::postgres().await).await;
}
