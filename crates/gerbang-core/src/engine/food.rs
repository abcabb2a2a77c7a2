//! Food made to be sold and the shops that sell it: SPP-IRT for micro and small home food
//! production, BPOM registration for processed food SPP-IRT does not cover, and Balikpapan's
//! own rules on where a minimarket may open.

use super::{ActivityResult, Eval, Partial, Said};
use crate::catalog::{Kbli2025, Scale};
use crate::facts::DEFAULT_CITY;

impl Eval<'_> {
    pub(super) fn food_production(
        &mut self,
        activities: &[ActivityResult],
        resolved: &[Vec<&Kbli2025>],
        scale: Scale,
    ) {
        let rules = &self.catalog.data.rules;
        let (Some(irt), Some(bpom)) = (rules.spp_irt.as_ref(), rules.bpom.as_ref()) else {
            return;
        };
        let small = scale <= Scale::Kecil;
        let home = self.facts.home_industry;
        for (a, codes) in activities.iter().zip(resolved) {
            let Some(k) = codes.first() else { continue };
            if codes.len() > 1 || !(irt.covers(&k.code) || bpom.covers(&k.code)) {
                continue;
            }
            let label = self.label(a);
            let code = k.code.clone();
            let irt_fits = irt.covers(&k.code) && small;
            if irt_fits && home != Some(false) {
                self.push(
                    "spp_irt",
                    Partial {
                        activity: Some(code.clone()),
                        conditional: home.is_none(),
                        because: if home == Some(true) {
                            said!(
                                format!("{label} is food produced at home by a {} business: it is sold under an SPP-IRT number, issued through OSS", scale.name()),
                                format!("{label} adalah pangan produksi rumah tangga usaha {}: diedarkan dengan nomor SPP-IRT yang diterbitkan melalui OSS", scale.name())
                            )
                        } else {
                            said!(
                                format!("{label}: if the food is produced at home (industri rumah tangga), a {} business sells it under an SPP-IRT number; say whether it is", scale.name()),
                                format!("{label}: bila pangan diproduksi di rumah (industri rumah tangga), usaha {} mengedarkannya dengan nomor SPP-IRT; nyatakan apakah demikian", scale.name())
                            )
                        },
                        unconfirmed: !self.confirmed(&irt.source),
                        ..Partial::default()
                    },
                );
            }
            if !bpom.covers(&k.code) || (irt_fits && home == Some(true)) {
                continue;
            }
            let why = if irt.covers(&k.code) && !small {
                said!(
                    format!(
                        "SPP-IRT is only for micro and small producers; this business is {}",
                        scale.name()
                    ),
                    format!(
                        "SPP-IRT hanya untuk produsen mikro dan kecil; usaha ini {}",
                        scale.name()
                    )
                )
            } else if !irt.covers(&k.code) {
                said!(
                    format!("SPP-IRT does not cover {} ({})", k.code, k.title),
                    format!("SPP-IRT tidak mencakup {} ({})", k.code, k.title)
                )
            } else {
                said!(
                    "the food is not produced at home",
                    "pangan tidak diproduksi di rumah"
                )
            };
            self.push(
                "izin_edar_bpom",
                Partial {
                    activity: Some(code),
                    conditional: true,
                    because: said!(
                        format!("{label}: processed food sold in retail packaging needs a BPOM registration number (MD) when {}", why.en),
                        format!("{label}: pangan olahan dalam kemasan eceran wajib memiliki nomor izin edar BPOM (MD) bila {}", why.id)
                    ),
                    unconfirmed: !self.confirmed(&bpom.source),
                    ..Partial::default()
                },
            );
        }
    }

    /// Balikpapan's rules on the location of self-service shops, for such a shop in the city.
    pub(super) fn minimarket(
        &mut self,
        activities: &[ActivityResult],
        resolved: &[Vec<&Kbli2025>],
    ) {
        let Some(rule) = self.catalog.data.rules.minimarket.as_ref() else {
            return;
        };
        let shops: Vec<(String, String)> = self
            .facts
            .activities
            .iter()
            .zip(activities)
            .zip(resolved)
            .filter(|((f, _), codes)| {
                f.city() == DEFAULT_CITY && codes.iter().any(|k| rule.covers(&k.code))
            })
            .map(|((_, a), codes)| (self.label(a), codes[0].code.clone()))
            .collect();
        for (label, code) in shops {
            let because: Said = said!(
                format!(
                    "{label} is a self-service shop in Kota Balikpapan: the city's rules set where one may open (its distance from traditional markets, the zones allowed) and a partnership with local small businesses; check them before signing a lease (the rules' text is not yet in the catalog)"
                ),
                format!(
                    "{label} adalah toko swalayan di Kota Balikpapan: aturan kota menetapkan lokasi yang diperbolehkan (jarak dari pasar rakyat, zona) dan kemitraan dengan UMKM setempat; periksa sebelum menyewa tempat (teks aturannya belum dimuat katalog)"
                )
            );
            self.push(
                "minimarket_lokasi",
                Partial {
                    activity: Some(code),
                    conditional: true,
                    because,
                    unconfirmed: !self.confirmed(&rule.source),
                    ..Partial::default()
                },
            );
        }
    }
}
