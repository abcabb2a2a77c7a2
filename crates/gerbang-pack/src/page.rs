//! Pages as the pack draws them: A4, in points from the bottom-left corner. A [`Canvas`] holds
//! one page's drawing; a [`Flow`] writes paragraphs and tables down the page and starts a new
//! one when the space runs out (a table repeats its header there).

use crate::font::{self, Face, Usage};
use printpdf::{
    Actions, Color, Destination, LinkAnnotation, Op, PaintMode, Pt, Rect, Rgb, TextItem, TextMatrix,
};

/// A4 in points.
pub const WIDTH: f32 = 595.28;
/// A4 in points.
pub const HEIGHT: f32 = 841.89;
/// Left and right margin.
pub const MARGIN: f32 = 50.0;
/// Where the writing area starts, from the top.
pub const TOP: f32 = HEIGHT - 60.0;
/// Where the writing area ends (above the footer).
pub const BOTTOM: f32 = 60.0;

/// Gerbang's sea teal.
pub const SEA: (f32, f32, f32) = (0.05, 0.36, 0.40);
/// Text grey.
pub const MUTED: (f32, f32, f32) = (0.38, 0.40, 0.42);
/// Near black.
pub const INK: (f32, f32, f32) = (0.10, 0.11, 0.12);
/// Warning red.
pub const DANGER: (f32, f32, f32) = (0.70, 0.12, 0.15);
/// Rule lines.
pub const LINE: (f32, f32, f32) = (0.80, 0.82, 0.84);
/// Dot leaders.
pub const LINE_DARK: (f32, f32, f32) = (0.62, 0.64, 0.66);
/// Gerbang's gold.
pub const GOLD: (f32, f32, f32) = (0.85, 0.63, 0.20);

fn color((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// A rectangle with its lower-left corner at (x, y).
fn rect(x: f32, y: f32, w: f32, h: f32, mode: Option<PaintMode>) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(y),
        width: Pt(w),
        height: Pt(h),
        mode,
        winding_order: None,
    }
}

/// Content from outside the pack to place on a page: a page of an attached PDF, or an image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Which prepared attachment.
    pub attachment: usize,
    /// Which of its pages (0 for an image).
    pub page: usize,
    /// The area to fit it into: x, y, width, height.
    pub area: [f32; 4],
}

/// How text is set: face, size in points, colour.
pub type Style = (Face, f32, (f32, f32, f32));

/// One page being drawn.
#[derive(Debug, Default)]
pub struct Canvas {
    /// Its drawing.
    pub ops: Vec<Op>,
    /// External content placed on it.
    pub placement: Option<Placement>,
}

impl Canvas {
    /// Draws `text` with its baseline starting at (x, y).
    pub fn text(
        &mut self,
        usage: &mut Usage,
        (face, size, rgb): Style,
        x: f32,
        y: f32,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        usage.record(face, text);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: color(rgb) },
            Op::SetFont {
                font: printpdf::PdfFontHandle::External(face.id()),
                size: Pt(size),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Draws `text` ending at x.
    pub fn text_right(&mut self, usage: &mut Usage, style: Style, x: f32, y: f32, text: &str) {
        let w = font::width(style.0, style.1, text);
        self.text(usage, style, x - w, y, text);
    }

    /// Draws `text` centred on x.
    pub fn text_centred(&mut self, usage: &mut Usage, style: Style, x: f32, y: f32, text: &str) {
        let w = font::width(style.0, style.1, text);
        self.text(usage, style, x - w / 2.0, y, text);
    }

    /// A filled rectangle (x, y is the lower-left corner).
    pub fn fill(&mut self, rgb: (f32, f32, f32), x: f32, y: f32, w: f32, h: f32) {
        self.ops.push(Op::SetFillColor { col: color(rgb) });
        self.ops.push(Op::DrawRectangle {
            rectangle: rect(x, y, w, h, Some(PaintMode::Fill)),
        });
    }

    /// A rectangle's outline.
    pub fn frame(&mut self, rgb: (f32, f32, f32), x: f32, y: f32, w: f32, h: f32) {
        self.ops.push(Op::SetOutlineColor { col: color(rgb) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
        self.ops.push(Op::DrawRectangle {
            rectangle: rect(x, y, w, h, Some(PaintMode::Stroke)),
        });
    }

    /// A horizontal rule.
    pub fn rule(&mut self, rgb: (f32, f32, f32), x: f32, y: f32, w: f32) {
        self.fill(rgb, x, y, w, 0.6);
    }

    /// A link over (x, y, w, h) to page `target` (1-based).
    pub fn link(&mut self, x: f32, y: f32, w: f32, h: f32, target: usize) {
        self.ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                rect(x, y, w, h, None),
                Actions::go_to(Destination::Xyz {
                    page: target,
                    left: None,
                    top: None,
                    zoom: None,
                }),
                Some(printpdf::BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(printpdf::ColorArray::Transparent),
                None,
            ),
        });
    }
}

/// A column of a table: its heading and its share of the width.
#[derive(Debug, Clone)]
pub struct Column {
    /// Heading.
    pub title: String,
    /// Share of the table's width (the shares are normalised).
    pub share: f32,
}

/// A table cell: text and whether to set it in bold or in red.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// The text (wrapped to the column).
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Shown in red (a missing document, a refusal).
    pub alert: bool,
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell {
            text: text.to_owned(),
            ..Cell::default()
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell {
            text,
            ..Cell::default()
        }
    }
}

