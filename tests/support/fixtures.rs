//! Documents and cases for the pack tests and benchmarks: real PDFs with searchable text (in
//! several page sizes and rotations), PNG and JPEG images, and a store holding a realistic
//! case with every required item documented.

use anyhow::{Context, Result};
use gerbang_store::Store;
use gerbang_store::cases::Case;
use gerbang_store::profiles::{NewProfile, Person, Profile, ProfileKind};
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};
use std::path::Path;

/// A photo-like JPEG (800 × 600) made with ImageMagick.
pub const JPEG: &[u8] = include_bytes!("fixtures/foto-lokasi.jpg");

/// A page of a fixture PDF: its text, its size in points and its /Rotate.
#[derive(Debug, Clone)]
pub struct FixturePage {
    /// Lines of text drawn on it (Helvetica).
    pub lines: Vec<String>,
    /// Width and height in points.
    pub size: (f32, f32),
    /// /Rotate.
    pub rotate: i64,
}

impl FixturePage {
    /// An A4 portrait page with `lines`.
    pub fn a4(lines: &[&str]) -> FixturePage {
        FixturePage {
            lines: lines.iter().map(|l| (*l).to_owned()).collect(),
            size: (595.0, 842.0),
            rotate: 0,
        }
    }
}

/// A PDF written the way many office tools write one: Helvetica text, one content stream per
/// page, resources on the page tree (inherited).
pub fn pdf(pages: &[FixturePage]) -> Result<Vec<u8>> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids = Vec::new();
    for page in pages {
        let (w, h) = page.size;
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 14.into()]),
            Operation::new("Td", vec![50.into(), (h - 80.0).into()]),
            Operation::new("TL", vec![20.into()]),
        ];
        for line in &page.lines {
            ops.push(Operation::new(
                "Tj",
                vec![Object::string_literal(line.as_str())],
            ));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        // A frame, so a rendering shows where the page's edges went.
        ops.push(Operation::new(
            "re",
            vec![10.into(), 10.into(), (w - 20.0).into(), (h - 20.0).into()],
        ));
        ops.push(Operation::new("S", vec![]));
        let content = Content { operations: ops };
        let stream = doc.add_object(Stream::new(Dictionary::new(), content.encode()?));
        let mut dict = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), w.into(), h.into()],
            "Contents" => stream,
        };
        if page.rotate != 0 {
            dict.set("Rotate", page.rotate);
        }
        kids.push(doc.add_object(dict).into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

/// An n-page A4 PDF as a scanner writes one: every page its own full-page JPEG (`scan`), with
/// a line of text over it.
pub fn scanned_pdf(scan: &[u8], title: &str, n: usize) -> Result<Vec<u8>> {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for k in 1..=n {
        let image = doc.add_object(
            Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image",
                    "Width" => 1240, "Height" => 1754, "ColorSpace" => "DeviceGray",
                    "BitsPerComponent" => 8, "Filter" => "DCTDecode",
                },
                scan.to_vec(),
            )
            .with_compression(false),
        );
        let content = Content {
            operations: vec![
                Operation::new("q", vec![]),
                Operation::new(
                    "cm",
                    vec![
                        595.into(),
                        0.into(),
                        0.into(),
                        842.into(),
                        0.into(),
                        0.into(),
                    ],
                ),
                Operation::new("Do", vec!["Im1".into()]),
                Operation::new("Q", vec![]),
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
                Operation::new("Td", vec![40.into(), 40.into()]),
                Operation::new(
                    "Tj",
                    vec![Object::string_literal(format!(
                        "{title} - pindaian {k}/{n}"
                    ))],
                ),
                Operation::new("ET", vec![]),
            ],
        };
        let stream = doc.add_object(Stream::new(Dictionary::new(), content.encode()?));
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Contents" => stream,
                "Resources" => dictionary! {
                    "Font" => dictionary! { "F1" => font },
                    "XObject" => dictionary! { "Im1" => image },
                },
            })
            .into(),
        );
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

/// An n-page A4 PDF titled `title`, each page saying which page it is.
pub fn numbered_pdf(title: &str, n: usize) -> Result<Vec<u8>> {
    let pages: Vec<FixturePage> = (1..=n)
        .map(|k| FixturePage::a4(&[title, &format!("Halaman lampiran {k} dari {n}")]))
        .collect();
    pdf(&pages)
}

