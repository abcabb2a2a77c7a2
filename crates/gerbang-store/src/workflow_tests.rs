//! Profiles, cases, the audit chain and the outbox on a real SQLite file.

use crate::profiles::{NewProfile, ProfileKind};
use crate::{Store, StoreError};
use gerbang_core::facts::{Activity, CapitalStatus, EntityType, Facts, KbliEdition, SpatialPlan};

async fn store(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("gerbang.db")).await.unwrap()
}

fn company() -> NewProfile {
    NewProfile {
        kind: ProfileKind::Company,
        name: "CV Teluk Rasa".into(),
        entity_type: EntityType::Cv,
        capital_status: CapitalStatus::Pmdn,
        nik: None,
        npwp: Some("01.234.567.8-901.000".into()),
        nib: None,
        address: Some("Jl. Jenderal Sudirman 1, Balikpapan".into()),
        phone: None,
        email: None,
        directors: vec![],
        shareholders: vec![],
    }
}

fn restaurant() -> Facts {
    Facts {
        kbli_edition: KbliEdition::K2025,
        activities: vec![Activity {
            kbli: "56101".into(),
            investment_idr: Some(2_000_000_000),
            land_and_buildings_idr: None,
            location: Some("Balikpapan Kota".into()),
            city: None,
            kbli_2025: None,
            land_area_m2: None,
        }],
        entity_type: EntityType::Cv,
        capital_status: CapitalStatus::Pmdn,
        business_capital_idr: 2_000_000_000,
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

fn as_of() -> time::Date {
    time::macros::date!(2026 - 11 - 27)
}

/// A store in `dir` with the company profile and one restaurant case.
async fn store_with_case(
    dir: &tempfile::TempDir,
) -> (Store, crate::profiles::Profile, crate::cases::Case) {
    let s = store(dir).await;
    let p = s.create_profile("ani", company()).await.unwrap();
    let c = s
        .create_case(
            "ani",
            &p,
            &restaurant(),
            &gerbang_core::engine::evaluate(
                &restaurant(),
                gerbang_catalog::catalog().unwrap(),
                gerbang_catalog::index().unwrap(),
                as_of(),
            )
            .unwrap(),
        )
        .await
        .unwrap();
    (s, p, c)
}

/// Cases whose words match `text`, up to 10.
async fn found(s: &Store, text: &str) -> usize {
    s.find_cases(&crate::cases::CaseQuery {
        text: Some(text.into()),
        limit: 10,
        ..crate::cases::CaseQuery::default()
    })
    .await
    .unwrap()
    .len()
}

#[tokio::test]
async fn a_profile_is_validated_stored_audited_and_queued() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir).await;
    let p = s.create_profile("ani", company()).await.unwrap();
    assert_eq!(
        p.data.npwp.as_deref(),
        Some("012345678901000"),
        "digits only"
    );
    assert_eq!(s.profile(&p.id).await.unwrap(), p);
    assert_eq!(s.profiles("teluk").await.unwrap().len(), 1);
    assert_eq!(s.profiles("nothing").await.unwrap().len(), 0);
    assert_eq!(s.verify_audit().await.unwrap(), Ok(1));
    assert_eq!(s.pending_changes().await.unwrap(), 1);

    let mut bad = company();
    bad.npwp = Some("123".into());
    let err = s.create_profile("ani", bad).await.unwrap_err().to_string();
    assert_eq!(
        err,
        "npwp: NPWP must have 16 (or 15 legacy, or 22 for a NITKU) digits, not 3"
    );
    let mut person = company();
    person.kind = ProfileKind::Individual;
    person.entity_type = EntityType::Perorangan;
    person.nik = Some("6471011308900001".into());
    person.npwp = None;
    assert!(s.create_profile("ani", person.clone()).await.is_ok());
    person.nik = Some("6471013213900001".into());
    let err = s
        .create_profile("ani", person)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("nik: NIK birth date"), "{err}");
    // Shares: each more than 0 and at most 100 percent, together at most 100.
    let holder = |name: &str, share: f64| crate::profiles::Person {
        name: name.into(),
        role: None,
        share_percent: Some(share),
    };
    let mut owned = company();
    owned.shareholders = vec![holder("Ani", 120.0)];
    match s.create_profile("ani", owned.clone()).await.unwrap_err() {
        StoreError::Refused { field, problem } => {
            assert_eq!(field, "shareholders[0].share_percent");
            assert_eq!(problem.code, "share_out_of_range");
            assert_eq!(problem.params["share"], "120");
        }
        other => panic!("{other:?}"),
    }
    owned.shareholders = vec![holder("Ani", 60.0), holder("Budi", 50.5)];
    match s.create_profile("ani", owned.clone()).await.unwrap_err() {
        StoreError::Refused { problem, .. } => {
            assert_eq!(problem.code, "shares_over_100");
            assert_eq!(problem.params["total"], "110.5");
        }
        other => panic!("{other:?}"),
    }
    owned.shareholders = vec![
        holder("Ani", 33.33),
        holder("Budi", 33.33),
        holder("Citra", 33.34),
    ];
    assert!(s.create_profile("ani", owned).await.is_ok());
    assert_eq!(
        s.pending_changes().await.unwrap(),
        3,
        "refused input leaves nothing behind"
    );
}

