//! The rules of round two, each on the smallest case that shows it: how Art 26 groups a PMA's
//! activities, screening instead of risk for the environmental document, KKPR for micro and
//! small businesses, sea space, food at home, and the choice an ambiguous KBLI 2020 code needs.

use crate::{as_of, catalog, index};
use gerbang_core::engine::{Checklist, FactsError, evaluate};
use gerbang_core::facts::{Activity, Building, CapitalStatus, EntityType, Facts, KbliEdition};

fn activity(kbli: &str, investment: i64, location: &str, city: Option<&str>) -> Activity {
    Activity {
        kbli: kbli.to_owned(),
        investment_idr: Some(investment),
        land_and_buildings_idr: None,
        location: Some(location.to_owned()),
        city: city.map(str::to_owned),
        kbli_2025: None,
        land_area_m2: None,
    }
}

fn facts(activities: Vec<Activity>, pma: bool, capital: i64) -> Facts {
    Facts {
        kbli_edition: KbliEdition::K2025,
        activities,
        entity_type: EntityType::Pt,
        capital_status: if pma {
            CapitalStatus::Pma
        } else {
            CapitalStatus::Pmdn
        },
        business_capital_idr: capital,
        annual_sales_idr: None,
        paid_up_capital_idr: Some(2_500_000_000),
        land_and_buildings_idr: None,
        building: None,
        spatial_plan: None,
        billboard: None,
        non_halal: None,
        sea_space: None,
        home_industry: None,
        shared_premises: None,
    }
}

fn run(f: &Facts) -> Result<Checklist, FactsError> {
    evaluate(f, catalog(), index(), as_of())
}

fn codes(c: &Checklist, code: &str) -> Vec<String> {
    c.findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| f.message.clone())
        .collect()
}

fn item<'c>(c: &'c Checklist, id: &str) -> Option<&'c gerbang_core::engine::ChecklistItem> {
    c.permits.iter().find(|p| p.id == id)
}

#[test]
fn restaurants_count_together_in_one_city_and_apart_in_two() {
    let one_city = facts(
        vec![
            activity("56101", 6_000_000_000, "Balikpapan Kota", None),
            activity("56102", 5_000_000_000, "Balikpapan Utara", None),
        ],
        true,
        11_000_000_000,
    );
    let c = run(&one_city).unwrap();
    assert!(
        codes(&c, "pma_min_investment").is_empty(),
        "{:?}",
        c.findings
    );
    assert_eq!(codes(&c, "pma_min_investment_met").len(), 1);

    let mut two_cities = one_city.clone();
    two_cities.activities[1].city = Some("Kabupaten Penajam Paser Utara".to_owned());
    let c = run(&two_cities).unwrap();
    let short = codes(&c, "pma_min_investment");
    assert_eq!(short.len(), 2, "{short:?}");
    assert!(
        short
            .iter()
            .any(|m| m.contains("Kabupaten Penajam Paser Utara"))
    );
    assert!(short.iter().all(|m| m.contains("Art 26(3)(b)")));
}

#[test]
fn wholesale_and_construction_count_per_four_digits_wherever_they_are() {
    for (a, b) in [("46311", "46312"), ("41011", "41012")] {
        let f = facts(
            vec![
                activity(a, 6_000_000_000, "Kariangau", None),
                activity(b, 5_000_000_000, "Sepinggan", None),
            ],
            true,
            11_000_000_000,
        );
        let c = run(&f).unwrap();
        let met = codes(&c, "pma_min_investment_met");
        assert_eq!(met.len(), 1, "{a}+{b}: {:?}", c.findings);
        assert!(met[0].contains(&format!("KBLI {}", &a[..4])), "{met:?}");
    }
    // Two retail shops are two 5-digit groups: each falls short alone.
    let f = facts(
        vec![
            activity("47111", 6_000_000_000, "Kariangau", None),
            activity("47112", 5_000_000_000, "Kariangau", None),
        ],
        true,
        11_000_000_000,
    );
    assert_eq!(codes(&run(&f).unwrap(), "pma_min_investment").len(), 2);
}

