//! Properties of the engine over the whole catalog.

use crate::{as_of, catalog, index};
use gerbang_core::catalog::Scale;
use gerbang_core::engine::{Checklist, evaluate};
use gerbang_core::facts::{Activity, CapitalStatus, EntityType, Facts, KbliEdition};
use proptest::prelude::*;

fn facts(kbli: &str, capital: i64, sales: Option<i64>, pma: bool, entity: EntityType) -> Facts {
    Facts {
        kbli_edition: KbliEdition::K2025,
        activities: vec![Activity {
            kbli: kbli.to_owned(),
            investment_idr: Some(capital),
            land_and_buildings_idr: None,
            location: Some("Balikpapan Kota".to_owned()),
            city: None,
            kbli_2025: None,
            land_area_m2: None,
        }],
        entity_type: entity,
        capital_status: if pma {
            CapitalStatus::Pma
        } else {
            CapitalStatus::Pmdn
        },
        business_capital_idr: capital,
        annual_sales_idr: sales,
        paid_up_capital_idr: None,
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

fn run(f: &Facts) -> Checklist {
    evaluate(f, catalog(), index(), as_of()).unwrap()
}

fn entity() -> impl Strategy<Value = EntityType> {
    prop_oneof![
        Just(EntityType::Perorangan),
        Just(EntityType::Pt),
        Just(EntityType::Cv),
        Just(EntityType::Koperasi),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn more_capital_never_lowers_the_scale(a in 0i64..60_000_000_000, b in 0i64..60_000_000_000,
                                            k in 0usize..1559, e in entity()) {
        let code = &catalog().data.kbli2025[k].code;
        let (lo, hi) = (a.min(b), a.max(b));
        let s_lo = run(&facts(code, lo, None, false, e)).scale;
        let s_hi = run(&facts(code, hi, None, false, e)).scale;
        prop_assert!(s_lo <= s_hi, "{lo} → {s_lo:?}, {hi} → {s_hi:?}");
    }

    #[test]
    fn more_sales_never_lower_the_scale(a in 0i64..100_000_000_000, b in 0i64..100_000_000_000) {
        let (lo, hi) = (a.min(b), a.max(b));
        let s_lo = run(&facts("41012", 1, Some(lo), false, EntityType::Pt)).scale;
        let s_hi = run(&facts("41012", 1, Some(hi), false, EntityType::Pt)).scale;
        prop_assert!(s_lo <= s_hi);
    }

    #[test]
    fn same_input_same_output(k in 0usize..1559, capital in 0i64..30_000_000_000,
                              pma in any::<bool>(), e in entity()) {
        let code = &catalog().data.kbli2025[k].code;
        let f = facts(code, capital, None, pma, e);
        prop_assert_eq!(run(&f), run(&f));
    }

    #[test]
    fn every_item_has_a_legal_basis_or_is_unconfirmed(k in 0usize..1559,
                                                      capital in 0i64..30_000_000_000) {
        let code = &catalog().data.kbli2025[k].code;
        let c = run(&facts(code, capital, None, false, EntityType::Pt));
        for item in &c.permits {
            prop_assert!(!item.legal_basis.trim().is_empty() || !item.confirmed, "{}", item.id);
            prop_assert!(!item.because.trim().is_empty(), "{}", item.id);
            prop_assert!(!item.alasan.trim().is_empty(), "{}: no Indonesian reason", item.id);
        }
        for f in &c.findings {
            prop_assert!(!f.pesan.trim().is_empty(), "{}: no Indonesian message", f.code);
        }
        prop_assert!(!c.alasan_skala.is_empty() && !c.lkpm.alasan.is_empty());
    }

    #[test]
    fn risk_is_never_guessed(k in 0usize..1559, capital in 0i64..30_000_000_000) {
        let kbli = &catalog().data.kbli2025[k];
        let c = run(&facts(&kbli.code, capital, None, false, EntityType::Pt));
        let levels: Vec<_> = kbli.risk.iter().filter(|r| r.scale == c.scale)
            .flat_map(|r| r.levels.clone()).collect();
        let a = &c.activities[0];
        match levels.as_slice() {
            [] => {
                prop_assert_eq!(a.risk, None);
                prop_assert!(c.findings.iter().any(|f| f.code == "risk_undetermined"));
            }
            [one] => prop_assert_eq!(a.risk, Some(*one)),
            many => {
                prop_assert_eq!(a.risk, None);
                prop_assert_eq!(&a.risk_candidates, &many.to_vec());
                prop_assert!(c.findings.iter().any(|f| f.code == "risk_depends_on_parameters"));
                prop_assert!(c.permits.iter().filter(|p| p.activity.is_some()).all(|p| p.conditional));
            }
        }
    }
}

#[test]
fn pma_is_always_besar() {
    assert_eq!(
        run(&facts("41012", 1, None, true, EntityType::Pt)).scale,
        Scale::Besar
    );
}

#[test]
fn bad_facts_name_the_field() {
    let mut f = facts("41012", -5, None, false, EntityType::Pt);
    let e = evaluate(&f, catalog(), index(), as_of()).unwrap_err();
    assert_eq!(e.field, "business_capital_idr");
    assert_eq!(
        e.to_string(),
        "business_capital_idr: cannot be negative (-5)"
    );
    f.business_capital_idr = 1;
    f.activities[0].investment_idr = Some(1);
    f.activities[0].kbli = "99999".into();
    let e = evaluate(&f, catalog(), index(), as_of()).unwrap_err();
    assert_eq!(e.field, "activities[0].kbli");
    assert_eq!(
        e.message,
        "KBLI 99999 is not a five-digit code of KBLI 2025"
    );
    assert!(!e.suggestions.is_empty(), "nearest codes are suggested");
    assert!(
        e.suggestions.iter().all(|s| s.starts_with('9')),
        "{:?}",
        e.suggestions
    );
    f.activities.clear();
    assert_eq!(
        evaluate(&f, catalog(), index(), as_of()).unwrap_err().field,
        "activities"
    );
}
