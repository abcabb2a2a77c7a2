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

mod attachments;
mod checklist;
mod contents;
mod cover;
mod embed;
mod files;
mod font;
mod labels;
mod outline;
mod page;
mod plan;
mod profile;
mod qr;
pub mod verify;

use embed::Prepared;
use font::{Face, Usage};
use gerbang_core::Language;
use gerbang_core::hex;
use gerbang_core::pack::{Manifest, ManifestEntry};
use gerbang_core::record::Case;
use gerbang_core::record::profile::Profile;
use lopdf::ObjectId;
use page::{Canvas, INK, MARGIN, MUTED, WIDTH};
use sha2::{Digest, Sha256};
use std::path::Path;

use crate::attachments::attachment_section;
use crate::attachments::manifest_section;
use crate::attachments::read_blob;
use crate::checklist::checklist_section;
use crate::checklist::item_title;
use crate::contents::TOC_LINES;
use crate::contents::contents_pages;
use crate::cover::cover_page;
use crate::outline::finish;
use crate::profile::profile_section;
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

/// The first 8 characters of a hash.
fn short(hash: &str) -> &str {
    hash.get(..8).unwrap_or(hash)
}

/// A case id as people can tell cases apart by it: its last 8 characters (a UUIDv7 begins
/// with its creation time, shared by cases made in the same minute; it ends at random).
pub fn case_tag(id: &str) -> &str {
    id.get(id.len().saturating_sub(8)..).unwrap_or(id)
}
