//! A server database written by the previous release (cases stored with their derived
//! checklist, mutation ids unique server-wide, no record of who uploaded a file) opens with
//! this release on both databases: records become typed, the filed case is derived by the
//! server and reaches officers, the uploader keeps reading its file, and the device syncs on.

use crate::databases::TestDb;
use crate::sync::{Api, CONTENT, REQUIRED, case_record, document, mutation, results, sha};
use axum::http::StatusCode;
use gerbang_wire::{Outcome, Role};
use serde_json::{Value, json};

/// The rows the previous release wrote for Ani: her profile, a case as the desktop stored it
/// (summary, facts, derived checklist, items, documents), its documents, her file's record,
/// her device's mutations, and the filing.
fn seed(password_hash: &str) -> Vec<String> {
    let mut case = case_record("old1", "p-old");
    let version = case["catalog_version"].clone();
    let object = case.as_object_mut().unwrap();
    object.remove("catalog_version");
    object.insert("status".into(), json!("filed"));
    object.insert("profile_name".into(), json!("Siti Aminah"));
    object.insert("items_required".into(), json!(3));
    object.insert("updated_at".into(), json!("2026-12-01T00:00:00Z"));
    object.insert("filing_number".into(), json!("BPN-2026-000001"));
    object.insert(
        "checklist".into(),
        json!({"catalog_version": version, "permits": []}),
    );
    object.insert(
        "items".into(),
        json!([{"key": "nib@*", "required": true}, {"key": "invented@*", "required": true}]),
    );
    let docs: Vec<Value> = REQUIRED.iter().map(|k| document("old1", k)).collect();
    object.insert("documents".into(), json!(docs));
    let q = |v: &Value| v.to_string().replace('\'', "''");
    let mut rows = vec![
        format!(
            "INSERT INTO users (id, username, password_hash, role, created_at)
             VALUES ('u-ani', 'ani-old', '{password_hash}', 'investor', '2026-12-01T00:00:00Z')"
        ),
        format!(
            "INSERT INTO records (kind, id, owner_id, version, data, updated_at)
             VALUES ('profile', 'p-old', 'u-ani', 1, '{}', '2026-12-01T00:00:00Z')",
            q(&crate::sync::profile("p-old"))
        ),
        format!(
            "INSERT INTO records (kind, id, owner_id, version, data, updated_at)
             VALUES ('case', 'old1', 'u-ani', 1, '{}', '2026-12-01T00:00:00Z')",
            q(&case)
        ),
        "INSERT INTO filings (case_id, number, owner_id, snapshot_hash, filed_at)
         VALUES ('old1', 'BPN-2026-000001', 'u-ani', 'old-hash', '2026-12-01T01:00:00Z')"
            .to_owned(),
        "INSERT INTO reviews (case_id, owner_id, status, round, version, updated_at)
         VALUES ('old1', 'u-ani', 'filed', 1, 0, '2026-12-01T01:00:00Z')"
            .to_owned(),
    ];
    for (i, d) in docs.iter().enumerate() {
        let id = d["id"].as_str().unwrap();
        rows.push(format!(
            "INSERT INTO records (kind, id, owner_id, version, data, updated_at)
             VALUES ('document', '{id}', 'u-ani', 1, '{}', '2026-12-01T00:00:00Z')",
            q(d)
        ));
        rows.push(format!(
            "INSERT INTO document_blobs (document_id, sha256, size, owner_id, case_id)
             VALUES ('{id}', '{}', {}, 'u-ani', 'old1')",
            sha(CONTENT),
            CONTENT.len()
        ));
        rows.push(format!(
            "INSERT INTO mutations (device_id, seq, mutation_id, user_id, kind, record_id, status, result, applied_at)
             VALUES ('laptop-old', {}, 'old-m{i}', 'u-ani', 'document.attach', '{id}', 'applied', '{{}}', '2026-12-01T00:00:00Z')",
            i + 1
        ));
    }
    rows
}

async fn upgrade(postgres: bool) {
    let hash = gerbang_server::auth::hash_password("kata-sandi-panjang").unwrap();
    let rows = seed(&hash);
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let db = TestDb::earlier_release(postgres, "20261203000000", &rows).await;
    let api = Api::new(db).await;
    // The blob the previous release stored, in its place.
    let blob = sha(CONTENT);
    let dir = api.blobs.path().join(&blob[..2]);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(&blob), CONTENT).unwrap();

    // The case record is now what the applicant decided; the filing names its hash.
    let (data, filed_hash): (String, String) = sqlx::query_as(
        "SELECT r.data, f.snapshot_hash FROM records r JOIN filings f ON f.case_id = r.id
         WHERE r.kind = 'case' AND r.id = 'old1'",
    )
    .fetch_one(api.db.db.pool())
    .await
    .unwrap();
    let record: Value = serde_json::from_str(&data).unwrap();
    let typed =
        |v: &Value| serde_json::from_value::<gerbang_core::record::CaseRecord>(v.clone()).unwrap();
    assert_eq!(
        typed(&record),
        typed(&case_record("old1", "p-old")),
        "{data}"
    );
    assert!(record.get("checklist").is_none() && record.get("status").is_none());
    assert_eq!(filed_hash, crate::sync::hash(&record));

    // Officers receive the case as the server derives it: its three items, not the invented one.
    let officer = api.user("petugas-old", Role::Officer).await;
    let (_, feed) = api
        .call("GET", "/api/v1/sync/pull?after=0", Some(&officer), None)
        .await;
    let filed = feed["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "filed_case")
        .unwrap_or_else(|| panic!("{feed}"));
    let case: gerbang_core::record::Case = serde_json::from_value(filed["data"].clone()).unwrap();
    assert_eq!(case.required_keys(), REQUIRED);
    assert_eq!(case.documents.len(), 3);
    assert_eq!(
        api.raw("GET", &format!("/api/v1/blobs/{blob}"), &officer, vec![])
            .await,
        (StatusCode::OK, CONTENT.to_vec())
    );

    // Ani signs in, reads her file (she was its first declarer), and her device syncs on.
    let (status, session) = api
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "ani-old", "password": "kata-sandi-panjang"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let ani = session["token"].as_str().unwrap().to_owned();
    assert_eq!(
        api.raw("GET", &format!("/api/v1/blobs/{blob}"), &ani, vec![])
            .await
            .0,
        StatusCode::OK
    );
    let (_, r) = api
        .push(
            &ani,
            "laptop-old",
            &[mutation(
                4,
                "profile.update",
                "p-old",
                Some(1),
                crate::sync::profile("p-old"),
            )],
        )
        .await;
    assert_eq!(results(&r).results[0].outcome, Outcome::Applied, "{r}");
    // Her old mutation ids stay hers on that device.
    let mut reused = mutation(
        5,
        "profile.update",
        "p-old",
        Some(2),
        crate::sync::profile("p-old"),
    );
    reused.id = "old-m0".into();
    let (status, body) = api.push(&ani, "laptop-old", &[reused]).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("mutation_id_reused")),
        "{body}"
    );
    // Opening it again upgrades nothing more.
    let again = gerbang_server::upgrade::run(&api.db.db).await.unwrap();
    assert_eq!(again, gerbang_server::upgrade::Upgraded::default());
    api.db.cleanup().await;
}

#[tokio::test]
async fn a_database_of_the_previous_release_syncs_on_sqlite() {
    upgrade(false).await;
}

#[tokio::test]
async fn a_database_of_the_previous_release_syncs_on_postgres() {
    upgrade(true).await;
}
