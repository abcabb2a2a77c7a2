//! The reference data's known quirks, pinned on the catalog files the importer wrote.

use crate::catalog;
use gerbang_core::catalog::{RiskLevel, Scale};
use std::collections::BTreeSet;

#[test]
fn kbli2020_has_every_level_and_1790_five_digit_codes() {
    let c = catalog();
    let count = |n: usize| c.data.kbli2020.iter().filter(|k| k.code.len() == n).count();
    assert_eq!(
        (count(2), count(3), count(4), count(5)),
        (87, 244, 565, 1790)
    );
    assert_eq!(c.kbli2020("01111").unwrap().title, "Pertanian Jagung");
}

#[test]
fn kbli2020_has_no_division_92_and_nine_orphan_codes() {
    let c = catalog();
    assert!(c.kbli2020("92").is_none());
    assert!(!c.data.kbli2020.iter().any(|k| k.code.starts_with("92")));
    let orphans: Vec<&str> = c
        .data
        .kbli2020
        .iter()
        .filter(|k| k.code.len() == 5 && c.kbli2020(&k.code[..4]).is_none())
        .map(|k| k.code.as_str())
        .collect();
    assert_eq!(orphans.len(), 9, "{orphans:?}");
}

#[test]
fn codes_keep_leading_zeros() {
    let c = catalog();
    assert!(c.kbli2025("01111").is_some());
    assert!(c.kbli2025("1111").is_none());
    assert!(c.data.kbli2025.iter().all(|k| k.code.len() == 5));
}

#[test]
fn kbli2025_has_1559_codes_in_sections_a_to_v() {
    let c = catalog();
    assert_eq!(c.data.kbli2025.len(), 1559);
    let sections: BTreeSet<&str> = c.data.kbli2025.iter().map(|k| k.section.as_str()).collect();
    let expected: BTreeSet<&str> = "ABCDEFGHIJKLMNOPQRSTUV"
        .split("")
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(sections, expected);
}

#[test]
fn risk_data_gaps_and_multiple_levels_are_kept_not_guessed() {
    let c = catalog();
    let without = c.data.kbli2025.iter().filter(|k| k.risk.is_empty()).count();
    assert_eq!(without, 267);
    assert!(
        c.kbli2025("47111").unwrap().risk.is_empty(),
        "minimarket has no risk data"
    );
    let multi = c
        .data
        .kbli2025
        .iter()
        .filter(|k| k.risk.iter().any(|r| r.levels.len() > 1))
        .count();
    assert_eq!(multi, 322);
    let corn = c.kbli2025("01111").unwrap();
    let mikro = corn.risk.iter().find(|r| r.scale == Scale::Mikro).unwrap();
    assert_eq!(mikro.levels, [RiskLevel::Rendah, RiskLevel::MenengahRendah]);
    let restaurant = c.kbli2025("56101").unwrap();
    let scales: Vec<Scale> = restaurant.risk.iter().map(|r| r.scale).collect();
    assert_eq!(
        scales,
        [Scale::Mikro, Scale::Kecil],
        "56101 lists only some scales"
    );
}

#[test]
fn crosswalk_links_both_editions() {
    let c = catalog();
    let pairs: usize = c.data.kbli2025.iter().map(|k| k.kbli2020.len()).sum();
    assert!(pairs >= 2500, "{pairs}");
    let restaurant = c.kbli2025("56101").unwrap();
    assert_eq!(restaurant.kbli2020, ["56101", "56102", "56109"]);
    let back: Vec<&str> = c
        .kbli2025_for_2020("56101")
        .iter()
        .map(|k| k.code.as_str())
        .collect();
    assert_eq!(back, ["56101", "56400"]);
}

#[test]
fn permit_types_and_issuing_times_come_through() {
    let c = catalog();
    let k = c.kbli2025("41012").unwrap();
    assert_eq!(k.permit_types, ["Sertifikat Standar"]);
    assert_eq!(k.issuing_times, ["15 Hari"]);
}

#[test]
fn oss_code_lists_are_imported() {
    let c = catalog();
    let list = |name: &str| -> Vec<(&str, &str)> {
        c.data
            .oss_codes
            .iter()
            .filter(|o| o.list == name)
            .map(|o| (o.code.as_str(), o.value.as_str()))
            .collect()
    };
    assert_eq!(list("DATA STATUS PERMODALAN").len(), 3);
    assert_eq!(list("DATA SKALA USAHA").len(), 4);
    assert!(
        list("DATA KODE STATUS IZIN")
            .iter()
            .any(|(code, _)| *code == "57")
    );
    assert!(list("DATA JENIS PERUSAHAAN").len() >= 20);
    assert_eq!(c.data.oss_codes.len(), 341);
}

