//! The importer: reads the reference data (../shared/data) and writes the catalog's own files
//! (data/kbli2020.json, kbli2025.json, divisions2025.json, oss_codes.json). Re-runnable: the
//! output depends only on the input. Run it with
//! `cargo run -p gerbang-catalog --bin gerbang-catalog-import -- ../shared/data crates/gerbang-catalog/data`.

use gerbang_core::catalog::{Division, Kbli2020, Kbli2025, OssCode, RiskLevel, Scale, ScaleRisk};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// What can go wrong while importing, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// A CSV file is malformed.
    #[error("{path}: {source}")]
    Csv {
        /// The file.
        path: String,
        /// The error.
        source: csv::Error,
    },
    /// A JSON file is malformed.
    #[error("{path}: {source}")]
    Json {
        /// The file.
        path: String,
        /// The error.
        source: serde_json::Error,
    },
    /// A value the importer does not know (a new risk level or scale name).
    #[error("{path}: unknown {what} {value:?}")]
    Unknown {
        /// The file.
        path: String,
        /// What kind of value.
        what: &'static str,
        /// The value.
        value: String,
    },
}

fn read(path: &Path) -> Result<String, ImportError> {
    std::fs::read_to_string(path).map_err(|source| ImportError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn csv_rows(path: &Path) -> Result<Vec<HashMap<String, String>>, ImportError> {
    let text = read(path)?;
    parse_csv(&text).map_err(|source| ImportError::Csv {
        path: path.display().to_string(),
        source,
    })
}

/// Parses CSV with a header row (quoted multi-line cells allowed) into maps.
pub fn parse_csv(text: &str) -> Result<Vec<HashMap<String, String>>, csv::Error> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers()?.clone();
    let mut out = Vec::new();
    for rec in reader.records() {
        let rec = rec?;
        out.push(
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.trim().to_owned(), v.trim().to_owned()))
                .collect(),
        );
    }
    Ok(out)
}

fn col<'r>(row: &'r HashMap<String, String>, name: &str) -> &'r str {
    row.get(name).map_or("", String::as_str)
}

/// Lines of a multi-line cell, without blanks and `-` placeholders.
pub fn cell_lines(cell: &str) -> Vec<String> {
    cell.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "-")
        .map(str::to_owned)
        .collect()
}

#[derive(Deserialize)]
struct Raw2020 {
    code: String,
    title: String,
    desc: Option<String>,
}

/// KBLI 2020, every level, sorted by code.
pub fn kbli2020(from: &Path) -> Result<Vec<Kbli2020>, ImportError> {
    let path = from.join("kbli2020/kbli_lengkap.json");
    let raw: Vec<Raw2020> =
        serde_json::from_str(&read(&path)?).map_err(|source| ImportError::Json {
            path: path.display().to_string(),
            source,
        })?;
    let mut out: Vec<Kbli2020> = raw
        .into_iter()
        .map(|r| Kbli2020 {
            code: r.code.trim().to_owned(),
            title: r.title.trim().to_owned(),
            description: r.desc.unwrap_or_default().trim().to_owned(),
            source: "bps-2-2020".to_owned(),
        })
        .collect();
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out.dedup_by(|a, b| a.code == b.code);
    Ok(out)
}

/// KBLI 2025 divisions and their sections.
pub fn divisions(from: &Path) -> Result<Vec<Division>, ImportError> {
    let mut out: Vec<Division> = csv_rows(&from.join("kbli2025/sections.csv"))?
        .iter()
        .map(|r| Division {
            section: col(r, "section").to_owned(),
            section_title: col(r, "section_title").to_owned(),
            division: col(r, "division").to_owned(),
            division_title: col(r, "division_title").to_owned(),
            source: "bps-2025-sections".to_owned(),
        })
        .collect();
    out.sort_by(|a, b| a.division.cmp(&b.division));
    Ok(out)
}

