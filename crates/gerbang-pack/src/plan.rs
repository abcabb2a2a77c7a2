//! The pack's plan page: the case's licensing plan as a dated bar chart and a table, with the
//! completion range, the critical path and what is unknown or unconfirmed, in the pack's language.

use crate::font::{Face, Usage};
use crate::page::{
    BOTTOM, Canvas, Cell, Column, DANGER, Flow, GOLD, INK, LINE, LINE_DARK, MARGIN, MUTED, SEA,
    WIDTH,
};
use gerbang_core::Language;
use gerbang_core::locale::long_date;
use gerbang_core::plan::{Plan, PlanStage, StageState};
use gerbang_core::wita::parse_date;

struct Words {
    title: &'static str,
    intro: &'static str,
    earliest: &'static str,
    latest: &'static str,
    latest_unknown: &'static str,
    known_days: &'static str,
    today: &'static str,
    critical: &'static str,
    drivers: &'static str,
    col_stage: &'static str,
    col_time: &'static str,
    col_start: &'static str,
    col_issued: &'static str,
    col_state: &'static str,
    unknown: &'static str,
    same_day: &'static str,
    days: &'static str,
    at_most: &'static str,
    unconfirmed: &'static str,
    planned: &'static str,
    started: &'static str,
    obtained: &'static str,
    overdue: &'static str,
    fiktif: &'static str,
    legend: &'static str,
}

const ID: Words = Words {
    title: "Rencana perizinan",
    intro: "Tahapan dalam urutan yang ditetapkan peraturan, dengan waktu layanan dan jangka waktu pembayaran menurut pasal PP 28/2025, dihitung dalam hari kerja WITA (Senin-Jumat, di luar hari libur) dari tanggal di bawah. Waktu yang tidak diketahui tidak ditebak dan tidak dihitung nol: selama ada, tanggal selesai tidak diberikan dan tahapnya disebutkan.",
    earliest: "Selesai paling cepat",
    latest: "Paling lambat",
    latest_unknown: "belum dapat ditentukan; waktu tidak diketahui:",
    known_days: "Waktu yang diatur sepanjang jalur terpanjang",
    today: "Disusun per",
    critical: "Jalur kritis",
    drivers: "Yang paling menggeser tanggal",
    col_stage: "Tahap",
    col_time: "Waktu layanan",
    col_start: "Mulai",
    col_issued: "Terbit",
    col_state: "Status",
    unknown: "tidak diketahui",
    same_day: "hari yang sama",
    days: "hari kerja",
    at_most: "paling lama",
    unconfirmed: "belum terkonfirmasi",
    planned: "Belum diajukan",
    started: "Diajukan",
    obtained: "Terbit",
    overdue: "lewat batas waktu",
    fiktif: "menurut PP 28/2025 dianggap disetujui (fiktif positif, Pasal 225 dan 230)",
    legend: "Batang: paling cepat; abu-abu: hingga paling lambat; '?': waktu tidak diketahui; jingga: jalur kritis; hijau: sudah terbit; garis merah: hari ini.",
};

const EN: Words = Words {
    title: "Licensing plan",
    intro: "Stages in the order the regulations set, with the service times and payment periods of PP 28/2025's articles, counted in WITA working days (Monday to Friday, less holidays) from the date below. An unknown time is neither guessed nor counted as none: while there is one, no completion date is given and its stage is named.",
    earliest: "Earliest completion",
    latest: "Latest completion",
    latest_unknown: "not known yet; unknown time:",
    known_days: "Regulated time along the longest chain",
    today: "Planned as of",
    critical: "Critical path",
    drivers: "What moves the date most",
    col_stage: "Stage",
    col_time: "Service time",
    col_start: "Start",
    col_issued: "Issued",
    col_state: "Status",
    unknown: "unknown",
    same_day: "same day",
    days: "working days",
    at_most: "at most",
    unconfirmed: "unconfirmed",
    planned: "Not applied for",
    started: "Applied for",
    obtained: "Issued",
    overdue: "past its limit",
    fiktif: "deemed approved under PP 28/2025 (fiktif positif, Art 225 and 230)",
    legend: "Bar: earliest; grey: up to the latest; '?': time unknown; orange: critical path; green: issued; red line: today.",
};

fn name(lang: Language, s: &PlanStage) -> String {
    s.name_in(lang)
}

fn day(lang: Language, iso: &str) -> String {
    parse_date(iso).map_or_else(|| iso.to_owned(), |d| long_date(d, lang))
}

fn julian(iso: &str) -> Option<f32> {
    parse_date(iso).map(|d| d.to_julian_day() as f32)
}