#[test]
fn land_counts_for_aquaculture_but_not_for_capture_fishing() {
    let mut f = facts(
        vec![
            activity("03211", 8_000_000_000, "Teritip", None),
            activity("03110", 8_000_000_000, "Manggar", None),
        ],
        true,
        16_000_000_000,
    );
    for a in &mut f.activities {
        a.land_and_buildings_idr = Some(3_000_000_000);
    }
    let c = run(&f).unwrap();
    let met = codes(&c, "pma_min_investment_met");
    let short = codes(&c, "pma_min_investment");
    assert!(
        met.iter()
            .any(|m| m.contains("03211") && m.contains("including land")),
        "{met:?}"
    );
    assert!(
        short
            .iter()
            .any(|m| m.contains("03110") && m.contains("excluding land")),
        "{short:?}"
    );
}

#[test]
fn an_office_is_not_sent_to_ukl_upl_by_its_risk_and_unknown_activities_wait_for_screening() {
    // 70209 is Menengah Tinggi at this scale in the annex copy: its environmental document is
    // still SPPL in an existing building.
    let mut f = facts(
        vec![activity("70209", 8_000_000_000, "Balikpapan Baru", None)],
        false,
        8_000_000_000,
    );
    let c = run(&f).unwrap();
    let env = item(&c, "persetujuan_lingkungan").unwrap();
    assert_eq!(env.variant.as_deref(), Some("sppl"));
    assert!(!env.conditional);
    assert!(
        !env.confirmed,
        "the screening row rests on a secondary reading"
    );
    assert!(item(&c, "persetujuan_teknis").is_none());

    // A new building is screened by its size: the catalog does not say, so screening decides.
    f.building = Some(Building {
        new: true,
        floors: 4,
        floor_area_m2: 1200.0,
    });
    let c = run(&f).unwrap();
    let env = item(&c, "persetujuan_lingkungan").unwrap();
    assert_eq!(env.variant.as_deref(), Some("screening"));
    assert!(env.conditional);
    assert!(env.because.contains("determined by screening"));
    // …and an office of 1,200 m² needs a traffic impact study (from 1,000 m²).
    let andalalin = item(&c, "andalalin").unwrap();
    assert!(!andalalin.conditional);
    assert!(!andalalin.confirmed);
    f.building = Some(Building {
        new: true,
        floors: 2,
        floor_area_m2: 900.0,
    });
    assert!(item(&run(&f).unwrap(), "andalalin").is_none());
}

#[test]
fn only_a_micro_business_at_low_risk_declares_kkpr_itself_art_32() {
    // A micro clothes shop (47711, low risk at every scale): a pernyataan mandiri.
    let mut f = facts(
        vec![activity("47711", 300_000_000, "Balikpapan Kota", None)],
        false,
        300_000_000,
    );
    f.spatial_plan = Some(gerbang_core::facts::SpatialPlan::NoRdtr);
    let c = run(&f).unwrap();
    let kkpr = item(&c, "kkpr").unwrap();
    assert_eq!(kkpr.variant.as_deref(), Some("pernyataan_mandiri"));
    assert_eq!(kkpr.legal_basis, "PP 28/2025 Pasal 32");
    assert!(
        kkpr.quote
            .as_deref()
            .unwrap()
            .contains("usaha mikro dan Risiko usaha rendah")
    );
    assert!(!kkpr.documents.iter().any(|d| d.contains("PNBP")));
    // The same shop at small scale pays for a Persetujuan KKPR (Art 18-19).
    f.business_capital_idr = 3_000_000_000;
    let c = run(&f).unwrap();
    let kkpr = item(&c, "kkpr").unwrap();
    assert_eq!(kkpr.variant.as_deref(), Some("persetujuan"));
    assert!(kkpr.documents.iter().any(|d| d.contains("PNBP")));
    // A micro fish pond at medium-low risk does not declare it either.
    let mut f = facts(
        vec![activity("03221", 300_000_000, "Balikpapan Timur", None)],
        false,
        300_000_000,
    );
    f.spatial_plan = Some(gerbang_core::facts::SpatialPlan::NoRdtr);
    let kkpr = item(&run(&f).unwrap(), "kkpr").unwrap().clone();
    assert_eq!(kkpr.variant.as_deref(), Some("persetujuan"));
    assert!(!kkpr.conditional);
}

