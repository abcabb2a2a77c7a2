//! The first basic requirement, spatial suitability: KKPR on land (self-declared by a micro
//! business at low risk, Konfirmasi or Persetujuan for others) and PKKPRL for the use of sea space.

use super::{ActivityResult, Eval, Partial, Said, Severity};
use crate::catalog::{Kbli2025, Scale};
use crate::facts::SpatialPlan;

impl Eval<'_> {
    /// KKPR on land (PP 28/2025 Art 15): a micro business at low risk declares it itself
    /// (Art 32); any other business gets a Konfirmasi where an RDTR integrated with OSS covers
    /// the location (Art 17) or a Persetujuan, with its PNBP, where none does (Art 18-19).
    pub(super) fn kkpr(&mut self, scale: Scale, activities: &[ActivityResult]) {
        use crate::catalog::RiskLevel::Rendah;
        let low = |a: &ActivityResult| a.risk == Some(Rendah);
        // Low risk is possible where the annex has no single level but lists it, or none.
        let maybe_low = |a: &ActivityResult| {
            a.risk.is_none()
                && (a.risk_candidates.is_empty() || a.risk_candidates.contains(&Rendah))
        };
        let micro = scale == Scale::Mikro;
        let all_low = !activities.is_empty() && activities.iter().all(low);
        let could_be_low = micro
            && !all_low
            && !activities.is_empty()
            && activities.iter().all(|a| low(a) || maybe_low(a));
        if micro
            && all_low
            && let Some(source) = self.catalog.data.rules.kkpr_umk_source.clone()
        {
            let risk_confirmed = activities.iter().all(|a| a.risk_confirmed);
            self.push(
                "kkpr",
                Partial {
                    variant: Some("pernyataan_mandiri".to_owned()),
                    because: said!(
                        "spatial suitability is the first basic requirement; a micro business whose activities are all at low risk declares it itself in OSS (pernyataan mandiri, PP 28/2025 Art 32)",
                        "kesesuaian kegiatan pemanfaatan ruang adalah persyaratan dasar pertama; usaha mikro yang seluruh kegiatannya berisiko rendah menyatakannya sendiri di OSS (pernyataan mandiri, PP 28/2025 Pasal 32)"
                    ),
                    source: Some(source),
                    unconfirmed: !risk_confirmed,
                    ..Partial::default()
                },
            );
            return;
        }
        let who = if micro {
            said!(
                "a micro business declares it itself only where every activity is at low risk (Art 32); ",
                "usaha mikro menyatakannya sendiri hanya bila seluruh kegiatannya berisiko rendah (Pasal 32); "
            )
        } else {
            let en = scale.name_en().to_lowercase();
            said!(
                format!(
                    "a {en} business does not declare it itself (Art 32 is for micro businesses at low risk); "
                ),
                format!(
                    "usaha {} tidak menyatakannya sendiri (Pasal 32 hanya untuk usaha mikro berisiko rendah); ",
                    scale.name()
                )
            )
        };
        let (variant, known, source, why) = match self.facts.spatial_plan {
            Some(SpatialPlan::Rdtr) => (
                "konfirmasi",
                true,
                Some("pp28-2025-art17"),
                said!(
                    "a detailed zoning plan (RDTR) integrated with OSS covers the location: OSS issues a Konfirmasi KKPR automatically (Art 17)",
                    "lokasi tercakup Rencana Detail Tata Ruang (RDTR) yang terintegrasi dengan OSS: Konfirmasi KKPR terbit otomatis melalui OSS (Pasal 17)"
                ),
            ),
            Some(SpatialPlan::NoRdtr) => (
                "persetujuan",
                true,
                Some("pp28-2025-art18"),
                said!(
                    "no detailed zoning plan (RDTR) covers the location: a Persetujuan KKPR (Art 18), whose PNBP fee is paid within 7 calendar days of its payment order (Art 19)",
                    "lokasi tidak tercakup Rencana Detail Tata Ruang (RDTR): Persetujuan KKPR (Pasal 18), dengan PNBP yang dibayar paling lama 7 hari kalender sejak surat perintah setor (Pasal 19)"
                ),
            ),
            Some(SpatialPlan::Other) => (
                "rekomendasi",
                true,
                None,
                said!(
                    "neither an RDTR nor a spatial plan approval applies to the location",
                    "lokasi tidak tercakup RDTR maupun persetujuan rencana tata ruang"
                ),
            ),
            None => (
                "undetermined",
                false,
                None,
                said!(
                    "the form depends on whether an RDTR covers the location (not given)",
                    "bentuknya bergantung pada ada tidaknya RDTR di lokasi (belum diisi)"
                ),
            ),
        };
        if !known {
            self.finding(
                "kkpr_form_unknown",
                Severity::Warning,
                said!(
                    "the form of KKPR depends on whether a detailed zoning plan (RDTR) integrated with OSS covers the location: a Konfirmasi if it does (PP 28/2025 Art 17), a Persetujuan with its PNBP fee if not (Art 18-19); give spatial_plan",
                    "bentuk KKPR bergantung pada ada tidaknya Rencana Detail Tata Ruang (RDTR) yang terintegrasi dengan OSS di lokasi: Konfirmasi bila ada (PP 28/2025 Pasal 17), Persetujuan dengan PNBP bila tidak (Pasal 18-19); isi rencana tata ruang lokasi"
                ),
                None,
            );
        }
        if could_be_low {
            self.finding(
                "kkpr_self_declared_if_low_risk",
                Severity::Warning,
                said!(
                    "a micro business declares its KKPR itself only where its risk is low (PP 28/2025 Art 32), and the risk of an activity here is not determined: if it is low, the KKPR is a pernyataan mandiri; otherwise the form below applies",
                    "usaha mikro menyatakan KKPR sendiri hanya bila risikonya rendah (PP 28/2025 Pasal 32), dan risiko kegiatan di sini belum dapat ditentukan: bila rendah, KKPR berupa pernyataan mandiri; bila tidak, berlaku bentuk di bawah ini"
                ),
                None,
            );
        }
        self.push(
            "kkpr",
            Partial {
                variant: Some(variant.to_owned()),
                conditional: !known || could_be_low,
                because: said!(
                    format!(
                        "spatial suitability is the first basic requirement; {}{}",
                        who.en, why.en
                    ),
                    format!(
                        "kesesuaian kegiatan pemanfaatan ruang adalah persyaratan dasar pertama; {}{}",
                        who.id, why.id
                    )
                ),
                source: source.map(str::to_owned),
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
        // A jetty of one's own (not a port business): a terminal for own interest (TUKS).
        let port_business = resolved
            .iter()
            .flatten()
            .any(|k| k.code.starts_with("5222"));
        if declared && !port_business {
            self.push(
                "tuks",
                Partial {
                    conditional: true,
                    because: said!(
                        "the business uses sea space and is not itself a port business: a jetty that serves its own business is a terminal for own interest (TUKS), which needs the Ministry of Transportation's approval to build and to operate",
                        "usaha memanfaatkan ruang laut dan bukan usaha kepelabuhanan: dermaga untuk menunjang usahanya sendiri adalah Terminal untuk Kepentingan Sendiri (TUKS), yang memerlukan persetujuan pembangunan dan pengoperasian dari Kementerian Perhubungan"
                    ),
                    ..Partial::default()
                },
            );
        }
    }
}
