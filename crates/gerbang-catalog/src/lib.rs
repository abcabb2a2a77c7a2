//! The licensing catalog Gerbang ships inside every binary: versioned, hashed, sourced.
//! A case records the catalog version and hash it was derived from, so a checklist can be explained later.

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The embedded catalog files, in a fixed order (the content hash depends on it).
const FILES: &[(&str, &str)] = &[("scales.json", include_str!("../data/scales.json"))];

/// A catalog record's provenance: where the fact comes from and whether a primary source confirms it.
pub trait Sourced {
    /// The regulation, article or dataset the fact comes from.
    fn source(&self) -> &str;
    /// `false` where only secondary sources (or none) report it; the UI marks such facts.
    fn confirmed(&self) -> bool;
}

/// A business scale with its PP 7/2021 thresholds (capital for a new business, sales for an existing one).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Scale {
    /// OSS scale code: 01 Mikro, 02 Kecil, 03 Menengah, 04 Besar.
    pub oss_code: String,
    /// The Indonesian name used in regulations and in OSS.
    pub name: String,
    /// Upper bound (inclusive) of business capital excluding land and buildings; `None` for no bound.
    pub max_capital_rp: Option<i64>,
    /// Upper bound (inclusive) of annual sales; `None` for no bound.
    pub max_annual_sales_rp: Option<i64>,
    source: String,
    confirmed: bool,
}

impl Sourced for Scale {
    fn source(&self) -> &str {
        &self.source
    }
    fn confirmed(&self) -> bool {
        self.confirmed
    }
}

#[derive(Debug, Deserialize)]
struct ScalesFile {
    catalog_version: String,
    scales: Vec<Scale>,
}

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
    /// A record has no source, which the catalog never allows.
    #[error("catalog file {file}: record {record} has no source")]
    Unsourced {
        /// The embedded file's name.
        file: &'static str,
        /// The record's key.
        record: String,
    },
}

/// The loaded catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Human-readable version, e.g. `2026.11.0`.
    pub version: String,
    /// SHA-256 (hex) over every embedded file: two catalogs with the same hash hold the same facts.
    pub content_hash: String,
    /// The business scales, smallest first.
    pub scales: Vec<Scale>,
}

impl Catalog {
    /// Loads the catalog embedded in this binary.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        let (file, text) = FILES[0];
        let parsed: ScalesFile = serde_json::from_str(text)
            .map_err(|source| CatalogError::Malformed { file, source })?;
        if let Some(s) = parsed.scales.iter().find(|s| s.source.trim().is_empty()) {
            return Err(CatalogError::Unsourced {
                file,
                record: s.oss_code.clone(),
            });
        }
        Ok(Catalog {
            version: parsed.catalog_version,
            content_hash: content_hash(),
            scales: parsed.scales,
        })
    }

    /// The short form shown in the UI and on every output: `2026.11.0 (1a2b3c4d)`.
    pub fn label(&self) -> String {
        let short = self.content_hash.get(..8).unwrap_or(&self.content_hash);
        format!("{} ({short})", self.version)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        match Catalog::embedded() {
            Ok(c) => c,
            Err(e) => panic!("embedded catalog must load: {e}"),
        }
    }

    #[test]
    fn scales_follow_pp_7_2021_in_order() {
        let c = catalog();
        let codes: Vec<_> = c.scales.iter().map(|s| s.oss_code.as_str()).collect();
        assert_eq!(codes, ["01", "02", "03", "04"]);
        assert_eq!(c.scales[0].max_capital_rp, Some(1_000_000_000));
        assert_eq!(c.scales[2].max_annual_sales_rp, Some(50_000_000_000));
        assert_eq!(c.scales[3].max_capital_rp, None);
        let caps: Vec<_> = c.scales.iter().filter_map(|s| s.max_capital_rp).collect();
        assert!(caps.windows(2).all(|w| w[0] < w[1]), "thresholds ascend");
    }

    #[test]
    fn every_record_is_sourced() {
        for s in catalog().scales {
            assert!(s.source().contains("PP 7/2021"), "{}", s.oss_code);
            assert!(s.confirmed());
        }
    }

    #[test]
    fn hash_is_stable_hex_and_label_shows_it() {
        let c = catalog();
        assert_eq!(c.content_hash.len(), 64);
        assert!(c.content_hash.chars().all(|ch| ch.is_ascii_hexdigit()));
        assert_eq!(c.content_hash, content_hash());
        assert_eq!(
            c.label(),
            format!("{} ({})", c.version, &c.content_hash[..8])
        );
    }
}
