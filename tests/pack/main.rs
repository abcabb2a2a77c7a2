//! Document packs checked with tools we did not write: `qpdf --check` on every pack, `pdfinfo`
//! for the page count and size, `pdftotext` for headings, page numbers, names and hashes,
//! `pdftoppm` + `zbarimg` for the cover's QR code, `qpdf --list-attachments` and `--json` for
//! the embedded originals, the outline and the contents' links.

#![allow(clippy::unwrap_used)] // tests: a panic with the value is the report we want

use anyhow::{Context, Result, bail, ensure};
use gerbang_core::Language;
use gerbang_pack::Pack;
use gerbang_tests::fixtures::{self, FixturePage};
use std::path::{Path, PathBuf};
use std::process::Command;

mod cli;
mod words;

const SERVER: &str = "http://127.0.0.1:8740";

/// Runs a tool, failing with its output unless it exits 0.
pub fn tool(program: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .with_context(|| format!("cannot run {program} (scripts/test installs it)"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    ensure!(
        out.status.success(),
        "{program} {args:?} exited {:?}: {stdout}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(stdout)
}

/// `pdfinfo`'s page count.
pub fn page_count(pdf: &Path) -> Result<usize> {
    let info = tool("pdfinfo", &[pdf.to_str().context("path")?])?;
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .context("pdfinfo printed no page count")?
        .trim()
        .parse()
        .context("page count")
}

/// The text of page `n` (1-based), as pdftotext reads it.
pub fn page_text(pdf: &Path, n: usize) -> Result<String> {
    let n = n.to_string();
    tool(
        "pdftotext",
        &[
            "-layout",
            "-f",
            &n,
            "-l",
            &n,
            pdf.to_str().context("path")?,
            "-",
        ],
    )
}

/// What the QR code on page 1 decodes to.
pub fn qr_on_cover(pdf: &Path, dir: &Path) -> Result<String> {
    let prefix = dir.join("cover");
    tool(
        "pdftoppm",
        &[
            "-f",
            "1",
            "-l",
            "1",
            "-r",
            "150",
            "-png",
            pdf.to_str().context("path")?,
            prefix.to_str().context("path")?,
        ],
    )?;
    let png = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("cover"))
        })
        .context("pdftoppm wrote no page")?;
    let out = tool("zbarimg", &["--quiet", png.to_str().context("path")?])?;
    Ok(out.trim().trim_start_matches("QR-Code:").to_owned())
}

/// Builds the pack of `case_id` from `store` in `language`.
pub async fn make_pack(
    store: &gerbang_store::Store,
    case_id: &str,
    language: Language,
) -> Result<(Pack, Vec<u8>)> {
    let (case, profile) = store.case_with_applicant(case_id).await?;
    let source = gerbang_pack::Source::new(case, profile, store.blobs_dir());
    Ok(gerbang_pack::build(
        &source.request(language, SERVER),
        &mut |_| {},
    )?)
}

/// Where packs are kept for people to look at: `target/packs/`.
fn keep(name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let dir = gerbang_tests::workspace_root().join("target").join("packs");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(name);
    std::fs::write(&path, bytes)?;
    Ok(path)
}