fn time_text(w: &Words, s: &PlanStage) -> String {
    let n = |v: Option<u32>| v.map_or_else(|| "?".to_owned(), |v| v.to_string());
    let mut t = match (s.working_days.min, s.working_days.max) {
        (None, None) => w.unknown.to_owned(),
        (Some(0), Some(0)) => w.same_day.to_owned(),
        (Some(a), Some(b)) if a == b => format!("{a} {}", w.days),
        (None, Some(b)) => format!("{} {b} {}", w.at_most, w.days),
        (a, b) => format!("{}-{} {}", n(a), n(b), w.days),
    };
    if s.working_days.max.is_some() && !s.confirmed {
        t.push_str(&format!(" [{}]", w.unconfirmed));
    }
    t
}

/// The first day of the month after `d`'s.
fn next_month(d: time::Date) -> time::Date {
    let (y, m) = match d.month() {
        time::Month::December => (d.year() + 1, time::Month::January),
        m => (d.year(), m.next()),
    };
    time::Date::from_calendar_date(y, m, 1).unwrap_or(d + time::Duration::days(31))
}

const ROW: f32 = 15.0;
const LABEL_W: f32 = 170.0;
const TAIL_DAYS: f32 = 12.0;

/// Draws the chart on the flow's current page (a new page when it does not fit).
fn chart(f: &mut Flow<'_>, lang: Language, w: &Words, plan: &Plan) {
    let height = 24.0 + plan.stages.len() as f32 * ROW + 6.0;
    if f.y - height < BOTTOM {
        f.break_page();
    }
    let Some(today) = julian(&plan.today) else {
        return;
    };
    let starts = plan.stages.iter().filter_map(|s| julian(&s.start));
    let ends = plan.stages.iter().filter_map(|s| {
        let end = julian(&s.end)?;
        Some(
            s.latest_end
                .as_deref()
                .and_then(julian)
                .unwrap_or(end + TAIL_DAYS),
        )
    });
    let first = starts.fold(today, f32::min) - 1.0;
    let last = ends.fold(today, f32::max) + 3.0;
    let x0 = MARGIN + LABEL_W;
    let span = WIDTH - MARGIN - x0;
    let x = |d: f32| x0 + (d - first) / (last - first).max(1.0) * span;
    let top = f.y;
    let last_page = f.pages.len() - 1;
    let (page, usage): (&mut Canvas, &mut Usage) = (&mut f.pages[last_page], &mut *f.usage);
    // Month ticks.
    if let (Some(a), Some(b)) = (
        time::Date::from_julian_day(first as i32).ok(),
        time::Date::from_julian_day(last as i32).ok(),
    ) {
        let mut m = a.replace_day(1).unwrap_or(a);
        while m <= b {
            let jd = m.to_julian_day() as f32;
            if jd >= first {
                page.fill(LINE, x(jd), top - height + 6.0, 0.4, height - 12.0);
                let label = long_date(m, lang);
                let label: Vec<&str> = label.split(' ').skip(1).collect();
                page.text(
                    usage,
                    (Face::Regular, 7.0, MUTED),
                    x(jd) + 2.0,
                    top - 9.0,
                    &label.join(" "),
                );
            }
            m = next_month(m);
        }
    }
    for (i, s) in plan.stages.iter().enumerate() {
        let y = top - 24.0 - i as f32 * ROW;
        let mut label = name(lang, s);
        if label.chars().count() > 40 {
            label = label.chars().take(39).collect::<String>() + "…";
        }
        let face = if s.critical {
            Face::Bold
        } else {
            Face::Regular
        };
        page.text(usage, (face, 7.5, INK), MARGIN, y - 9.0, &label);
        let (Some(a), Some(b)) = (julian(&s.start), julian(&s.end)) else {
            continue;
        };
        match s.latest_end.as_deref().and_then(julian) {
            Some(l) if l > b => page.fill(LINE, x(b), y - 10.0, x(l) - x(b), 7.0),
            Some(_) => {}
            None => {
                page.fill(LINE, x(b), y - 10.0, x(b + TAIL_DAYS) - x(b), 7.0);
                page.text(
                    usage,
                    (Face::Bold, 7.5, MUTED),
                    x(b + TAIL_DAYS) + 2.0,
                    y - 9.5,
                    "?",
                );
            }
        }
        let rgb = match (s.state, s.critical) {
            (StageState::Obtained, _) => (0.18, 0.62, 0.27),
            (_, true) => GOLD,
            _ => SEA,
        };
        let width = (x(b) - x(a)).max(2.5);
        page.fill(rgb, x(a), y - 12.0, width, 11.0);
        if s.working_days.max.is_some() && !s.confirmed {
            page.frame(LINE_DARK, x(a), y - 12.0, width, 11.0);
        }
        if s.overdue {
            page.frame(DANGER, x(a), y - 12.0, width, 11.0);
        }
    }
    let tx = x(today);
    page.fill(DANGER, tx, top - height + 6.0, 0.8, height - 14.0);
    f.y = top - height;
    f.paragraph(Face::Regular, 7.5, MUTED, w.legend);
}