#[tokio::test]
async fn a_case_takes_the_profile_and_keeps_its_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir).await;
    let catalog = gerbang_catalog::catalog().unwrap();
    let index = gerbang_catalog::index().unwrap();
    let p = s.create_profile("ani", company()).await.unwrap();
    let c = s
        .create_case(
            "ani",
            &p,
            &restaurant(),
            &gerbang_core::engine::evaluate(&restaurant(), catalog, index, as_of()).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(c.summary.profile_name, "CV Teluk Rasa");
    assert!(
        c.summary.title.starts_with("CV Teluk Rasa: "),
        "{}",
        c.summary.title
    );
    assert_eq!(c.checklist.catalog_version, catalog.version());
    let keys: Vec<&str> = c.items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys[0], "nib@*");
    assert!(keys.contains(&"slhs@*"), "{keys:?}");
    assert_eq!(c.summary.items_required, c.items.len() as i64);
    let list = s.cases(50, 0).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0], c.summary);
    assert_eq!(s.verify_audit().await.unwrap(), Ok(2));
    assert_eq!(s.pending_changes().await.unwrap(), 2);

    // Reopen: everything is still there.
    s.close().await;
    let s = store(&dir).await;
    assert_eq!(s.case(&c.summary.id).await.unwrap(), c);
}

#[tokio::test]
async fn facts_that_contradict_the_profile_are_refused_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir).await;
    let catalog = gerbang_catalog::catalog().unwrap();
    let index = gerbang_catalog::index().unwrap();
    let p = s.create_profile("ani", company()).await.unwrap();
    let mut facts = restaurant();
    facts.entity_type = EntityType::Pt;
    let err = s
        .create_case(
            "ani",
            &p,
            &facts,
            &gerbang_core::engine::evaluate(&facts, catalog, index, as_of()).unwrap(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Refused { ref field, ref problem }
            if field == "entity_type" && problem.code == "facts_profile_mismatch"),
        "{err}"
    );
    // (Facts that do not evaluate never reach the store: the application evaluates them first;
    // gerbang-app's tests/desk.rs holds that case.)
    // (Nor does a profile that is not stored: the application reads it first; gerbang-app's
    // tests/desk.rs holds that case too.)
    assert!(
        s.cases(10, 0).await.unwrap().is_empty(),
        "nothing half-written"
    );
}