/// The case with one attachment of every kind, good and bad, on its eight required items.
async fn case_with_every_kind(dir: &Path) -> Result<(gerbang_store::Store, String)> {
    let (store, _, case) = fixtures::store_with_case(dir).await?;
    let keys = fixtures::required_keys(&case);
    ensure!(keys.len() == 8, "the restaurant needs 8 items: {keys:?}");
    let id = case.summary.id.clone();
    // 1. A three-page PDF with text.
    fixtures::attach(
        &store,
        &id,
        &keys[0],
        "akta-pendirian.pdf",
        &fixtures::numbered_pdf("Akta Pendirian PT Kopi", 3)?,
    )
    .await?;
    // 2. A landscape page and a page turned by /Rotate 90.
    let odd = fixtures::pdf(&[
        FixturePage {
            lines: vec!["Peta lokasi (lanskap)".into()],
            size: (842.0, 595.0),
            rotate: 0,
        },
        FixturePage {
            lines: vec!["Denah diputar 90 derajat".into()],
            size: (595.0, 842.0),
            rotate: 90,
        },
    ])?;
    fixtures::attach(&store, &id, &keys[1], "kkpr-peta.pdf", &odd).await?;
    // 3. A PNG with transparency, 4. a JPEG photo.
    fixtures::attach(
        &store,
        &id,
        &keys[2],
        "sppl.png",
        &fixtures::png(600, 400, true)?,
    )
    .await?;
    fixtures::attach(&store, &id, &keys[3], "foto-lokasi.jpg", fixtures::JPEG).await?;
    // 5. An encrypted PDF (qpdf encrypts it).
    let plain = dir.join("plain.pdf");
    let locked = dir.join("locked.pdf");
    std::fs::write(&plain, fixtures::numbered_pdf("Rahasia", 1)?)?;
    tool(
        "qpdf",
        &[
            "--encrypt",
            "baca",
            "pemilik",
            "256",
            "--",
            plain.to_str().context("p")?,
            locked.to_str().context("p")?,
        ],
    )?;
    fixtures::attach(
        &store,
        &id,
        &keys[4],
        "slf-terkunci.pdf",
        &std::fs::read(&locked)?,
    )
    .await?;
    // 6. A damaged PDF (cut short), 7. a PNG claiming 20000 × 20000 pixels.
    let whole = fixtures::numbered_pdf("Sertifikat laik higiene", 2)?;
    fixtures::attach(
        &store,
        &id,
        &keys[5],
        "slhs-rusak.pdf",
        &whole[..whole.len() / 3],
    )
    .await?;
    fixtures::attach(
        &store,
        &id,
        &keys[6],
        "halal-raksasa.png",
        &fixtures::png_claiming(20_000, 20_000)?,
    )
    .await?;
    // 8. An ordinary one-page PDF.
    fixtures::attach(
        &store,
        &id,
        &keys[7],
        "andalalin.pdf",
        &fixtures::numbered_pdf("Analisis dampak lalu lintas", 1)?,
    )
    .await?;
    Ok((store, id))
}

