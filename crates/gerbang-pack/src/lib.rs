//! Document packs: one PDF per case that an officer reads from the first page to the last, and
//! whose contents can be checked against the originals.
//!
//! A pack is a cover (applicant, case, activities, scale and risk, catalog, date in WITA, filing
//! number, and a QR code for the city backend's `/verify/{id}`), a table of contents whose
//! entries are links, the applicant's profile, the checklist as a table with the findings, every
//! required item's current document (PDF pages merged page by page, images scaled to the page,
//! anything else listed with its hash), and a manifest page. Every page says "Halaman X dari Y"
//! (or "Page X of Y"); the outline has an entry per section and per document; the originals and
//! the manifest are embedded as files. The same case gives the same bytes.

mod embed;
mod files;
mod font;
mod labels;
mod page;
mod plan;
mod qr;
pub mod verify;

use embed::Prepared;
use font::{Face, Usage};
use gerbang_core::Language;
use gerbang_core::hex;
use gerbang_core::pack::{Manifest, ManifestEntry};
use gerbang_core::record::Case;
use gerbang_core::record::profile::{Profile, ProfileKind};
use lopdf::{Dictionary, Object, ObjectId, Stream};
use page::{BOTTOM, Canvas, Cell, Column, Flow, HEIGHT, INK, MARGIN, MUTED, SEA, TOP, WIDTH};
use sha2::{Digest, Sha256};
use std::path::Path;

pub use embed::{MAX_FILE_BYTES, MAX_PDF_PAGES, MAX_PNG_PIXELS};
pub use files::{Source, file_name, slug, write_file};

/// The name of the manifest embedded in every pack.
pub const MANIFEST_FILE: &str = "gerbang-manifest.json";

/// What to make a pack of.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The case (as the local store holds it).
    pub case: &'a Case,
    /// Its applicant.
    pub profile: &'a Profile,
    /// Where the documents' contents are (the store's blob directory, named by SHA-256).
    pub blobs: &'a Path,
    /// The pack's language.
    pub language: Language,
    /// The city backend the QR code points at (e.g. `https://izin.balikpapan.go.id`).
    pub server: &'a str,
    /// The case's licensing plan, for the plan page (none: no plan page).
    pub plan: Option<&'a gerbang_core::plan::Plan>,
}

/// How far a pack has come (for progress bars).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reading and checking attachment `done` of `total`.
    Reading {
        /// Attachments read so far.
        done: usize,
        /// Attachments in all.
        total: usize,
    },
    /// Laying out and writing the PDF.
    Writing,
}

/// What became of one attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentReport {
    /// The file's original name.
    pub name: String,
    /// The checklist item.
    pub item_key: String,
    /// Pages it takes in the pack.
    pub pages: usize,
    /// Why it is not included (in the pack's language), if it is not.
    pub excluded: Option<String>,
}

/// A finished pack (its PDF went to the writer it was given).
#[derive(Debug, Clone)]
pub struct Pack {
    /// Its page count.
    pub pages: usize,
    /// The pack's id: SHA-256 of its manifest (what the QR code and `/verify` use).
    pub pack_id: String,
    /// SHA-256 of the PDF file itself.
    pub sha256: String,
    /// The address the QR code encodes.
    pub verify_url: String,
    /// Each attachment, in pack order.
    pub attachments: Vec<AttachmentReport>,
}