#[tokio::test]
async fn tampering_with_the_audit_log_is_detected_at_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir).await;
    for i in 0..3 {
        let mut p = company();
        p.name = format!("CV Nomor {i}");
        s.create_profile("ani", p).await.unwrap();
    }
    assert_eq!(s.verify_audit().await.unwrap(), Ok(3));
    sqlx::query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
        .execute(&s.pool)
        .await
        .unwrap();
    let broken = s.verify_audit().await.unwrap().unwrap_err();
    assert_eq!(broken.seq, 2);
    assert!(broken.to_string().contains("was edited"), "{broken}");
    sqlx::query("UPDATE audit_log SET actor = 'ani' WHERE seq = 2")
        .execute(&s.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq = 2")
        .execute(&s.pool)
        .await
        .unwrap();
    let broken = s.verify_audit().await.unwrap().unwrap_err();
    assert_eq!(broken.seq, 3);
    assert!(
        broken.to_string().contains("removed or reordered"),
        "{broken}"
    );
}

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

#[tokio::test]
async fn documents_are_content_addressed_typed_by_content_and_versioned() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir).await;
    let catalog = gerbang_catalog::catalog().unwrap();
    let index = gerbang_catalog::index().unwrap();
    let p = s.create_profile("ani", company()).await.unwrap();
    let c = s
        .create_case(
            "ani",
            &p,
            &restaurant(),
            &gerbang_core::engine::evaluate(&restaurant(), catalog, index, as_of()).unwrap(),
        )
        .await
        .unwrap();
    let id = c.summary.id.as_str();
    let files = tempfile::tempdir().unwrap();
    let deed = write(files.path(), "akta.pdf", PDF);
    let copy = write(files.path(), "akta-salinan.pdf", PDF);

    let d1 = s
        .attach_document("ani", id, "nib@*", &deed, 1 << 20)
        .await
        .unwrap();
    assert_eq!(
        (d1.version, d1.media_type.as_str(), d1.size),
        (1, "application/pdf", PDF.len() as i64)
    );
    let d2 = s
        .attach_document("ani", id, "nib@*", &copy, 1 << 20)
        .await
        .unwrap();
    assert_eq!(d2.version, 2, "a replacement keeps the earlier version");
    assert_eq!(d1.sha256, d2.sha256);
    let blobs: Vec<_> = walk(&s.blobs_dir());
    assert_eq!(blobs.len(), 1, "the same content is stored once: {blobs:?}");
    assert_eq!(s.case(id).await.unwrap().documents.len(), 2);

    let fake = write(files.path(), "izin.pdf", b"MZ\x90\0 this is an executable");
    let err = s
        .attach_document("ani", id, "nib@*", &fake, 1 << 20)
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "izin.pdf: the name says application/pdf but the content is not (it is not a PDF, PNG or JPEG file)"
    );
    let png_as_pdf = write(files.path(), "foto.pdf", PNG);
    let err = s
        .attach_document("ani", id, "nib@*", &png_as_pdf, 1 << 20)
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "foto.pdf: the name says application/pdf but the content is image/png"
    );
    let big = write(
        files.path(),
        "besar.pdf",
        &[PDF, &vec![b' '; 2048]].concat(),
    );
    let err = s
        .attach_document("ani", id, "nib@*", &big, 1024)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("besar.pdf: the file is"), "{err}");
    assert!(err.ends_with("the limit is 1024 bytes"), "{err}");
    let err = s
        .attach_document("ani", id, "no_such@*", &deed, 1 << 20)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("no checklist item with id"), "{err}");
    assert_eq!(
        walk(&s.blobs_dir()).len(),
        1,
        "refusals leave no file behind"
    );
    assert_eq!(s.case(id).await.unwrap().documents.len(), 2);

    let sneaky = files.path().join("sub");
    std::fs::create_dir_all(&sneaky).unwrap();
    let sneaky = write(&sneaky, "ktp.png", PNG);
    let odd = sneaky
        .parent()
        .unwrap()
        .join("..")
        .join("sub")
        .join("ktp.png");
    let d = s
        .attach_document("ani", id, "kkpr@*", &odd, 1 << 20)
        .await
        .unwrap();
    assert_eq!(d.original_name, "ktp.png", "only the file name is kept");
    assert_eq!(s.verify_audit().await.unwrap(), Ok(5));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The company's restaurant case with a new two-floor building, its drawing (written in `files`)
