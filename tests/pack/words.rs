//! The words people read in Indonesian carry no English and no internal codes: `gerbang check
//! --lang id` for every golden case, and the Indonesian pack (read back with pdftotext) of the
//! cases that reach the most rules. And the English output gives the items' own words in
//! English.

use crate::tool;
use anyhow::{Context, Result, ensure};
use gerbang_tests::{workspace_bin, workspace_root};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What must not appear in Indonesian: internal codes, English labels and English prose.
const CODES: &[&str] = &[
    "@*",
    "[company]",
    "[individual]",
    "[Warning]",
    "[Error]",
    "[Info]",
    "Quarterly",
    "Semiannual",
    "(umk)",
    "(screening)",
    "(new)",
    "(existing)",
    "self_declared",
    "self_declare]",
    "pernyataan_mandiri",
    "ukl_upl",
    "_risk",
    "risk_",
    "kkpr_",
    "pma_",
    "dikonfirmasi",
    "disputed",
    "secondary sources",
];

/// English words that Indonesian prose never uses (whole words, any case).
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "is",
    "are",
    "with",
    "for",
    "not",
    "which",
    "where",
    "must",
    "needs",
    "business",
    "because",
    "issuer",
    "unconfirmed",
    "conditional",
    "documents",
    "service",
    "working",
    "days",
    "article",
    "quarterly",
    "warning",
    "approval",
    "building",
];

/// The faults in `text`: each code found, and each English word found, with its line.
fn faults(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        for c in CODES {
            if line.contains(c) {
                out.push(format!("code {c:?} in: {line}"));
            }
        }
        let lower = line.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        for e in ENGLISH {
            if words.contains(e) {
                out.push(format!("English {e:?} in: {line}"));
            }
        }
    }
    out
}

fn cases() -> Result<Vec<PathBuf>> {
    let dir = workspace_root().join("crates/gerbang-catalog/tests/catalog/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    ensure!(files.len() >= 68, "{} cases", files.len());
    Ok(files)
}

fn gerbang(data: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new(workspace_bin("gerbang")?)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("GERBANG_SERVER")
        .output()?;
    ensure!(
        out.status.success(),
        "gerbang {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_scanner_finds_english_and_codes() {
    assert!(faults("Izin Lingkungan (screening): the form (umk)").len() >= 3);
    assert!(faults("  [Warning] kkpr_form_unknown: bentuk KKPR").len() >= 2);
    assert!(faults("Persetujuan Bangunan Gedung (PBG) · 31 hari kerja").is_empty());
}

#[test]
fn check_in_indonesian_has_no_english_and_no_codes() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut all = Vec::new();
    for file in cases()? {
        let f = file.to_str().context("path")?;
        let text = gerbang(
            dir.path(),
            &["check", f, "--lang", "id", "--as-of", "2026-12-07"],
        )?;
        for fault in faults(&text) {
            all.push(format!(
                "{}: {fault}",
                file.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
    }
    ensure!(all.is_empty(), "{} faults:\n{}", all.len(), all.join("\n"));
    Ok(())
}

#[test]
fn the_indonesian_pack_has_no_english_and_no_codes() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let root = workspace_root().join("crates/gerbang-catalog/tests/catalog/cases");
    let mut all = Vec::new();
    for name in [
        "61-hotel-pma-8-lantai-ukl-upl",
        "02-restoran-kecil-bangunan-baru",
        "57-spbu-baru-andalalin-dan-tera",
        "63-warung-makan-mikro-halal-pasal-234",
        "54-bangunan-lama-tanpa-pbg-pasal-123",
    ] {
        let facts = root.join(format!("{name}.json"));
        // An applicant of the facts' own form and capital.
        let f: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&facts)?)?;
        let profile = dir.path().join(format!("{name}-profile.json"));
        std::fs::write(
            &profile,
            if f["entity_type"] == "perorangan" {
                serde_json::json!({
                    "kind": "individual",
                    "name": "Ani Teluk",
                    "entity_type": "perorangan",
                    "capital_status": f["capital_status"],
                    "nik": "6471015208900002",
                })
            } else {
                serde_json::json!({
                    "kind": "company",
                    "name": "Usaha Teluk Nusantara",
                    "entity_type": f["entity_type"],
                    "capital_status": f["capital_status"],
                    "npwp": "0012345678901000",
                })
            }
            .to_string(),
        )?;
        let p = gerbang(
            &data,
            &["profile", "new", "--from", profile.to_str().context("p")?],
        )?;
        let id = gerbang(
            &data,
            &[
                "case",
                "new",
                "--profile",
                p.trim(),
                "--facts",
                facts.to_str().context("p")?,
            ],
        )?;
        let out = dir.path().join(name);
        gerbang(
            &data,
            &[
                "pack",
                id.trim(),
                "--lang",
                "id",
                "--out",
                out.to_str().context("p")?,
            ],
        )?;
        let pdf = std::fs::read_dir(&out)?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "pdf"))
            .context("no pack written")?;
        let text = tool("pdftotext", &[pdf.to_str().context("p")?, "-"])?;
        ensure!(text.contains("Daftar Periksa Perizinan"), "{name}: {text}");
        for fault in faults(&text) {
            all.push(format!("{name}: {fault}"));
        }
    }
    ensure!(all.is_empty(), "{} faults:\n{}", all.len(), all.join("\n"));
    Ok(())
}

#[test]
fn in_english_the_items_own_words_are_english() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let facts = workspace_root()
        .join("crates/gerbang-catalog/tests/catalog/cases/61-hotel-pma-8-lantai-ukl-upl.json");
    let text = gerbang(
        dir.path(),
        &[
            "check",
            facts.to_str().context("p")?,
            "--lang",
            "en",
            "--as-of",
            "2026-12-07",
        ],
    )?;
    for english in [
        "Spatial suitability (KKPR)",
        "Building approval (PBG)",
        "Land tenure information",
        "Balikpapan City building office (DPUPR) through SIMBG",
        "25–30 working days (PP 28/2025 Art 19(2)-(3)",
        "Structural calculation (a building of more than 1 floor)",
    ] {
        ensure!(text.contains(english), "missing {english:?} in:\n{text}");
    }
    for indonesian in [
        "Informasi penguasaan tanah",
        "Dinas teknis bangunan",
        "hari kerja",
    ] {
        ensure!(
            !text.contains(indonesian),
            "{indonesian:?} in English:\n{text}"
        );
    }
    Ok(())
}