/// Writes down the pages of one section.
#[derive(Debug)]
pub struct Flow<'u> {
    /// The pages written so far (the last is being written).
    pub pages: Vec<Canvas>,
    /// Where the next line goes (its top), in points from the bottom.
    pub y: f32,
    /// Glyph usage for the font subset.
    pub usage: &'u mut Usage,
}

impl<'u> Flow<'u> {
    /// A section starting on a new page.
    pub fn new(usage: &'u mut Usage) -> Flow<'u> {
        Flow {
            pages: vec![Canvas::default()],
            y: TOP,
            usage,
        }
    }

    /// The page being written and the glyph usage, borrowed together.
    fn parts(&mut self) -> (&mut Canvas, &mut Usage) {
        if self.pages.is_empty() {
            self.pages.push(Canvas::default());
        }
        let last = self.pages.len() - 1;
        (&mut self.pages[last], &mut *self.usage)
    }

    /// Starts a new page.
    pub fn break_page(&mut self) {
        self.pages.push(Canvas::default());
        self.y = TOP;
    }

    /// Makes room for `height` points, breaking the page if needed; true when it broke.
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.y - height < BOTTOM {
            self.break_page();
            true
        } else {
            false
        }
    }

    /// The section's heading.
    pub fn heading(&mut self, text: &str) {
        self.ensure(40.0);
        let y = self.y - 18.0;
        let (page, usage) = self.parts();
        page.text(usage, (Face::Bold, 16.0, SEA), MARGIN, y, text);
        page.rule(SEA, MARGIN, y - 7.0, WIDTH - 2.0 * MARGIN);
        self.y = y - 20.0;
    }

    /// A smaller heading inside a section.
    pub fn subheading(&mut self, text: &str) {
        self.ensure(34.0);
        let y = self.y - 14.0;
        let (page, usage) = self.parts();
        page.text(usage, (Face::Bold, 11.0, INK), MARGIN, y, text);
        self.y = y - 8.0;
    }

    /// A wrapped paragraph.
    pub fn paragraph(&mut self, face: Face, size: f32, rgb: (f32, f32, f32), text: &str) {
        let leading = size * 1.4;
        for line in font::wrap(face, size, text, WIDTH - 2.0 * MARGIN) {
            self.ensure(leading);
            let y = self.y - size;
            let (page, usage) = self.parts();
            page.text(usage, (face, size, rgb), MARGIN, y, &line);
            self.y -= leading;
        }
        self.y -= size * 0.4;
    }

