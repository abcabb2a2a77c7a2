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

/// The words people type, with the KBLI 2025 code(s) they mean and why. The figure is the
/// share whose right code is among the first three hits; the floor below is what the table
/// reaches today, so that a change that makes search worse fails.
const EVERYDAY: &[(&str, &[&str], &str)] = &[
    (
        "warung makan",
        &["56101", "56102"],
        "a food stall or eatery: food provision",
    ),
    ("warung makn", &["56101", "56102"], "the same with a typo"),
    (
        "rumah makan padang",
        &["56101"],
        "a restaurant in a fixed building",
    ),
    ("restoran", &["56101"], "restaurant"),
    ("warteg", &["56101", "56102"], "a warung tegal is an eatery"),
    ("warkop", &["56303", "56304"], "warung kopi: a coffee stall"),
    ("warung kopi", &["56303", "56304"], "the same, spelt out"),
    ("kafe", &["56303"], "Rumah Minum/Kafe"),
    (
        "bengkel",
        &["95311", "95320"],
        "a workshop repairs cars or motorcycles",
    ),
    ("bengkel motor", &["95320"], "motorcycle repair"),
    ("servis mobil", &["95311"], "car servicing"),
    ("laundry", &["96100"], "washing and cleaning of textiles"),
    ("laundri", &["96100"], "the Indonesian spelling"),
    ("binatu", &["96100"], "the old word for a laundry"),
    ("cuci mobil", &["95312"], "Pencucian dan Salon Mobil"),
    (
        "kos",
        &["55909"],
        "a boarding house: rumah kos in 55909's description",
    ),
    ("kost", &["55909"], "the other spelling"),
    ("kos-kosan", &["55909"], "the colloquial form"),
    ("tambak udang", &["03231"], "brackish-water aquaculture"),
    ("tambak", &["03231"], "a brackish pond"),
    (
        "angkutan truk",
        &["49231", "49232"],
        "goods by motor vehicle",
    ),
    (
        "travel",
        &["79121", "79110", "79129"],
        "a travel agency or bureau",
    ),
    ("biro perjalanan wisata", &["79121"], "the title itself"),
    ("travel umrah", &["79122"], "Umrah and special Hajj travel"),
    (
        "fotokopi",
        &["82100"],
        "self-service photocopying in 82100's description",
    ),
    ("fotocopy", &["82100"], "the English spelling"),
    ("catering", &["56210", "56290"], "jasa boga"),
    ("katering", &["56210", "56290"], "the Indonesian spelling"),
    ("salon kecantikan", &["96220"], "beauty care"),
    ("pangkas rambut", &["96210"], "hairdressing and barbers"),
    ("barbershop", &["96210"], "the English word"),
    ("apotek", &["47721"], "pharmacy retail in an apotek"),
    ("minimarket", &["47111"], "self-service food retail"),
    ("toko kelontong", &["47112"], "non-self-service food retail"),
    (
        "toko roti",
        &["10710", "47242"],
        "a bakery makes or sells bread",
    ),
    ("penjahit", &["14120"], "tailoring to order"),
    ("klinik", &["86105", "86104"], "a clinic"),
    ("bimbel", &["85595"], "bimbingan belajar"),
    ("percetakan", &["18111"], "general printing"),
    ("penginapan", &["55106"], "a non-star hotel or inn"),
    ("pom bensin", &["47301"], "fuel retail at a filling station"),
    ("konter hp", &["47404"], "phone retail"),
    ("hotel bintang tiga", &["55103"], "the title itself"),
    (
        "pabrik es krim",
        &["10503"],
        "Industri Es Krim (title words)",
    ),
];