/// A PNG of `width` × `height` with a gradient; with `alpha`, half transparent on the left.
pub fn png(width: u32, height: u32, alpha: bool) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(if alpha {
            png::ColorType::Rgba
        } else {
            png::ColorType::Rgb
        });
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        let channels = if alpha { 4 } else { 3 };
        let mut data = Vec::with_capacity((width * height) as usize * channels);
        for y in 0..height {
            for x in 0..width {
                data.push((x * 255 / width.max(1)) as u8);
                data.push((y * 255 / height.max(1)) as u8);
                data.push(160);
                if alpha {
                    data.push(if x < width / 2 { 128 } else { 255 });
                }
            }
        }
        writer.write_image_data(&data)?;
    }
    Ok(out)
}

/// A PNG that claims to be `width` × `height` (a decompression bomb's header), with a token
/// image data chunk.
pub fn png_claiming(width: u32, height: u32) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let encoder = png::Encoder::new(&mut out, width, height);
        let mut writer = encoder.write_header()?;
        writer.write_chunk(
            png::chunk::IDAT,
            &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        )?;
    }
    Ok(out)
}

/// The company of the fixture case: accents in every name, directors and shareholders.
pub fn company() -> NewProfile {
    NewProfile {
        kind: ProfileKind::Company,
        name: "PT Kopi Çelik Ñusantara Ærø".into(),
        entity_type: gerbang_core::facts::EntityType::Pt,
        capital_status: gerbang_core::facts::CapitalStatus::Pmdn,
        nik: None,
        npwp: Some("0012345678901000".into()),
        nib: Some("1234567890123".into()),
        address: Some("Jl. Jenderal Sudirman No. 12, Klandasan Ilir, Balikpapan".into()),
        phone: Some("0542 123456".into()),
        email: Some("izin@kopi-celik.co.id".into()),
        directors: vec![Person {
            name: "Łukasz Đặng Wiśniewski".into(),
            role: Some("Direktur Utama".into()),
            share_percent: None,
        }],
        shareholders: vec![
            Person {
                name: "Siti Aminah Ğül".into(),
                role: None,
                share_percent: Some(60.0),
            },
            Person {
                name: "Łukasz Đặng Wiśniewski".into(),
                role: None,
                share_percent: Some(40.0),
            },
        ],
    }
}

/// The facts of a small restaurant in a new two-storey building (7 required items).
pub fn restaurant() -> Result<gerbang_core::facts::Facts> {
    Ok(serde_json::from_value(serde_json::json!({
        "kbli_edition": "2025",
        "entity_type": "pt",
        "capital_status": "pmdn",
        "business_capital_idr": 2_000_000_000i64,
        "activities": [{"kbli": "56101", "location": "Balikpapan Kota", "investment_idr": 2_000_000_000i64}],
        "building": {"new": true, "floors": 2, "floor_area_m2": 400.0}
    }))?)
}

/// A store in `dir` with the fixture company and a restaurant case.
pub async fn store_with_case(dir: &Path) -> Result<(Store, Profile, Case)> {
    let store = Store::open(&dir.join("gerbang.db")).await?;
    let profile = store.create_profile("tester", company()).await?;
    let catalog = gerbang_catalog::catalog().map_err(|e| anyhow::anyhow!("{e}"))?;
    let index = gerbang_catalog::index().map_err(|e| anyhow::anyhow!("{e}"))?;
    let case = store
        .create_case(
            "tester",
            &profile,
            &restaurant()?,
            &gerbang_core::engine::evaluate(
                &restaurant()?,
                catalog,
                index,
                time::macros::date!(2026 - 11 - 27),
            )?,
        )
        .await?;
    Ok((store, profile, case))
}

/// Attaches `bytes` as `name` to `item_key` (written to a file first, as a user would pick it).
pub async fn attach(
    store: &Store,
    case_id: &str,
    item_key: &str,
    name: &str,
    bytes: &[u8],
) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join(name);
    std::fs::write(&path, bytes)?;
    store
        .attach_document("tester", case_id, item_key, &path, 200 * 1024 * 1024)
        .await
        .with_context(|| format!("attach {name} to {item_key}"))?;
    Ok(())
}

/// The required items of `case`, in checklist order.
pub fn required_keys(case: &Case) -> Vec<String> {
    case.items
        .iter()
        .filter(|i| i.required)
        .map(|i| i.key.clone())
        .collect()
}

/// For an item key, the file to attach to it: (file name, bytes).
pub type DocumentFor<'a> = dyn Fn(&str) -> Result<(String, Vec<u8>)> + 'a;

