//! PDF document packs. This first piece writes a pack's cover page: who, what, which catalog,
//! and when (in WITA); later pieces append the checklist and the attached documents.

use printpdf::{
    BuiltinFont, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
};
use time::OffsetDateTime;

/// What goes on a pack's cover.
#[derive(Debug, Clone)]
pub struct Cover {
    /// The pack's title, e.g. the business name.
    pub title: String,
    /// Lines under the title (applicant, KBLI, …).
    pub lines: Vec<String>,
    /// The catalog the checklist was derived from, as `Catalog::label` shows it.
    pub catalog_label: String,
    /// When the pack was generated.
    pub generated_at: OffsetDateTime,
}

/// Why a pack could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// The cover has no title.
    #[error("a document pack needs a title")]
    MissingTitle,
}

/// Renders the cover as a one-page A4 PDF.
pub fn cover_pdf(cover: &Cover) -> Result<Vec<u8>, PackError> {
    if cover.title.trim().is_empty() {
        return Err(PackError::MissingTitle);
    }
    let mut ops = vec![
        Op::StartTextSection,
        Op::SetTextCursor {
            pos: Point::new(Mm(20.0), Mm(260.0)),
        },
    ];
    let line = |ops: &mut Vec<Op>, font: BuiltinFont, size: f32, text: &str| {
        ops.push(Op::SetFont {
            font: PdfFontHandle::Builtin(font),
            size: Pt(size),
        });
        ops.push(Op::SetLineHeight { lh: Pt(size * 1.5) });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_owned())],
        });
        ops.push(Op::AddLineBreak);
    };
    line(&mut ops, BuiltinFont::HelveticaBold, 24.0, &cover.title);
    for text in &cover.lines {
        line(&mut ops, BuiltinFont::Helvetica, 12.0, text);
    }
    let footer = format!(
        "Gerbang {} - katalog {} - {}",
        gerbang_core::VERSION,
        cover.catalog_label,
        gerbang_core::format_wita(cover.generated_at)
    );
    line(&mut ops, BuiltinFont::Helvetica, 9.0, &footer);
    ops.push(Op::EndTextSection);

    let mut doc = PdfDocument::new(&cover.title);
    let page = PdfPage::new(Mm(210.0), Mm(297.0), ops);
    let bytes = doc
        .with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut Vec::new());
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn cover() -> Cover {
        Cover {
            title: "CV Kopi Teluk Balikpapan".into(),
            lines: vec!["KBLI 56303 Kedai minuman".into()],
            catalog_label: "2026.11.0 (1a2b3c4d)".into(),
            generated_at: datetime!(2026-11-27 13:05 UTC),
        }
    }

    #[test]
    fn cover_is_a_one_page_pdf_with_its_text() {
        let bytes = cover_pdf(&cover()).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 1);
        let text = doc.extract_text(&[1]).unwrap();
        assert!(text.contains("CV Kopi Teluk Balikpapan"), "{text}");
        assert!(text.contains("27/11/2026 21:05 WITA"), "{text}");
        assert!(text.contains("2026.11.0 (1a2b3c4d)"), "{text}");
    }

    #[test]
    fn a_blank_title_is_refused() {
        let mut c = cover();
        c.title = "  ".into();
        assert!(matches!(cover_pdf(&c), Err(PackError::MissingTitle)));
    }
}
