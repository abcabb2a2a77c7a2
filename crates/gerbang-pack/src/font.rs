//! The pack's typeface: DejaVu Sans (regular and bold), embedded in the binary so every Latin
//! accent renders. Text is measured against the full faces; each pack embeds only the glyphs it
//! uses (a subset made with allsorts, the library printpdf itself reads fonts with).

use printpdf::{FontId, ParsedFont, PdfFont};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Which face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Face {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
}

impl Face {
    /// The resource name pages use for this face (fixed, so packs are reproducible).
    pub fn id(self) -> FontId {
        FontId(match self {
            Face::Regular => "F1".to_owned(),
            Face::Bold => "F2".to_owned(),
        })
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR,
            Face::Bold => BOLD,
        }
    }

    /// The full face, parsed once per process.
    fn full(self) -> Option<&'static ParsedFont> {
        static FACES: OnceLock<[Option<ParsedFont>; 2]> = OnceLock::new();
        let faces = FACES.get_or_init(|| {
            [Face::Regular, Face::Bold]
                .map(|f| ParsedFont::from_bytes(f.bytes(), 0, &mut Vec::new()))
        });
        faces[self as usize].as_ref()
    }
}

/// Why the typeface could not be prepared (a build problem, never the user's input).
#[derive(Debug, thiserror::Error)]
#[error("the pack's font cannot be used: {0}")]
pub struct FontError(String);

fn glyph(font: &ParsedFont, c: char) -> u16 {
    font.lookup_glyph_index(c as u32).unwrap_or(0)
}

/// The width of `text` in points at `size`.
pub fn width(face: Face, size: f32, text: &str) -> f32 {
    let Some(font) = face.full() else {
        return 0.0;
    };
    let units: u32 = text
        .chars()
        .map(|c| u32::from(font.get_glyph_width(glyph(font, c)).unwrap_or(0)))
        .sum();
    units as f32 * size / f32::from(font.units_per_em.max(1))
}

/// `text` cut to fit `max` points, ending with `…` when cut.
pub fn truncate(face: Face, size: f32, text: &str, max: f32) -> String {
    if width(face, size, text) <= max {
        return text.to_owned();
    }
    let mut out: String = text.to_owned();
    while !out.is_empty() && width(face, size, &format!("{out}…")) > max {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

/// Breaks `text` into lines no wider than `max` points: at spaces where possible, inside a word
/// only when the word alone is wider than a line (a hash, a long file name). Newlines are kept.
pub fn wrap(face: Face, size: f32, text: &str, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(face, size, &candidate) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: split it where it overflows.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if width(face, size, &piece) > max && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

/// The glyphs a pack draws, per face, collected as text is laid out.
#[derive(Debug, Default)]
pub struct Usage {
    chars: BTreeMap<Face, BTreeSet<char>>,
}

impl Usage {
    /// Notes that `text` is drawn in `face`.
    pub fn record(&mut self, face: Face, text: &str) {
        self.chars.entry(face).or_default().extend(text.chars());
    }

    /// Each used face, cut down to the glyphs drawn, ready to register with a document.
    pub fn subset_fonts(&self) -> Result<Vec<(FontId, PdfFont)>, FontError> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};
        let mut out = Vec::new();
        for (face, chars) in &self.chars {
            let full = face
                .full()
                .ok_or_else(|| FontError(format!("{face:?} does not parse")))?;
            // .notdef first (allsorts requires it), then every used glyph once, in order.
            let glyphs: BTreeSet<u16> = chars.iter().map(|c| glyph(full, *c)).collect();
            let ids: Vec<u16> = std::iter::once(0)
                .chain(glyphs.into_iter().filter(|g| *g != 0))
                .collect();
            let file = ReadScope::new(face.bytes())
                .read::<FontData<'_>>()
                .map_err(|e| FontError(e.to_string()))?;
            let provider = file
                .table_provider(0)
                .map_err(|e| FontError(e.to_string()))?;
            let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
                .map_err(|e| FontError(e.to_string()))?;
            let parsed = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
                .ok_or_else(|| FontError(format!("the {face:?} subset does not parse")))?;
            out.push((face.id(), PdfFont::new(parsed)));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_wraps() {
        let w = width(Face::Regular, 10.0, "Balikpapan");
        assert!(w > 40.0 && w < 70.0, "{w}");
        assert!(width(Face::Bold, 10.0, "Balikpapan") > w);
        let lines = wrap(
            Face::Regular,
            10.0,
            "satu dua tiga empat lima enam tujuh",
            60.0,
        );
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(Face::Regular, 10.0, l) <= 60.0));
        assert_eq!(lines.join(" "), "satu dua tiga empat lima enam tujuh");
        // A hash is split inside, never lost.
        let hash = "a".repeat(120);
        let lines = wrap(Face::Regular, 8.0, &hash, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), hash);
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        let t = truncate(Face::Regular, 10.0, "Persetujuan Bangunan Gedung", 60.0);
        assert!(
            t.ends_with('…') && width(Face::Regular, 10.0, &t) <= 60.0,
            "{t}"
        );
        assert_eq!(truncate(Face::Regular, 10.0, "PBG", 60.0), "PBG");
    }

    #[test]
    fn subsets_keep_accented_letters() {
        let mut usage = Usage::default();
        usage.record(Face::Regular, "Ñoño Łukasz Ærø Çelik Đặng");
        let fonts = usage.subset_fonts().unwrap();
        assert_eq!(fonts.len(), 1);
        let font = &fonts[0].1.parsed_font;
        for c in "ÑñŁÆøÇĐặ".chars() {
            assert!(font.lookup_glyph_index(c as u32).is_some(), "{c} missing");
        }
        assert!(font.original_bytes.len() < REGULAR.len() / 10);
    }
}