/// attached to the PBG item: the facts, the case and the drawing's path.
async fn restaurant_building_with_pbg(
    s: &Store,
    files: &std::path::Path,
) -> (Facts, crate::cases::Case, std::path::PathBuf) {
    let p = s.create_profile("ani", company()).await.unwrap();
    let mut facts = restaurant();
    facts.building = Some(gerbang_core::facts::Building {
        new: true,
        floors: 2,
        floor_area_m2: 300.0,
    });
    let c = s
        .create_case(
            "ani",
            &p,
            &facts.clone(),
            &gerbang_core::engine::evaluate(
                &facts.clone(),
                gerbang_catalog::catalog().unwrap(),
                gerbang_catalog::index().unwrap(),
                as_of(),
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let drawing = write(files, "gambar.pdf", PDF);
    s.attach_document("ani", &c.summary.id, "pbg@*", &drawing, 1 << 20)
        .await
        .unwrap();
    (facts, c, drawing)
}

#[tokio::test]
async fn rederiving_keeps_documents_and_marks_dropped_items() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir).await;
    let catalog = gerbang_catalog::catalog().unwrap();
    let index = gerbang_catalog::index().unwrap();
    let files = tempfile::tempdir().unwrap();
    let (mut facts, c, drawing) = restaurant_building_with_pbg(&s, files.path()).await;
    let id = c.summary.id.clone();
    s.attach_document("ani", &id, "nib@*", &drawing, 1 << 20)
        .await
        .unwrap();

    // The building is no longer new: no PBG; SLF stays.
    facts.building = Some(gerbang_core::facts::Building {
        new: false,
        floors: 2,
        floor_area_m2: 300.0,
    });
    let after = s
        .rederive_case(
            "ani",
            &id,
            &facts,
            &gerbang_core::engine::evaluate(&facts, catalog, index, as_of()).unwrap(),
        )
        .await
        .unwrap();
    let pbg = after.items.iter().find(|i| i.key == "pbg@*").unwrap();
    assert!(!pbg.required, "shown as no longer required, not deleted");
    assert!(
        after
            .items
            .iter()
            .find(|i| i.key == "slf@*")
            .unwrap()
            .required
    );
    assert!(
        after
            .items
            .iter()
            .find(|i| i.key == "nib@*")
            .unwrap()
            .required
    );
    assert_eq!(after.documents.len(), 2, "documents stay attached");
    // PBG and the traffic impact study (a new building's) are no longer required.
    assert!(
        !after
            .items
            .iter()
            .find(|i| i.key == "andalalin@*")
            .unwrap()
            .required
    );
    assert_eq!(after.summary.items_required, c.summary.items_required - 2);
    assert_eq!(
        after.items.last().unwrap().key,
        "pbg@*",
        "dropped items come last"
    );
    assert_eq!(s.verify_audit().await.unwrap(), Ok(5));
}

