//! `gerbang check FACTS.json`: the checklist, readable or as JSON.

use crate::catalog_or_err;
use anyhow::Context as _;
use gerbang_core::Language;
use gerbang_core::engine::{Checklist, evaluate};
use gerbang_core::facts::Facts;
use gerbang_core::format_rupiah;
use gerbang_core::plan::plan;
use gerbang_core::schemas::CheckOutput;
use gerbang_core::service_time::HolidayCalendar;
use gerbang_core::wita::today;
use std::path::Path;

/// Reads a JSON file (facts, profile, …), naming the field that is wrong.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        if field == "." {
            anyhow::anyhow!("{}: {inner}", path.display())
        } else {
            anyhow::anyhow!("{}: {field}: {inner}", path.display())
        }
    })
}

/// Reads and checks a facts file, naming the field that is wrong.
pub fn read_facts(path: &Path) -> anyhow::Result<Facts> {
    read_json(path)
}

fn as_of(arg: Option<&str>) -> anyhow::Result<time::Date> {
    match arg {
        None => Ok(today()),
        Some(s) => time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
            .with_context(|| format!("--as-of {s:?} is not a date YYYY-MM-DD")),
    }
}

/// Runs `gerbang check`.
pub fn run(path: &Path, json: bool, as_of_arg: Option<&str>, lang: Language) -> anyhow::Result<()> {
    let facts = read_facts(path)?;
    let catalog = catalog_or_err()?;
    let index = gerbang_catalog::index()?;
    let day = as_of(as_of_arg)?;
    let checklist =
        evaluate(&facts, catalog, index, day).with_context(|| path.display().to_string())?;
    // The plan counts working days with the days off the catalog publishes.
    let calendar = HolidayCalendar::default().with(catalog.holiday_dates());
    let plan = plan(&checklist, catalog, &calendar, &[], day);
    if json {
        let text = serde_json::to_string_pretty(&CheckOutput { checklist, plan })
            .context("cannot write JSON")?;
        out!("{text}");
    } else {
        out_part!("{}", render(&checklist, &facts, &catalog.label(), lang));
        out_part!("\n{}", crate::plan_cmds::render(&plan, lang));
    }
    Ok(())
}

/// The readable output's labels in one language.
struct Labels {
    heading: &'static str,
    as_of: &'static str,
    scale: &'static str,
    capital: &'static str,
    activities: &'static str,
    risk: &'static str,
    undetermined: &'static str,
    one_of: &'static str,
    obtain: &'static str,
    because: &'static str,
    basis: &'static str,
    issuer: &'static str,
    time: &'static str,
    documents: &'static str,
    conditional: &'static str,
    unconfirmed: &'static str,
    findings: &'static str,
    next_due: &'static str,
    place: &'static str,
    choose: &'static str,
    error: &'static str,
    warning: &'static str,
    info: &'static str,
    lkpm_none: &'static str,
    lkpm_semiannual: &'static str,
    lkpm_quarterly: &'static str,
    basis_short: &'static str,
    quote: &'static str,
}

const EN: Labels = Labels {
    heading: "Gerbang checklist (catalog",
    as_of: "as of",
    scale: "Scale",
    capital: "capital",
    activities: "Activities",
    risk: "risk",
    undetermined: "NOT DETERMINED (confirm with the licensing office)",
    one_of: "NOT DETERMINED: one of",
    obtain: "What to obtain, in order:",
    because: "because",
    basis: "legal basis",
    issuer: "issuer",
    time: "service time",
    documents: "documents",
    conditional: "CONDITIONAL",
    unconfirmed: "UNCONFIRMED",
    findings: "Findings:",
    next_due: "next due",
    place: "location",
    choose: "choose one (facts: activities[].kbli_2025)",
    error: "Error",
    warning: "Warning",
    info: "Info",
    lkpm_none: "not required",
    lkpm_semiannual: "every 6 months",
    lkpm_quarterly: "every quarter",
    basis_short: "basis",
    quote: "the article's words",
};

const ID: Labels = Labels {
    heading: "Daftar perizinan Gerbang (katalog",
    as_of: "per",
    scale: "Skala",
    capital: "modal",
    activities: "Kegiatan usaha",
    risk: "risiko",
    undetermined: "TIDAK DITENTUKAN (konfirmasi ke DPMPTSP)",
    one_of: "TIDAK DITENTUKAN: salah satu dari",
    obtain: "Yang harus diurus, berurutan:",
    because: "alasan",
    basis: "dasar hukum",
    issuer: "penerbit",
    time: "waktu layanan",
    documents: "dokumen",
    conditional: "BERSYARAT",
    unconfirmed: "BELUM TERKONFIRMASI",
    findings: "Temuan:",
    next_due: "jatuh tempo berikutnya",
    place: "lokasi",
    choose: "pilih salah satu (isian: activities[].kbli_2025)",
    error: "Kesalahan",
    warning: "Peringatan",
    info: "Informasi",
    lkpm_none: "tidak wajib",
    lkpm_semiannual: "setiap 6 bulan",
    lkpm_quarterly: "setiap triwulan",
    basis_short: "dasar",
    quote: "bunyi pasal",
};

