//! The licence itself: the legal form against the scale, the NIB, and each activity's
//! Sertifikat Standar or Izin by its risk level.

use crate::catalog::{Kbli2025, RiskLevel, Scale};
use crate::engine::{ActivityResult, Eval, Partial, Said, Severity};
use crate::facts::EntityType;

impl Eval<'_> {
    /// Rules of the legal form against the business's scale.
    pub(super) fn entity_checks(&mut self, scale: Scale) {
        if self.facts.entity_type == EntityType::PtPerorangan
            && matches!(scale, Scale::Menengah | Scale::Besar)
        {
            let (en, id) = match scale {
                Scale::Besar => ("large", "besar"),
                _ => ("medium", "menengah"),
            };
            self.finding(
                "pt_perorangan_beyond_small",
                Severity::Error,
                said!(
                    format!(
                        "a PT perorangan is only for micro and small businesses (UU 40/2007 Art 153A(1), as amended by UU 6/2023); this business is {en}, so it must become an ordinary PT (persekutuan modal) by notarial deed, registered with the Ministry of Law (Permenkumham 21/2021 Art 17)"
                    ),
                    format!(
                        "PT perorangan hanya untuk usaha mikro dan kecil (UU 40/2007 Pasal 153A ayat (1), sebagaimana diubah UU 6/2023); usaha ini tergolong {id}, sehingga wajib berubah menjadi PT biasa (persekutuan modal) dengan akta notaris yang didaftarkan ke Kementerian Hukum (Permenkumham 21/2021 Pasal 17)"
                    )
                ),
                None,
            );
        }
    }

    pub(super) fn nib(&mut self) {
        let variant = match self.facts.entity_type {
            EntityType::Perorangan => "individual",
            // Founded by a statement filled in electronically, not by a notarial deed.
            EntityType::PtPerorangan => "pt_perorangan",
            _ => "company",
        };
        self.push(
            "nib",
            Partial {
                variant: Some(variant.to_owned()),
                because: said!(
                    "every business needs a NIB, whatever its risk level",
                    "setiap usaha wajib memiliki NIB, apa pun tingkat risikonya"
                ),
                ..Partial::default()
            },
        );
    }

    /// The permits the catalog ties to an activity's code alone (tera of fuel dispensers, …).
    pub(super) fn permits_by_code(&mut self, a: &ActivityResult, codes: &[&Kbli2025]) {
        let catalog = self.catalog;
        for rule in &catalog.data.rules.by_activity {
            if !codes
                .iter()
                .any(|k| crate::catalog::covers(&rule.prefixes, &k.code))
            {
                continue;
            }
            let label = self.label(a);
            self.push(
                &rule.permit,
                Partial {
                    activity: a.kbli.clone(),
                    // Like every permit of an activity, conditional while its risk (and so
                    // which activity it is) is not determined.
                    conditional: rule.conditional || codes.len() > 1 || a.risk.is_none(),
                    because: said!(
                        format!("{label}: {}", rule.because),
                        format!("{label}: {}", rule.alasan)
                    ),
                    unconfirmed: !self.confirmed(&rule.source),
                    ..Partial::default()
                },
            );
        }
    }

    pub(super) fn activity_permits(&mut self, a: &ActivityResult, codes: &[&Kbli2025]) {
        let (level, conditional) = match (a.risk, a.risk_candidates.last()) {
            (Some(l), _) => (l, false),
            (None, Some(&l)) => (l, true),
            (None, None) => return,
        };
        let code = a.kbli.clone().unwrap_or_else(|| a.kbli_input.clone());
        let label = self.label(a);
        let data_lists_ss = codes.iter().any(|k| {
            k.permit_types
                .iter()
                .any(|t| t.starts_with("Sertifikat Standar"))
        });
        let cond = if conditional {
            said!(
                " (if the risk is the highest candidate)",
                " (jika risikonya kandidat tertinggi)"
            )
        } else {
            said!("", "")
        };
        let issuing = a.issuing_time.clone();
        match level {
            RiskLevel::Rendah => {}
            RiskLevel::MenengahRendah | RiskLevel::MenengahTinggi => {
                let verified = level == RiskLevel::MenengahTinggi;
                self.push(
                    "sertifikat_standar",
                    Partial {
                        variant: Some(
                            if verified {
                                "verified"
                            } else {
                                "self_declared"
                            }
                            .to_owned(),
                        ),
                        activity: Some(code.clone()),
                        conditional,
                        because: said!(
                            format!(
                                "{label} is {} risk{}: NIB plus a Sertifikat Standar {}",
                                level.name(),
                                cond.en,
                                if verified {
                                    "verified by the agency"
                                } else {
                                    "by self-declaration"
                                }
                            ),
                            format!(
                                "{label} berisiko {}{}: NIB dan Sertifikat Standar {}",
                                level.name(),
                                cond.id,
                                if verified {
                                    "yang diverifikasi instansi"
                                } else {
                                    "melalui pernyataan mandiri"
                                }
                            )
                        ),
                        service_time: issuing.clone().map(|t| annex_time(&t)),
                        // The risk level that calls for it rests on its source.
                        unconfirmed: !a.risk_confirmed,
                        ..Partial::default()
                    },
                );
            }
            RiskLevel::Tinggi => {
                self.push(
                    "izin",
                    Partial {
                        activity: Some(code.clone()),
                        conditional,
                        because: said!(
                            format!(
                                "{label} is Tinggi risk{}: NIB plus an Izin after verification",
                                cond.en
                            ),
                            format!(
                                "{label} berisiko Tinggi{}: NIB dan Izin setelah verifikasi",
                                cond.id
                            )
                        ),
                        service_time: issuing.clone().map(|t| annex_time(&t)),
                        // The risk level that calls for it rests on its source.
                        unconfirmed: !a.risk_confirmed,
                        ..Partial::default()
                    },
                );
                if data_lists_ss {
                    self.push(
                        "sertifikat_standar",
                        Partial {
                            variant: Some("verified".to_owned()),
                            activity: Some(code.clone()),
                            conditional,
                            because: said!(
                                format!("the risk annex lists a Sertifikat Standar for {label} besides the Izin"),
                                format!("lampiran risiko mencantumkan Sertifikat Standar untuk {label} selain Izin")
                            ),
                            // The risk level that calls for it rests on its source.
                        unconfirmed: !a.risk_confirmed,
                        ..Partial::default()
                        },
                    );
                }
            }
        }
    }
}

/// The annex's issuing time (`30 Hari`: working days, by PP 28/2025's definition of Hari) in
/// both languages.
fn annex_time(t: &str) -> Said {
    match t.trim().split_once(' ') {
        Some((n, unit)) if unit.eq_ignore_ascii_case("hari") => said!(
            format!("{n} working days (the PP 28/2025 annex's issuing time)"),
            format!("{n} hari kerja (waktu penerbitan menurut lampiran PP 28/2025)")
        ),
        _ => said!(t, t),
    }
}