#[test]
fn every_record_cites_a_known_source_and_sources_say_if_confirmed() {
    let c = catalog();
    // load() refuses unknown sources; here we check the statuses are the honest ones.
    assert!(c.source("bps-7-2025").unwrap().confirmed);
    // KBLI 2025's risk columns come from a third party's copy of the PP 28/2025 annex: cited
    // apart from the BPS titles, and unconfirmed.
    assert_eq!(
        c.data.kbli2025_risk_source.as_deref(),
        Some("pp28-2025-annex-copy")
    );
    assert!(!c.source("pp28-2025-annex-copy").unwrap().confirmed);
    // SLHS rests on the health law and its standard; PP 66/2014 was revoked by PP 28/2024.
    assert!(!c.source("slhs-health-standard").unwrap().confirmed);
    assert!(c.source("pp66-2014").is_none());
    assert!(
        !c.permit("slhs")
            .unwrap()
            .legal_basis
            .starts_with("PP 66/2014")
    );
    assert!(!c.source("pp42-2024").unwrap().confirmed);
    assert!(!c.source("lkpm-secondary").unwrap().confirmed);
    for p in &c.data.permits {
        assert!(!p.legal_basis.is_empty(), "{} has a legal basis", p.id);
        assert!(c.source(&p.source).is_some(), "{}", p.id);
    }
    let ids: Vec<&str> = c.data.permits.iter().map(|p| p.id.as_str()).collect();
    for id in [
        "nib",
        "sertifikat_standar",
        "izin",
        "kkpr",
        "persetujuan_lingkungan",
        "pbg",
        "slf",
        "slhs",
        "halal",
        "reklame",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
}

#[test]
fn version_and_hash_are_exposed() {
    let c = catalog();
    assert_eq!(c.content_hash.len(), 64);
    assert!(c.label().starts_with(&c.data.version));
}

#[test]
fn review_stages_have_limits_marked_unconfirmed() {
    let c = gerbang_catalog::catalog().unwrap();
    let limits = c.review_limits();
    let v = &limits[&gerbang_core::review::Stage::Verification];
    let d = &limits[&gerbang_core::review::Stage::Decision];
    assert_eq!((v.working_days, d.working_days), (5, 3));
    // No primary source gives these numbers: the UI must show them as unconfirmed.
    assert!(!v.confirmed && !d.confirmed);
    assert_eq!(v.source, "pp28-2025-sla-secondary");
}

/// 69 KBLI 2020 codes map to their own successor plus an intermediation or platform code that
/// KBLI 2025 added (56400, 95400, 43400, 47901, …). Each resolves to its own successor, with a
/// note naming the platform code, never to a merge of both codes' risk levels.
#[test]
fn a_2020_code_whose_extra_successor_is_a_platform_resolves_to_its_own() {
    let c = catalog();
    let platform = |t: &str| {
        let t = t.to_lowercase();
        t.contains("intermediasi") || t.contains("platform digital")
    };
    let mut resolved = 0;
    for k in c.data.kbli2020.iter().filter(|k| k.code.len() == 5) {
        let to = c.kbli2025_for_2020(&k.code);
        let own: Vec<_> = to.iter().filter(|n| !platform(&n.title)).collect();
        if to.len() < 2 || own.len() != 1 {
            continue;
        }
        let facts: gerbang_core::facts::Facts = serde_json::from_value(serde_json::json!({
            "kbli_edition": "2020", "entity_type": "cv", "capital_status": "pmdn",
            "business_capital_idr": 500_000_000, "spatial_plan": "rdtr",
            "activities": [{"kbli": k.code, "location": "Balikpapan Kota"}]
        }))
        .unwrap();
        let checklist =
            gerbang_core::engine::evaluate(&facts, c, crate::index(), crate::as_of()).unwrap();
        let a = &checklist.activities[0];
        assert_eq!(a.kbli.as_deref(), Some(own[0].code.as_str()), "{}", k.code);
        assert!(a.kbli_candidates.is_empty(), "{}", k.code);
        let note = checklist
            .findings
            .iter()
            .find(|f| f.code == "kbli_crosswalk_intermediation")
            .unwrap_or_else(|| panic!("{}: no note", k.code));
        for p in to.iter().filter(|n| platform(&n.title)) {
            assert!(note.pesan.contains(&p.code), "{}: {}", k.code, note.pesan);
        }
        resolved += 1;
    }
    assert_eq!(resolved, 69);
}