#[tokio::test]
async fn a_pack_reads_from_cover_to_manifest_and_passes_qpdf() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (store, id) = case_with_every_kind(dir.path()).await?;
    let (pack, bytes) = make_pack(&store, &id, Language::Id).await?;
    let path = keep("pack-semua-jenis.pdf", &bytes)?;
    let p = path.to_str().context("path")?;

    let check = tool("qpdf", &["--check", p])?;
    assert!(
        check.contains("No syntax or stream encoding errors found"),
        "{check}"
    );
    let pages = page_count(&path)?;
    assert_eq!(pages, pack.pages);
    let info = tool("pdfinfo", &[p])?;
    assert!(info.contains("x 841.89 pts (A4)"), "{info}");
    assert!(
        info.lines()
            .any(|l| l.starts_with("PDF version:") && l.ends_with(" 1.7")),
        "{info}"
    );

    // What went in and what did not, and why.
    let report: Vec<(usize, Option<&str>)> = pack
        .attachments
        .iter()
        .map(|a| (a.pages, a.excluded.as_deref()))
        .collect();
    assert_eq!(report[0], (3, None));
    assert_eq!(report[1], (2, None));
    assert_eq!(report[2], (1, None));
    assert_eq!(report[3], (1, None));
    assert!(
        report[4].1.is_some_and(|w| w.contains("terenkripsi")),
        "{report:?}"
    );
    assert!(
        report[5]
            .1
            .is_some_and(|w| w.contains("tidak dapat dibaca")),
        "{report:?}"
    );
    assert!(
        report[6]
            .1
            .is_some_and(|w| w.contains("20000 × 20000 piksel")),
        "{report:?}"
    );

    // Every page is numbered "Halaman X dari Y".
    let mut all = String::new();
    for n in 1..=pages {
        let text = page_text(&path, n)?;
        assert!(
            text.contains(&format!("Halaman {n} dari {pages}")),
            "page {n}: {text}"
        );
        all.push_str(&text);
    }
    for heading in [
        "Paket Dokumen Perizinan",
        "Daftar Isi",
        "Profil Pemohon",
        "Daftar Periksa Perizinan",
        "Temuan",
        "Manifes Lampiran",
    ] {
        assert!(all.contains(heading), "no heading {heading:?}");
    }
    // Names with accents survive the embedded font.
    for name in [
        "PT Kopi Çelik Ñusantara Ærø",
        "Łukasz Đặng Wiśniewski",
        "Siti Aminah Ğül",
    ] {
        assert!(all.contains(name), "no {name:?} in the pack");
    }
    // The merged PDFs' own text, page by page.
    for line in [
        "Halaman lampiran 1 dari 3",
        "Halaman lampiran 3 dari 3",
        "Peta lokasi (lanskap)",
        "Denah diputar 90 derajat",
    ] {
        assert!(all.contains(line), "merged text {line:?} missing");
    }
    // Every attachment's hash is printed, and the pack's id.
    let case = store.case(&id).await?;
    for d in &case.documents {
        assert!(all.contains(&d.sha256), "no hash of {}", d.original_name);
    }
    assert!(all.contains(&pack.pack_id));
    assert!(all.contains("Dokumen ini tidak disertakan dalam paket"));

    // The QR code on the cover decodes to the verification address.
    let qr = qr_on_cover(&path, dir.path())?;
    assert_eq!(qr, format!("{SERVER}/verify/{}", pack.pack_id));
    assert_eq!(qr, pack.verify_url);

    // The originals are embedded (all but the ones that could not be read from the store),
    // with the manifest.
    let listed = tool("qpdf", &["--list-attachments", p])?;
    assert!(listed.contains("gerbang-manifest.json"), "{listed}");
    for d in &case.documents {
        assert!(
            listed.contains(&d.original_name),
            "{} not embedded: {listed}",
            d.original_name
        );
    }
    Ok(())
}

#[tokio::test]
async fn contents_entries_link_to_their_pages_and_the_outline_has_every_document() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (store, id) = case_with_every_kind(dir.path()).await?;
    let (pack, bytes) = make_pack(&store, &id, Language::En).await?;
    let path = keep("pack-english.pdf", &bytes)?;
    let p = path.to_str().context("path")?;
    let json: serde_json::Value = serde_json::from_str(&tool("qpdf", &["--json", p])?)?;

    // Page numbers of each page object, as qpdf sees them.
    let pages = json["pages"].as_array().context("pages")?;
    let page_of = |object: &str| {
        pages
            .iter()
            .position(|pg| pg["object"] == object)
            .map(|i| i + 1)
    };

    // The outline: cover, contents, the sections, each document under Attachments.
    let outlines = json["outlines"].as_array().context("outlines")?;
    let titles: Vec<&str> = outlines
        .iter()
        .filter_map(|o| o["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Cover",
            "Contents",
            "Applicant profile",
            "Licensing checklist",
            "Findings",
            "Attachments",
            "Attachment manifest"
        ]
    );
    let docs = outlines[5]["kids"]
        .as_array()
        .context("attachments' children")?;
    assert_eq!(docs.len(), 8);
    assert!(
        docs[0]["title"]
            .as_str()
            .is_some_and(|t| t.contains("akta-pendirian.pdf"))
    );

    // Each outline entry's page carries what it names.
    for entry in outlines.iter().chain(docs.iter()) {
        let title = entry["title"].as_str().context("title")?;
        let page = entry["destpageposfrom1"]
            .as_u64()
            .context("outline destination")? as usize;
        let text = page_text(&path, page)?;
        let expect = match title {
            "Cover" => "Licensing Document Pack",
            "Findings" => "Findings",
            "Attachments" => "Attachment 1:",
            t if t.contains(". ") => t.split(" — ").last().unwrap_or(t),
            t => t,
        };
        assert!(
            text.contains(expect),
            "{title:?} points at page {page}: {text}"
        );
    }

    // The contents' page number column matches, and each line is a link to that page.
    let toc = page_text(&path, 2)?;
    assert!(toc.contains("Contents"));
    let objects = &json["qpdf"][1];
    let contents_page = json["pages"][1]["object"]
        .as_str()
        .context("contents page")?;
    let annotations = objects[format!("obj:{contents_page}")]["value"]["/Annots"]
        .as_array()
        .context("contents links")?;
    assert_eq!(annotations.len(), outlines.len() - 2 + docs.len());
    for dict in annotations {
        assert_eq!(dict["/Subtype"], "/Link");
        let target = dict["/A"]["/D"][0].as_str().context("link destination")?;
        let page = page_of(target).context("the link points at no page")?;
        assert!(
            toc.lines()
                .any(|l| l.trim_end().ends_with(&format!(" {page}"))),
            "link to {page}: {toc}"
        );
    }
    assert!(page_text(&path, 1)?.contains(&format!("Page 1 of {}", pack.pages)));
    Ok(())
}