/// KBLI 2025 five-digit codes with crosswalk, risk by scale, permit types and issuing times.
pub fn kbli2025(from: &Path, divisions: &[Division]) -> Result<Vec<Kbli2025>, ImportError> {
    let risk_path = from.join("kbli2025/kbli2025_risk_by_scale_long.csv");
    let shown = risk_path.display().to_string();
    let mut risk: HashMap<String, BTreeMap<Scale, BTreeSet<RiskLevel>>> = HashMap::new();
    for r in csv_rows(&risk_path)? {
        let scale =
            Scale::from_name(col(&r, "skala_usaha")).ok_or_else(|| ImportError::Unknown {
                path: shown.clone(),
                what: "scale",
                value: col(&r, "skala_usaha").to_owned(),
            })?;
        let level = RiskLevel::from_name(col(&r, "tingkat_risiko")).ok_or_else(|| {
            ImportError::Unknown {
                path: shown.clone(),
                what: "risk level",
                value: col(&r, "tingkat_risiko").to_owned(),
            }
        })?;
        risk.entry(col(&r, "kode_kbli_2025").to_owned())
            .or_default()
            .entry(scale)
            .or_default()
            .insert(level);
    }
    let mut crosswalk: HashMap<String, Vec<String>> = HashMap::new();
    for r in csv_rows(&from.join("kbli2025/kbli2020_to_2025_crosswalk.csv"))? {
        let old = col(&r, "kode_kbli_2020").to_owned();
        let list = crosswalk
            .entry(col(&r, "kode_kbli_2025").to_owned())
            .or_default();
        if !old.is_empty() && !list.contains(&old) {
            list.push(old);
        }
    }
    let section_of: HashMap<&str, &str> = divisions
        .iter()
        .map(|d| (d.division.as_str(), d.section.as_str()))
        .collect();
    let mut out = Vec::new();
    for r in csv_rows(&from.join("kbli2025/KBLI-2025-Lengkap.csv"))? {
        let code = col(&r, "Kode KBLI 2025").to_owned();
        let section = code
            .get(..2)
            .and_then(|d| section_of.get(d))
            .map_or(String::new(), |s| (*s).to_owned());
        let mut issuing_times: Vec<String> = Vec::new();
        for t in cell_lines(col(&r, "Jangka Waktu Penerbitan")) {
            if !issuing_times.contains(&t) {
                issuing_times.push(t);
            }
        }
        out.push(Kbli2025 {
            risk: risk
                .get(&code)
                .map(|by_scale| {
                    by_scale
                        .iter()
                        .map(|(scale, levels)| ScaleRisk {
                            scale: *scale,
                            levels: levels.iter().copied().collect(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            kbli2020: crosswalk.get(&code).cloned().unwrap_or_default(),
            title: col(&r, "Judul KBLI 2025").to_owned(),
            description: col(&r, "Uraian KBLI 2025").to_owned(),
            change: col(&r, "Jenis Perubahan").to_owned(),
            permit_types: cell_lines(col(&r, "Perizinan Berusaha")),
            issuing_times,
            section,
            code,
            source: "bps-7-2025".to_owned(),
        });
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

/// The OSS code lists.
pub fn oss_codes(from: &Path) -> Result<Vec<OssCode>, ImportError> {
    Ok(csv_rows(&from.join("oss/oss_pia_reference_codes.csv"))?
        .iter()
        .map(|r| OssCode {
            list: col(r, "daftar").to_owned(),
            code: col(r, "kode").to_owned(),
            value: col(r, "nilai").to_owned(),
            note: col(r, "keterangan").to_owned(),
            source: "oss-pia-4.3".to_owned(),
        })
        .collect())
}

fn write_json<T: serde::Serialize>(to: &Path, name: &str, value: &T) -> Result<(), ImportError> {
    let path = to.join(name);
    let mut text = serde_json::to_string(value).map_err(|source| ImportError::Json {
        path: path.display().to_string(),
        source,
    })?;
    text.push('\n');
    // Write beside, then rename: a failed import never leaves half a file.
    let tmp = to.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|source| ImportError::Io {
            path: path.display().to_string(),
            source,
        })
}

/// Imports everything from `from` (../shared/data) into `to` (crates/gerbang-catalog/data).
pub fn run(from: &Path, to: &Path) -> Result<Vec<(String, usize)>, ImportError> {
    let k2020 = kbli2020(from)?;
    let divs = divisions(from)?;
    let k2025 = kbli2025(from, &divs)?;
    let oss = oss_codes(from)?;
    let counts = vec![
        ("kbli2020.json".to_owned(), k2020.len()),
        ("kbli2025.json".to_owned(), k2025.len()),
        ("divisions2025.json".to_owned(), divs.len()),
        ("oss_codes.json".to_owned(), oss.len()),
    ];
    write_json(to, "kbli2020.json", &k2020)?;
    write_json(to, "kbli2025.json", &k2025)?;
    write_json(to, "divisions2025.json", &divs)?;
    write_json(to, "oss_codes.json", &oss)?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_quoted_cells_parse_as_one_row() {
        let text =
            "Kode KBLI 2025,Skala\n01111,\"Usaha Mikro → Rendah\nUsaha Kecil → Rendah\"\n56101,-\n";
        let rows = parse_csv(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(col(&rows[0], "Kode KBLI 2025"), "01111");
        assert_eq!(
            cell_lines(col(&rows[0], "Skala")),
            ["Usaha Mikro → Rendah", "Usaha Kecil → Rendah"]
        );
        assert!(
            cell_lines(col(&rows[1], "Skala")).is_empty(),
            "- is no value"
        );
    }

    #[test]
    fn codes_stay_strings_with_leading_zeros() {
        let rows = parse_csv("kode,judul\n01111,Jagung\n").unwrap();
        assert_eq!(col(&rows[0], "kode"), "01111");
    }
}
