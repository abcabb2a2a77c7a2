//! Golden checklists: each facts file in cases/ and its checklist, as reviewed JSON snapshots.

use crate::{as_of, catalog, index};
use gerbang_core::engine::evaluate;
use gerbang_core::facts::Facts;
use std::path::Path;

#[test]
fn golden_checklists() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/catalog/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 44,
        "at least 44 cases, found {}",
        files.len()
    );
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let facts: Facts = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let checklist =
            evaluate(&facts, catalog(), index(), as_of()).unwrap_or_else(|e| panic!("{name}: {e}"));
        insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!(name, checklist, {".catalog_hash" => "[hash]"});
        });
    }
}
