//! `gerbang-catalog-import FROM TO`: rewrites the catalog's data files from the reference data.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, to] = args.as_slice() else {
        eprintln!(
            "usage: gerbang-catalog-import FROM (../shared/data) TO (crates/gerbang-catalog/data)"
        );
        return ExitCode::from(2);
    };
    match gerbang_catalog::import::run(&PathBuf::from(from), &PathBuf::from(to)) {
        Ok(counts) => {
            for (file, n) in counts {
                println!("{file}: {n} records");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gerbang-catalog-import: {e}");
            ExitCode::FAILURE
        }
    }
}