#[tokio::test]
async fn cases_are_found_by_words_status_and_client() {
    use crate::cases::{CaseQuery, CaseSort, CaseStatus};
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir).await;
    let catalog = gerbang_catalog::catalog().unwrap();
    let index = gerbang_catalog::index().unwrap();
    let a = s.create_profile("ani", company()).await.unwrap();
    let mut other = company();
    other.name = "CV Kontraktor Mandiri".into();
    let b = s.create_profile("ani", other).await.unwrap();
    s.create_case(
        "ani",
        &a,
        &restaurant(),
        &gerbang_core::engine::evaluate(&restaurant(), catalog, index, as_of()).unwrap(),
    )
    .await
    .unwrap();
    let mut build = restaurant();
    build.activities[0].kbli = "41012".into();
    s.create_case(
        "ani",
        &b,
        &build,
        &gerbang_core::engine::evaluate(&build, catalog, index, as_of()).unwrap(),
    )
    .await
    .unwrap();
    let find = |text: &str| CaseQuery {
        text: Some(text.into()),
        limit: 50,
        ..CaseQuery::default()
    };
    let titles = |v: Vec<crate::cases::CaseSummary>| {
        v.into_iter().map(|c| c.profile_name).collect::<Vec<_>>()
    };
    assert_eq!(
        titles(s.find_cases(&find("teluk")).await.unwrap()),
        ["CV Teluk Rasa"]
    );
    assert_eq!(
        titles(s.find_cases(&find("41012")).await.unwrap()),
        ["CV Kontraktor Mandiri"]
    );
    assert_eq!(
        titles(s.find_cases(&find("makan")).await.unwrap()),
        ["CV Teluk Rasa"],
        "KBLI title, prefix"
    );
    assert_eq!(
        titles(s.find_cases(&find("kontraktor gedung")).await.unwrap()),
        ["CV Kontraktor Mandiri"]
    );
    assert!(
        s.find_cases(&find("\"; DROP TABLE cases; --"))
            .await
            .unwrap()
            .is_empty(),
        "quotes are data"
    );
    let q = CaseQuery {
        profile_id: Some(a.id.clone()),
        limit: 50,
        ..CaseQuery::default()
    };
    assert_eq!(titles(s.find_cases(&q).await.unwrap()), ["CV Teluk Rasa"]);
    let q = CaseQuery {
        status: Some(CaseStatus::Filed),
        limit: 50,
        ..CaseQuery::default()
    };
    assert!(s.find_cases(&q).await.unwrap().is_empty());
    let q = CaseQuery {
        sort: CaseSort::Title,
        limit: 1,
        offset: 1,
        ..CaseQuery::default()
    };
    assert_eq!(
        titles(s.find_cases(&q).await.unwrap()),
        ["CV Teluk Rasa"],
        "paged by title"
    );
}

#[tokio::test]
async fn editing_a_profile_carries_into_its_open_cases_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let (s, p, c) = store_with_case(&dir).await;
    let catalog = gerbang_catalog::catalog().unwrap();
    let index = gerbang_catalog::index().unwrap();
    let audited = s.verify_audit().await.unwrap().unwrap();

    // Renamed, and now foreign-owned (PMA) as a PT: the draft case follows.
    let mut changed = company();
    changed.name = "PT Teluk Rasa Internasional".into();
    changed.entity_type = EntityType::Pt;
    changed.capital_status = CapitalStatus::Pma;
    let updated = s
        .update_profile(
            "ani",
            &p.id,
            changed,
            &gerbang_core::engine::deriver(catalog, index, as_of()),
        )
        .await
        .unwrap();
    assert_eq!(updated.created_at, p.created_at);
    let after = s.case(&c.summary.id).await.unwrap();
    assert!(
        after
            .summary
            .title
            .starts_with("PT Teluk Rasa Internasional: "),
        "{}",
        after.summary.title
    );
    assert_eq!(after.facts.capital_status, CapitalStatus::Pma);
    assert!(
        after
            .checklist
            .findings
            .iter()
            .any(|f| f.message.contains("PMA")),
        "the PMA rules now apply: {:?}",
        after.checklist.findings
    );
    assert_eq!(
        found(&s, "internasional").await,
        1,
        "the search entry has the new name"
    );
    assert_eq!(
        found(&s, "teluk rasa").await,
        1,
        "still found by the words that stayed"
    );
    assert_eq!(
        s.verify_audit().await.unwrap(),
        Ok(audited + 2),
        "one entry for the profile, one for the case"
    );

    // A bad identifier changes nothing.
    let mut bad = company();
    bad.npwp = Some("12".into());
    let err = s
        .update_profile(
            "ani",
            &p.id,
            bad,
            &gerbang_core::engine::deriver(catalog, index, as_of()),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("npwp: "), "{err}");
    assert_eq!(s.profile(&p.id).await.unwrap(), updated);

    // Notes are kept and searchable.
    let noted = s
        .set_case_notes("ani", &c.summary.id, "menunggu surat domisili kelurahan")
        .await
        .unwrap();
    assert_eq!(noted.notes, "menunggu surat domisili kelurahan");
    assert_eq!(found(&s, "domisili").await, 1);
}

