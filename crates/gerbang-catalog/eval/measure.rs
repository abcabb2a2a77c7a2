//! Measures KBLI search against the evaluation set (`eval/kbli-queries.json`): for each edition,
//! the share of queries whose right code is first, in the first three and in the first ten.
//! Included by the quality bench and the catalog's tests, so both count the same way.

use gerbang_core::catalog::Catalog;
use gerbang_core::facts::KbliEdition;
use gerbang_core::search::KbliIndex;
use serde::Deserialize;

/// The evaluation set, as written down before the ranking was tuned.
pub const EVAL_SET: &str = include_str!("kbli-queries.json");
/// A second set, written after tuning on the first and never used to tune: the held-out figure.
pub const HOLDOUT_SET: &str = include_str!("kbli-queries-holdout.json");

#[derive(Deserialize)]
struct EvalFile {
    sources: std::collections::BTreeMap<String, String>,
    queries: Vec<EvalQuery>,
}

/// One everyday query and the KBLI 2025 codes that are right for it.
#[derive(Deserialize)]
pub struct EvalQuery {
    /// What the applicant types.
    pub query: String,
    /// The right codes in KBLI 2025.
    pub kbli2025: Vec<String>,
    /// Why they are right.
    pub why: String,
    /// Where the name comes from (a key of the file's `sources`).
    pub source: String,
}

/// The queries of a set (`EVAL_SET`, `HOLDOUT_SET`); panics on a query without a reason or a
/// known source.
pub fn queries_of(set: &str) -> Vec<EvalQuery> {
    let file: EvalFile = serde_json::from_str(set).expect("the evaluation set parses");
    for q in &file.queries {
        assert!(!q.why.trim().is_empty(), "{:?} says why", q.query);
        assert!(
            file.sources.contains_key(&q.source),
            "{:?} cites unknown source {:?}",
            q.query,
            q.source
        );
    }
    file.queries
}

/// The codes that are right for `q` in `edition`: in 2020, the crosswalk of the 2025 codes.
pub fn expected(catalog: &Catalog, q: &EvalQuery, edition: KbliEdition) -> Vec<String> {
    match edition {
        KbliEdition::K2025 => q.kbli2025.clone(),
        KbliEdition::K2020 => {
            let mut out: Vec<String> = q
                .kbli2025
                .iter()
                .filter_map(|c| catalog.kbli2025(c))
                .flat_map(|k| k.kbli2020.clone())
                .collect();
            out.sort();
            out.dedup();
            out
        }
    }
}

/// Top-1, top-3 and top-10 counts for one edition, and the queries missing from the first three.
pub struct Score {
    /// Queries measured.
    pub total: usize,
    /// Right code first.
    pub top1: usize,
    /// Right code among the first three.
    pub top3: usize,
    /// Right code among the first ten.
    pub top10: usize,
    /// Queries whose right code is not among the first three: query, expected, got.
    pub misses: Vec<(String, Vec<String>, Vec<String>)>,
}

impl Score {
    /// `n` of `total` as a percentage.
    pub fn pct(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.total as f64
    }
}

/// Measures `index` on `queries` in `edition`.
pub fn measure_set(
    catalog: &Catalog,
    index: &KbliIndex,
    edition: KbliEdition,
    queries: Vec<EvalQuery>,
) -> Score {
    let mut score = Score {
        total: 0,
        top1: 0,
        top3: 0,
        top10: 0,
        misses: Vec::new(),
    };
    for q in queries {
        let want = expected(catalog, &q, edition);
        let got: Vec<String> = index
            .search(&q.query, Some(edition), 10)
            .into_iter()
            .map(|h| h.code)
            .collect();
        let rank = got.iter().position(|c| want.contains(c));
        score.total += 1;
        score.top1 += usize::from(rank == Some(0));
        score.top3 += usize::from(rank.is_some_and(|r| r < 3));
        score.top10 += usize::from(rank.is_some());
        if rank.is_none_or(|r| r >= 3) {
            score
                .misses
                .push((q.query, want, got.into_iter().take(3).collect()));
        }
    }
    score
}
