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
    }
}

fn as_of() -> time::Date {
    time::macros::date!(2026 - 11 - 27)
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
    assert_eq!(
        s.pending_changes().await.unwrap(),
        2,
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
        .create_case("ani", &p.id, restaurant(), catalog, index, as_of())
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
        .create_case("ani", &p.id, facts, catalog, index, as_of())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid { ref field, .. } if field == "entity_type"),
        "{err}"
    );
    let mut facts = restaurant();
    facts.activities[0].kbli = "56199".into();
    let err = s
        .create_case("ani", &p.id, facts, catalog, index, as_of())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("activities[0].kbli: KBLI 56199 is not"),
        "{err}"
    );
    let err = s
        .create_case("ani", "no-such-id", restaurant(), catalog, index, as_of())
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(err, "no profile with id no-such-id");
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