#[tokio::test]
async fn keyset_pages_cover_the_list_once_in_every_order() {
    use crate::cases::{CaseQuery, CaseSort};
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir).await;
    let catalog = gerbang_catalog::catalog().unwrap();
    let index = gerbang_catalog::index().unwrap();
    let p = s.create_profile("ani", company()).await.unwrap();
    let facts = restaurant();
    let checklist = gerbang_core::engine::evaluate(&facts, catalog, index, as_of()).unwrap();
    // Chunks of 3 share a timestamp: ties are broken by id.
    s.create_cases_bulk("ani", &p.id, &facts, &checklist, 8, 3)
        .await
        .unwrap();
    for (sort, text) in [
        (CaseSort::RecentFirst, None),
        (CaseSort::Title, None),
        (CaseSort::RecentFirst, Some("teluk")),
        (CaseSort::Title, Some("makanan")),
    ] {
        let base = CaseQuery {
            text: text.map(str::to_owned),
            sort,
            limit: 100,
            ..CaseQuery::default()
        };
        let all: Vec<String> = s
            .find_cases(&base)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(all.len(), 8, "{sort:?} {text:?}");
        assert_eq!(s.count_cases(&base).await.unwrap(), 8);
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = s
                .find_cases(&CaseQuery {
                    limit: 3,
                    after: after.clone(),
                    ..base.clone()
                })
                .await
                .unwrap();
            if page.is_empty() {
                break;
            }
            after = page.last().map(|c| c.id.clone());
            paged.extend(page.into_iter().map(|c| c.id));
        }
        assert_eq!(paged, all, "{sort:?} {text:?}");
    }
    let none = CaseQuery {
        text: Some("hotel".into()),
        ..CaseQuery::default()
    };
    assert_eq!(s.count_cases(&none).await.unwrap(), 0);
}

