//! The cover: applicant, case, activities, scale and risk, the catalog used, the date in WITA,
//! the filing number and the QR code that opens the city backend's `/verify/{id}`.

use crate::font::{Face, Usage};
use crate::page::{Canvas, HEIGHT, INK, MARGIN, MUTED, SEA, WIDTH};
use crate::{PackError, Request, catalog_label, fill, font, labels, page, qr};

/// Activities named on the cover (the profile lists them all).
pub(super) const COVER_ACTIVITIES: usize = 4;

pub(super) fn cover_page(
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
