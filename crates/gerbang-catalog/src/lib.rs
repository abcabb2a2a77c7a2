//! The licensing catalog Gerbang ships inside every binary: versioned, hashed, sourced.
//! Files in `data/` are written by the importer (`import`) from the reference data, or by hand
//! (`catalog.json`: version, sources, scales; `permits.json`); the build never reads ../shared.

pub mod import;

use gerbang_core::catalog::{Catalog, CatalogData};
use gerbang_core::search::KbliIndex;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::{Arc, OnceLock};

/// The embedded files, in a fixed order (the content hash depends on it).
const FILES: &[(&str, &str)] = &[
    ("catalog.json", include_str!("../data/catalog.json")),
    ("permits.json", include_str!("../data/permits.json")),
    ("kbli2020.json", include_str!("../data/kbli2020.json")),
    ("kbli2025.json", include_str!("../data/kbli2025.json")),
    (
        "divisions2025.json",
        include_str!("../data/divisions2025.json"),
    ),
    ("oss_codes.json", include_str!("../data/oss_codes.json")),
    ("naming.json", include_str!("../data/naming.json")),
];

/// Why the embedded catalog could not be loaded (a build shipped broken data).
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// An embedded file does not parse.
    #[error("catalog file {file} is malformed: {source}")]
    Malformed {
        /// The embedded file's name.
        file: &'static str,
        /// The parser's complaint.
        source: serde_json::Error,
    },
    /// A record names a source the catalog does not have (or none).
    #[error("catalog file {file}: record {record} cites unknown source {source_id:?}")]
    Unsourced {
        /// The embedded file's name.
        file: &'static str,
        /// The record's key.
        record: String,
        /// The source id it cites.
        source_id: String,
    },
    /// A record is not what its field says (a holiday that is not a date, a plan order that
    /// goes round in a circle).
    #[error("catalog file {file}: record {record}: {message}")]
    Invalid {
        /// The embedded file's name.
        file: &'static str,
        /// The record's key.
        record: String,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
struct Manifest {
    version: String,
    sources: Vec<gerbang_core::catalog::Source>,
    scales: Vec<gerbang_core::catalog::ScaleThreshold>,
    service_levels: Vec<gerbang_core::catalog::ServiceLevel>,
    #[serde(default)]
    non_halal: Vec<gerbang_core::catalog::NonHalalActivity>,
    #[serde(default)]
    kbli2025_risk_source: Option<String>,
    #[serde(default)]
    synonyms: Vec<gerbang_core::catalog::Synonym>,
    #[serde(default)]
    rules: gerbang_core::catalog::RuleTables,
    #[serde(default)]
    holidays: Vec<gerbang_core::catalog::Holiday>,
}

fn parse<T: serde::de::DeserializeOwned>(i: usize) -> Result<T, CatalogError> {
    let (file, text) = FILES[i];
    serde_json::from_str(text).map_err(|source| CatalogError::Malformed { file, source })
}

/// Loads (and checks) the catalog embedded in this binary.
pub fn load() -> Result<Catalog, CatalogError> {
    let manifest: Manifest = parse(0)?;
    let data = CatalogData {
        version: manifest.version,
        sources: manifest.sources,
        scales: manifest.scales,
        permits: parse(1)?,
        kbli2020: parse(2)?,
        kbli2025: parse(3)?,
        divisions2025: parse(4)?,
        oss_codes: parse(5)?,
        service_levels: manifest.service_levels,
        non_halal: manifest.non_halal,
        kbli2025_risk_source: manifest.kbli2025_risk_source,
        synonyms: manifest.synonyms,
        rules: manifest.rules,
        holidays: manifest.holidays,
        naming: parse(6)?,
    };
    let catalog = Catalog::new(data, content_hash());
    check_sources(&catalog)?;
    Ok(catalog)
}

fn check_sources(c: &Catalog) -> Result<(), CatalogError> {
    let d = &c.data;
    let cited = d
        .scales
        .iter()
        .map(|s| ("catalog.json", s.oss_code.as_str(), s.source.as_str()))
        .chain(
            d.permits
                .iter()
                .map(|p| ("permits.json", p.id.as_str(), p.source.as_str())),
        )
        .chain(
            d.kbli2020
                .iter()
                .map(|k| ("kbli2020.json", k.code.as_str(), k.source.as_str())),
        )
        .chain(
            d.kbli2025
                .iter()
                .map(|k| ("kbli2025.json", k.code.as_str(), k.source.as_str())),
        )
        .chain(
            d.divisions2025
                .iter()
                .map(|k| ("divisions2025.json", k.division.as_str(), k.source.as_str())),
        )
        .chain(
            d.oss_codes
                .iter()
                .map(|k| ("oss_codes.json", k.code.as_str(), k.source.as_str())),
        )
        .chain(d.service_levels.iter().map(|l| {
            (
                "catalog.json",
                match l.stage {
                    gerbang_core::review::Stage::Verification => "service_levels.verification",
                    gerbang_core::review::Stage::Decision => "service_levels.decision",
                },
                l.source.as_str(),
            )
        }))
        .chain(
            d.non_halal
                .iter()
                .map(|n| ("catalog.json", n.code.as_str(), n.source.as_str())),
        )
        .chain(
            d.kbli2025_risk_source
                .iter()
                .map(|s| ("catalog.json", "kbli2025_risk_source", s.as_str())),
        )
        .chain(d.synonyms.iter().map(|s| {
            (
                "catalog.json",
                s.words.first().map_or("synonym", String::as_str),
                s.source.as_str(),
            )
        }))
        .chain(rule_sources(&d.rules))
        .chain(
            d.naming
                .patterns
                .iter()
                .map(|p| {
                    (
                        "naming.json",
                        p.heads.first().map_or("pattern", String::as_str),
                        p.source.as_str(),
                    )
                })
                .chain(
                    d.naming
                        .words
                        .iter()
                        .map(|w| ("naming.json", w.word.as_str(), w.source.as_str())),
                )
                .chain(
                    d.naming
                        .stems
                        .iter()
                        .map(|w| ("naming.json", w.word.as_str(), w.source.as_str())),
                ),
        )
        .chain(
            d.holidays
                .iter()
                .map(|h| ("catalog.json", h.date.as_str(), h.source.as_str())),
        );
    for (file, record, source) in cited {
        if c.source(source).is_none() {
            return Err(CatalogError::Unsourced {
                file,
                record: record.to_owned(),
                source_id: source.to_owned(),
            });
        }
    }
    if let Some(h) = d
        .holidays
        .iter()
        .find(|h| gerbang_core::wita::parse_date(&h.date).is_none())
    {
        return Err(CatalogError::Invalid {
            file: "catalog.json",
            record: format!("holidays {:?}", h.date),
            message: "not a YYYY-MM-DD date".to_owned(),
        });
    }
    if let Some(t) = d
        .rules
        .plan
        .iter()
        .flat_map(|p| &p.times)
        .find(|t| !t.parts.is_empty() && (t.min, t.max) != t.days())
    {
        return Err(CatalogError::Invalid {
            file: "catalog.json",
            record: format!("rules.plan.times {:?} {:?}", t.permit, t.variants),
            message: format!(
                "min/max {:?} are not the sums of its parts {:?}",
                (t.min, t.max),
                t.days()
            ),
        });
    }
    if let Some(plan) = &d.rules.plan
        && let Some(p) = plan_cycle(plan)
    {
        return Err(CatalogError::Invalid {
            file: "catalog.json",
            record: format!("rules.plan.order {p:?}"),
            message: "the permit waits, through others, for itself".to_owned(),
        });
    }
    Ok(())
}

/// A permit of the plan's order that waits, through others, for itself.
fn plan_cycle(plan: &gerbang_core::catalog::PlanRules) -> Option<String> {
    let after = |p: &str| -> Vec<&str> {
        plan.order
            .iter()
            .filter(|r| r.permit == p)
            .flat_map(|r| r.after.iter().map(String::as_str))
            .collect()
    };
    plan.order.iter().find_map(|start| {
        let mut seen: Vec<&str> = Vec::new();
        let mut todo = after(&start.permit);
        while let Some(p) = todo.pop() {
            if p == start.permit {
                return Some(start.permit.clone());
            }
            if !seen.contains(&p) {
                seen.push(p);
                todo.extend(after(p));
            }
        }
        None
    })
}

/// Every source the rule tables cite, as `(file, record, source)`.
fn rule_sources(
    r: &gerbang_core::catalog::RuleTables,
) -> impl Iterator<Item = (&'static str, &str, &str)> {
    [
        (
            "rules.pma_investment",
            r.pma_investment.as_ref().map(|p| p.source.as_str()),
        ),
        (
            "rules.technical_approval_source",
            r.technical_approval_source.as_deref(),
        ),
        ("rules.sea_space", prefix(r.sea_space.as_ref())),
        ("rules.slhs", prefix(r.slhs.as_ref())),
        (
            "rules.technical_approval",
            prefix(r.technical_approval.as_ref()),
        ),
        ("rules.spp_irt", prefix(r.spp_irt.as_ref())),
        ("rules.bpom", prefix(r.bpom.as_ref())),
        ("rules.minimarket", prefix(r.minimarket.as_ref())),
        ("rules.kkpr_umk_source", r.kkpr_umk_source.as_deref()),
        (
            "rules.decision_number",
            r.decision_number.as_ref().map(|d| d.source.as_str()),
        ),
    ]
    .into_iter()
    .filter_map(|(record, s)| s.map(|s| ("catalog.json", record, s)))
    .chain(r.environment.iter().map(|e| {
        (
            "catalog.json",
            e.prefixes
                .first()
                .map_or("rules.environment", String::as_str),
            e.source.as_str(),
        )
    }))
    .chain(
        r.andalalin
            .iter()
            .map(|a| ("catalog.json", a.usage.as_str(), a.source.as_str())),
    )
    .chain(
        r.by_activity
            .iter()
            .map(|a| ("catalog.json", a.permit.as_str(), a.source.as_str())),
    )
    .chain(r.plan.iter().flat_map(|p| {
        p.order
            .iter()
            .map(|o| ("catalog.json", o.permit.as_str(), o.source.as_str()))
            .chain(
                p.times
                    .iter()
                    .map(|t| ("catalog.json", t.permit.as_str(), t.source.as_str())),
            )
            .chain(p.times.iter().flat_map(|t| {
                t.parts
                    .iter()
                    .map(|part| ("catalog.json", part.name.as_str(), part.source.as_str()))
            }))
    }))
}

fn prefix(p: Option<&gerbang_core::catalog::PrefixRule>) -> Option<&str> {
    p.map(|p| p.source.as_str())
}

/// A catalog as the city backend publishes it: its data as one JSON document (a bundle).
/// The bundle's identity is its version and the SHA-256 of its text.
pub fn bundle(catalog: &Catalog) -> Result<String, CatalogError> {
    serde_json::to_string(&catalog.data).map_err(|source| CatalogError::Malformed {
        file: "bundle",
        source,
    })
}

/// SHA-256 (hex) of a bundle's text.
pub fn bundle_hash(bundle: &str) -> String {
    gerbang_core::hex(&Sha256::digest(bundle.as_bytes()))
}

/// Loads and checks a published bundle; its content hash is the bundle's SHA-256.
pub fn from_bundle(bundle: &str) -> Result<Catalog, CatalogError> {
    let data: CatalogData =
        serde_json::from_str(bundle).map_err(|source| CatalogError::Malformed {
            file: "bundle",
            source,
        })?;
    let catalog = Catalog::new(data, bundle_hash(bundle));
    check_sources(&catalog)?;
    Ok(catalog)
}

/// Whether catalog version `a` is newer than `b` (`2026.11.1` > `2026.11.0`; numeric parts
/// compared as numbers).
pub fn is_newer(a: &str, b: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    parts(a) > parts(b)
}

/// The embedded catalog, loaded once per process.
pub fn catalog() -> Result<&'static Catalog, &'static CatalogError> {
    built_in().map(|c| &**c)
}

/// The KBLI search index over the embedded catalog, built once per process.
pub fn index() -> Result<&'static KbliIndex, &'static CatalogError> {
    built_in_index().map(|i| &**i)
}

/// The embedded catalog and its index as shared handles, for an application that may later
/// swap in a newer catalog from the city backend.
pub fn shared() -> Result<(Arc<Catalog>, Arc<KbliIndex>), &'static CatalogError> {
    Ok((Arc::clone(built_in()?), Arc::clone(built_in_index()?)))
}