#[tokio::test]
async fn an_exported_case_imports_whole_and_a_tampered_one_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let (s, p, c) = store_with_case(&dir).await;
    let catalog = gerbang_catalog::catalog().unwrap();
    let index = gerbang_catalog::index().unwrap();
    let pdf = dir.path().join("akta.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\nakta\n%%EOF\n").unwrap();
    s.attach_document("ani", &c.summary.id, "nib@*", &pdf, 1 << 20)
        .await
        .unwrap();
    // A re-derivation that drops an item: the export keeps it, marked.
    let mut no_building = restaurant();
    no_building.building = None;
    s.rederive_case(
        "ani",
        &c.summary.id,
        &no_building,
        &gerbang_core::engine::evaluate(&no_building, catalog, index, as_of()).unwrap(),
    )
    .await
    .unwrap();
    s.set_case_notes("ani", &c.summary.id, "kiriman dari konsultan")
        .await
        .unwrap();
    let original = s.case(&c.summary.id).await.unwrap();
    let export = s.export_case(&c.summary.id).await.unwrap();
    let text = serde_json::to_string(&export).unwrap();

    let other = tempfile::tempdir().unwrap();
    let t = store(&other).await;
    let back: crate::transfer::CaseExport = serde_json::from_str(&text).unwrap();
    let id = t
        .import_case(
            "budi",
            back.clone(),
            1 << 20,
            &gerbang_core::engine::deriver(catalog, index, as_of()),
        )
        .await
        .unwrap();
    assert_eq!(id, c.summary.id);
    let imported = t.case(&id).await.unwrap();
    assert_eq!(imported, original, "the same case, item for item");
    let doc = &imported.documents[0];
    assert_eq!(
        std::fs::read(t.document_path(doc)).unwrap(),
        b"%PDF-1.4\nakta\n%%EOF\n"
    );
    assert_eq!(t.profile(&p.id).await.unwrap().data.name, "CV Teluk Rasa");
    assert!(t.verify_audit().await.unwrap().is_ok());
    let again = t
        .import_case(
            "budi",
            back,
            1 << 20,
            &gerbang_core::engine::deriver(catalog, index, as_of()),
        )
        .await
        .unwrap_err();
    assert!(
        again.to_string().contains("already in this store"),
        "{again}"
    );

    // An export edited to say "approved", with a made-up filing number and a required item
    // dropped: the import believes none of it (a draft, no number, the checklist derived again).
    let mut edited: crate::transfer::CaseExport = serde_json::from_str(&text).unwrap();
    edited.case.summary.status = crate::cases::CaseStatus::Approved;
    edited.case.filing_number = Some("BPN-2026-999999".to_owned());
    let at = edited
        .case
        .items
        .iter()
        .position(|i| i.required && !edited.case.documents.iter().any(|d| d.item_key == i.key))
        .unwrap();
    let dropped = edited.case.items.remove(at);
    let fourth = tempfile::tempdir().unwrap();
    let v = store(&fourth).await;
    let id = v
        .import_case(
            "budi",
            edited,
            1 << 20,
            &gerbang_core::engine::deriver(catalog, index, as_of()),
        )
        .await
        .unwrap();
    let imported = v.case(&id).await.unwrap();
    assert_eq!(imported.summary.status, crate::cases::CaseStatus::Draft);
    assert_eq!(imported.filing_number, None);
    assert!(
        imported
            .items
            .iter()
            .any(|i| i.key == dropped.key && i.required),
        "the dropped item is required again"
    );

    // Tampered content: refused by name, and the third store stays empty.
    let mut tampered: crate::transfer::CaseExport = serde_json::from_str(&text).unwrap();
    let sha = doc.sha256.clone();
    tampered.contents.insert(sha, "JVBERi0xLjQKZmFrZQo=".into());
    let third = tempfile::tempdir().unwrap();
    let u = store(&third).await;
    let err = u
        .import_case(
            "budi",
            tampered,
            1 << 20,
            &gerbang_core::engine::deriver(catalog, index, as_of()),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "akta.pdf: the content does not match its SHA-256: the file was changed or damaged"
    );
    assert_eq!(u.case_count().await.unwrap(), 0);
    assert!(u.profiles("").await.unwrap().is_empty());
}