/// Why a pack could not be made. Bad attachments are not errors: they are listed in the pack.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// The embedded font failed (a build problem).
    #[error(transparent)]
    Font(#[from] font::FontError),
    /// The verification address does not fit a QR code.
    #[error("{0}")]
    Qr(String),
    /// Writing the PDF failed.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
    /// The pack's file cannot be written (disk full, no permission, …).
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl From<lopdf::Error> for PackError {
    fn from(e: lopdf::Error) -> PackError {
        PackError::Pdf(e.to_string())
    }
}

/// One attachment as read: its manifest entry, its content (when readable) and what the
/// packer made of it.
struct Attachment {
    entry: ManifestEntry,
    item_name: String,
    bytes: Option<Vec<u8>>,
    prepared: Prepared,
}

/// An entry of the table of contents and the outline.
struct Entry {
    title: String,
    page: usize,
    children: Vec<(String, usize)>,
}

/// Reads the attachment's content from the blob store, checking size and hash.
fn read_blob(blobs: &Path, entry: &ManifestEntry) -> Result<Vec<u8>, embed::Refusal> {
    let path = gerbang_core::record::document::blob_path(blobs, &entry.sha256);
    let missing = || embed::Refusal {
        en: "the stored copy of this document is missing: attach it again".to_owned(),
        id: "salinan tersimpan dokumen ini tidak ada: lampirkan lagi".to_owned(),
    };
    let size = std::fs::metadata(&path).map_err(|_| missing())?.len();
    if size > MAX_FILE_BYTES {
        return Err(embed::Refusal {
            en: format!(
                "the file is {} MB; a pack takes files up to {} MB",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            id: format!(
                "berkas berukuran {} MB; paket menerima berkas sampai {} MB",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        });
    }
    let bytes = std::fs::read(&path).map_err(|_| missing())?;
    if hex(&Sha256::digest(&bytes)) != entry.sha256 {
        return Err(embed::Refusal {
            en: "the stored copy of this document is damaged (its content no longer matches its SHA-256): attach it again".to_owned(),
            id: "salinan tersimpan dokumen ini rusak (isinya tidak lagi cocok dengan SHA-256-nya): lampirkan lagi".to_owned(),
        });
    }
    Ok(bytes)
}

fn fill(template: &str, pairs: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (k, v) in pairs {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// A writer that hashes what passes through it.
struct Hashing<'w> {
    inner: &'w mut dyn std::io::Write,
    hasher: Sha256,
}

impl std::io::Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Makes the pack for `req` in memory: its description and its bytes.
pub fn build(
    req: &Request<'_>,
    progress: &mut dyn FnMut(Step),
) -> Result<(Pack, Vec<u8>), PackError> {
    let mut bytes = Vec::new();
    let pack = write_to(req, progress, &mut bytes)?;
    Ok((pack, bytes))
}

/// Makes the pack for `req` and writes its PDF to `out` (a file: the PDF is never held whole in
/// memory beside the document it is written from), reporting progress as it goes.
pub fn write_to(
    req: &Request<'_>,
    progress: &mut dyn FnMut(Step),
    out: &mut dyn std::io::Write,
) -> Result<Pack, PackError> {
    let lang = req.language;
    let l = labels::of(lang);
    let case = req.case;
    let manifest = Manifest::of_case(case, case.filing_number.as_deref());
    let pack_id = manifest.sha256();
    let verify_url = format!("{}/verify/{pack_id}", req.server.trim_end_matches('/'));

    // 1. Read and prepare every attachment before anything is drawn.
    let total = manifest.attachments.len();
    let mut attachments = Vec::with_capacity(total);
    for (done, entry) in manifest.attachments.iter().enumerate() {
        progress(Step::Reading { done, total });
        let item_name = case
            .items
            .iter()
            .find(|i| i.key == entry.item_key)
            .map(|i| item_title(lang, &i.item))
            .unwrap_or_else(|| entry.item_key.clone());
        let (bytes, prepared) = match read_blob(req.blobs, entry) {
            Ok(bytes) => {
                let prepared = embed::prepare(&entry.media_type, &bytes);
                (Some(bytes), prepared)
            }
            Err(why) => (None, Prepared::Excluded(why)),
        };
        attachments.push(Attachment {
            entry: entry.clone(),
            item_name,
            bytes,
            prepared,
        });
    }
    progress(Step::Reading { done: total, total });
    progress(Step::Writing);

    // 2. Lay out the sections after the table of contents.
    let mut usage = Usage::default();
    let profile_pages = profile_section(&mut usage, lang, req.profile, case);
    let excluded: Vec<&str> = attachments
        .iter()
        .filter(|a| matches!(a.prepared, Prepared::Excluded(_)))
        .map(|a| a.entry.item_key.as_str())
        .collect();
    let (checklist_pages, findings_offset) = checklist_section(&mut usage, lang, case, &excluded);
    let plan_pages = req
        .plan
        .map(|p| plan::plan_section(&mut usage, lang, p))
        .unwrap_or_default();
    let mut attachment_pages: Vec<Vec<Canvas>> = Vec::new();
    for (i, a) in attachments.iter().enumerate() {
        attachment_pages.push(attachment_section(&mut usage, lang, i, a));
    }
    let manifest_pages = manifest_section(&mut usage, lang, &attachments);

    // 3. Number them: cover, contents, then the sections in order.
    let doc_entries = attachments.len();
    let top_entries =
        4 + usize::from(findings_offset.is_some()) + usize::from(!plan_pages.is_empty());
    let toc_pages = (top_entries + doc_entries).div_ceil(TOC_LINES).max(1);
    let mut next = 2 + toc_pages;
    let mut entries = Vec::new();
    let mut push = |title: &str, pages: usize, next: &mut usize| {
        entries.push(Entry {
            title: title.to_owned(),
            page: *next,
            children: Vec::new(),
        });
        *next += pages;
    };
    push(l.profile, profile_pages.len(), &mut next);
    let checklist_start = next;
    push(l.checklist, checklist_pages.len(), &mut next);
    if let Some(offset) = findings_offset {
        entries.push(Entry {
            title: l.findings.to_owned(),
            page: checklist_start + offset,
            children: Vec::new(),
        });
    }
    if !plan_pages.is_empty() {
        entries.push(Entry {
            title: plan::title(lang).to_owned(),
            page: next,
            children: Vec::new(),
        });
        next += plan_pages.len();
    }
    let mut docs = Entry {
        title: l.attachments.to_owned(),
        page: next,
        children: Vec::new(),
    };
    for (i, (a, pages)) in attachments.iter().zip(&attachment_pages).enumerate() {
        docs.children.push((
            format!("{}. {} — {}", i + 1, a.item_name, a.entry.name),
            next,
        ));
        next += pages.len();
    }
    if attachments.is_empty() {
        docs.page = next;
    }
    entries.push(docs);
    entries.push(Entry {
        title: l.manifest.to_owned(),
        page: next,
        children: Vec::new(),
    });
    let total_pages = next + manifest_pages.len() - 1;

    // 4. The cover and the contents, now that every page number is known.
    let included_pages: usize = attachment_pages.iter().map(Vec::len).sum();
    let counts = (total, excluded.len(), included_pages);
    let cover = cover_page(&mut usage, req, &verify_url, &pack_id, counts)?;
    let toc = contents_pages(&mut usage, lang, &entries, toc_pages);
    let mut pages: Vec<Canvas> = std::iter::once(cover)
        .chain(toc)
        .chain(profile_pages)
        .chain(checklist_pages)
        .chain(plan_pages)
        .chain(attachment_pages.into_iter().flatten())
        .chain(manifest_pages)
        .collect();
    let footer_left = case
        .filing_number
        .clone()
        .unwrap_or_else(|| format!("{} {}", l.case, case_tag(&case.summary.id)));
    let footer_right = format!("ID {}", &pack_id[..16]);
    for (i, p) in pages.iter_mut().enumerate() {
        let text = fill(
            l.page_of,
            &[("x", (i + 1).to_string()), ("y", total_pages.to_string())],
        );
        p.rule(page::LINE, MARGIN, 40.0, WIDTH - 2.0 * MARGIN);
        p.text(
            &mut usage,
            (Face::Regular, 8.0, MUTED),
            MARGIN,
            28.0,
            &footer_left,
        );
        p.text_centred(&mut usage, (Face::Bold, 8.0, INK), WIDTH / 2.0, 28.0, &text);
        p.text_right(
            &mut usage,
            (Face::Regular, 8.0, MUTED),
            WIDTH - MARGIN,
            28.0,
            &footer_right,
        );
    }
    debug_assert_eq!(pages.len(), total_pages);

    // 5. printpdf writes our pages with the subset fonts.
    let title = format!("{} — {}", l.pack_title, req.profile.data.name);
    let mut doc = printpdf::PdfDocument::new(&title);
    for (id, font) in usage.subset_fonts()? {
        doc.resources.fonts.map.insert(id, font);
    }
    let placements: Vec<Option<page::Placement>> = pages.iter().map(|p| p.placement).collect();
    doc.pages = pages
        .into_iter()
        .map(|p| printpdf::PdfPage::new(printpdf::Mm(210.0), printpdf::Mm(297.0), p.ops))
        .collect();
    let options = printpdf::PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut pdf = printpdf::serialize::to_lopdf_doc(&doc, &options, &mut Vec::new());
    // Embedded files and the outline as written here want PDF 1.7.
    pdf.version = "1.7".to_owned();

    // 6. lopdf places the attachments, and adds the outline, the embedded files and metadata.
    let page_ids: Vec<ObjectId> = pdf.page_iter().collect();
    let mut forms: Vec<Option<(u32, Prepared)>> = Vec::new();
    for a in &mut attachments {
        let prepared = std::mem::replace(
            &mut a.prepared,
            Prepared::Excluded(embed::Refusal {
                en: String::new(),
                id: String::new(),
            }),
        );
        forms.push(Some((0, prepared)));
    }
    for (n, placement) in placements.iter().enumerate() {
        let Some(p) = placement else { continue };
        let Some(Some((shift, prepared))) = forms.get_mut(p.attachment) else {
            continue;
        };
        // Merge the attachment's scratch document once, on its first page.
        let scratch = match prepared {
            Prepared::Pdf { scratch, .. } | Prepared::Image { scratch, .. } => {
                std::mem::replace(scratch, lopdf::Document::new())
            }
            Prepared::Excluded(_) => continue,
        };
        if !scratch.objects.is_empty() {
            *shift = embed::merge(&mut pdf, scratch);
        }
        let (xobject, matrix) = match prepared {
            Prepared::Pdf { pages, .. } => {
                let imported = pages[p.page];
                (
                    (imported.form.0 + *shift, imported.form.1),
                    embed::fit(imported.bbox, imported.rotate, p.area),
                )
            }
            Prepared::Image {
                image,
                width,
                height,
                ..
            } => {
                // An image is a unit square scaled to its size.
                let m = embed::fit([0.0, 0.0, *width as f32, *height as f32], 0, p.area);
                (
                    (image.0 + *shift, image.1),
                    [
                        m[0] * *width as f32,
                        0.0,
                        0.0,
                        m[3] * *height as f32,
                        m[4],
                        m[5],
                    ],
                )
            }
            Prepared::Excluded(_) => continue,
        };
        let name = format!("GbA{}P{}", p.attachment + 1, p.page + 1);
        embed::place(&mut pdf, page_ids[n], &name, xobject, matrix)?;
    }
    finish(
        &mut pdf,
        req,
        &manifest,
        &pack_id,
        &title,
        &entries,
        &page_ids,
        &mut attachments,
    )?;
    pdf.compress();
    let mut hashing = Hashing {
        inner: out,
        hasher: Sha256::new(),
    };
    pdf.save_to(&mut hashing)
        .map_err(|e| PackError::Pdf(e.to_string()))?;
    std::io::Write::flush(&mut hashing).map_err(|e| PackError::Pdf(e.to_string()))?;
    let sha256 = hex(&hashing.hasher.finalize());
    drop(pdf);

    let reports = attachments
        .iter()
        .zip(&forms)
        .map(|(a, f)| {
            let excluded = match f.as_ref().map(|(_, p)| p) {
                Some(Prepared::Excluded(why)) => {
                    Some(labels::say(lang, &why.en, &why.id).to_owned())
                }
                _ => None,
            };
            AttachmentReport {
                name: a.entry.name.clone(),
                item_key: a.entry.item_key.clone(),
                pages: match f.as_ref().map(|(_, p)| p) {
                    Some(Prepared::Pdf { pages, .. }) => pages.len(),
                    _ => 1,
                },
                excluded,
            }
        })
        .collect();
    Ok(Pack {
        sha256,
        pages: total_pages,
        pack_id,
        verify_url,
        attachments: reports,
    })
}

/// The catalog a checklist was derived with, as people see it: `2026.11.1 (f07d7bf5)`.
fn catalog_label(c: &gerbang_core::engine::Checklist) -> String {
    format!("{} ({})", c.catalog_version, short(&c.catalog_hash))
}

/// Activities named on the cover (the profile lists them all).
const COVER_ACTIVITIES: usize = 4;

/// Lines per page of the table of contents.
const TOC_LINES: usize = 36;

/// The first 8 characters of a hash.
fn short(hash: &str) -> &str {
    hash.get(..8).unwrap_or(hash)
}

/// A case id as people can tell cases apart by it: its last 8 characters (a UUIDv7 begins
/// with its creation time, shared by cases made in the same minute; it ends at random).
pub fn case_tag(id: &str) -> &str {
    id.get(id.len().saturating_sub(8)..).unwrap_or(id)
}

/// An item's title as the pack shows it: its name, variant and KBLI.
fn item_title(lang: Language, item: &gerbang_core::engine::ChecklistItem) -> String {
    let mut title = item.name.clone();
    if let Some(v) = &item.variant {
        title.push_str(&format!(" ({})", labels::variant(lang, v)));
    }
    if let Some(a) = &item.activity {
        title.push_str(&format!(", KBLI {a}"));
    }
    title
}

fn cover_page(
    usage: &mut Usage,
    req: &Request<'_>,
    verify_url: &str,
    pack_id: &str,
    (attachments, left_out, attachment_pages): (usize, usize, usize),
) -> Result<Canvas, PackError> {
    let lang = req.language;
    let l = labels::of(lang);
    let case = req.case;
    let mut c = Canvas::default();
    c.fill(SEA, 0.0, HEIGHT - 120.0, WIDTH, 120.0);
    c.fill(page::GOLD, 0.0, HEIGHT - 124.0, WIDTH, 4.0);
    let white = (1.0, 1.0, 1.0);
    c.text(
        usage,
        (Face::Bold, 11.0, white),
        MARGIN,
        HEIGHT - 48.0,
        "GERBANG",
    );
    c.text(
        usage,
        (Face::Bold, 22.0, white),
        MARGIN,
        HEIGHT - 78.0,
        l.pack_title,
    );
    c.text(
        usage,
        (Face::Regular, 10.0, white),
        MARGIN,
        HEIGHT - 100.0,
        l.office,
    );

    let mut y = HEIGHT - 168.0;
    for line in font::wrap(
        Face::Bold,
        20.0,
        &req.profile.data.name,
        WIDTH - 2.0 * MARGIN,
    ) {
        c.text(usage, (Face::Bold, 20.0, INK), MARGIN, y, &line);
        y -= 26.0;
    }
    for line in font::wrap(
        Face::Regular,
        11.0,
        &case.summary.title,
        WIDTH - 2.0 * MARGIN,
    ) {
        c.text(usage, (Face::Regular, 11.0, MUTED), MARGIN, y, &line);
        y -= 15.0;
    }
    y -= 12.0;

    let risk_of =
        |a: &gerbang_core::engine::ActivityResult| match (&a.risk, a.risk_candidates.as_slice()) {
            (Some(r), _) => labels::risk(lang, *r),
            (None, []) => l.risk_undetermined.to_owned(),
            (None, many) => format!(
                "{} {}",
                l.risk_one_of,
                many.iter()
                    .map(|r| labels::risk(lang, *r))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
    let mut rows: Vec<(String, String)> = vec![
        (
            l.filing_number.to_owned(),
            case.filing_number
                .clone()
                .unwrap_or_else(|| l.not_filed.to_owned()),
        ),
        (
            l.status.to_owned(),
            labels::status(lang, case.summary.status).to_owned(),
        ),
        (l.applicant.to_owned(), req.profile.data.name.clone()),
    ];
    // The cover names a few activities; the profile lists them all.
    let shown = if case.checklist.activities.len() > COVER_ACTIVITIES {
        COVER_ACTIVITIES - 1
    } else {
        COVER_ACTIVITIES
    };
    for (i, a) in case.checklist.activities.iter().take(shown).enumerate() {
        let code = a.kbli.clone().unwrap_or_else(|| a.kbli_input.clone());
        rows.push((
            if i == 0 {
                format!(
                    "{} (KBLI {})",
                    l.activities,
                    case.checklist.kbli_edition.year()
                )
            } else {
                String::new()
            },
            format!("{code} {} · {}: {}", a.title, l.risk, risk_of(a)),
        ));
    }
    let more = case.checklist.activities.len().saturating_sub(shown);
    if more > 0 {
        rows.push((
            String::new(),
            fill(
                l.more_activities,
                &[("n", more.to_string()), ("section", l.profile.to_owned())],
            ),
        ));
    }
    rows.extend([
        (
            l.scale.to_owned(),
            labels::scale(lang, case.checklist.scale),
        ),
        (l.catalog.to_owned(), catalog_label(&case.checklist)),
        (
            l.as_of.to_owned(),
            gerbang_core::format_stored(&case.summary.updated_at),
        ),
        (
            l.attachments.to_owned(),
            fill(
                if left_out == 0 {
                    l.attachments_count
                } else {
                    l.attachments_excluded
                },
                &[
                    ("files", attachments.to_string()),
                    ("pages", attachment_pages.to_string()),
                    ("excluded", left_out.to_string()),
                ],
            ),
        ),
    ]);
    let label_w = 150.0;
    let value_w = WIDTH - 2.0 * MARGIN - label_w;
    // The verification block (QR code right, address and id left) sits below the facts; a
    // value that would run into it is cut with an ellipsis.
    let qr_size = 132.0;
    let block_top = 250.0;
    let floor = block_top + 40.0;
    for (label, value) in &rows {
        let lines = font::wrap(Face::Regular, 10.5, value, value_w);
        c.text(usage, (Face::Bold, 9.0, MUTED), MARGIN, y, label);
        for (k, line) in lines.iter().enumerate() {
            if y < floor && k + 1 < lines.len() {
                let cut = font::truncate(Face::Regular, 10.5, &format!("{line} …"), value_w);
                c.text(usage, (Face::Regular, 10.5, INK), MARGIN + label_w, y, &cut);
                y -= 15.0;
                break;
            }
            c.text(usage, (Face::Regular, 10.5, INK), MARGIN + label_w, y, line);
            y -= 15.0;
        }
        y -= 4.0;
    }

    c.frame(
        page::LINE,
        MARGIN - 8.0,
        block_top - qr_size - 14.0,
        WIDTH - 2.0 * MARGIN + 16.0,
        qr_size + 28.0,
    );
    qr::draw(
        &mut c,
        verify_url,
        WIDTH - MARGIN - qr_size,
        block_top + 6.0,
        qr_size,
    )
    .map_err(PackError::Qr)?;
    let text_w = WIDTH - 2.0 * MARGIN - qr_size - 16.0;
    let mut ty = block_top - 12.0;
    c.text(usage, (Face::Bold, 12.0, SEA), MARGIN, ty, l.verify_heading);
    ty -= 18.0;
    for line in font::wrap(Face::Regular, 9.0, l.verify_text, text_w) {
        c.text(usage, (Face::Regular, 9.0, INK), MARGIN, ty, &line);
        ty -= 12.0;
    }
    for line in font::wrap(Face::Regular, 8.0, verify_url, text_w) {
        c.text(usage, (Face::Regular, 8.0, SEA), MARGIN, ty, &line);
        ty -= 11.0;
    }
    ty -= 6.0;
    c.text(usage, (Face::Bold, 8.0, MUTED), MARGIN, ty, l.pack_id);
    ty -= 11.0;
    c.text(usage, (Face::Regular, 6.4, INK), MARGIN, ty, pack_id);
    Ok(c)
}

fn contents_pages(
    usage: &mut Usage,
    lang: Language,
    entries: &[Entry],
    count: usize,
) -> Vec<Canvas> {
    let l = labels::of(lang);
    let mut lines: Vec<(usize, &str, usize)> = Vec::new();
    for e in entries {
        lines.push((0, &e.title, e.page));
        for (title, page) in &e.children {
            lines.push((1, title, *page));
        }
    }
    let mut pages = Vec::with_capacity(count);
    for chunk_index in 0..count {
        let mut c = Canvas::default();
        let mut y = TOP - 18.0;
        c.text(usage, (Face::Bold, 16.0, SEA), MARGIN, y, l.contents);
        c.rule(SEA, MARGIN, y - 7.0, WIDTH - 2.0 * MARGIN);
        y -= 34.0;
        let start = chunk_index * TOC_LINES;
        for (level, title, target) in lines.iter().skip(start).take(TOC_LINES) {
            let indent = MARGIN + *level as f32 * 18.0;
            let (face, size) = if *level == 0 {
                (Face::Bold, 11.0)
            } else {
                (Face::Regular, 10.0)
            };
            let number = target.to_string();
            let number_w = font::width(face, size, &number);
            let room = WIDTH - MARGIN - indent - number_w - 16.0;
            let shown = font::truncate(face, size, title, room);
            c.text(usage, (face, size, INK), indent, y, &shown);
            // Dot leaders between the title and the page number.
            let dots_from = indent + font::width(face, size, &shown) + 4.0;
            let dots_to = WIDTH - MARGIN - number_w - 4.0;
            let dot = font::width(Face::Regular, size, ".");
            if dots_to > dots_from && dot > 0.0 {
                let n = ((dots_to - dots_from) / (dot * 2.0)) as usize;
                let leaders: String = std::iter::repeat_n(". ", n).collect();
                c.text(
                    usage,
                    (Face::Regular, size, page::LINE_DARK),
                    dots_from,
                    y,
                    leaders.trim_end(),
                );
            }
            c.text_right(usage, (face, size, INK), WIDTH - MARGIN, y, &number);
            c.link(
                indent,
                y - 4.0,
                WIDTH - MARGIN - indent,
                size + 6.0,
                *target,
            );
            y -= if *level == 0 { 19.0 } else { 17.0 };
        }
        pages.push(c);
    }
    pages
}

fn profile_section(
    usage: &mut Usage,
    lang: Language,
    profile: &Profile,
    case: &Case,
) -> Vec<Canvas> {
    let l = labels::of(lang);
    let p = &profile.data;
    let mut f = Flow::new(usage);
    f.heading(l.profile);
    let opt = |v: &Option<String>| {
        v.clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| l.none.to_owned())
    };
    let kind = match p.kind {
        ProfileKind::Individual => l.individual,
        ProfileKind::Company => l.company,
    };
    f.fields(&[
        (l.name.to_owned(), p.name.clone()),
        (l.kind.to_owned(), kind.to_owned()),
        (
            l.entity_type.to_owned(),
            labels::entity_type(p.entity_type).to_owned(),
        ),
        (
            l.capital_status.to_owned(),
            labels::capital_status(lang, p.capital_status).to_owned(),
        ),
        ("NIK".to_owned(), opt(&p.nik)),
        ("NPWP".to_owned(), opt(&p.npwp)),
        ("NIB".to_owned(), opt(&p.nib)),
        (l.address.to_owned(), opt(&p.address)),
        (l.phone.to_owned(), opt(&p.phone)),
        (l.email.to_owned(), opt(&p.email)),
    ]);
    for (title, people, with_share) in [
        (l.directors, &p.directors, false),
        (l.shareholders, &p.shareholders, true),
    ] {
        if people.is_empty() {
            continue;
        }
        f.subheading(title);
        let columns = [
            Column {
                title: l.col_no.to_owned(),
                share: 0.4,
            },
            Column {
                title: l.name.to_owned(),
                share: 3.0,
            },
            Column {
                title: if with_share { l.share } else { l.role }.to_owned(),
                share: 2.0,
            },
        ];
        let rows: Vec<Vec<Cell>> = people
            .iter()
            .enumerate()
            .map(|(i, person)| {
                let third = if with_share {
                    person
                        .share_percent
                        .map_or_else(|| l.none.to_owned(), |s| format!("{s} %"))
                } else {
                    person.role.clone().unwrap_or_else(|| l.none.to_owned())
                };
                vec![
                    Cell::from((i + 1).to_string()),
                    Cell::from(person.name.clone()),
                    Cell::from(third),
                ]
            })
            .collect();
        f.table(&columns, &rows, 9.0);
    }

    f.subheading(l.business);
    let facts = &case.facts;
    let mut rows = vec![(
        l.capital.to_owned(),
        gerbang_core::format_rupiah(facts.business_capital_idr),
    )];
    if let Some(b) = &facts.building {
        rows.push((
            l.building.to_owned(),
            fill(
                l.building_value,
                &[
                    (
                        "new",
                        if b.new {
                            if lang == Language::Id { "baru" } else { "new" }
                        } else if lang == Language::Id {
                            "sudah ada"
                        } else {
                            "existing"
                        }
                        .to_owned(),
                    ),
                    ("floors", b.floors.to_string()),
                    ("area", b.floor_area_m2.to_string()),
                ],
            ),
        ));
    }
    f.fields(&rows);
    let columns = [
        Column {
            title: l.col_kbli.to_owned(),
            share: 0.8,
        },
        Column {
            title: l.col_title.to_owned(),
            share: 3.0,
        },
        Column {
            title: l.location.to_owned(),
            share: 1.6,
        },
        Column {
            title: l.investment.to_owned(),
            share: 1.6,
        },
    ];
    let rows: Vec<Vec<Cell>> = facts
        .activities
        .iter()
        .zip(&case.checklist.activities)
        .map(|(input, result)| {
            vec![
                Cell {
                    text: result.kbli.clone().unwrap_or_else(|| input.kbli.clone()),
                    bold: true,
                    alert: false,
                },
                Cell::from(result.title.clone()),
                // The place within its city, and the city (Art 26 counts some PMA minimums
                // per city).
                Cell::from(format!(
                    "{}, {}",
                    input.location.as_deref().unwrap_or(l.none),
                    input.city()
                )),
                Cell::from(
                    input
                        .investment_idr
                        .map_or_else(|| l.none.to_owned(), gerbang_core::format_rupiah),
                ),
            ]
        })
        .collect();
    f.table(&columns, &rows, 9.0);
    f.pages
}

/// The checklist table, then the findings and LKPM; the findings' page offset within the
/// section, if there are any.
fn checklist_section(
    usage: &mut Usage,
    lang: Language,
    case: &Case,
    excluded: &[&str],
) -> (Vec<Canvas>, Option<usize>) {
    let l = labels::of(lang);
    let mut f = Flow::new(usage);
    f.heading(l.checklist);
    let columns = [
        Column {
            title: l.col_no.to_owned(),
            share: 0.35,
        },
        Column {
            title: l.col_permit.to_owned(),
            share: 1.9,
        },
        Column {
            title: l.col_status.to_owned(),
            share: 1.1,
        },
        Column {
            title: l.col_document.to_owned(),
            share: 1.5,
        },
        Column {
            title: l.col_reason.to_owned(),
            share: 2.9,
        },
        Column {
            title: l.col_basis.to_owned(),
            share: 1.5,
        },
    ];
    let required: Vec<_> = case.items.iter().filter(|i| i.required).collect();
    let rows: Vec<Vec<Cell>> = required
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let newest = case
                .documents
                .iter()
                .filter(|d| d.item_key == item.key)
                .max_by_key(|d| d.version);
            let mut title = item_title(lang, &item.item);
            let mut flags = Vec::new();
            if item.item.conditional {
                flags.push(l.conditional);
            }
            if !item.item.confirmed {
                flags.push(l.unconfirmed);
            }
            if !flags.is_empty() {
                title.push_str(&format!(" [{}]", flags.join(", ")));
            }
            vec![
                Cell::from((n + 1).to_string()),
                Cell {
                    text: title,
                    bold: true,
                    alert: false,
                },
                {
                    let left_out = excluded.contains(&item.key.as_str());
                    Cell {
                        text: match (newest.is_some(), left_out) {
                            (false, _) => l.missing.to_owned(),
                            (true, false) => l.present.to_owned(),
                            (true, true) => format!("{} ({})", l.present, l.excluded),
                        },
                        bold: false,
                        alert: newest.is_none() || left_out,
                    }
                },
                Cell::from(newest.map_or_else(
                    || l.no_document.to_owned(),
                    |d| format!("{} (v{})", d.original_name, d.version),
                )),
                Cell::from(labels::say(lang, &item.item.because, &item.item.alasan).to_owned()),
                Cell::from(item.item.legal_basis.clone()),
            ]
        })
        .collect();
    f.table(&columns, &rows, 7.5);

    let mut findings_offset = None;
    f.ensure(60.0);
    findings_offset.get_or_insert(f.pages.len() - 1);
    f.subheading(l.findings);
    if case.checklist.findings.is_empty() {
        f.paragraph(Face::Regular, 9.5, INK, l.no_findings);
    }
    for finding in &case.checklist.findings {
        let text = format!(
            "{}: {}",
            labels::severity(lang, finding.severity),
            labels::say(lang, &finding.message, &finding.pesan)
        );
        let rgb = match finding.severity {
            gerbang_core::engine::Severity::Error => page::DANGER,
            _ => INK,
        };
        f.paragraph(Face::Regular, 9.5, rgb, &text);
    }
    let lkpm = &case.checklist.lkpm;
    f.subheading(l.lkpm);
    let mut text = labels::say(lang, &lkpm.because, &lkpm.alasan).to_owned();
    if !lkpm.due_dates.is_empty() {
        let dates: Vec<String> = lkpm
            .due_dates
            .iter()
            .map(|d| d.split('-').rev().collect::<Vec<_>>().join("/"))
            .collect();
        text.push_str(&format!(" ({})", dates.join(", ")));
    }
    text.push_str(&format!(" · {} [{}]", lkpm.legal_basis, l.unconfirmed));
    f.paragraph(Face::Regular, 9.5, INK, &text);
    (f.pages, findings_offset)
}

fn attachment_header(
    usage: &mut Usage,
    lang: Language,
    c: &mut Canvas,
    index: usize,
    a: &Attachment,
    page: Option<(usize, usize)>,
) {
    let l = labels::of(lang);
    let left = format!("{} {}: {}", l.attachment, index + 1, a.item_name);
    let mut right = a.entry.name.clone();
    if let Some((k, n)) = page {
        right.push_str(&format!(" · {} {k}/{n}", l.page_short));
    }
    let right_w = font::width(Face::Regular, 8.5, &right).min((WIDTH - 2.0 * MARGIN) * 0.45);
    let right = font::truncate(Face::Regular, 8.5, &right, right_w + 0.5);
    let left = font::truncate(
        Face::Bold,
        9.0,
        &left,
        WIDTH - 2.0 * MARGIN - right_w - 12.0,
    );
    c.text(usage, (Face::Bold, 9.0, SEA), MARGIN, HEIGHT - 40.0, &left);
    c.text_right(
        usage,
        (Face::Regular, 8.5, MUTED),
        WIDTH - MARGIN,
        HEIGHT - 40.0,
        &right,
    );
    c.rule(SEA, MARGIN, HEIGHT - 47.0, WIDTH - 2.0 * MARGIN);
}

fn attachment_section(
    usage: &mut Usage,
    lang: Language,
    index: usize,
    a: &Attachment,
) -> Vec<Canvas> {
    let l = labels::of(lang);
    let area = [
        MARGIN,
        BOTTOM - 8.0,
        WIDTH - 2.0 * MARGIN,
        HEIGHT - 55.0 - (BOTTOM - 8.0),
    ];
    match &a.prepared {
        Prepared::Pdf { pages, .. } => (0..pages.len())
            .map(|k| {
                let mut c = Canvas::default();
                attachment_header(usage, lang, &mut c, index, a, Some((k + 1, pages.len())));
                c.placement = Some(page::Placement {
                    attachment: index,
                    page: k,
                    area,
                });
                c
            })
            .collect(),
        Prepared::Image { .. } => {
            let mut c = Canvas::default();
            attachment_header(usage, lang, &mut c, index, a, None);
            c.placement = Some(page::Placement {
                attachment: index,
                page: 0,
                area,
            });
            vec![c]
        }
        Prepared::Excluded(why) => {
            let mut f = Flow::new(usage);
            f.y = HEIGHT - 70.0;
            f.paragraph(Face::Bold, 13.0, page::DANGER, l.excluded_heading);
            f.paragraph(
                Face::Regular,
                10.5,
                INK,
                labels::say(lang, &why.en, &why.id),
            );
            f.fields(&[
                (l.name.to_owned(), a.entry.name.clone()),
                (l.size.to_owned(), labels::size(lang, a.entry.size)),
                (l.media_type.to_owned(), a.entry.media_type.clone()),
            ]);
            f.hash(l.sha256, &a.entry.sha256);
            let mut pages = f.pages;
            if let Some(first) = pages.first_mut() {
                attachment_header(usage, lang, first, index, a, None);
            }
            pages
        }
    }
}

fn manifest_section(usage: &mut Usage, lang: Language, attachments: &[Attachment]) -> Vec<Canvas> {
    let l = labels::of(lang);
    let mut f = Flow::new(usage);
    f.heading(l.manifest);
    f.paragraph(Face::Regular, 9.5, MUTED, l.manifest_intro);
    for (i, a) in attachments.iter().enumerate() {
        let status = match &a.prepared {
            Prepared::Excluded(why) => {
                format!("{}: {}", l.excluded, labels::say(lang, &why.en, &why.id))
            }
            p => fill(l.included, &[("pages", p.pages().to_string())]),
        };
        f.ensure(70.0);
        f.subheading(&format!("{}. {}", i + 1, a.entry.name));
        f.fields(&[
            (
                l.col_permit.to_owned(),
                format!("{} ({})", a.item_name, a.entry.item_key),
            ),
            (l.size.to_owned(), labels::size(lang, a.entry.size)),
            (l.media_type.to_owned(), a.entry.media_type.clone()),
        ]);
        f.hash(l.sha256, &a.entry.sha256);
        f.fields(&[(l.status.to_owned(), status)]);
    }
    if attachments.is_empty() {
        f.paragraph(Face::Regular, 10.0, INK, l.none);
    }
    f.pages
}

/// The outline, the embedded files, the document information and the file identifier.
#[allow(clippy::too_many_arguments)]
fn finish(
    pdf: &mut lopdf::Document,
    req: &Request<'_>,
    manifest: &Manifest,
    pack_id: &str,
    title: &str,
    entries: &[Entry],
    page_ids: &[ObjectId],
    attachments: &mut [Attachment],
) -> Result<(), PackError> {
    let l = labels::of(req.language);
    let dest = |page: usize| {
        Object::Array(vec![
            Object::Reference(page_ids[page.saturating_sub(1).min(page_ids.len() - 1)]),
            Object::Name(b"XYZ".to_vec()),
            Object::Null,
            Object::Null,
            Object::Null,
        ])
    };
    // Outline: cover, contents, then each section; documents under "Attachments".
    let root = pdf.new_object_id();
    let mut top = vec![
        Entry {
            title: l.cover.to_owned(),
            page: 1,
            children: Vec::new(),
        },
        Entry {
            title: l.contents.to_owned(),
            page: 2,
            children: Vec::new(),
        },
    ];
    top.extend(entries.iter().map(|e| Entry {
        title: e.title.clone(),
        page: e.page,
        children: e.children.clone(),
    }));
    let ids: Vec<ObjectId> = top.iter().map(|_| pdf.new_object_id()).collect();
    let mut count = top.len() as i64;
    for (i, entry) in top.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", embed::text_string(&entry.title));
        d.set("Parent", Object::Reference(root));
        d.set("Dest", dest(entry.page));
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            d.set("Next", Object::Reference(ids[i + 1]));
        }
        let children = &entry.children;
        if !children.is_empty() {
            let kids: Vec<ObjectId> = children.iter().map(|_| pdf.new_object_id()).collect();
            for (k, (child, page)) in children.iter().enumerate() {
                let mut c = Dictionary::new();
                c.set("Title", embed::text_string(child));
                c.set("Parent", Object::Reference(ids[i]));
                c.set("Dest", dest(*page));
                if k > 0 {
                    c.set("Prev", Object::Reference(kids[k - 1]));
                }
                if k + 1 < kids.len() {
                    c.set("Next", Object::Reference(kids[k + 1]));
                }
                pdf.objects.insert(kids[k], Object::Dictionary(c));
            }
            d.set("First", Object::Reference(kids[0]));
            d.set("Last", Object::Reference(kids[kids.len() - 1]));
            d.set("Count", kids.len() as i64);
            count += kids.len() as i64;
        }
        pdf.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(ids[0]));
    outlines.set("Last", Object::Reference(ids[ids.len() - 1]));
    outlines.set("Count", count);
    pdf.objects.insert(root, Object::Dictionary(outlines));

    // Embedded files: the manifest, then every original that could be read.
    let mut files: Vec<(String, String, Vec<u8>, String)> = vec![(
        MANIFEST_FILE.to_owned(),
        "application/json".to_owned(),
        manifest.to_json().into_bytes(),
        "Gerbang pack manifest".to_owned(),
    )];
    for (i, a) in attachments.iter_mut().enumerate() {
        // The originals move into the document: no second copy is held.
        if let Some(bytes) = a.bytes.take() {
            files.push((
                verify::embedded_name(i, &a.entry.name),
                a.entry.media_type.clone(),
                bytes,
                format!("{} — {}", a.item_name, a.entry.name),
            ));
        }
    }
    let mut names = Vec::new();
    let mut specs = Vec::new();
    for (name, mime, bytes, description) in files {
        let mut params = Dictionary::new();
        params.set("Size", bytes.len() as i64);
        let mut sd = Dictionary::new();
        sd.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
        sd.set(
            "Subtype",
            Object::Name(mime.replace('/', "#2F").into_bytes()),
        );
        sd.set("Params", params);
        // Already-compressed contents (PDF, JPEG, PNG) stay as they are; JSON is deflated.
        let compressible = mime == "application/json";
        let file = pdf.add_object(Object::Stream(
            Stream::new(sd, bytes).with_compression(compressible),
        ));
        let mut ef = Dictionary::new();
        ef.set("F", Object::Reference(file));
        ef.set("UF", Object::Reference(file));
        let mut spec = Dictionary::new();
        spec.set("Type", Object::Name(b"Filespec".to_vec()));
        spec.set("F", Object::string_literal(ascii_name(&name)));
        spec.set("UF", embed::text_string(&name));
        spec.set("Desc", embed::text_string(&description));
        spec.set("EF", ef);
        spec.set("AFRelationship", Object::Name(b"Source".to_vec()));
        let spec_id = pdf.add_object(Object::Dictionary(spec));
        specs.push(Object::Reference(spec_id));
        names.push((name, spec_id));
    }
    // A name tree's keys must be in order.
    names.sort_by(|a, b| a.0.cmp(&b.0));
    let mut tree = Vec::new();
    for (name, id) in names {
        tree.push(Object::string_literal(ascii_name(&name)));
        tree.push(Object::Reference(id));
    }
    let mut embedded = Dictionary::new();
    embedded.set("Names", Object::Array(tree));
    let mut names_dict = Dictionary::new();
    names_dict.set("EmbeddedFiles", embedded);

    let at = time::OffsetDateTime::parse(
        &req.case.summary.updated_at,
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    .to_offset(gerbang_core::WITA);
    let pdf_date = format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+08'00'",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    let mut info = Dictionary::new();
    info.set("Title", embed::text_string(title));
    info.set("Author", embed::text_string(&req.profile.data.name));
    info.set("Subject", embed::text_string(&req.case.summary.title));
    info.set(
        "Keywords",
        Object::string_literal(format!("gerbang-pack {pack_id}")),
    );
    info.set(
        "Creator",
        Object::string_literal(format!("Gerbang {}", gerbang_core::VERSION)),
    );
    info.set(
        "Producer",
        Object::string_literal("Gerbang (printpdf, lopdf)"),
    );
    info.set("CreationDate", Object::string_literal(pdf_date.clone()));
    info.set("ModDate", Object::string_literal(pdf_date));
    info.set("GerbangPackId", Object::string_literal(pack_id));
    let info_id = pdf.add_object(Object::Dictionary(info));

    let catalog_id = pdf.trailer.get(b"Root").and_then(Object::as_reference)?;
    let catalog = pdf.get_dictionary_mut(catalog_id)?;
    catalog.set("Outlines", Object::Reference(root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    catalog.set("Names", names_dict);
    catalog.set("AF", Object::Array(specs));
    catalog.set("Lang", Object::string_literal(req.language.tag()));
    pdf.trailer.set("Info", Object::Reference(info_id));
    // The file identifier is derived from the content, so the same pack has the same bytes.
    let id = Sha256::digest(format!("{pack_id}:{}:{}", req.language.tag(), req.server).as_bytes());
    let id = Object::String(id[..16].to_vec(), lopdf::StringFormat::Hexadecimal);
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

/// A file name in plain ASCII for the `/F` key (readers show `/UF`, the full Unicode name).
fn ascii_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
