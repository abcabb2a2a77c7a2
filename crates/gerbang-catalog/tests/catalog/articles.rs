//! Golden cases for the rules read in PP 28/2025's own text: each case file in cases/ names the
//! article it tests, and here is what that article makes of it. The snapshots in golden.rs pin
//! every field; these assert the point of each case, so a rule drifting from its article fails
//! with the article's name.

use crate::{as_of, catalog, index};
use gerbang_core::engine::{Checklist, ChecklistItem, evaluate};
use gerbang_core::facts::Facts;
use gerbang_core::plan::plan;
use gerbang_core::service_time::HolidayCalendar;
use std::path::Path;

fn case(name: &str) -> Checklist {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/catalog/cases")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let facts: Facts = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    evaluate(&facts, catalog(), index(), as_of()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn item<'c>(c: &'c Checklist, id: &str) -> Option<&'c ChecklistItem> {
    c.permits.iter().find(|p| p.id == id)
}

fn stage_max(p: &gerbang_core::plan::Plan, key: &str) -> Option<u32> {
    p.stages
        .iter()
        .find(|s| s.key == key)
        .and_then(|s| s.working_days.max)
}

fn has_finding(c: &Checklist, code: &str) -> bool {
    c.findings.iter().any(|f| f.code == code)
}

/// The KKPR item's variant, with the article it names.
fn kkpr(c: &Checklist) -> (Option<&str>, &str) {
    let k = item(c, "kkpr").expect("a KKPR item");
    (k.variant.as_deref(), k.legal_basis.as_str())
}

#[test]
fn art_32_only_micro_at_low_risk_declares_kkpr_itself() {
    // A small café, a micro fish pond at medium-low risk and a private kindergarten were all
    // told to declare their KKPR themselves, with no PNBP: Art 32 gives that to micro
    // businesses at low risk only.
    let cafe = case("45-kafe-kecil-tanpa-rdtr-pasal-32");
    assert_eq!(
        kkpr(&cafe),
        (Some("persetujuan"), "PP 28/2025 Pasal 18 ayat (1)")
    );
    assert!(
        item(&cafe, "kkpr")
            .unwrap()
            .documents
            .iter()
            .any(|d| d.contains("PNBP"))
    );
    let pond = case("46-kolam-ikan-mikro-menengah-rendah-pasal-32");
    assert_eq!(kkpr(&pond).0, Some("persetujuan"));
    let school = case("47-tk-swasta-yayasan-pasal-32");
    assert_eq!(
        kkpr(&school),
        (Some("konfirmasi"), "PP 28/2025 Pasal 17 ayat (1)-(2)")
    );
    // A micro clothes shop at low risk does.
    let shop = case("48-toko-pakaian-mikro-pasal-32-220");
    assert_eq!(
        kkpr(&shop),
        (Some("pernyataan_mandiri"), "PP 28/2025 Pasal 32")
    );
    // A micro business whose risk is not determined: conditional, and a finding says why.
    let soft = case("64-software-mikro-risiko-belum-pasti-pasal-32");
    assert!(item(&soft, "kkpr").unwrap().conditional);
    assert!(has_finding(&soft, "kkpr_self_declared_if_low_risk"));
}

#[test]
fn art_17_to_19_konfirmasi_where_an_rdtr_covers_the_location_else_persetujuan_with_pnbp() {
    let shop = case("49-toko-pakaian-kecil-rdtr-pasal-17");
    assert_eq!(kkpr(&shop).0, Some("konfirmasi"));
    let k = item(&shop, "kkpr").unwrap();
    assert!(
        k.quote
            .as_deref()
            .unwrap()
            .contains("diterbitkan secara otomatis")
    );
    assert_eq!(
        k.service_time.as_deref(),
        Some("terbit seketika melalui Sistem OSS (PP 28/2025 Pasal 17 ayat (1)-(2))")
    );
    let kiosk = case("50-kedai-minuman-kecil-tanpa-rdtr-pasal-18-19");
    let k = item(&kiosk, "kkpr").unwrap();
    assert_eq!(k.variant.as_deref(), Some("persetujuan"));
    assert!(k.quote.as_deref().unwrap().contains("RDTR belum tersedia"));
    // One table of times: the item says what the plan counts (PNBP within 7 calendar days,
    // then 5 + 20 working days), with the articles.
    let time = k.service_time.as_deref().unwrap();
    assert!(time.starts_with("25–30 hari kerja"), "{time}");
    for a in ["Pasal 19", "Pasal 20", "Pasal 21"] {
        assert!(time.contains(a), "{time} names {a}");
    }
    let p = plan(&kiosk, catalog(), &HolidayCalendar::default(), &[], as_of());
    let s = p.stages.iter().find(|s| s.key == "kkpr@*").unwrap();
    assert_eq!(
        (s.working_days.min, s.working_days.max),
        (Some(25), Some(30))
    );
    let pnbp = &s.parts[0];
    assert!(pnbp.name.starts_with("Pembayaran PNBP") && pnbp.calendar && pnbp.max == Some(7));
    // Past its limit a PKKPR is not deemed approved (Art 22(3) only drops the land-affairs
    // consideration).
    let row = catalog().stage_time("kkpr", Some("persetujuan")).unwrap();
    assert!(!row.fiktif_positif);
}