/// The restaurant facts most tests build their case from (a small eatery in a new building:
/// 7 required items).
pub fn restaurant_facts() -> std::path::PathBuf {
    crate::workspace_root()
        .join("crates/gerbang-catalog/tests/catalog/cases/02-restoran-kecil-bangunan-baru.json")
}

/// A client profile for a CV named `name` in the store at `data`, made with
/// `gerbang profile new` from a JSON file written into `dir`; its id.
pub fn cli_profile(data: &Path, dir: &Path, name: &str) -> Result<String> {
    let company = dir.join(format!("{}.json", gerbang_pack::slug(name)));
    std::fs::write(
        &company,
        serde_json::json!({"kind": "company", "name": name, "entity_type": "cv",
            "capital_status": "pmdn", "npwp": "0012345678901000"})
        .to_string(),
    )?;
    crate::run_cli(
        data,
        &[
            "profile",
            "new",
            "--from",
            company.to_str().context("path")?,
        ],
        None,
    )
}

/// `count` cases of the [restaurant facts](restaurant_facts) for `profile`, made at once with
/// `gerbang case bulk` in the store at `data`.
pub fn cli_bulk(data: &Path, profile: &str, count: usize) -> Result<String> {
    crate::run_cli(
        data,
        &[
            "case",
            "bulk",
            "--profile",
            profile,
            "--facts",
            restaurant_facts().to_str().context("path")?,
            "--count",
            &count.to_string(),
        ],
        None,
    )
}

/// Attaches `pdf` with the CLI to every item case `case` in the store at `data` requires.
pub fn cli_attach_required(data: &Path, case: &str, pdf: &Path) -> Result<()> {
    let shown: serde_json::Value = serde_json::from_str(&crate::run_cli(
        data,
        &["case", "show", case, "--json"],
        None,
    )?)?;
    for item in shown["items"].as_array().context("items")? {
        if item["required"] == true {
            let key = item["key"].as_str().context("key")?;
            crate::run_cli(
                data,
                &["case", "attach", case, key, pdf.to_str().context("path")?],
                None,
            )?;
        }
    }
    Ok(())
}

/// A case of the [restaurant facts](restaurant_facts) for a new CV `name`, made with the CLI,
/// nothing attached yet; its id.
pub fn cli_bare_case(data: &Path, dir: &Path, name: &str) -> Result<String> {
    let profile = cli_profile(data, dir, name)?;
    crate::run_cli(
        data,
        &[
            "case",
            "new",
            "--profile",
            &profile,
            "--facts",
            restaurant_facts().to_str().context("path")?,
        ],
        None,
    )
}

/// A case made with the CLI in the store at `data`, as a consultant's script would: a CV named
/// `name`, the restaurant facts (7 required items), and for each required item the document
/// `document(key)` gives (file name, bytes), attached with `gerbang case attach`.
pub fn cli_case(
    data: &Path,
    dir: &Path,
    name: &str,
    document: &DocumentFor<'_>,
) -> Result<CliCase> {
    let case = cli_bare_case(data, dir, name)?;
    let shown: serde_json::Value = serde_json::from_str(&crate::run_cli(
        data,
        &["case", "show", &case, "--json"],
        None,
    )?)?;
    let keys: Vec<String> = shown["items"]
        .as_array()
        .context("items")?
        .iter()
        .filter(|i| i["required"] == true)
        .filter_map(|i| i["key"].as_str().map(str::to_owned))
        .collect();
    let files = dir.join(format!("{}-files", gerbang_pack::slug(name)));
    std::fs::create_dir_all(&files)?;
    for key in &keys {
        let (file_name, bytes) = document(key)?;
        let file = files.join(file_name);
        std::fs::write(&file, bytes)?;
        crate::run_cli(
            data,
            &["case", "attach", &case, key, file.to_str().context("path")?],
            None,
        )?;
    }
    Ok(CliCase { case, keys })
}

/// What [`cli_case`] made.
#[derive(Debug, Clone)]
pub struct CliCase {
    /// The case id.
    pub case: String,
    /// Its required items, in checklist order.
    pub keys: Vec<String>,
}

/// The file a test attaches to item `key` by default: `key.pdf`, a PDF saying what it is.
pub fn pdf_for(title: &str) -> impl Fn(&str) -> Result<(String, Vec<u8>)> + '_ {
    move |key: &str| {
        Ok((
            format!("{}.pdf", key.trim_end_matches("@*")),
            numbered_pdf(&format!("{title} {key}"), 1)?,
        ))
    }
}
