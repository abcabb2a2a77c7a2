//! The published JSON Schemas of the CLI's contract (`schemas/` at the repository root): the
//! facts file `gerbang check` reads and the checklist `gerbang check --json` writes.

use crate::engine::Checklist;
use crate::facts::Facts;
use crate::plan::Plan;

/// What `gerbang check --json` writes: the checklist, and the licensing plan of its permits
/// from the checklist's date.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct CheckOutput {
    /// The checklist.
    #[serde(flatten)]
    pub checklist: Checklist,
    /// The plan.
    pub plan: Plan,
}

/// `(file name, schema text)` for each published schema.
pub fn all() -> Vec<(&'static str, String)> {
    let render = |schema: schemars::Schema| {
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        text
    };
    vec![
        ("facts.schema.json", render(schemars::schema_for!(Facts))),
        (
            "checklist.schema.json",
            render(schemars::schema_for!(CheckOutput)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// Fails when a committed schema differs from the Rust types.
    /// `GERBANG_BLESS=1 cargo test -p gerbang-core schemas` rewrites them.
    #[test]
    fn published_schemas_are_current() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
        let bless = std::env::var_os("GERBANG_BLESS").is_some();
        for (file, text) in super::all() {
            let path = dir.join(file);
            if bless {
                std::fs::write(&path, &text).unwrap();
            } else {
                assert_eq!(
                    std::fs::read_to_string(&path).ok().as_deref(),
                    Some(text.as_str()),
                    "schemas/{file} is stale: run `GERBANG_BLESS=1 cargo test -p gerbang-core schemas` and commit"
                );
            }
        }
    }

    #[test]
    fn the_facts_schema_names_the_contract_fields() {
        let (_, facts) = &super::all()[0];
        for field in [
            "kbli_edition",
            "activities",
            "entity_type",
            "capital_status",
            "business_capital_idr",
            "annual_sales_idr",
            "building",
        ] {
            assert!(facts.contains(&format!("\"{field}\"")), "{field}");
        }
    }
}
