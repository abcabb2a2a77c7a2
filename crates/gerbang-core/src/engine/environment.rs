//! The second basic requirement, the environmental approval: the document screening sets by
//! activity and size (PP 22/2021, Permen LHK 4/2021), except at low risk, where the NIB is the
//! SPPL (PP 28/2025 Art 220(2)); and the technical approval (Persetujuan Teknis) before UKL-UPL
//! or AMDAL (Art 80).

use super::{ActivityResult, Eval, Partial, Said};
use crate::catalog::{EnvironmentalDocument, Kbli2025, ScreeningRule, covers};

impl Eval<'_> {
    pub(super) fn environment(
        &mut self,
        activities: &[ActivityResult],
        resolved: &[Vec<&Kbli2025>],
    ) {
        if activities.is_empty() {
            return;
        }
        // At low risk the NIB is the SPPL (PP 28/2025 Art 220(2)), issued with it (Art 101(2)):
        // nothing to screen, nothing to apply for apart.
        if activities
            .iter()
            .all(|a| a.risk == Some(crate::catalog::RiskLevel::Rendah))
        {
            self.push(
                "persetujuan_lingkungan",
                Partial {
                    variant: Some("nib".to_owned()),
                    because: said!(
                        "environmental approval is the second basic requirement; every activity is at low risk, so the NIB itself is the SPPL (PP 28/2025 Art 220(2)), issued automatically with it (Art 101(2)): no separate application",
                        "persetujuan lingkungan adalah persyaratan dasar kedua; seluruh kegiatan berisiko rendah, sehingga NIB sekaligus menjadi SPPL (PP 28/2025 Pasal 220 ayat (2)), terbit otomatis bersamaan dengan NIB (Pasal 101 ayat (2)): tidak ada permohonan terpisah"
                    ),
                    source: Some("pp28-2025-art220".to_owned()),
                    unconfirmed: !activities.iter().all(|a| a.risk_confirmed),
                    ..Partial::default()
                },
            );
            return;
        }
        let new_building = self.facts.building.as_ref().is_some_and(|b| b.new);
        let rules = &self.catalog.data.rules.environment;
        let row = |code: &str| -> Option<&ScreeningRule> {
            rules
                .iter()
                .find(|r| covers(&r.prefixes, code) && !(r.existing_building_only && new_building))
        };
        let mut known: Vec<(String, &ScreeningRule)> = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        for (a, codes) in activities.iter().zip(resolved) {
            // An ambiguous activity is known only where every candidate has the same row.
            let rows: Vec<Option<&ScreeningRule>> = codes.iter().map(|k| row(&k.code)).collect();
            match rows.first() {
                Some(Some(first)) if rows.iter().all(|r| *r == Some(*first)) => {
                    known.push((self.label(a), first));
                }
                _ => unknown.push(self.label(a)),
            }
        }
        let document = known.iter().map(|(_, r)| r.document).max();
        if unknown.is_empty()
            && let Some(document) = document
        {
            let (variant, name) = match document {
                EnvironmentalDocument::Sppl => {
                    ("sppl", said!("an SPPL statement", "pernyataan SPPL"))
                }
                EnvironmentalDocument::UklUpl => (
                    "ukl_upl",
                    said!("UKL-UPL (leading to PKPLH)", "UKL-UPL (menghasilkan PKPLH)"),
                ),
                EnvironmentalDocument::Amdal => (
                    "amdal",
                    said!("AMDAL (leading to SKKLH)", "AMDAL (menghasilkan SKKLH)"),
                ),
            };
            let reasons = |f: fn(&ScreeningRule) -> &str| {
                known
                    .iter()
                    .map(|(label, r)| format!("{label}: {}", f(r)))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let unconfirmed = known.iter().any(|(_, r)| !self.confirmed(&r.source));
            self.push(
                "persetujuan_lingkungan",
                Partial {
                    variant: Some(variant.to_owned()),
                    because: said!(
                        format!(
                            "environmental approval is the second basic requirement; screening by activity and size sets {} ({})",
                            name.en,
                            reasons(|r| r.because.as_str())
                        ),
                        format!(
                            "persetujuan lingkungan adalah persyaratan dasar kedua; penapisan menurut jenis dan besaran kegiatan menetapkan {} ({})",
                            name.id,
                            reasons(|r| r.alasan.as_str())
                        )
                    ),
                    unconfirmed,
                    ..Partial::default()
                },
            );
            if document >= EnvironmentalDocument::UklUpl {
                self.technical_approval(said!(
                    format!("{} applies", name.en),
                    format!("{} berlaku", name.id)
                ));
            }
            return;
        }
        let list = unknown.join(", ");
        let discharging: Vec<String> = match self.catalog.data.rules.technical_approval.as_ref() {
            Some(rule) => activities
                .iter()
                .zip(resolved)
                .filter(|(_, codes)| codes.iter().any(|k| rule.covers(&k.code)))
                .map(|(a, _)| self.label(a))
                .collect(),
            None => Vec::new(),
        };
        if !discharging.is_empty() {
            let list = discharging.join(", ");
            self.technical_approval(said!(
                format!("screening sets UKL-UPL or AMDAL for {list} (an activity that usually has such discharges)"),
                format!("penapisan menetapkan UKL-UPL atau AMDAL untuk {list} (kegiatan yang lazimnya menghasilkannya)")
            ));
        }
        self.push(
            "persetujuan_lingkungan",
            Partial {
                variant: Some("screening".to_owned()),
                conditional: true,
                because: said!(
                    format!(
                        "environmental approval is the second basic requirement; its document (SPPL, UKL-UPL or AMDAL) is determined by screening the activity and its size against the lists of Permen LHK 4/2021, not by the risk level; the catalog holds no screening data for {list}. Where screening sets UKL-UPL or AMDAL and the business discharges wastewater or emissions, a Persetujuan Teknis joins it"
                    ),
                    format!(
                        "persetujuan lingkungan adalah persyaratan dasar kedua; dokumennya (SPPL, UKL-UPL atau AMDAL) ditentukan melalui penapisan jenis dan besaran kegiatan terhadap daftar Permen LHK 4/2021, bukan oleh tingkat risiko; katalog belum memuat data penapisan untuk {list}. Bila penapisan menetapkan UKL-UPL atau AMDAL dan usaha membuang air limbah atau emisi, Persetujuan Teknis menyertainya"
                    )
                ),
                ..Partial::default()
            },
        );
    }

    /// Persetujuan Teknis, always conditional on what the business discharges: an
    /// administrative requirement of the PL application by UKL-UPL or AMDAL (PP 28/2025 Art
    /// 80), applied for before it.
    fn technical_approval(&mut self, when: Said) {
        if self.items.iter().any(|i| i.id == "persetujuan_teknis") {
            return;
        }
        let Some(source) = self.catalog.data.rules.technical_approval_source.clone() else {
            return;
        };
        self.push(
            "persetujuan_teknis",
            Partial {
                conditional: true,
                because: said!(
                    format!(
                        "where {} and the business discharges wastewater, emits to the air or produces hazardous (B3) waste, a technical approval of how it meets the standards is an administrative requirement of the environmental approval's application (PP 28/2025 Art 80), applied for before it",
                        when.en
                    ),
                    format!(
                        "bila {} dan usaha membuang air limbah, mengeluarkan emisi atau menghasilkan limbah B3, persetujuan teknis pemenuhan baku mutunya menjadi persyaratan administrasi permohonan persetujuan lingkungan (PP 28/2025 Pasal 80), diajukan sebelumnya",
                        when.id
                    )
                ),
                source: Some("pp28-2025-art80".to_owned()),
                unconfirmed: !self.confirmed(&source),
                ..Partial::default()
            },
        );
    }
}
