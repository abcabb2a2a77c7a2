//! The licensing catalog Gerbang ships inside every binary: versioned, hashed, sourced.
//! Files in `data/` are written by the importer (`import`) from the reference data, or by hand
//! (`catalog.json`: version, sources, scales; `permits.json`); the build never reads ../shared.

pub mod import;

use gerbang_core::catalog::{Catalog, CatalogData};
use gerbang_core::search::KbliIndex;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

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
}

#[derive(Deserialize)]
struct Manifest {
    version: String,
    sources: Vec<gerbang_core::catalog::Source>,
    scales: Vec<gerbang_core::catalog::ScaleThreshold>,
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
    Ok(())
}

/// The embedded catalog, loaded once per process.
pub fn catalog() -> Result<&'static Catalog, &'static CatalogError> {
    static CATALOG: OnceLock<Result<Catalog, CatalogError>> = OnceLock::new();
    CATALOG.get_or_init(load).as_ref()
}

/// The KBLI search index over the embedded catalog, built once per process.
pub fn index() -> Result<&'static KbliIndex, &'static CatalogError> {
    static INDEX: OnceLock<KbliIndex> = OnceLock::new();
    let c = catalog()?;
    Ok(INDEX.get_or_init(|| KbliIndex::new(c)))
}

fn content_hash() -> String {
    let mut hasher = Sha256::new();
    for (name, text) in FILES {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
