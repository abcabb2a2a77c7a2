//! The first basic requirement, spatial suitability: KKPR on land (self-declared by micro and
//! small businesses, Konfirmasi or Persetujuan for others) and PKKPRL for the use of sea space.

use super::{ActivityResult, Eval, Partial, Said, Severity};
use crate::catalog::{Kbli2025, Scale};
use crate::facts::SpatialPlan;

impl Eval<'_> {
    pub(super) fn kkpr(&mut self, scale: Scale) {
        let rules = &self.catalog.data.rules;
        if scale <= Scale::Kecil
            && let Some(source) = rules.kkpr_umk_source.as_deref()
        {
            self.push(
                "kkpr",
                Partial {
                    variant: Some("umk".to_owned()),
                    because: said!(
                        format!(
                            "spatial suitability is the first basic requirement; a {} business declares it itself (pernyataan mandiri) in OSS, with no PNBP fee",
                            scale.name()
                        ),
                        format!(
                            "kesesuaian kegiatan pemanfaatan ruang adalah persyaratan dasar pertama; usaha {} menyatakannya sendiri (pernyataan mandiri) di OSS, tanpa PNBP",
                            scale.name()
                        )
                    ),
                    legal_basis: Some(
                        "PP 28/2025, persyaratan dasar (1) KKPR; PP 21/2021: pernyataan mandiri pelaku UMK, tanpa PNBP".to_owned(),
                    ),
                    unconfirmed: !self.confirmed(source),
                    ..Partial::default()
                },
            );
            return;
        }
        let (variant, conditional, why) = match self.facts.spatial_plan {
            Some(SpatialPlan::Rdtr) => (
                "konfirmasi",
                false,
                said!(
                    "a detailed zoning plan (RDTR) covers the location",
                    "lokasi tercakup Rencana Detail Tata Ruang (RDTR)"
                ),
            ),
            Some(SpatialPlan::NoRdtr) => (
                "persetujuan",
                false,
                said!(
                    "no detailed zoning plan (RDTR) covers the location: a Persetujuan KKPR (PKKPR), with its PNBP fee",
                    "lokasi tidak tercakup Rencana Detail Tata Ruang (RDTR): Persetujuan KKPR (PKKPR), dengan PNBP-nya"
                ),
            ),
            Some(SpatialPlan::Other) => (
                "rekomendasi",
                false,
                said!(
                    "neither an RDTR nor a spatial plan approval applies to the location",
                    "lokasi tidak tercakup RDTR maupun persetujuan rencana tata ruang"
                ),
            ),
            None => (
                "undetermined",
                true,
                said!(
                    "the form depends on whether an RDTR covers the location (not given)",
                    "bentuknya bergantung pada ada tidaknya RDTR di lokasi (belum diisi)"
                ),
            ),
        };
        if conditional {
            self.finding(
                "kkpr_form_unknown",
                Severity::Warning,
                said!(
                    "the form of KKPR depends on whether a detailed zoning plan (RDTR) covers the location: Konfirmasi if it does, Persetujuan (with its PNBP fee) if not; give spatial_plan",
                    "bentuk KKPR bergantung pada ada tidaknya Rencana Detail Tata Ruang (RDTR) di lokasi: Konfirmasi bila ada, Persetujuan (dengan PNBP) bila tidak; isi rencana tata ruang lokasi"
                ),
                None,
            );
        }
        self.push(
            "kkpr",
            Partial {
                variant: Some(variant.to_owned()),
                conditional,
                because: said!(
                    format!("spatial suitability is the first basic requirement; {}", why.en),
                    format!(
                        "kesesuaian kegiatan pemanfaatan ruang adalah persyaratan dasar pertama; {}",
                        why.id
                    )
                ),
                ..Partial::default()
            },
        );
    }

    /// PKKPRL, where the business uses sea space: by its own declaration, or (conditional on
    /// it) by an activity that usually does.
    pub(super) fn sea_space(&mut self, activities: &[ActivityResult], resolved: &[Vec<&Kbli2025>]) {
        let Some(rule) = self.catalog.data.rules.sea_space.as_ref() else {
            return;
        };
        if self.facts.sea_space == Some(false) {
            return;
        }
        let marine: Vec<String> = activities
            .iter()
            .zip(resolved)
            .filter(|(_, codes)| codes.iter().any(|k| rule.covers(&k.code)))
            .map(|(a, _)| self.label(a))
            .collect();
        let declared = self.facts.sea_space == Some(true);
        if !declared && marine.is_empty() {
            return;
        }
        let because = if declared {
            said!(
                "the business uses sea space (a jetty, a floating structure or mariculture): KKPR at sea is a Persetujuan KKPR Laut from the Ministry of Marine Affairs and Fisheries, with its PNBP fee",
                "usaha memanfaatkan ruang laut (dermaga, bangunan terapung atau budidaya laut): KKPR di laut berupa Persetujuan KKPR Laut dari Kementerian Kelautan dan Perikanan, dengan PNBP-nya"
            )
        } else {
            let list = marine.join(", ");
            said!(
                format!(
                    "{list} usually uses sea space (a jetty, a floating structure or mariculture): if it does, KKPR at sea is a Persetujuan KKPR Laut, with its PNBP fee; say whether it does"
                ),
                format!(
                    "{list} lazimnya memanfaatkan ruang laut (dermaga, bangunan terapung atau budidaya laut): bila ya, KKPR di laut berupa Persetujuan KKPR Laut, dengan PNBP-nya; nyatakan apakah usaha memanfaatkannya"
                )
            )
        };
        self.push(
            "pkkprl",
            Partial {
                conditional: !declared,
                because,
                unconfirmed: !self.confirmed(&rule.source),
                ..Partial::default()
            },
        );
    }
}
