//! The third basic requirement, the building: PBG for a new building, SLF for any, and the
//! traffic impact study (Andalalin) a new building of some uses and sizes needs first.

use super::Severity;
use super::{ActivityResult, Eval, Partial, Said};
use crate::catalog::{AndalalinMeasure, AndalalinRule, Kbli2025};

impl Eval<'_> {
    /// Whether the business trades or serves in a shared building or complex whose manager
    /// holds the basic requirements, so it meets none itself (PP 28/2025 Art 13); says so, or
    /// why the declaration does not apply.
    pub(super) fn managed_premises(
        &mut self,
        activities: &[ActivityResult],
        resolved: &[Vec<&Kbli2025>],
    ) -> bool {
        if self.facts.shared_premises != Some(true) {
            return false;
        }
        // Trade and services: KBLI sections G onwards (not farming, mining, manufacturing,
        // utilities or construction).
        let others: Vec<String> = activities
            .iter()
            .zip(resolved)
            .filter(|(_, codes)| codes.is_empty() || codes.iter().any(|k| k.section.as_str() < "G"))
            .map(|(a, _)| self.label(a))
            .collect();
        if !others.is_empty() {
            let list = others.join(", ");
            self.finding(
                "shared_premises_not_trade",
                Severity::Warning,
                said!(
                    format!("a business in a managed building or complex is spared the basic requirements only for trade and services (PP 28/2025 Art 13); {list} is neither, so they apply"),
                    format!("usaha di bangunan atau komplek yang dikelola bebas dari persyaratan dasar hanya untuk perdagangan dan jasa (PP 28/2025 Pasal 13); {list} bukan keduanya, sehingga persyaratan dasar tetap berlaku")
                ),
                None,
            );
            return false;
        }
        self.finding(
            "shared_premises",
            Severity::Info,
            said!(
                "the business trades or serves in a shared building or complex whose manager holds KKPR, PL, PBG and/or SLF: it need not meet the basic requirements itself and goes straight to its licence (PP 28/2025 Art 13); ask the manager for their numbers",
                "usaha perdagangan/jasa di bangunan atau komplek yang dipakai bersama dan pengelolanya telah memiliki KKPR, PL, PBG dan/atau SLF: tidak perlu memenuhi persyaratan dasar sendiri dan langsung ke perizinan berusahanya (PP 28/2025 Pasal 13); mintalah nomornya kepada pengelola"
            ),
            None,
        );
        true
    }

    pub(super) fn buildings(&mut self, activities: &[ActivityResult], resolved: &[Vec<&Kbli2025>]) {
        let Some(b) = self.facts.building.clone() else {
            return;
        };

        if b.new {
            self.andalalin(activities, resolved, b.floor_area_m2);
            let mut extra = Vec::new();
            if b.floors > 1 {
                extra.push(said!(
                    "Structural calculation (a building of more than 1 floor)",
                    "Perhitungan struktur (bangunan lebih dari 1 lantai)"
                ));
            }
            if b.floors > 2 {
                extra.push(said!(
                    "Soil investigation (a building of more than 2 floors)",
                    "Penyelidikan tanah (bangunan lebih dari 2 lantai)"
                ));
            }
            self.push(
                "pbg",
                Partial {
                    because: said!(
                        format!(
                            "a new building ({} {}, {} m²) needs a building approval before construction",
                            b.floors,
                            if b.floors == 1 { "floor" } else { "floors" },
                            b.floor_area_m2
                        ),
                        format!(
                            "bangunan baru ({} lantai, {} m²) memerlukan Persetujuan Bangunan Gedung sebelum dibangun",
                            b.floors, b.floor_area_m2
                        )
                    ),
                    extra_documents: extra,
                    ..Partial::default()
                },
            );
        }
        if b.new {
            self.push(
                "slf",
                Partial {
                    variant: Some("new".to_owned()),
                    because: said!(
                        "the new building needs a certificate of fitness for use once built (PP 28/2025 Art 10(1)(b)-(c): PBG, then construction)",
                        "bangunan baru memerlukan Sertifikat Laik Fungsi setelah selesai dibangun (PP 28/2025 Pasal 10 ayat (1) huruf b-c: PBG, lalu pembangunan)"
                    ),
                    ..Partial::default()
                },
            );
            return;
        }
        // A building already standing needs no PBG, even without IMB/PBG: its SLF is applied
        // for with the licence (Art 123), unless it already holds one.
        self.push(
            "slf",
            Partial {
                variant: Some("existing".to_owned()),
                conditional: true,
                because: said!(
                    "the building already stands: it needs no PBG, even without an IMB or PBG, and its certificate of fitness for use is applied for with the business licence (PP 28/2025 Art 123), unless it already holds one",
                    "bangunan sudah berdiri: tidak perlu PBG, sekalipun belum memiliki IMB atau PBG, dan Sertifikat Laik Fungsinya diajukan bersama permohonan perizinan berusaha (PP 28/2025 Pasal 123), kecuali bila sudah memilikinya"
                ),
                source: Some("pp28-2025-art123".to_owned()),
                ..Partial::default()
            },
        );
    }

    /// Andalalin for a new building whose use (by its activities) the catalog's thresholds
    /// cover: required from the floor area where that is the measure, conditional where the
    /// measure is one the facts do not hold (rooms, seats, beds).
    fn andalalin(&mut self, activities: &[ActivityResult], resolved: &[Vec<&Kbli2025>], area: f64) {
        let rules = &self.catalog.data.rules.andalalin;
        let mut required: Vec<Said> = Vec::new();
        let mut maybe: Vec<Said> = Vec::new();
        let mut sources: Vec<&str> = Vec::new();
        for (a, codes) in activities.iter().zip(resolved) {
            // The most specific rule wins: the longest prefix that covers the code.
            let Some(rule): Option<&AndalalinRule> = codes.first().and_then(|k| {
                rules
                    .iter()
                    .filter_map(|r| {
                        let len = r
                            .prefixes
                            .iter()
                            .filter(|p| k.code.starts_with(p.as_str()))
                            .map(String::len)
                            .max()?;
                        Some((len, r))
                    })
                    .max_by_key(|(len, _)| *len)
                    .map(|(_, r)| r)
            }) else {
                continue;
            };
            let label = self.label(a);
            sources.push(&rule.source);
            let threshold = rule.threshold;
            match rule.measure {
                AndalalinMeasure::FloorAreaM2 if area >= threshold => required.push(said!(
                    format!("{label}: a new {} building of {area} m² (the study is needed from {threshold} {})", rule.usage_en, rule.unit_en),
                    format!("{label}: bangunan baru {} seluas {area} m² (Andalalin wajib mulai {threshold} {})", rule.usage, rule.unit)
                )),
                AndalalinMeasure::FloorAreaM2 => {}
                AndalalinMeasure::Other => maybe.push(said!(
                    format!("{label}: needed for a new {} from {threshold} {} (the facts do not say how many)", rule.usage_en, rule.unit_en),
                    format!("{label}: wajib untuk {} baru mulai {threshold} {} (jumlahnya belum diisi)", rule.usage, rule.unit)
                )),
            }
        }
        if required.is_empty() && maybe.is_empty() {
            return;
        }
        let conditional = required.is_empty();
        let reasons = if conditional { maybe } else { required };
        let join = |f: fn(&Said) -> &str| reasons.iter().map(f).collect::<Vec<_>>().join("; ");
        let unconfirmed = sources.iter().any(|s| !self.confirmed(s));
        self.push(
            "andalalin",
            Partial {
                conditional,
                because: said!(
                    format!(
                        "a building that generates traffic needs an approved traffic impact study before its building approval: {}",
                        join(|s| s.en.as_str())
                    ),
                    format!(
                        "bangunan yang menimbulkan bangkitan lalu lintas wajib memiliki persetujuan analisis dampak lalu lintas sebelum PBG: {}",
                        join(|s| s.id.as_str())
                    )
                ),
                unconfirmed,
                ..Partial::default()
            },
        );
    }
}