    /// Label: value pairs in two columns (both wrap).
    pub fn fields(&mut self, rows: &[(String, String)]) {
        let label_w = 150.0;
        let value_w = WIDTH - 2.0 * MARGIN - label_w;
        for (label, value) in rows {
            let labels = font::wrap(Face::Bold, 9.0, label, label_w - 8.0);
            let lines = font::wrap(Face::Regular, 10.0, value, value_w);
            let height = lines.len().max(labels.len()) as f32 * 14.0 + 4.0;
            self.ensure(height);
            let top = self.y;
            let (page, usage) = self.parts();
            for (i, line) in labels.iter().enumerate() {
                page.text(
                    usage,
                    (Face::Bold, 9.0, MUTED),
                    MARGIN,
                    top - 10.0 - i as f32 * 14.0,
                    line,
                );
            }
            for (i, line) in lines.iter().enumerate() {
                page.text(
                    usage,
                    (Face::Regular, 10.0, INK),
                    MARGIN + label_w,
                    top - 10.0 - i as f32 * 14.0,
                    line,
                );
            }
            self.y -= height;
        }
        self.y -= 6.0;
    }

    /// A SHA-256 on one line of its own, small enough to fit (so it can be searched whole).
    pub fn hash(&mut self, label: &str, hash: &str) {
        self.ensure(18.0);
        let top = self.y;
        let (page, usage) = self.parts();
        page.text(usage, (Face::Bold, 9.0, MUTED), MARGIN, top - 10.0, label);
        page.text(
            usage,
            (Face::Regular, 7.2, INK),
            MARGIN + 150.0,
            top - 10.0,
            hash,
        );
        self.y -= 18.0;
    }

    /// A table whose rows wrap within their columns; a row never splits across pages and the
    /// header is repeated on every page the table reaches.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<Cell>], size: f32) {
        let total: f32 = columns
            .iter()
            .map(|c| c.share)
            .sum::<f32>()
            .max(f32::EPSILON);
        let full = WIDTH - 2.0 * MARGIN;
        let widths: Vec<f32> = columns.iter().map(|c| full * c.share / total).collect();
        let pad = 3.0;
        let leading = size * 1.3;
        let header = |flow: &mut Flow<'_>| {
            let lines: Vec<Vec<String>> = columns
                .iter()
                .zip(&widths)
                .map(|(c, w)| font::wrap(Face::Bold, size, &c.title, w - 2.0 * pad))
                .collect();
            let height = lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 2.0 * pad;
            flow.ensure(height + leading * 2.0);
            let top = flow.y;
            let (page, usage) = flow.parts();
            page.fill((0.90, 0.94, 0.94), MARGIN, top - height, full, height);
            let mut x = MARGIN;
            for (cell, w) in lines.iter().zip(&widths) {
                for (i, line) in cell.iter().enumerate() {
                    page.text(
                        usage,
                        (Face::Bold, size, SEA),
                        x + pad,
                        top - pad - size - i as f32 * leading,
                        line,
                    );
                }
                x += w;
            }
            flow.y -= height;
        };
        header(self);
        for row in rows {
            let lines: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| {
                    let face = if cell.bold { Face::Bold } else { Face::Regular };
                    font::wrap(face, size, &cell.text, w - 2.0 * pad)
                })
                .collect();
            let max_lines = ((TOP - BOTTOM - 60.0) / leading) as usize;
            let count = lines
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1)
                .clamp(1, max_lines);
            let height = count as f32 * leading + 2.0 * pad;
            if self.ensure(height) {
                header(self);
            }
            let top = self.y;
            let (page, usage) = self.parts();
            let mut x = MARGIN;
            for ((cell, text), w) in row.iter().zip(&lines).zip(&widths) {
                let face = if cell.bold { Face::Bold } else { Face::Regular };
                let rgb = if cell.alert { DANGER } else { INK };
                for (i, line) in text.iter().take(count).enumerate() {
                    page.text(
                        usage,
                        (face, size, rgb),
                        x + pad,
                        top - pad - size - i as f32 * leading,
                        line,
                    );
                }
                x += w;
            }
            page.rule(LINE, MARGIN, top - height, full);
            self.y -= height;
        }
        self.y -= 8.0;
    }
}
