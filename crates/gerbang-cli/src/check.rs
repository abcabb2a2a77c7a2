//! `gerbang check FACTS.json`: the checklist, readable or as JSON.

use crate::catalog_or_err;
use gerbang_core::engine::{Checklist, evaluate};
use gerbang_core::facts::Facts;
use gerbang_core::format_rupiah;
use std::path::Path;
use time::OffsetDateTime;

/// Reads a JSON file (facts, profile, …), naming the field that is wrong.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        if field == "." {
            format!("{}: {inner}", path.display())
        } else {
            format!("{}: {field}: {inner}", path.display())
        }
    })
}

/// Reads and checks a facts file, naming the field that is wrong.
pub fn read_facts(path: &Path) -> Result<Facts, String> {
    read_json(path)
}

/// Today in Balikpapan (WITA): the date checklists are derived for.
pub fn today() -> time::Date {
    OffsetDateTime::now_utc()
        .to_offset(gerbang_core::WITA)
        .date()
}

fn as_of(arg: Option<&str>) -> Result<time::Date, String> {
    match arg {
        None => Ok(today()),
        Some(s) => time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|e| format!("--as-of {s:?} is not a date YYYY-MM-DD: {e}")),
    }
}

/// Runs `gerbang check`.
pub fn run(path: &Path, json: bool, as_of_arg: Option<&str>) -> Result<(), String> {
    let facts = read_facts(path)?;
    let catalog = catalog_or_err()?;
    let index = gerbang_catalog::index().map_err(|e| e.to_string())?;
    let checklist = evaluate(&facts, catalog, index, as_of(as_of_arg)?).map_err(|e| {
        let mut msg = format!("{}: {e}", path.display());
        if !e.suggestions.is_empty() {
            msg.push_str(&format!("; nearest codes: {}", e.suggestions.join(", ")));
        }
        msg
    })?;
    if json {
        let text = serde_json::to_string_pretty(&checklist)
            .map_err(|e| format!("cannot write JSON: {e}"))?;
        println!("{text}");
    } else {
        print!("{}", render(&checklist, &facts, &catalog.label()));
    }
    Ok(())
}

/// The checklist as people read it.
pub fn render(c: &Checklist, facts: &Facts, catalog_label: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Gerbang checklist (catalog {catalog_label}, as of {} WITA)",
        c.as_of
    );
    let _ = writeln!(
        out,
        "Scale: {:?} - {} (capital {})",
        c.scale,
        c.scale_because,
        format_rupiah(facts.business_capital_idr)
    );
    let _ = writeln!(out, "\nActivities (KBLI {}):", c.kbli_edition.year());
    for a in &c.activities {
        let risk = match (&a.risk, a.risk_candidates.as_slice()) {
            (Some(r), _) => r.name().to_owned(),
            (None, []) => "NOT DETERMINED (confirm with the licensing office)".to_owned(),
            (None, many) => format!(
                "NOT DETERMINED: one of {}",
                many.iter().map(|l| l.name()).collect::<Vec<_>>().join(", ")
            ),
        };
        let code = a
            .kbli
            .clone()
            .unwrap_or_else(|| format!("{} -> {}", a.kbli_input, a.kbli_candidates.join("/")));
        let _ = writeln!(out, "  {code} {}\n    risk: {risk}", a.title);
    }
    let _ = writeln!(out, "\nWhat to obtain, in order:");
    for (i, p) in c.permits.iter().enumerate() {
        let mut flags = Vec::new();
        if let Some(v) = &p.variant {
            flags.push(v.clone());
        }
        if let Some(a) = &p.activity {
            flags.push(format!("KBLI {a}"));
        }
        if p.conditional {
            flags.push("CONDITIONAL".to_owned());
        }
        if !p.confirmed {
            flags.push("UNCONFIRMED".to_owned());
        }
        let _ = writeln!(out, "  {}. {} [{}]", i + 1, p.name, flags.join(", "));
        let _ = writeln!(out, "     because: {}", p.because);
        let _ = writeln!(out, "     legal basis: {}", p.legal_basis);
        let _ = writeln!(out, "     issuer: {}", p.issuer);
        if let Some(t) = &p.service_time {
            let _ = writeln!(out, "     service time: {t}");
        }
        if !p.documents.is_empty() {
            let _ = writeln!(out, "     documents: {}", p.documents.join("; "));
        }
    }
    if !c.findings.is_empty() {
        let _ = writeln!(out, "\nFindings:");
        for f in &c.findings {
            let _ = writeln!(out, "  [{:?}] {}: {}", f.severity, f.code, f.message);
        }
    }
    let _ = writeln!(
        out,
        "\nLKPM: {:?}{} - {} (UNCONFIRMED: {})",
        c.lkpm.frequency,
        if c.lkpm.due_dates.is_empty() {
            String::new()
        } else {
            format!(", next due {}", c.lkpm.due_dates.join(", "))
        },
        c.lkpm.because,
        c.lkpm.legal_basis
    );
    out
}