/// The plan section's title (for the contents).
pub(crate) fn title(lang: Language) -> &'static str {
    if lang == Language::Id {
        ID.title
    } else {
        EN.title
    }
}

/// The plan section's pages.
pub(crate) fn plan_section(usage: &mut Usage, lang: Language, plan: &Plan) -> Vec<Canvas> {
    let w = if lang == Language::Id { &ID } else { &EN };
    let mut f = Flow::new(usage);
    f.heading(w.title);
    f.paragraph(Face::Regular, 9.0, MUTED, w.intro);
    let unknown: Vec<String> = plan
        .completion
        .unknown
        .iter()
        .filter_map(|k| plan.stages.iter().find(|s| &s.key == k))
        .map(|s| s.unknown_name_in(lang))
        .collect();
    let open = || format!("{} {}", w.latest_unknown, unknown.join(", "));
    f.fields(&[
        (w.today.to_owned(), day(lang, &plan.today)),
        (
            w.earliest.to_owned(),
            plan.completion
                .earliest
                .as_deref()
                .map_or_else(open, |d| day(lang, d)),
        ),
        (
            w.latest.to_owned(),
            plan.completion
                .latest
                .as_deref()
                .map_or_else(open, |d| day(lang, d)),
        ),
        (
            w.known_days.to_owned(),
            format!("{} {}", plan.completion.known_working_days, w.days),
        ),
    ]);
    chart(&mut f, lang, w, plan);
    let columns = [
        Column {
            title: "No".to_owned(),
            share: 0.35,
        },
        Column {
            title: w.col_stage.to_owned(),
            share: 2.4,
        },
        Column {
            title: w.col_time.to_owned(),
            share: 1.5,
        },
        Column {
            title: w.col_start.to_owned(),
            share: 1.2,
        },
        Column {
            title: w.col_issued.to_owned(),
            share: 2.0,
        },
        Column {
            title: w.col_state.to_owned(),
            share: 1.3,
        },
    ];
    let rows: Vec<Vec<Cell>> = plan
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let issued = match &s.latest_end {
                Some(l) if *l != s.end => format!("{} - {}", day(lang, &s.end), day(lang, l)),
                Some(_) => day(lang, &s.end),
                None => format!("{} - ?", day(lang, &s.end)),
            };
            let mut state = match s.state {
                StageState::Planned => w.planned,
                StageState::Started => w.started,
                StageState::Obtained => w.obtained,
            }
            .to_owned();
            if let Some(n) = &s.number {
                state.push_str(&format!(" ({n})"));
            }
            if s.overdue {
                state.push_str(&format!("; {}", w.overdue));
            }
            if s.consequence.as_deref() == Some("fiktif_positif") {
                state.push_str(&format!(": {}", w.fiktif));
            }
            vec![
                Cell::from((i + 1).to_string()),
                Cell {
                    text: name(lang, s),
                    bold: s.critical,
                    alert: false,
                },
                Cell::from(time_text(w, s)),
                Cell::from(day(lang, &s.start)),
                Cell::from(issued),
                Cell {
                    text: state,
                    bold: false,
                    alert: s.overdue,
                },
            ]
        })
        .collect();
    f.table(&columns, &rows, 7.5);
    let path: Vec<String> = plan
        .critical_path
        .iter()
        .filter_map(|k| plan.stages.iter().find(|s| s.key == *k))
        .map(|s| name(lang, s))
        .collect();
    f.subheading(w.critical);
    f.paragraph(Face::Regular, 9.0, INK, &path.join(" -> "));
    if !plan.drivers.is_empty() {
        f.subheading(w.drivers);
        for d in &plan.drivers {
            let Some(s) = plan.stages.iter().find(|s| s.key == d.key) else {
                continue;
            };
            let text = if d.reason == "unknown_time" {
                format!(
                    "- {}: {} {}",
                    name(lang, s),
                    w.col_time.to_lowercase(),
                    w.unknown
                )
            } else {
                format!("- {}: {} {}", name(lang, s), d.working_days, w.days)
            };
            f.paragraph(Face::Regular, 9.0, INK, &text);
        }
    }
    f.pages
}