#[test]
fn art_220_and_101_at_low_risk_the_nib_is_the_sppl() {
    for name in [
        "48-toko-pakaian-mikro-pasal-32-220",
        "51-laundry-mikro-nib-sppl-pasal-220",
    ] {
        let c = case(name);
        let env = item(&c, "persetujuan_lingkungan").unwrap();
        assert_eq!(env.variant.as_deref(), Some("nib"), "{name}");
        assert!(!env.conditional, "{name}: nothing to screen");
        assert_eq!(env.legal_basis, "PP 28/2025 Pasal 220 ayat (2)");
        assert!(item(&c, "persetujuan_teknis").is_none(), "{name}");
    }
}

#[test]
fn art_13_a_trade_business_in_managed_premises_meets_no_basic_requirement() {
    let boutique = case("52-butik-di-mal-pengelola-pasal-13");
    for id in ["kkpr", "persetujuan_lingkungan", "pbg", "slf"] {
        assert!(item(&boutique, id).is_none(), "{id}");
    }
    assert!(has_finding(&boutique, "shared_premises"));
    // A bakery (manufacturing) is not trade or services: the requirements stay.
    let bakery = case("53-roti-di-komplek-bukan-dagang-pasal-13");
    assert!(item(&bakery, "kkpr").is_some());
    assert!(has_finding(&bakery, "shared_premises_not_trade"));
}

#[test]
fn art_123_a_building_standing_without_pbg_applies_for_slf_alone() {
    let c = case("54-bangunan-lama-tanpa-pbg-pasal-123");
    assert!(item(&c, "pbg").is_none());
    let slf = item(&c, "slf").unwrap();
    assert_eq!(slf.variant.as_deref(), Some("existing"));
    assert!(slf.conditional, "unless it already holds one");
    assert!(
        !slf.documents.iter().any(|d| d == "PBG"),
        "{:?}",
        slf.documents
    );
    assert_eq!(slf.legal_basis, "PP 28/2025 Pasal 123 ayat (1)");
}

#[test]
fn art_80_the_technical_approval_is_reachable_and_comes_before_the_pl() {
    for name in [
        "55-bengkel-mobil-kecil-pertek-pasal-80",
        "56-klinik-swasta-pertek-pasal-80",
    ] {
        let c = case(name);
        let pertek = item(&c, "persetujuan_teknis").unwrap_or_else(|| panic!("{name}"));
        assert!(pertek.conditional && !pertek.confirmed, "{name}");
        assert_eq!(pertek.legal_basis, "PP 28/2025 Pasal 80");
        let p = plan(&c, catalog(), &HolidayCalendar::default(), &[], as_of());
        let pl = p
            .stages
            .iter()
            .find(|s| s.permit == "persetujuan_lingkungan")
            .unwrap();
        assert!(
            pl.depends_on.contains(&"persetujuan_teknis@*".to_owned()),
            "{name}"
        );
    }
}

#[test]
fn andalalin_the_most_specific_rule_in_the_2025_edition_wins() {
    // A fuel station: its own rule (per dispenser), not the generic trade rule (floor area).
    let fuel = case("57-spbu-baru-andalalin-dan-tera");
    let a = item(&fuel, "andalalin").unwrap();
    assert!(
        a.conditional && a.because.contains("fuel station"),
        "{}",
        a.because
    );
    // …and its dispensers are sealed by the metrology office.
    assert!(item(&fuel, "tera").is_some());
    // A workshop: 9531 in KBLI 2025 (the rule's 452/453 matched no 2025 code).
    let workshop = case("58-bengkel-baru-andalalin-kbli-2025");
    let a = item(&workshop, "andalalin").unwrap();
    assert!(!a.conditional && a.because.contains("motor vehicle workshop"));
    // Hospital beds are not a clinic's; dwellings are not a mall's.
    assert!(item(&case("59-klinik-baru-bukan-rumah-sakit"), "andalalin").is_none());
    assert!(item(&case("60-pengelola-mal-bukan-perumahan"), "andalalin").is_none());
}

#[test]
fn slhs_for_a_drinking_water_depot_not_spp_irt() {
    let c = case("62-depot-air-minum-slhs");
    let slhs = item(&c, "slhs").unwrap();
    // Not on PP 66/2014, which PP 28/2024 revoked.
    assert!(
        slhs.legal_basis.starts_with("UU 17/2023"),
        "{}",
        slhs.legal_basis
    );
    assert!(item(&c, "spp_irt").is_none());
    assert!(item(&c, "izin_edar_bpom").is_none());
}

