//! The table of contents: one line per section and per attached document, each a link to its
//! page, over as many pages as it needs.

use crate::font::{Face, Usage};
use crate::page::{Canvas, INK, MARGIN, SEA, TOP, WIDTH};
use crate::{Entry, font, labels, page};
use gerbang_core::Language;

/// Lines per page of the table of contents.
pub(super) const TOC_LINES: usize = 36;

pub(super) fn contents_pages(
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
