//! PB UMKU, the licences that support a business activity (health, halal, reklame, …), by the
//! activity's KBLI division and the facts that trigger them.

use crate::catalog::{Kbli2025, RiskLevel, Scale};
use crate::engine::{ActivityResult, Eval, Partial, Said, Severity};
use time::{Date, Month};

impl Eval<'_> {
    pub(super) fn pb_umku(
        &mut self,
        activities: &[ActivityResult],
        resolved: &[Vec<&Kbli2025>],
        scale: Scale,
        as_of: Date,
    ) {
        let division = |k: &&Kbli2025| k.code.get(..2).map(str::to_owned).unwrap_or_default();
        // SLHS: food service, and the places the health standard lists beside it (a
        // drinking-water depot, 11052).
        let slhs_rule = self.catalog.data.rules.slhs.as_ref();
        let food_service: Vec<String> = resolved
            .iter()
            .flatten()
            .filter(|k| slhs_rule.map_or(division(k) == "56", |r| r.covers(&k.code)))
            .map(|k| k.code.clone())
            .fold(Vec::new(), |mut v, c| {
                if !v.contains(&c) {
                    v.push(c);
                }
                v
            });
        let mut food_and_drink: Vec<String> = Vec::new();
        for k in resolved.iter().flatten() {
            // One code at two locations is one kind of product.
            if matches!(division(k).as_str(), "10" | "11" | "56")
                && !food_and_drink.contains(&k.code)
            {
                food_and_drink.push(k.code.clone());
            }
        }
        if !food_service.is_empty() {
            self.push(
                "slhs",
                Partial {
                    because: said!(
                        format!(
                            "food service and drinking-water depots ({}) need a hygiene and sanitation certificate to operate",
                            food_service.join(", ")
                        ),
                        format!(
                            "kegiatan penyediaan makanan dan depot air minum ({}) memerlukan Sertifikat Laik Higiene Sanitasi untuk beroperasi",
                            food_service.join(", ")
                        )
                    ),
                    ..Partial::default()
                },
            );
        }
        // Products made from what is not halal are exempt from certification and must say
        // so on the product instead (UU 33/2014 Art 26): by their activity (the catalog's
        // list: pork, alcoholic drinks) or by the applicant's own declaration.
        let declared = self.facts.non_halal == Some(true);
        let listed = |code: &str| self.catalog.data.non_halal.iter().find(|n| n.code == code);
        let (exempt, food_and_drink): (Vec<String>, Vec<String>) = food_and_drink
            .into_iter()
            .partition(|code| declared || listed(code).is_some());
        if !exempt.is_empty() {
            let (why_en, why_id): (Vec<String>, Vec<String>) = exempt
                .iter()
                .map(|code| match listed(code) {
                    Some(n) => (
                        format!("{code}: {}", n.because),
                        format!("{code}: {}", n.alasan),
                    ),
                    None => (
                        format!("{code}: declared by the applicant"),
                        format!("{code}: dinyatakan oleh pemohon"),
                    ),
                })
                .unzip();
            self.finding(
                "halal_exempt_non_halal",
                Severity::Info,
                said!(
                    format!(
                        "products that are not halal ({}) need no halal certificate, but must carry the statement \"tidak halal\" on the product (UU 33/2014 Art 26, unconfirmed)",
                        why_en.join("; ")
                    ),
                    format!(
                        "produk yang tidak halal ({}) tidak memerlukan sertifikat halal, tetapi wajib mencantumkan keterangan \"tidak halal\" pada produknya (UU 33/2014 Pasal 26, belum terkonfirmasi)",
                        why_id.join("; ")
                    )
                ),
                None,
            );
        }
        if !food_and_drink.is_empty() {
            let small = scale <= Scale::Kecil;
            // The staged obligation: medium and large businesses' first period ended on 17
            // October 2024, micro and small businesses' ends on 17 October 2026; certification
            // is required from the next day.
            let from = if small {
                Date::from_calendar_date(2026, Month::October, 18)
            } else {
                Date::from_calendar_date(2024, Month::October, 18)
            }
            .unwrap_or(as_of);
            self.halal_from = Some(from);
            let (from_en, from_id) = (
                crate::locale::long_date(from, crate::locale::Language::En),
                crate::locale::long_date(from, crate::locale::Language::Id),
            );
            // A micro or small business at low risk: its NIB is also its halal assurance
            // statement (PP 28/2025 Art 234(2)(b)), and the certificate comes by the
            // self-declare route, with a Pendamping PPH rather than a Penyelia Halal.
            let food_codes = food_and_drink.clone();
            let self_declare = small
                && activities
                    .iter()
                    .zip(resolved)
                    .filter(|(_, codes)| codes.iter().any(|k| food_codes.contains(&k.code)))
                    .all(|(a, _)| a.risk == Some(RiskLevel::Rendah));
            if self_declare {
                self.push(
                    "halal",
                    Partial {
                        variant: Some("self_declare".to_owned()),
                        because: said!(
                            format!(
                                "food and drink activities ({}) of a micro or small business at low risk: the NIB is also its halal assurance statement (PP 28/2025 Art 234(2)(b)), and the halal certificate is obtained by self-declaration, accompanied by a Pendamping Proses Produk Halal (not a Penyelia Halal); the obligation applies from {from_en}",
                                food_and_drink.join(", ")
                            ),
                            format!(
                                "kegiatan makanan dan minuman ({}) usaha mikro atau kecil berisiko rendah: NIB berlaku juga sebagai pernyataan jaminan halal (PP 28/2025 Pasal 234 ayat (2) huruf b), dan sertifikat halal diperoleh melalui pernyataan pelaku usaha (self declare) dengan pendampingan Pendamping Proses Produk Halal (bukan Penyelia Halal); kewajibannya berlaku sejak {from_id}",
                                food_and_drink.join(", ")
                            )
                        ),
                        source: Some("pp28-2025-art234".to_owned()),
                        // The route's details and the deadline rest on secondary sources.
                        unconfirmed: true,
                        ..Partial::default()
                    },
                );
            } else {
                // The halal permit's own record carries its (secondary) source status.
                self.push(
                "halal",
                Partial {
                    because: said!(
                        format!(
                            "food and drink activities ({}) must be halal certified; for {} businesses the obligation applies from {from_en}",
                            food_and_drink.join(", "),
                            if small { "micro and small" } else { "medium and large" }
                        ),
                        format!(
                            "kegiatan makanan dan minuman ({}) wajib bersertifikat halal; bagi usaha {} kewajibannya berlaku sejak {from_id}",
                            food_and_drink.join(", "),
                            if small { "mikro dan kecil" } else { "menengah dan besar" }
                        )
                    ),
                    ..Partial::default()
                },
            );
            }
            if as_of >= from {
                self.finding(
                    "halal_obligation_in_force",
                    Severity::Warning,
                    said!(
                        format!("the halal certification obligation for this business has applied since {from_en}: obtain it before selling"),
                        format!("kewajiban sertifikasi halal untuk usaha ini berlaku sejak {from_id}: urus sertifikatnya sebelum berjualan")
                    ),
                    None,
                );
            }
        }
    }

    pub(super) fn reklame(&mut self) {
        if let Some(b) = self.facts.billboard.clone() {
            self.push(
                "reklame",
                Partial {
                    variant: Some(if b.permanent { "permanent" } else { "temporary" }.to_owned()),
                    because: if b.permanent {
                        said!(
                            "a permanent billboard in Balikpapan needs a reklame permit, a PBG for its structure and advertising tax",
                            "reklame permanen di Balikpapan memerlukan izin reklame, PBG untuk konstruksinya, dan pajak reklame"
                        )
                    } else {
                        said!(
                            "a billboard in Balikpapan needs a reklame permit and advertising tax",
                            "reklame di Balikpapan memerlukan izin reklame dan pajak reklame"
                        )
                    },
                    ..Partial::default()
                },
            );
        }
    }
}
