//! How often KBLI search puts the right code first, in the first three and in the first ten, on
//! the evaluation set (`eval/kbli-queries.json`), in both editions. Not a timing: `cargo bench -p
//! gerbang-catalog --bench search_quality` prints the table; add `-- --misses` to list the
//! queries whose right code is not in the first three, or `-- --query WORDS` to see one query's
//! hits with their scores.

#[path = "../eval/measure.rs"]
mod measure;

use gerbang_core::facts::KbliEdition;

fn main() {
    let catalog = gerbang_catalog::catalog().expect("catalog");
    let index = gerbang_catalog::index().expect("index");
    let args: Vec<String> = std::env::args().collect();
    let misses = args.iter().any(|a| a == "--misses");
    // `-- --query "toko emas"`: the first ten hits for one query in both editions, with scores.
    if let Some(q) = args
        .iter()
        .position(|a| a == "--query")
        .and_then(|i| args.get(i + 1))
    {
        for edition in [KbliEdition::K2025, KbliEdition::K2020] {
            let found = index.find(q, Some(edition), 10);
            println!(
                "{} {q:?}{}",
                edition.year(),
                if found.weak { " (weak)" } else { "" }
            );
            for h in found.hits {
                println!("  {:7.2} {} {}", h.score, h.code, h.title);
            }
        }
        return;
    }
    for (name, set) in [
        ("evaluation set (eval/kbli-queries.json)", measure::EVAL_SET),
        (
            "held-out set (eval/kbli-queries-holdout.json, never tuned on)",
            measure::HOLDOUT_SET,
        ),
    ] {
        println!("{name}");
        println!("edition  queries  top-1          top-3          top-10");
        for edition in [KbliEdition::K2025, KbliEdition::K2020] {
            let s = measure::measure_set(catalog, index, edition, measure::queries_of(set));
            println!(
                "{}     {:>7}  {:>3} ({:>5.1} %)  {:>3} ({:>5.1} %)  {:>3} ({:>5.1} %)",
                edition.year(),
                s.total,
                s.top1,
                s.pct(s.top1),
                s.top3,
                s.pct(s.top3),
                s.top10,
                s.pct(s.top10)
            );
            if misses && set == measure::EVAL_SET {
                for (q, want, got) in &s.misses {
                    println!("    {q:<28} want {want:?} got {got:?}");
                }
            }
        }
    }
}
