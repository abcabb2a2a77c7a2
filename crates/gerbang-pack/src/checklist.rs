//! The checklist as a table: each permit with why it is required, its legal basis and whether
//! that is confirmed, followed by the findings.

use crate::font::{Face, Usage};
use crate::page::{Canvas, Cell, Column, Flow, INK};
use crate::{labels, page};
use gerbang_core::Language;
use gerbang_core::record::Case;

/// An item's title as the pack shows it: its name, variant and KBLI.
pub(super) fn item_title(lang: Language, item: &gerbang_core::engine::ChecklistItem) -> String {
    let mut title = item.name_in(lang).to_owned();
    if let Some(v) = item
        .variant
        .as_deref()
        .and_then(|v| gerbang_core::locale::variant_name(v, lang))
    {
        title.push_str(&format!(" ({v})"));
    }
    if let Some(a) = &item.activity {
        title.push_str(&format!(", KBLI {a}"));
    }
    title
}

/// The checklist table, then the findings and LKPM; the findings' page offset within the
/// section, if there are any.
pub(super) fn checklist_section(
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
                Cell::from(if lang == Language::En {
                    gerbang_core::locale::article_en(&item.item.legal_basis)
                } else {
                    item.item.legal_basis.clone()
                }),
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
    text.push_str(&format!(
        " · {}",
        labels::say(lang, &lkpm.legal_basis, &lkpm.dasar_hukum)
    ));
    if !lkpm.confirmed {
        text.push_str(&format!(" [{}]", l.unconfirmed));
    }
    f.paragraph(Face::Regular, 9.5, INK, &text);
    (f.pages, findings_offset)
}