#[test]
fn art_234_halal_self_declared_with_a_pendamping_for_micro_at_low_risk() {
    let c = case("63-warung-makan-mikro-halal-pasal-234");
    let halal = item(&c, "halal").unwrap();
    assert_eq!(halal.variant.as_deref(), Some("self_declare"));
    assert_eq!(halal.legal_basis, "PP 28/2025 Pasal 234 ayat (2)");
    assert!(halal.documents.iter().any(|d| d.contains("Pendamping")));
    assert!(!halal.documents.iter().any(|d| d.contains("Penyelia")));
}

#[test]
fn art_255_lkpm_none_for_micro_twice_a_year_for_small() {
    let micro = case("48-toko-pakaian-mikro-pasal-32-220");
    assert!(micro.lkpm.due_dates.is_empty() && micro.lkpm.confirmed);
    let small = case("68-toko-kecil-lkpm-pasal-255");
    assert_eq!(small.lkpm.due_dates.len(), 2);
    assert!(small.lkpm.confirmed);
    assert_eq!(
        small.lkpm.dasar_hukum,
        "PP 28/2025 Pasal 255 ayat (2) huruf a"
    );
}

#[test]
fn the_items_and_findings_that_were_missing() {
    // A private jetty: TUKS.
    assert!(item(&case("65-dermaga-sendiri-tuks"), "tuks").is_some());
    // A PMA construction company: the large qualification.
    assert!(has_finding(
        &case("66-pma-kontraktor-kualifikasi-besar"),
        "pma_construction_large_qualification"
    ));
    // A location named outside the city, with no city: a warning asks.
    assert!(has_finding(
        &case("67-lokasi-penajam-tanpa-kota"),
        "location_outside_city"
    ));
    assert!(!has_finding(
        &case("48-toko-pakaian-mikro-pasal-32-220"),
        "location_outside_city"
    ));
    // Gunung Samarinda is a kelurahan of Balikpapan Utara, not Samarinda.
    assert!(!has_finding(
        &case("17-depot-air-minum-mikro"),
        "location_outside_city"
    ));
}

#[test]
fn an_8_floor_pma_hotel_is_months_of_regulated_time_not_a_week() {
    let c = case("61-hotel-pma-8-lantai-ukl-upl");
    let p = plan(&c, catalog(), &HolidayCalendar::default(), &[], as_of());
    // No completion date while construction (the applicant's estimate) and the PBG
    // retribution's payment period (the region's) are unknown; both are named.
    assert_eq!(p.completion.earliest, None);
    assert!(
        p.completion.unknown.contains(&"slf@*".to_owned()),
        "{:?}",
        p.completion.unknown
    );
    assert_eq!(
        stage_max(&p, "pbg@*"),
        None,
        "the retribution's period is the region's"
    );
    // Before construction, the articles' days add up: PKKPR (PNBP 7 calendar days, 5 + 20,
    // Art 19-21), the technical approvals (up to 30 and 23, Art 83), the PL by UKL-UPL (up to
    // 1 + 5 + 2, Art 96-100) and PBG (3 + 26 + 1 + 1, Art 111-119).
    let stage = |k: &str| {
        p.stages
            .iter()
            .find(|s| s.key == k)
            .unwrap_or_else(|| panic!("{k}"))
    };
    let limit = |k: &str| {
        let w = stage(k).working_days;
        w.max.or(w.min).unwrap_or_else(|| panic!("{k} has days"))
    };
    assert_eq!(limit("kkpr@*"), 30);
    // Screening is not in the catalog for hotels: the PL's document is unknown here, so the
    // test adds UKL-UPL's days from the one table, as the hotel's screening would set them.
    assert_eq!(
        stage("persetujuan_lingkungan@*").variant.as_deref(),
        Some("screening")
    );
    let ukl_upl = catalog()
        .stage_time("persetujuan_lingkungan", Some("ukl_upl"))
        .unwrap()
        .days()
        .1
        .unwrap();
    assert_eq!(ukl_upl, 8);
    let before_construction = limit("kkpr@*")
        + limit("persetujuan_teknis@*").max(limit("andalalin@*"))
        + ukl_upl
        + stage("pbg@*").working_days.min.unwrap();
    assert!(
        before_construction >= 90,
        "{before_construction} working days"
    );
    assert!(
        p.completion.known_working_days >= 90,
        "{}",
        p.completion.known_working_days
    );
    // Given the construction estimate, SLF still waits for it after PBG.
    let built = gerbang_core::plan::StageProgress {
        key: "slf@*".into(),
        prep_days: Some(180),
        ..Default::default()
    };
    let p2 = plan(
        &c,
        catalog(),
        &HolidayCalendar::default(),
        &[built],
        as_of(),
    );
    let slf = p2.stages.iter().find(|s| s.key == "slf@*").unwrap();
    let pbg = p2.stages.iter().find(|s| s.key == "pbg@*").unwrap();
    assert!(slf.start > pbg.end, "{} after {}", slf.start, pbg.end);
    assert_eq!(slf.work.as_ref().unwrap().days, Some(180));
}