fn built_in() -> Result<&'static Arc<Catalog>, &'static CatalogError> {
    static CATALOG: OnceLock<Result<Arc<Catalog>, CatalogError>> = OnceLock::new();
    CATALOG.get_or_init(|| load().map(Arc::new)).as_ref()
}

fn built_in_index() -> Result<&'static Arc<KbliIndex>, &'static CatalogError> {
    static INDEX: OnceLock<Arc<KbliIndex>> = OnceLock::new();
    let catalog = built_in()?;
    Ok(INDEX.get_or_init(|| Arc::new(KbliIndex::new(catalog))))
}

fn content_hash() -> String {
    let mut hasher = Sha256::new();
    for (name, text) in FILES {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    gerbang_core::hex(&hasher.finalize())
}

#[cfg(test)]
mod bundle_tests {
    use super::*;

    #[test]
    fn a_bundle_round_trips_and_is_checked() {
        let c = catalog().unwrap();
        let text = bundle(c).unwrap();
        let back = from_bundle(&text).unwrap();
        assert_eq!(back.version(), c.version());
        assert_eq!(back.content_hash, bundle_hash(&text));
        assert_eq!(back.data.permits.len(), c.data.permits.len());
        let mut broken: serde_json::Value = serde_json::from_str(&text).unwrap();
        broken["permits"][0]["source"] = serde_json::Value::String("nowhere".into());
        let err = from_bundle(&broken.to_string()).unwrap_err();
        assert!(err.to_string().contains("cites unknown source"), "{err}");
    }

    #[test]
    fn versions_compare_by_number() {
        assert!(is_newer("2026.11.10", "2026.11.9"));
        assert!(is_newer("2026.12.0", "2026.11.1"));
        assert!(!is_newer("2026.11.1", "2026.11.1"));
    }
}