/// A store written before cases were packed (JSON columns, a row per item, a search index with
/// its own copy, documents keyed to item rows) opens with nothing lost: the same case, items,
/// dropped item and documents, still found by its words, its audit chain whole, and it goes
/// on working (an attach, a re-derivation, the outbox).
#[tokio::test]
async fn a_store_from_before_packing_opens_with_nothing_lost() {
    use sha2::Digest;
    let (catalog, index) = (
        gerbang_catalog::catalog().unwrap(),
        gerbang_catalog::index().unwrap(),
    );
    // The case as it is: made, attached, re-derived so that one item is no longer required.
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir).await;
    let files = tempfile::tempdir().unwrap();
    let (mut facts, c, drawing) = restaurant_building_with_pbg(&s, files.path()).await;
    let id = c.summary.id.clone();
    facts.building.as_mut().unwrap().new = false;
    s.set_case_notes("ani", &id, "warung dekat pelabuhan")
        .await
        .unwrap();
    let expected = s
        .rederive_case(
            "ani",
            &id,
            &facts.clone(),
            &gerbang_core::engine::evaluate(&facts.clone(), catalog, index, as_of()).unwrap(),
        )
        .await
        .unwrap();
    assert!(expected.items.iter().any(|i| !i.required));
    let pending = s.pending_batch(100).await.unwrap();
    s.pool.close().await;

    // The same store in the previous release's shape: its migrations, its rows.
    let old_dir = tempfile::tempdir().unwrap();
    let migrations = old_dir.path().join("migrations");
    std::fs::create_dir(&migrations).unwrap();
    let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    for f in std::fs::read_dir(&all).unwrap() {
        let f = f.unwrap();
        if f.file_name().to_string_lossy().as_ref() < "20261204000000" {
            std::fs::copy(f.path(), migrations.join(f.file_name())).unwrap();
        }
    }
    let old_path = old_dir.path().join("gerbang.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&old_path)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::migrate::Migrator::new(migrations.as_path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let new_path = dir.path().join("gerbang.db");
    sqlx::query(&format!("ATTACH DATABASE '{}' AS new", new_path.display()))
        .execute(&mut *conn)
        .await
        .unwrap();
    for table in ["profiles", "audit_log", "outbox", "settings"] {
        sqlx::query(&format!(
            "INSERT OR REPLACE INTO {table} SELECT * FROM new.{table}"
        ))
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    let mut header = expected.checklist.clone();
    header.permits.clear();
    sqlx::query(
        "INSERT INTO cases (id, profile_id, title, status, kbli_edition, catalog_version,
                            catalog_hash, facts, checklist, notes, created_at, updated_at)
         SELECT id, profile_id, title, status, kbli_edition, catalog_version, catalog_hash, ?, ?,
                notes, created_at, updated_at FROM new.cases",
    )
    .bind(serde_json::to_string(&expected.facts).unwrap())
    .bind(serde_json::to_string(&header).unwrap())
    .execute(&mut *conn)
    .await
    .unwrap();
    let positions = {
        let mut v: Vec<&crate::cases::StoredItem> = expected.items.iter().collect();
        v.sort_by_key(|i| i.required);
        v
    };
    for (position, item) in positions.iter().enumerate() {
        let body = serde_json::to_string(&item.item).unwrap();
        let hash = gerbang_core::hex(&sha2::Sha256::digest(body.as_bytes()));
        sqlx::query("INSERT OR IGNORE INTO item_bodies (hash, body) VALUES (?, ?)")
            .bind(&hash)
            .bind(&body)
            .execute(&mut *conn)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO checklist_items (case_id, item_key, position, permit_id, activity,
                                          required, body_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&item.key)
        .bind(position as i64 + if item.required { 0 } else { 100 })
        .bind(&item.item.id)
        .bind(&item.item.activity)
        .bind(i64::from(item.required))
        .bind(&hash)
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    sqlx::query("INSERT INTO documents SELECT * FROM new.documents")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO cases_fts (rowid, case_id, title, applicant, kbli, notes)
         SELECT c.rowid, c.id, c.title, 'CV Teluk Rasa', '56101', c.notes FROM cases c",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    pool.close().await;

    // Opened by this release: converted, the old shape gone, nothing lost.
    let s = Store::open(&old_path).await.unwrap();
    let got = s.case(&id).await.unwrap();
    assert_eq!(got, expected);
    assert_eq!(s.integrity().await.unwrap(), ("ok".to_owned(), 0));
    assert_eq!(found(&s, "pelabuhan").await, 1, "notes still found");
    assert_eq!(found(&s, "teluk").await, 1, "the applicant still found");
    assert_eq!(s.verify_audit().await.unwrap(), Ok(5));
    assert_eq!(s.pending_batch(100).await.unwrap(), pending);
    let old_tables: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('checklist_items', 'item_bodies')",
    )
    .fetch_one(&s.pool)
    .await
    .unwrap();
    assert_eq!(old_tables, 0);
    // And on it goes: a document for the item no longer required, a new derivation.
    let dropped = got.items.iter().find(|i| !i.required).unwrap();
    s.attach_document("ani", &id, &dropped.key, &drawing, 1 << 20)
        .await
        .unwrap();
    facts.building.as_mut().unwrap().new = true;
    let again = s
        .rederive_case(
            "ani",
            &id,
            &facts,
            &gerbang_core::engine::evaluate(&facts, catalog, index, as_of()).unwrap(),
        )
        .await
        .unwrap();
    assert!(again.items.iter().all(|i| i.required), "{:?}", again.items);
    assert_eq!(again.documents.len(), 2);
    // Reopening converts nothing twice.
    s.pool.close().await;
    let s = Store::open(&old_path).await.unwrap();
    assert_eq!(s.case(&id).await.unwrap(), again);
}
