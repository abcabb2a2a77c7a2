//! The second basic requirement, the environmental approval: the document screening sets by
//! activity and size (PP 22/2021, Permen LHK 4/2021), never by the business's risk level, and
//! the technical approval (Persetujuan Teknis) beside UKL-UPL or AMDAL.

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

    /// Persetujuan Teknis, always conditional on what the business discharges.
    fn technical_approval(&mut self, when: Said) {
        let Some(source) = self.catalog.data.rules.technical_approval_source.as_deref() else {
            return;
        };
        self.push(
            "persetujuan_teknis",
            Partial {
                conditional: true,
                because: said!(
                    format!(
                        "where {} and the business discharges wastewater to a water body or emits to the air, the environmental approval includes a technical approval of how it meets the quality standards",
                        when.en
                    ),
                    format!(
                        "bila {} dan usaha membuang air limbah ke badan air atau emisi ke udara, persetujuan lingkungan mencakup persetujuan teknis pemenuhan baku mutunya",
                        when.id
                    )
                ),
                unconfirmed: !self.confirmed(source),
                ..Partial::default()
            },
        );
    }
}