/// The checklist as people read it, in `lang` (the engine's texts in that language where the
/// checklist has them).
pub fn render(c: &Checklist, facts: &Facts, catalog_label: &str, lang: Language) -> String {
    use std::fmt::Write;
    let (l, id) = match lang {
        Language::Id => (&ID, true),
        Language::En => (&EN, false),
    };
    let say = |en: &str, indonesian: &str| -> String {
        if id && !indonesian.is_empty() {
            indonesian.to_owned()
        } else {
            en.to_owned()
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {catalog_label}, {} {} WITA)",
        l.heading, l.as_of, c.as_of
    );
    let _ = writeln!(
        out,
        "{}: {:?} - {} ({} {})",
        l.scale,
        c.scale,
        say(&c.scale_because, &c.alasan_skala),
        l.capital,
        format_rupiah(facts.business_capital_idr)
    );
    let _ = writeln!(out, "\n{} (KBLI {}):", l.activities, c.kbli_edition.year());
    for (a, input) in c.activities.iter().zip(&facts.activities) {
        let mut risk = match (&a.risk, a.risk_candidates.as_slice()) {
            (Some(r), _) => r.name().to_owned(),
            (None, []) => l.undetermined.to_owned(),
            (None, many) => format!(
                "{} {}",
                l.one_of,
                many.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ")
            ),
        };
        if (a.risk.is_some() || !a.risk_candidates.is_empty()) && !a.risk_confirmed {
            risk.push_str(&format!(" [{}]", l.unconfirmed));
        }
        let code = a
            .kbli
            .clone()
            .unwrap_or_else(|| format!("{} -> {}", a.kbli_input, a.kbli_candidates.join("/")));
        let _ = writeln!(out, "  {code} {}\n    {}: {risk}", a.title, l.risk);
        let _ = writeln!(
            out,
            "    {}: {}, {}",
            l.place,
            input.location.as_deref().unwrap_or("-"),
            input.city()
        );
        if !a.kbli_choices.is_empty() {
            let _ = writeln!(out, "    {}:", l.choose);
            for k in &a.kbli_choices {
                let levels: Vec<&str> = k.risk_levels.iter().map(|r| r.name()).collect();
                let levels = if levels.is_empty() {
                    l.undetermined.to_owned()
                } else {
                    levels.join(", ")
                };
                let _ = writeln!(out, "      {} {} ({}: {levels})", k.code, k.title, l.risk);
            }
        }
    }
    let _ = writeln!(out, "\n{}", l.obtain);
    for (i, p) in c.permits.iter().enumerate() {
        let mut flags = Vec::new();
        if let Some(v) = p
            .variant
            .as_deref()
            .and_then(|v| gerbang_core::locale::variant_name(v, lang))
        {
            flags.push(v.to_owned());
        }
        if let Some(a) = &p.activity {
            flags.push(format!("KBLI {a}"));
        }
        if p.conditional {
            flags.push(l.conditional.to_owned());
        }
        if !p.confirmed {
            flags.push(l.unconfirmed.to_owned());
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        let _ = writeln!(out, "  {}. {}{flags}", i + 1, p.name_in(lang));
        let _ = writeln!(out, "     {}: {}", l.because, say(&p.because, &p.alasan));
        let basis = if id {
            p.legal_basis.clone()
        } else {
            gerbang_core::locale::article_en(&p.legal_basis)
        };
        let _ = writeln!(out, "     {}: {basis}", l.basis);
        if let Some(q) = &p.quote {
            let _ = writeln!(out, "     {}: \"{q}\"", l.quote);
        }
        let _ = writeln!(out, "     {}: {}", l.issuer, p.issuer_in(lang));
        if let Some(t) = p.service_time_in(lang) {
            let _ = writeln!(out, "     {}: {t}", l.time);
        }
        let documents = p.documents_in(lang);
        if !documents.is_empty() {
            let _ = writeln!(out, "     {}: {}", l.documents, documents.join("; "));
        }
    }
    if !c.findings.is_empty() {
        let _ = writeln!(out, "\n{}", l.findings);
        for f in &c.findings {
            let severity = match f.severity {
                gerbang_core::engine::Severity::Error => l.error,
                gerbang_core::engine::Severity::Warning => l.warning,
                gerbang_core::engine::Severity::Info => l.info,
            };
            let _ = writeln!(out, "  [{severity}] {}", say(&f.message, &f.pesan));
        }
    }
    let frequency = match c.lkpm.frequency {
        gerbang_core::engine::LkpmFrequency::None => l.lkpm_none,
        gerbang_core::engine::LkpmFrequency::Semiannual => l.lkpm_semiannual,
        gerbang_core::engine::LkpmFrequency::Quarterly => l.lkpm_quarterly,
    };
    let _ = writeln!(
        out,
        "\nLKPM: {frequency}{} - {} ({}: {}{})",
        if c.lkpm.due_dates.is_empty() {
            String::new()
        } else {
            format!(", {} {}", l.next_due, c.lkpm.due_dates.join(", "))
        },
        say(&c.lkpm.because, &c.lkpm.alasan),
        l.basis_short,
        say(&c.lkpm.legal_basis, &c.lkpm.dasar_hukum),
        if c.lkpm.confirmed {
            String::new()
        } else {
            format!(", {}", l.unconfirmed)
        }
    );
    out
}
