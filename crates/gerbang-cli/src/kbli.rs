//! `gerbang kbli search|show`.

use crate::catalog_or_err;
use gerbang_core::facts::KbliEdition;

/// Runs `gerbang kbli search`: the same ranking as the desktop's picker (`Rules::kbli_search`).
pub fn search(
    query: &str,
    edition: Option<KbliEdition>,
    limit: usize,
    json: bool,
) -> anyhow::Result<()> {
    let rules = gerbang_app::Rules::built_in()?;
    let found = rules.kbli_search(query, edition, limit);
    if json {
        out!("{}", serde_json::to_string_pretty(&found)?);
        return Ok(());
    }
    if found.hits.is_empty() {
        anyhow::bail!(
            "no KBLI code matches {query:?}; browse by section and division: gerbang kbli browse"
        );
    }
    if found.weak {
        out!(
            "No code answers {query:?} well; these are guesses. Browse instead: gerbang kbli browse {}",
            found.divisions.first().map_or("", String::as_str)
        );
    }
    for h in found.hits {
        let other = if h.edition == "2025" { "2020" } else { "2025" };
        let cross = if h.crosswalk.is_empty() {
            format!("no {other} equivalent")
        } else {
            format!("{other}: {}", h.crosswalk.join(", "))
        };
        out!("{} {}  {}  ({cross})", h.edition, h.code, h.title);
    }
    Ok(())
}

/// Runs `gerbang kbli browse`.
pub fn browse(
    division: Option<&str>,
    edition: Option<KbliEdition>,
    json: bool,
) -> anyhow::Result<()> {
    let rules = gerbang_app::Rules::built_in()?;
    let edition = edition.unwrap_or(KbliEdition::K2025);
    let Some(division) = division else {
        let sections = rules.kbli_sections(edition);
        if json {
            out!("{}", serde_json::to_string_pretty(&sections)?);
            return Ok(());
        }
        for s in sections {
            out!("{} {}", s.letter, s.title);
            for d in s.divisions {
                out!("  {} {}", d.code, d.title);
            }
        }
        return Ok(());
    };
    let codes = rules.kbli_division(edition, division);
    if codes.is_empty() {
        anyhow::bail!(
            "{division:?} is not a KBLI {} division (two digits, such as 47); list them: gerbang kbli browse",
            edition.year()
        );
    }
    if json {
        out!("{}", serde_json::to_string_pretty(&codes)?);
        return Ok(());
    }
    for h in codes {
        out!("{} {}  {}", h.edition, h.code, h.title);
    }
    Ok(())
}

/// Runs `gerbang kbli show`.
pub fn show(code: &str, json: bool) -> anyhow::Result<()> {
    let c = catalog_or_err()?;
    let k2025 = c.kbli2025(code);
    let k2020 = c.kbli2020(code);
    if k2025.is_none() && k2020.is_none() {
        let near: Vec<String> = gerbang_catalog::index()?
            .nearest(code, None, 5)
            .into_iter()
            .map(|h| format!("{} {}", h.edition, h.code))
            .collect();
        anyhow::bail!(
            "KBLI {code} is in neither edition; nearest: {}",
            if near.is_empty() {
                "none".to_owned()
            } else {
                near.join(", ")
            }
        );
    }
    if json {
        let value = serde_json::json!({ "catalog": c.label(), "kbli2025": k2025, "kbli2020": k2020,
            "kbli2025_from_2020": c.kbli2025_for_2020(code).iter().map(|k| &k.code).collect::<Vec<_>>() });
        out!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    out!("(catalog {})", c.label());
    if let Some(k) = k2025 {
        out!("KBLI 2025 {} {} (section {})", k.code, k.title, k.section);
        out!("  {}", k.description);
        out!(
            "  KBLI 2020 equivalent: {} (change: {})",
            k.kbli2020.join(", "),
            k.change
        );
        if k.risk.is_empty() {
            out!("  risk: no data: confirm with the licensing office");
        }
        for r in &k.risk {
            let levels: Vec<&str> = r.levels.iter().map(|l| l.name()).collect();
            out!("  risk at {}: {}", r.scale.name(), levels.join(" or "));
        }
        if !k.permit_types.is_empty() {
            out!("  permits: {}", k.permit_types.join("; "));
        }
        if !k.issuing_times.is_empty() {
            out!("  issuing time: {}", k.issuing_times.join(", "));
        }
        let src = c.source(&k.source).map_or("", |s| s.citation.as_str());
        out!("  source: {src}");
    }
    if let Some(k) = k2020 {
        let to: Vec<&str> = c
            .kbli2025_for_2020(code)
            .iter()
            .map(|k| k.code.as_str())
            .collect();
        out!("KBLI 2020 {} {}", k.code, k.title);
        out!("  {}", k.description);
        out!(
            "  KBLI 2025 equivalent: {}",
            if to.is_empty() {
                "none".to_owned()
            } else {
                to.join(", ")
            }
        );
    }
    Ok(())
}
