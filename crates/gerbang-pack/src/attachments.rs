//! The documents: a header page per required item, then its file (PDF pages merged, images
//! scaled, anything else listed with its hash), and the manifest page that lists them all.

use crate::embed::{MAX_FILE_BYTES, Prepared};
use crate::font::{Face, Usage};
use crate::page::{BOTTOM, Canvas, Flow, HEIGHT, INK, MARGIN, MUTED, SEA, WIDTH};
use crate::{Attachment, embed, fill, font, labels, page};
use gerbang_core::pack::ManifestEntry;
use gerbang_core::{Language, hex};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Reads the attachment's content from the blob store, checking size and hash.
pub(super) fn read_blob(blobs: &Path, entry: &ManifestEntry) -> Result<Vec<u8>, embed::Refusal> {
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

pub(super) fn attachment_header(
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

pub(super) fn attachment_section(
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

pub(super) fn manifest_section(
    usage: &mut Usage,
    lang: Language,
    attachments: &[Attachment],
) -> Vec<Canvas> {
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
