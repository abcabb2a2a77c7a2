//! The activities' KBLI codes: each input code resolved to KBLI 2025 (directly or across the
//! 2020 crosswalk), its risk level from the catalog (never guessed), and the edition change.

use crate::catalog::{Kbli2025, RiskLevel, Scale};
use crate::engine::{ActivityResult, Eval, FactsError, KbliChoice, Said, Severity};
use crate::facts::KbliEdition;
use crate::problem::Problem;
use crate::search::KbliIndex;

impl<'a> Eval<'a> {
    /// The KBLI 2025 codes an input code stands for (one, or several via the crosswalk).
    pub(super) fn resolve_kbli(
        &mut self,
        i: usize,
        activity: &crate::facts::Activity,
        index: &KbliIndex,
    ) -> Result<Vec<&'a Kbli2025>, FactsError> {
        let code = activity.kbli.as_str();
        let unknown = |edition: KbliEdition| {
            let suggestions: Vec<String> = index
                .nearest(code, Some(edition), 5)
                .into_iter()
                .map(|h| h.code)
                .collect();
            let problem = Problem::new(
                "kbli_unknown",
                format!(
                    "KBLI {code} is not a five-digit code of KBLI {}",
                    edition.year()
                ),
            )
            .with("code", code)
            .with("edition", edition.year())
            .with("activity", i + 1)
            .with("suggestions", suggestions.join(", "));
            FactsError {
                suggestions,
                ..FactsError::new(format!("activities[{i}].kbli"), problem)
            }
        };
        let chosen = activity
            .kbli_2025
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        match self.facts.kbli_edition {
            KbliEdition::K2025 => {
                if let Some(c) = chosen {
                    return Err(FactsError::new(
                        format!("activities[{i}].kbli_2025"),
                        Problem::new(
                            "kbli_choice_not_2020",
                            format!(
                                "a KBLI 2025 choice ({c}) is only for an activity given in KBLI 2020; this case is in KBLI 2025"
                            ),
                        )
                        .with("code", c)
                        .with("activity", i + 1),
                    ));
                }
                self.catalog
                    .kbli2025(code)
                    .map(|k| vec![k])
                    .ok_or_else(|| unknown(KbliEdition::K2025))
            }
            KbliEdition::K2020 => {
                if self
                    .catalog
                    .kbli2020(code)
                    .is_none_or(|k| k.code.len() != 5)
                {
                    return Err(unknown(KbliEdition::K2020));
                }
                let mut codes = self.catalog.kbli2025_for_2020(code);
                if let Some(c) = chosen {
                    let Some(one) = codes.iter().copied().find(|k| k.code == c) else {
                        let list = codes
                            .iter()
                            .map(|k| k.code.as_str())
                            .collect::<Vec<_>>()
                            .join(", ");
                        return Err(FactsError {
                            suggestions: codes.iter().map(|k| k.code.clone()).collect(),
                            ..FactsError::new(
                                format!("activities[{i}].kbli_2025"),
                                Problem::new(
                                    "kbli_choice_not_candidate",
                                    format!(
                                        "KBLI 2025 {c} is not one of the codes KBLI 2020 {code} became ({list})"
                                    ),
                                )
                                .with("choice", c)
                                .with("code", code)
                                .with("list", &list)
                                .with("activity", i + 1),
                            )
                        });
                    };
                    if codes.len() > 1 {
                        self.finding(
                            "kbli_chosen",
                            Severity::Info,
                            said!(
                                format!("KBLI 2020 {code} became several KBLI 2025 codes; the applicant chose {} ({})", one.code, one.title),
                                format!("KBLI 2020 {code} menjadi beberapa kode KBLI 2025; pemohon memilih {} ({})", one.code, one.title),
                            ),
                            Some(code),
                        );
                    }
                    return Ok(vec![one]);
                }
                // KBLI 2025 added intermediation and platform activities (56400, 95400,
                // 43400, 47901, …) as extra successors of many 2020 codes; they are a new kind
                // of business, not what the 2020 code described. Where only one successor is
                // left without them, that is the activity's own.
                let (platforms, own): (Vec<&Kbli2025>, Vec<&Kbli2025>) =
                    codes.iter().partition(|k| is_intermediation(k));
                if codes.len() > 1 && own.len() == 1 && !platforms.is_empty() {
                    let one = own[0];
                    let others = platforms
                        .iter()
                        .map(|k| format!("{} ({})", k.code, k.title))
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.finding(
                        "kbli_crosswalk_intermediation",
                        Severity::Info,
                        said!(
                            format!("KBLI 2020 {code} is KBLI 2025 {} ({}); the crosswalk also lists {others}, an intermediation or platform activity KBLI 2025 added: add it as an activity of its own only if the business runs one", one.code, one.title),
                            format!("KBLI 2020 {code} adalah KBLI 2025 {} ({}); tabel padanan juga mencantumkan {others}, kegiatan intermediasi atau platform yang ditambahkan KBLI 2025: tambahkan sebagai kegiatan tersendiri hanya bila usaha menjalankannya", one.code, one.title),
                        ),
                        Some(code),
                    );
                    codes = vec![one];
                    return Ok(codes);
                }
                match codes.as_slice() {
                    [] => self.finding(
                        "kbli_not_in_crosswalk",
                        Severity::Warning,
                        said!(
                            format!("KBLI 2020 {code} has no KBLI 2025 equivalent in the crosswalk; its risk cannot be determined: confirm the code with the licensing office"),
                            format!("KBLI 2020 {code} tidak memiliki padanan KBLI 2025 dalam tabel padanan; risikonya tidak dapat ditentukan: konfirmasikan kodenya ke DPMPTSP"),
                        ),
                        Some(code),
                    ),
                    [one] => self.finding(
                        "kbli_crosswalk",
                        Severity::Info,
                        said!(
                            format!("KBLI 2020 {code} is KBLI 2025 {} ({}; change: {})", one.code, one.title, one.change),
                            format!("KBLI 2020 {code} adalah KBLI 2025 {} ({}; perubahan: {})", one.code, one.title, one.change),
                        ),
                        Some(code),
                    ),
                    many => {
                        let list = many.iter().map(|k| k.code.as_str()).collect::<Vec<_>>().join(", ");
                        self.finding(
                            "kbli_ambiguous",
                            Severity::Warning,
                            said!(
                                format!("KBLI 2020 {code} became several KBLI 2025 codes ({list}): choose the one that describes the activity; the case is not ready to file until then"),
                                format!("KBLI 2020 {code} menjadi beberapa kode KBLI 2025 ({list}): pilih yang menggambarkan kegiatan usahanya; kasus belum siap diajukan sebelum dipilih"),
                            ),
                            Some(code),
                        )
                    }
                }
                Ok(codes)
            }
        }
    }

    pub(super) fn activity(
        &mut self,
        a: &crate::facts::Activity,
        codes: &[&Kbli2025],
        scale: Scale,
    ) -> ActivityResult {
        let mut levels: Vec<RiskLevel> = codes
            .iter()
            .flat_map(|k| {
                k.risk
                    .iter()
                    .filter(|r| r.scale == scale)
                    .flat_map(|r| r.levels.iter().copied())
            })
            .collect();
        levels.sort();
        levels.dedup();
        let label = codes.first().map_or(a.kbli.as_str(), |k| k.code.as_str());
        let with_data = codes
            .iter()
            .all(|k| k.risk.iter().any(|r| r.scale == scale));
        let (risk, risk_candidates) = match levels.as_slice() {
            // One code with one level, or several candidates that all have the same one.
            [one] if codes.len() == 1 || with_data => (Some(*one), Vec::new()),
            [] => {
                if !codes.is_empty() {
                    self.finding(
                        "risk_undetermined",
                        Severity::Warning,
                        said!(
                            format!(
                                "risk not determined: the risk annex has no level for KBLI {label} at scale {}; confirm with the licensing office",
                                scale.name()
                            ),
                            format!(
                                "risiko tidak ditentukan: lampiran risiko tidak memuat tingkat risiko KBLI {label} untuk skala {}; konfirmasikan ke DPMPTSP",
                                scale.name()
                            ),
                        ),
                        Some(label),
                    );
                }
                (None, Vec::new())
            }
            many => {
                let names: Vec<&str> = many.iter().map(|l| l.name()).collect();
                let question = if codes.len() > 1 {
                    said!(
                        "which KBLI 2025 code the activity is",
                        "kode KBLI 2025 mana yang sesuai dengan kegiatannya"
                    )
                } else {
                    match a.land_area_m2 {
                        Some(area) => said!(
                            format!(
                                "the parameter the PP 28/2025 annex sets for this KBLI (e.g. land area, here {area} m², or capacity): confirm which band applies"
                            ),
                            format!(
                                "parameter yang ditetapkan lampiran PP 28/2025 untuk KBLI ini (mis. luas lahan, di sini {area} m², atau kapasitas): konfirmasikan rentang yang berlaku"
                            ),
                        ),
                        None => said!(
                            "the parameter the PP 28/2025 annex sets for this KBLI (e.g. land area or production capacity): give the land area and confirm the band",
                            "parameter yang ditetapkan lampiran PP 28/2025 untuk KBLI ini (mis. luas lahan atau kapasitas produksi): isi luas lahan dan konfirmasikan rentangnya",
                        ),
                    }
                };
                let missing = if with_data {
                    said!("", "")
                } else {
                    said!(
                        " (and some candidates have no data at this scale)",
                        " (dan sebagian kandidat tidak memiliki data untuk skala ini)"
                    )
                };
                let (scale_name, names, highest) = (
                    scale.name(),
                    names.join(", "),
                    many.last().map_or("", |l| l.name()),
                );
                self.finding(
                    "risk_depends_on_parameters",
                    Severity::Warning,
                    said!(
                        format!(
                            "risk not determined for KBLI {label} at scale {scale_name}: it is one of {names}{}; the checklist includes the requirements of {highest} as conditional. What decides it: {}",
                            missing.en, question.en
                        ),
                        format!(
                            "risiko KBLI {label} untuk skala {scale_name} belum dapat ditentukan: salah satu dari {names}{}; daftar perizinan memuat persyaratan tingkat {highest} sebagai bersyarat. Penentunya: {}",
                            missing.id, question.id
                        ),
                    ),
                    Some(label),
                );
                (None, many.to_vec())
            }
        };
        let first = codes.first();
        ActivityResult {
            kbli_input: a.kbli.clone(),
            kbli: (codes.len() == 1).then(|| codes[0].code.clone()),
            kbli_candidates: if codes.len() > 1 {
                codes.iter().map(|k| k.code.clone()).collect()
            } else {
                Vec::new()
            },
            title: first.map_or_else(
                || {
                    self.catalog
                        .kbli2020(&a.kbli)
                        .map(|k| k.title.clone())
                        .unwrap_or_default()
                },
                |k| k.title.clone(),
            ),
            risk,
            risk_candidates,
            issuing_time: first
                .and_then(|k| k.issuing_times.iter().find(|t| t.as_str() != "-").cloned()),
            location: a.location.clone(),
            risk_confirmed: self.risk_source_confirmed.unwrap_or_else(|| {
                // Older bundles: each code's own source covered its risk too.
                first
                    .and_then(|k| self.catalog.source(&k.source))
                    .is_some_and(|s| s.confirmed)
            }),
            kbli_choices: if codes.len() > 1 {
                codes
                    .iter()
                    .map(|k| {
                        let mut risk_levels: Vec<RiskLevel> = k
                            .risk
                            .iter()
                            .filter(|r| r.scale == scale)
                            .flat_map(|r| r.levels.iter().copied())
                            .collect();
                        risk_levels.sort();
                        risk_levels.dedup();
                        KbliChoice {
                            code: k.code.clone(),
                            title: k.title.clone(),
                            risk_levels,
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// A case on KBLI 2020: the edition KBLI 2025 replaced, with the codes to use instead.
    pub(super) fn previous_edition(&mut self, resolved: &[Vec<&Kbli2025>]) {
        let proposals: Vec<String> = self
            .facts
            .activities
            .iter()
            .zip(resolved)
            .map(|(a, codes)| {
                let to: Vec<&str> = codes.iter().map(|k| k.code.as_str()).collect();
                if to.is_empty() {
                    format!("{} → ?", a.kbli)
                } else {
                    format!("{} → {}", a.kbli, to.join(" / "))
                }
            })
            .collect();
        let list = proposals.join("; ");
        self.finding(
            "kbli_2020_previous_edition",
            Severity::Warning,
            said!(
                format!(
                    "KBLI 2020 is the previous edition: KBLI 2025 (Peraturan BPS 7/2025) replaces it and OSS asks for KBLI 2025 codes (the changeover dates rest on secondary sources, unconfirmed). The KBLI 2025 codes for this case: {list}"
                ),
                format!(
                    "KBLI 2020 adalah edisi sebelumnya: KBLI 2025 (Peraturan BPS 7/2025) menggantikannya dan OSS meminta kode KBLI 2025 (tanggal peralihannya bersumber sekunder, belum terkonfirmasi). Kode KBLI 2025 untuk kasus ini: {list}"
                )
            ),
            None,
        );
    }
}

/// A KBLI 2025 activity of intermediation or of a digital platform (its BPS title says so).
fn is_intermediation(k: &Kbli2025) -> bool {
    let title = k.title.to_lowercase();
    title.contains("intermediasi") || title.contains("platform digital")
}