#[tokio::test]
async fn the_same_case_gives_the_same_bytes_and_verify_catches_changes() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (store, _, case) = fixtures::store_with_case(dir.path()).await?;
    let id = case.summary.id.clone();
    for (i, key) in fixtures::required_keys(&case).iter().enumerate() {
        fixtures::attach(
            &store,
            &id,
            key,
            &format!("dokumen-{i}.pdf"),
            &fixtures::numbered_pdf(key, 1 + i % 3)?,
        )
        .await?;
    }
    let (a, a_bytes) = make_pack(&store, &id, Language::Id).await?;
    let (b, b_bytes) = make_pack(&store, &id, Language::Id).await?;
    assert_eq!(a.sha256, b.sha256, "two packs of the same case differ");
    assert_eq!(a_bytes, b_bytes);
    assert_eq!(
        a.sha256,
        gerbang_core::hex(&<sha2::Sha256 as sha2::Digest>::digest(&a_bytes))
    );
    let (en, _) = make_pack(&store, &id, Language::En).await?;
    assert_ne!(en.sha256, a.sha256);
    assert_eq!(
        en.pack_id, a.pack_id,
        "the manifest does not depend on the language"
    );

    let verified = gerbang_pack::verify::verify(&a_bytes)?;
    assert!(verified.ok(), "{verified:?}");
    assert_eq!(verified.pack_id, a.pack_id);
    assert_eq!(verified.attachments.len(), 8);

    // A new version of one document: a new manifest, so a new id and new bytes.
    fixtures::attach(
        &store,
        &id,
        &fixtures::required_keys(&case)[2],
        "dokumen-baru.pdf",
        &fixtures::numbered_pdf("baru", 1)?,
    )
    .await?;
    let (c, _) = make_pack(&store, &id, Language::Id).await?;
    assert_ne!(c.pack_id, a.pack_id);

    // Change one embedded original: verify names it.
    let mut doc = lopdf::Document::load_mem(&a_bytes)?;
    let mut changed = false;
    for object in doc.objects.values_mut() {
        if let lopdf::Object::Stream(s) = object
            && s.dict.get(b"Type").ok().and_then(|t| t.as_name().ok())
                == Some(b"EmbeddedFile".as_slice())
            && s.dict.get(b"Subtype").ok().and_then(|t| t.as_name().ok())
                == Some(b"application#2Fpdf".as_slice())
            && !changed
        {
            let n = s.content.len() / 2;
            s.content[n] ^= 0xFF;
            changed = true;
        }
    }
    ensure!(changed, "no embedded PDF found to change");
    let mut tampered = Vec::new();
    doc.save_to(&mut tampered)?;
    let verified = gerbang_pack::verify::verify(&tampered)?;
    assert!(!verified.ok());
    let bad: Vec<&str> = verified
        .attachments
        .iter()
        .filter_map(|a| a.problem.as_deref())
        .collect();
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].contains("hashes to"), "{bad:?}");

    // Not a pack at all.
    let err = gerbang_pack::verify::verify(&fixtures::numbered_pdf("x", 1)?).unwrap_err();
    assert!(
        err.to_string().starts_with("not a Gerbang document pack"),
        "{err}"
    );
    if gerbang_pack::verify::verify(b"hello").is_ok() {
        bail!("text verified as a pack");
    }
    Ok(())
}