#[test]
fn everyday_words_find_their_activity_in_the_first_three() {
    let mut misses = Vec::new();
    for (query, expected, why) in EVERYDAY {
        let hits = index().search(query, Some(KbliEdition::K2025), 3);
        if !hits.iter().any(|h| expected.contains(&h.code.as_str())) {
            misses.push(format!(
                "{query:?} ({why}): got {:?}",
                hits.iter().map(|h| h.code.as_str()).collect::<Vec<_>>()
            ));
        }
    }
    let found = EVERYDAY.len() - misses.len();
    // The same table without the synonym table: what the words of titles and descriptions
    // alone find (the figure before the table existed).
    let mut bare = crate::catalog().clone();
    bare.data.synonyms.clear();
    let bare = gerbang_core::search::KbliIndex::new(&bare);
    let bare_found = EVERYDAY
        .iter()
        .filter(|(q, expected, _)| {
            bare.search(q, Some(KbliEdition::K2025), 3)
                .iter()
                .any(|h| expected.contains(&h.code.as_str()))
        })
        .count();
    println!(
        "top-3 accuracy: {found}/{} = {:.0}% (titles and descriptions alone: {bare_found}/{})",
        EVERYDAY.len(),
        100.0 * found as f64 / EVERYDAY.len() as f64,
        EVERYDAY.len()
    );
    assert!(EVERYDAY.len() >= 40);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn an_activitys_own_words_put_it_first() {
    // "warung makan" is an eatery, not retail.
    let hits = index().search("warung makan", Some(KbliEdition::K2025), 3);
    assert_eq!(hits[0].code, "56101", "{hits:?}");
    // Both editions: the 2020 codes of the same activity follow their 2025 code.
    let both = index().search("warkop", None, 6);
    assert!(
        both.iter()
            .any(|h| h.edition == "2020" && h.code == "56303"),
        "{both:?}"
    );
}

#[path = "../../eval/measure.rs"]
mod measure;

/// The evaluation set: none of its queries is a phrase of the synonym table (so the figure
/// measures the ranking, not the table), every code in it exists, and the ranking keeps the
/// level it reached (`cargo bench -p gerbang-catalog --bench search_quality` prints the figures).
#[test]
fn the_evaluation_set_is_apart_from_the_synonyms_and_keeps_its_level() {
    let catalog = crate::catalog();
    let phrases: Vec<String> = catalog
        .data
        .synonyms
        .iter()
        .flat_map(|s| s.words.iter().map(|w| gerbang_core::search::normalise(w)))
        .collect();
    let queries = measure::queries_of(measure::EVAL_SET);
    assert!(queries.len() >= 200, "{} queries", queries.len());
    let holdout = measure::queries_of(measure::HOLDOUT_SET);
    let asked: Vec<&str> = queries.iter().map(|q| q.query.as_str()).collect();
    for q in &holdout {
        assert!(
            !asked.contains(&q.query.as_str()),
            "{:?} is in both sets",
            q.query
        );
    }
    for q in queries.iter().chain(&holdout) {
        let n = gerbang_core::search::normalise(&q.query);
        assert!(!phrases.contains(&n), "{:?} is a synonym phrase", q.query);
        for c in &q.kbli2025 {
            assert!(
                catalog.kbli2025(c).is_some(),
                "{:?}: no KBLI 2025 {c}",
                q.query
            );
        }
    }
    // The targets on the evaluation set (top-3 at least 90 %, top-1 at least 70 %, in
    // both editions), and floors a little under today's figures on the held-out set, which was
    // never tuned on: a change that makes search worse fails.
    for (set, top3, top1) in [
        (measure::EVAL_SET, 90.0, 70.0),
        (measure::HOLDOUT_SET, 84.0, 70.0),
    ] {
        for edition in [KbliEdition::K2025, KbliEdition::K2020] {
            let s = measure::measure_set(catalog, index(), edition, measure::queries_of(set));
            println!(
                "{}: top-1 {:.1} %, top-3 {:.1} %, top-10 {:.1} %",
                edition.year(),
                s.pct(s.top1),
                s.pct(s.top3),
                s.pct(s.top10)
            );
            assert!(
                s.pct(s.top3) >= top3,
                "top-3 {:.1} %: {:?}",
                s.pct(s.top3),
                s.misses
            );
            assert!(s.pct(s.top1) >= top1, "top-1 {:.1} %", s.pct(s.top1));
        }
    }
}

#[test]
fn the_distinctive_word_decides_and_head_words_lean() {
    let first = |q: &str| index().search(q, Some(KbliEdition::K2025), 3);
    // "jasa" weighs little: security, not land preparation.
    assert_eq!(
        first("jasa satpam")[0].code[..2],
        *"80",
        "{:?}",
        first("jasa satpam")
    );
    // "toko X" is retail of X, not mining of X.
    assert_eq!(
        first("toko emas")[0].code,
        "47735",
        "{:?}",
        first("toko emas")
    );
    // "hp" means a phone; "servis" leans to repair.
    assert_eq!(
        first("servis hp")[0].code,
        "95102",
        "{:?}",
        first("servis hp")
    );
    // Affixes: "penjahitan" and "jahit" share a root.
    assert!(first("jahit").iter().any(|h| h.code == "14120"));
}

#[test]
fn nothing_that_answers_well_is_said_so_with_divisions_to_browse() {
    let found = index().find("zzqqxx kantor", Some(KbliEdition::K2025), 10);
    assert!(found.weak, "{found:?}");
    let clear = index().find("toko emas", Some(KbliEdition::K2025), 10);
    assert!(!clear.weak, "{clear:?}");
    assert_eq!(clear.divisions[0], "47");
    let none = index().find("qqqqqqqq", Some(KbliEdition::K2025), 10);
    assert!(none.weak && none.hits.is_empty());
    // Browsing: sections with their divisions, in both editions, and a division's codes.
    for edition in [KbliEdition::K2025, KbliEdition::K2020] {
        let sections = index().sections(edition);
        assert!(
            sections.len() >= 20,
            "{edition:?}: {} sections",
            sections.len()
        );
        let g = sections.iter().find(|s| s.letter == "G").unwrap();
        assert!(g.divisions.iter().any(|d| d.code == "47"));
        let codes = index().division(edition, "47");
        assert!(codes.len() > 50 && codes.iter().all(|h| h.code.starts_with("47")));
    }
    // KBLI 2020's motor trade (45) sits with trade, as in 2020.
    let g2020 = index()
        .sections(KbliEdition::K2020)
        .iter()
        .find(|s| s.letter == "G")
        .unwrap();
    assert!(g2020.divisions.iter().any(|d| d.code == "45"));
    assert!(index().division(KbliEdition::K2025, "4").is_empty());
    assert!(index().division(KbliEdition::K2025, "x7").is_empty());
}
