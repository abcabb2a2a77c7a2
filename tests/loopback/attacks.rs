//! A hostile client against the real server process: an investor's real desktop store syncs
//! her case and files; another account, speaking the wire protocol directly, tries to read her
//! file by its hash, to approve his own case, and to file a case whose checklist he trimmed.

use anyhow::{Result, ensure};
use gerbang_sync::Client;
use gerbang_sync::wire::{Mutation, MutationPayload, Outcome, PushRequest};
use gerbang_tests::{PASSWORD, add_server_user, run_cli, start_server_on};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_known_hash_and_a_made_up_status_get_nothing_across_processes() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    let (_server, url) = start_server_on(&db)?;
    add_server_user(&db, "ani", "investor", PASSWORD)?;
    add_server_user(&db, "budi", "investor", PASSWORD)?;

    // Ani, on her desktop store through the CLI: a case, its documents, synced.
    let investor = dir.path().join("ani");
    let case = gerbang_tests::fixtures::cli_bare_case(&investor, dir.path(), "CV Teluk Rasa")?;
    gerbang_tests::cli_login(&investor, &url, "ani")?;
    let pdf = dir.path().join("ktp-ani.pdf");
    let secret = b"%PDF-1.4\nKTP Ani: 6471015208900002\n%%EOF\n";
    std::fs::write(&pdf, secret)?;
    gerbang_tests::fixtures::cli_attach_required(&investor, &case, &pdf)?;
    run_cli(&investor, &["sync", "now"], None)?;
    let stolen = {
        use sha2::Digest;
        gerbang_core::hex(&sha2::Sha256::digest(secret))
    };

    // Budi speaks the protocol himself.
    let token = Client::new(&url)?.login("budi", PASSWORD).await?.token;
    let budi = Client::new(&url)?.with_token(&token);
    let profile: gerbang_core::record::Profile = serde_json::from_value(serde_json::json!({
        "id": "pb", "kind": "company", "name": "CV Budi", "entity_type": "cv",
        "capital_status": "pmdn", "npwp": "0012345678901000",
        "created_at": "2026-12-01T00:00:00Z", "updated_at": "2026-12-01T00:00:00Z"
    }))?;
    let mut facts: gerbang_core::facts::Facts = serde_json::from_str(&std::fs::read_to_string(
        gerbang_tests::fixtures::restaurant_facts(),
    )?)?;
    facts.entity_type = gerbang_core::facts::EntityType::Cv;
    let record = gerbang_core::record::CaseRecord {
        id: "b1".into(),
        profile_id: "pb".into(),
        title: "CV Budi: Restoran".into(),
        facts,
        catalog_version: gerbang_catalog::catalog()
            .map_err(anyhow::Error::msg)?
            .version()
            .to_owned(),
        notes: String::new(),
    };
    // His "document" names Ani's hash for her case (refused), then for his own (kept as a
    // record, but it gives him nothing).
    let claim = |case_id: &str, id: &str| {
        MutationPayload::DocumentAttach(gerbang_core::record::Document {
            id: id.to_owned(),
            case_id: case_id.to_owned(),
            item_key: "nib@*".into(),
            version: 1,
            sha256: stolen.clone(),
            size: 1,
            media_type: "application/pdf".into(),
            original_name: "ktp.pdf".into(),
            created_at: "2026-12-01T00:00:00Z".into(),
        })
    };
    let mut approved = serde_json::to_value(&record)?;
    approved["status"] = "approved".into();
    approved["filing_number"] = "BPN-2026-000777".into();
    let mutations = vec![
        Mutation::new(
            1,
            "m1".into(),
            "pb".into(),
            None,
            &MutationPayload::ProfileCreate(profile),
        ),
        Mutation::new(
            2,
            "m2".into(),
            "b1".into(),
            None,
            &MutationPayload::CaseCreate(record.clone()),
        ),
        Mutation::new(3, "m3".into(), "d1".into(), None, &claim(&case, "d1")),
        Mutation::new(4, "m4".into(), "d2".into(), None, &claim("b1", "d2")),
        Mutation {
            seq: 5,
            id: "m5".into(),
            kind: "case.update".into(),
            record_id: "b1".into(),
            base_version: Some(1),
            payload: approved,
        },
    ];
    let pushed = budi
        .push(&PushRequest {
            device_id: "budi-laptop".into(),
            mutations,
        })
        .await?;
    let outcomes: Vec<(Outcome, Option<&str>)> = pushed
        .results
        .iter()
        .map(|r| (r.outcome, r.code.map(|c| c.as_str())))
        .collect();
    ensure!(
        outcomes
            == [
                (Outcome::Applied, None),
                (Outcome::Applied, None),
                (Outcome::Rejected, Some("not_your_record")),
                (Outcome::Applied, None),
                (Outcome::Rejected, Some("server_owned_field")),
            ],
        "{outcomes:?}"
    );
    let err = budi.get_blob(&stolen).await.expect_err("not his bytes");
    ensure!(err.code().map(|c| c.as_str()) == Some("not_found"), "{err}");
    let status = budi.blob_status(&stolen).await?;
    ensure!(!status.complete && status.received == 0, "{status:?}");

    // He files his case with one document: the server derived the checklist, so it is
    // incomplete whatever he left out.
    let err = budi
        .file(
            "b1",
            &gerbang_sync::wire::FileRequest {
                snapshot_hash: gerbang_sync::wire::record_hash(&record),
            },
        )
        .await
        .expect_err("incomplete");
    ensure!(
        err.code().map(|c| c.as_str()) == Some("incomplete"),
        "{err}"
    );

    // Ani is unaffected: she files, and reads her own file.
    let number = run_cli(&investor, &["case", "file", &case], None)?;
    ensure!(number.starts_with("BPN-"), "{number}");
    let ani_token = Client::new(&url)?.login("ani", PASSWORD).await?.token;
    let bytes = Client::new(&url)?
        .with_token(&ani_token)
        .get_blob(&stolen)
        .await?;
    ensure!(bytes == secret, "her own file, byte for byte");
    Ok(())
}