#[tokio::test]
async fn a_case_without_documents_still_gives_a_sound_pack() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (store, _, case) = fixtures::store_with_case(dir.path()).await?;
    let (pack, bytes) = make_pack(&store, &case.summary.id, Language::Id).await?;
    let path = keep("pack-kosong.pdf", &bytes)?;
    tool("qpdf", &["--check", path.to_str().context("path")?])?;
    assert_eq!(page_count(&path)?, pack.pages);
    let checklist = page_text(&path, 4)?;
    assert!(checklist.contains("Belum ada"), "{checklist}");
    assert!(pack.attachments.is_empty());
    Ok(())
}

#[tokio::test]
async fn a_pack_with_the_plan_has_its_page_in_the_contents_and_the_outline() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (store, _, case) = fixtures::store_with_case(dir.path()).await?;
    let id = case.summary.id.clone();
    let today = time::macros::date!(2026 - 12 - 07);
    // The restaurant's KKPR applied for on 1 December: the plan page shows it.
    store
        .save_stage_progress(
            "tester",
            &id,
            &gerbang_core::plan::StageProgress {
                key: "kkpr@*".into(),
                state: gerbang_core::plan::StageState::Started,
                started_on: Some("2026-12-01".into()),
                ..Default::default()
            },
        )
        .await?;
    // The plan as the application works it out for the pack.
    let plan = gerbang_app::App::open(dir.path(), "tester")
        .await?
        .with_clock(gerbang_app::Clock::Fixed(today))
        .case_plan(&id)
        .await?;
    let (without, _) = make_pack(&store, &id, Language::Id).await?;
    let (case, profile) = store.case_with_applicant(&id).await?;
    let source =
        gerbang_pack::Source::new(case, profile, store.blobs_dir()).with_plan(plan.clone());
    let (pack, bytes) = gerbang_pack::build(&source.request(Language::Id, SERVER), &mut |_| {})?;
    let path = keep("pack-rencana.pdf", &bytes)?;
    let p = path.to_str().context("path")?;
    tool("qpdf", &["--check", p])?;
    assert_eq!(page_count(&path)?, pack.pages);
    assert!(pack.pages > without.pages, "the plan adds its page");

    // The contents name it with its page, and that page is the plan: dated in Indonesian,
    // every stage in the table, the unknown ones named as what leaves the latest date open.
    let contents = page_text(&path, 2)?;
    let line = contents
        .lines()
        .find(|l| l.contains("Rencana perizinan"))
        .with_context(|| format!("no plan in the contents: {contents}"))?;
    let page: usize = line
        .split_whitespace()
        .last()
        .context("page number")?
        .parse()?;
    let text = page_text(&path, page)?;
    assert!(text.contains("Rencana perizinan"), "{text}");
    assert!(
        text.contains("Disusun per") && text.contains("7 Desember 2026"),
        "{text}"
    );
    for s in &plan.stages {
        let first_word = s.name.split_whitespace().next().unwrap_or_default();
        assert!(text.contains(first_word), "{} missing: {text}", s.name);
    }
    assert!(text.contains("Diajukan"), "the KKPR applied for: {text}");
    assert!(text.contains("belum dapat ditentukan"), "{text}");
    // And the outline has it.
    let json: serde_json::Value = serde_json::from_str(&tool("qpdf", &["--json", p])?)?;
    let outline = json["outlines"].to_string();
    assert!(outline.contains("Rencana perizinan"), "{outline}");
    Ok(())
}
