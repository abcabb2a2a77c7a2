//! KBLI search over both editions.

use crate::index;
use gerbang_core::facts::KbliEdition;

#[test]
fn code_prefix_lists_codes_in_order_with_the_crosswalk() {
    let hits = index().search("5610", None, 50);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.code.starts_with("5610")));
    assert!(hits.windows(2).all(|w| w[0].code <= w[1].code));
    let r2025 = hits
        .iter()
        .find(|h| h.code == "56101" && h.edition == "2025")
        .unwrap();
    assert_eq!(r2025.crosswalk, ["56101", "56102", "56109"]);
    let r2020 = hits
        .iter()
        .find(|h| h.code == "56101" && h.edition == "2020")
        .unwrap();
    assert_eq!(r2020.crosswalk, ["56101", "56400"]);
}

#[test]
fn words_rank_title_matches_first() {
    let hits = index().search("hotel bintang tiga", Some(KbliEdition::K2025), 5);
    assert_eq!(hits[0].code, "55103", "{hits:?}");
}

#[test]
fn typos_and_missing_accents_still_find() {
    let top = |q: &str| -> Vec<String> {
        index()
            .search(q, Some(KbliEdition::K2025), 10)
            .into_iter()
            .map(|h| h.code)
            .collect()
    };
    assert!(top("penyediaan makanan bangunan tetap").contains(&"56101".to_owned()));
    assert!(
        top("penyedian makanan bangunan tetep").contains(&"56101".to_owned()),
        "typos"
    );
    assert!(top("KAFÉ").contains(&"56303".to_owned()), "accent and case");
    assert!(top("jagung").contains(&"01111".to_owned()));
    assert!(top("jagun").contains(&"01111".to_owned()), "as you type");
}

#[test]
fn edition_filter_and_empty_queries() {
    assert!(
        index()
            .search("restoran", Some(KbliEdition::K2020), 20)
            .iter()
            .all(|h| h.edition == "2020")
    );
    assert!(index().search("   ", None, 10).is_empty());
    assert!(index().search("zzqqxx", None, 10).is_empty());
}