#[test]
fn sea_space_calls_for_pkkprl_declared_or_by_activity() {
    let mut f = facts(
        vec![activity("62199", 500_000_000, "Balikpapan Kota", None)],
        false,
        500_000_000,
    );
    assert!(item(&run(&f).unwrap(), "pkkprl").is_none());
    f.sea_space = Some(true);
    assert!(!item(&run(&f).unwrap(), "pkkprl").unwrap().conditional);
    f.sea_space = None;
    f.activities[0].kbli = "52221".to_owned();
    assert!(item(&run(&f).unwrap(), "pkkprl").unwrap().conditional);
    f.sea_space = Some(false);
    assert!(item(&run(&f).unwrap(), "pkkprl").is_none());
}

#[test]
fn home_food_gets_spp_irt_and_what_it_does_not_cover_gets_bpom() {
    let mut f = facts(
        vec![activity("10710", 60_000_000, "Gunung Samarinda", None)],
        false,
        60_000_000,
    );
    f.home_industry = Some(true);
    let c = run(&f).unwrap();
    assert!(item(&c, "spp_irt").is_some_and(|i| !i.conditional));
    assert!(item(&c, "izin_edar_bpom").is_none());
    // Milk products are outside SPP-IRT even at home.
    f.activities[0].kbli = "10501".to_owned();
    let c = run(&f).unwrap();
    assert!(item(&c, "spp_irt").is_none());
    assert!(
        item(&c, "izin_edar_bpom")
            .unwrap()
            .because
            .contains("does not cover")
    );
    // A medium bakery is BPOM's, not SPP-IRT's.
    f.activities[0].kbli = "10710".to_owned();
    f.business_capital_idr = 7_000_000_000;
    let c = run(&f).unwrap();
    assert!(item(&c, "spp_irt").is_none());
    assert!(item(&c, "izin_edar_bpom").is_some());
}

#[test]
fn a_minimarket_in_balikpapan_meets_the_city_rules_and_one_elsewhere_does_not() {
    let mut f = facts(
        vec![activity("47111", 4_000_000_000, "Sepinggan", None)],
        false,
        4_000_000_000,
    );
    assert!(item(&run(&f).unwrap(), "minimarket_lokasi").is_some());
    f.activities[0].city = Some("Kota Samarinda".to_owned());
    assert!(item(&run(&f).unwrap(), "minimarket_lokasi").is_none());
}

#[test]
fn an_ambiguous_2020_code_offers_its_candidates_and_is_not_ready_until_one_is_chosen() {
    let mut f = facts(
        vec![activity("10298", 90_000_000, "Manggar", None)],
        false,
        90_000_000,
    );
    f.kbli_edition = KbliEdition::K2020;
    let c = run(&f).unwrap();
    assert_eq!(c.unchosen_kbli(), vec!["10298".to_owned()]);
    let choices: Vec<&str> = c.activities[0]
        .kbli_choices
        .iter()
        .map(|k| k.code.as_str())
        .collect();
    assert_eq!(choices, ["10298", "10798"]);
    assert!(
        c.activities[0]
            .kbli_choices
            .iter()
            .all(|k| !k.title.is_empty())
    );

    f.activities[0].kbli_2025 = Some("10798".to_owned());
    let c = run(&f).unwrap();
    assert!(c.unchosen_kbli().is_empty());
    assert_eq!(c.activities[0].kbli.as_deref(), Some("10798"));

    f.activities[0].kbli_2025 = Some("56101".to_owned());
    let e = run(&f).unwrap_err();
    assert_eq!(e.field, "activities[0].kbli_2025");
    assert!(e.message.contains("10298, 10798"), "{e}");

    f.kbli_edition = KbliEdition::K2025;
    f.activities[0].kbli = "10798".to_owned();
    assert_eq!(run(&f).unwrap_err().field, "activities[0].kbli_2025");
}
