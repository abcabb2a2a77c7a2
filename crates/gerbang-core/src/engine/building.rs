//! The third basic requirement, the building: PBG for a new building, SLF for any, and the
//! traffic impact study (Andalalin) a new building of some uses and sizes needs first.

use super::{ActivityResult, Eval, Partial, Said};
use crate::catalog::{AndalalinMeasure, AndalalinRule, Kbli2025, covers};

impl Eval<'_> {
    pub(super) fn buildings(&mut self, activities: &[ActivityResult], resolved: &[Vec<&Kbli2025>]) {
        let Some(b) = self.facts.building.clone() else {
            return;
        };
        if b.new {
            self.andalalin(activities, resolved, b.floor_area_m2);
            let mut extra = Vec::new();
            if b.floors > 1 {
                extra.push("Perhitungan struktur (bangunan lebih dari 1 lantai)".to_owned());
            }
            if b.floors > 2 {
                extra.push("Penyelidikan tanah (bangunan lebih dari 2 lantai)".to_owned());
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
        self.push(
            "slf",
            Partial {
                because: if b.new {
                    said!(
                        "the new building needs a certificate of fitness for use once built",
                        "bangunan baru memerlukan Sertifikat Laik Fungsi setelah selesai dibangun"
                    )
                } else {
                    said!(
                        "the building used must hold a certificate of fitness for use",
                        "bangunan yang digunakan harus memiliki Sertifikat Laik Fungsi"
                    )
                },
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
            let Some(rule): Option<&AndalalinRule> = codes
                .first()
                .and_then(|k| rules.iter().find(|r| covers(&r.prefixes, &k.code)))
            else {
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
