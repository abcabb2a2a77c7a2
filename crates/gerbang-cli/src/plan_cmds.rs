//! `gerbang plan CASE_ID`: a case's licensing plan (stages, critical path, completion range),
//! and `gerbang plan mark`: record a stage applied for or issued.

use crate::local::{open_app, runtime};
use anyhow::Context as _;
use gerbang_app::Clock;
use gerbang_core::Language;
use gerbang_core::locale::long_date;
use gerbang_core::plan::{Plan, StageProgress, StageState};
use gerbang_core::wita::parse_date;
use std::path::Path;

/// The plan in words, in `lang`.
pub fn render(plan: &Plan, lang: Language) -> String {
    let id = lang == Language::Id;
    let day = |s: &str| parse_date(s).map_or_else(|| s.to_owned(), |d| long_date(d, lang));
    let name = |key: &str| {
        plan.stages
            .iter()
            .find(|s| s.key == key)
            .map_or_else(|| key.to_owned(), |s| s.name_in(lang))
    };
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(if id {
        format!(
            "Rencana perizinan (dari {}, hari kerja WITA)",
            day(&plan.today)
        )
    } else {
        format!(
            "Licensing plan (from {}, WITA working days)",
            day(&plan.today)
        )
    });
    // An unknown time is not zero: no date while one is, and each such stage named.
    let unknown: Vec<String> = plan
        .completion
        .unknown
        .iter()
        .map(|k| {
            plan.stages
                .iter()
                .find(|s| &s.key == k)
                .map_or_else(|| k.clone(), |s| s.unknown_name_in(lang))
        })
        .collect();
    let open = || {
        if id {
            format!(
                "belum dapat ditentukan (waktu tidak diketahui: {})",
                unknown.join(", ")
            )
        } else {
            format!("not known yet (unknown time: {})", unknown.join(", "))
        }
    };
    let earliest = plan.completion.earliest.as_deref().map_or_else(open, day);
    let latest = plan.completion.latest.as_deref().map_or_else(open, day);
    line(if id {
        format!("Selesai paling cepat {earliest}; paling lambat {latest}")
    } else {
        format!("Complete at the earliest {earliest}; at the latest {latest}")
    });
    line(if id {
        format!(
            "Waktu yang diatur sepanjang jalur terpanjang: {} hari kerja",
            plan.completion.known_working_days
        )
    } else {
        format!(
            "Regulated time along the longest chain: {} working days",
            plan.completion.known_working_days
        )
    });
    for (i, s) in plan.stages.iter().enumerate() {
        let n = |v: Option<u32>| v.map_or_else(|| "?".to_owned(), |v| v.to_string());
        let days = match (s.working_days.min, s.working_days.max) {
            (None, None) if id => "waktu layanan tidak diketahui".to_owned(),
            (None, None) => "service time unknown".to_owned(),
            (Some(0), Some(0)) if id => "hari yang sama".to_owned(),
            (Some(0), Some(0)) => "same day".to_owned(),
            (Some(a), Some(b)) if a == b && id => format!("{a} hari kerja"),
            (Some(a), Some(b)) if a == b => format!("{a} working days"),
            (None, Some(b)) if id => format!("paling lama {b} hari kerja"),
            (None, Some(b)) => format!("at most {b} working days"),
            (a, b) if id => format!("{}–{} hari kerja", n(a), n(b)),
            (a, b) => format!("{}–{} working days", n(a), n(b)),
        };
        let mut flags = Vec::new();
        if s.working_days.max.is_some() && !s.confirmed {
            flags.push(if id {
                "BELUM TERKONFIRMASI"
            } else {
                "UNCONFIRMED"
            });
        }
        if s.critical {
            flags.push(if id { "JALUR KRITIS" } else { "CRITICAL" });
        }
        match s.state {
            StageState::Started => flags.push(if id { "DIAJUKAN" } else { "APPLIED" }),
            StageState::Obtained => flags.push(if id { "TERBIT" } else { "ISSUED" }),
            StageState::Planned => {}
        }
        if s.overdue {
            flags.push(if id {
                "LEWAT BATAS WAKTU"
            } else {
                "PAST ITS LIMIT"
            });
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        line(format!("{:>2}. {}: {days}{flags}", i + 1, name(&s.key)));
        let end = match &s.latest_end {
            Some(l) if *l != s.end => format!("{} – {}", day(&s.end), day(l)),
            Some(_) => day(&s.end),
            None => format!("{} – ?", day(&s.end)),
        };
        line(if id {
            format!("    mulai {} · terbit {end}", day(&s.start))
        } else {
            format!("    start {} · issued {end}", day(&s.start))
        });
        if !s.depends_on.is_empty() {
            let after: Vec<String> = s.depends_on.iter().map(|k| name(k)).collect();
            line(if id {
                format!("    setelah: {}", after.join(", "))
            } else {
                format!("    after: {}", after.join(", "))
            });
        }
        if let Some(w) = &s.work {
            let what = if id { &w.name } else { &w.name_en };
            line(match (w.days, id) {
                (Some(d), true) => {
                    format!("    {what} sebelumnya: {d} hari kerja (perkiraan Anda)")
                }
                (Some(d), false) => format!("    {what} first: {d} working days (your estimate)"),
                (None, true) => format!(
                    "    {what} sebelumnya: belum diperkirakan (isi perkiraan Anda dengan `gerbang plan mark`, opsi --prep-days)"
                ),
                (None, false) => format!(
                    "    {what} first: not estimated yet (give your estimate with `gerbang plan mark`, option --prep-days)"
                ),
            });
        }
        for p in &s.parts {
            let limit = match (p.max, p.calendar, id) {
                (Some(d), true, true) => format!("paling lama {d} hari kalender"),
                (Some(d), true, false) => format!("at most {d} calendar days"),
                (Some(d), false, true) => format!("paling lama {d} hari kerja"),
                (Some(1), false, false) => "at most 1 working day".to_owned(),
                (Some(d), false, false) => format!("at most {d} working days"),
                (None, _, true) => "jangka waktu tidak diatur di sini".to_owned(),
                (None, _, false) => "period not set here".to_owned(),
            };
            let article = p
                .article
                .as_deref()
                .map_or_else(String::new, |a| format!(" ({a})"));
            line(format!(
                "    · {}: {limit}{article}",
                if id { &p.name } else { &p.name_en }
            ));
        }
        if let Some(n) = &s.number {
            line(if id {
                format!("    nomor: {n}")
            } else {
                format!("    number: {n}")
            });
        }
        if s.consequence.as_deref() == Some("fiktif_positif") {
            line(if id {
                "    melewati batas waktu layanan: menurut PP 28/2025 permohonan dianggap disetujui (fiktif positif, Pasal 225 dan 230)".to_owned()
            } else {
                "    past its service-level limit: under PP 28/2025 the application is deemed approved (fiktif positif, Art 225 and 230)".to_owned()
            });
        }
    }
    let path: Vec<String> = plan.critical_path.iter().map(|k| name(k)).collect();
    line(if id {
        format!("Jalur kritis: {}", path.join(" → "))
    } else {
        format!("Critical path: {}", path.join(" → "))
    });
    if !plan.drivers.is_empty() {
        line(
            if id {
                "Yang paling menggeser tanggal:"
            } else {
                "What moves the date most:"
            }
            .to_owned(),
        );
        for d in &plan.drivers {
            line(match (d.reason.as_str(), id) {
                ("unknown_time", true) => {
                    format!("  - {}: waktu layanan tidak diketahui", name(&d.key))
                }
                ("unknown_time", false) => format!("  - {}: service time unknown", name(&d.key)),
                (_, true) => format!(
                    "  - {}: {} hari kerja di jalur kritis",
                    name(&d.key),
                    d.working_days
                ),
                (_, false) => format!(
                    "  - {}: {} working days on the critical path",
                    name(&d.key),
                    d.working_days
                ),
            });
        }
    }
    out
}

fn date_arg(flag: &str, s: Option<&str>) -> anyhow::Result<Option<time::Date>> {
    s.map(|s| parse_date(s).ok_or_else(|| anyhow::anyhow!("{flag} {s:?} is not a date YYYY-MM-DD")))
        .transpose()
}

/// Prints `plan` as JSON or in words.
fn print(plan: &Plan, json: bool) -> anyhow::Result<()> {
    if json {
        let text = serde_json::to_string_pretty(plan).context("cannot write JSON")?;
        out!("{text}");
    } else {
        out_part!("{}", render(plan, crate::words::language()));
    }
    Ok(())
}

/// `gerbang plan CASE_ID [--json] [--as-of DATE]`.
pub fn show(data_dir: &Path, id: &str, json: bool, as_of: Option<&str>) -> anyhow::Result<()> {
    let clock = date_arg("--as-of", as_of)?.map_or(Clock::Wita, Clock::Fixed);
    runtime()?.block_on(async {
        let app = open_app(data_dir).await?.with_clock(clock);
        print(&app.case_plan(id).await?, json)
    })
}

/// `gerbang review plan CASE_ID [--json]`: a filed case's plan on an officer's desk.
pub fn review(data_dir: &Path, id: &str, json: bool) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let app = open_app(data_dir).await?;
        let plan = app.filed_case_plan(id).await;
        print(&plan?, json)
    })
}

/// `gerbang plan mark CASE_ID KEY --state …`: records a stage, then prints the plan again.
pub fn mark(data_dir: &Path, id: &str, progress: StageProgress) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let app = open_app(data_dir).await?;
        app.set_stage_progress(id, &progress).await?;
        let plan = app.case_plan(id).await?;
        out_part!("{}", render(&plan, crate::words::language()));
        Ok(())
    })
}
