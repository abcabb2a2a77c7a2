//! The rules for foreign investment (PMA): a PT, the paid-up capital, and the minimum
//! investment counted the way Perka BKPM 5/2025 Art 26 groups activities (the catalog's table).

use super::{Eval, PMA_MIN_INVESTMENT_IDR, PMA_MIN_PAID_UP_IDR, Said, Severity};
use crate::catalog::{Kbli2025, PmaCountedPer, PmaGroupRule, covers};
use crate::facts::EntityType;
use crate::money::format_rupiah;

/// Regencies and cities around Balikpapan (and the capital region) whose names in a location
/// mean it is not in Kota Balikpapan: lower case, word by word, with the name as written.
const ELSEWHERE: &[(&[&str], &str)] = &[
    (&["samarinda"], "Samarinda"),
    (&["bontang"], "Bontang"),
    (&["penajam"], "Penajam"),
    (&["ppu"], "PPU"),
    (&["sepaku"], "Sepaku"),
    (&["ikn"], "IKN"),
    (&["kutai"], "Kutai"),
    (&["kukar"], "Kukar"),
    (&["tenggarong"], "Tenggarong"),
    (&["paser"], "Paser"),
    (&["tanah", "grogot"], "Tanah Grogot"),
    (&["berau"], "Berau"),
    (&["mahakam", "ulu"], "Mahakam Ulu"),
    (&["sangatta"], "Sangatta"),
];

/// Places in Kota Balikpapan whose names hold another city's (the kelurahan Gunung Samarinda
/// and Gunung Samarinda Baru, in Balikpapan Utara).
const IN_BALIKPAPAN: &[&[&str]] = &[&["gunung", "samarinda"]];

impl Eval<'_> {
    /// A location that names a place outside Kota Balikpapan, with no `city`, is not counted
    /// into the city silently: a warning asks which kabupaten/kota it is in.
    pub(super) fn locations(&mut self) {
        let f = self.facts;
        for (i, a) in f.activities.iter().enumerate() {
            if a.city.as_deref().is_some_and(|c| !c.trim().is_empty()) {
                continue;
            }
            let Some(location) = a.location.as_deref() else {
                continue;
            };
            let lower = location.to_lowercase();
            let words: Vec<&str> = lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let named = |name: &[&str]| words.windows(name.len()).any(|w| w == name);
            if words.contains(&"balikpapan") || IN_BALIKPAPAN.iter().any(|p| named(p)) {
                continue;
            }
            let Some((_, place)) = ELSEWHERE.iter().find(|(name, _)| named(name)) else {
                continue;
            };
            self.finding(
                "location_outside_city",
                Severity::Warning,
                said!(
                    format!("activities[{i}]: the location {location:?} names {place}, outside Kota Balikpapan, but no city is given: it is counted as Kota Balikpapan until you give the kabupaten/kota (city), which also decides who issues its permits"),
                    format!("activities[{i}]: lokasi {location:?} menyebut {place}, di luar Kota Balikpapan, tetapi kabupaten/kota belum diisi: dihitung sebagai Kota Balikpapan sampai kabupaten/kota diisi, yang juga menentukan siapa penerbit izinnya")
                ),
                None,
            );
        }
    }

    pub(super) fn pma_checks(&mut self, resolved: &[Vec<&Kbli2025>]) {
        let f = self.facts;
        if f.entity_type != EntityType::Pt {
            self.finding(
                "pma_entity_type",
                Severity::Error,
                said!(
                    "a PMA (foreign investment) business must be a Perseroan Terbatas (PT)",
                    "usaha PMA (penanaman modal asing) harus berbentuk Perseroan Terbatas (PT)"
                ),
                None,
            );
        }
        match f.paid_up_capital_idr {
            None => self.finding(
                "pma_paid_up_capital_missing",
                Severity::Warning,
                said!(
                    format!("paid-up capital not given: a PMA company needs at least {} paid up (Perka BKPM 5/2025 Art 26(10), unconfirmed)", format_rupiah(PMA_MIN_PAID_UP_IDR)),
                    format!("modal disetor belum diisi: perusahaan PMA wajib menyetor paling sedikit {} (Perka BKPM 5/2025 Pasal 26 ayat (10), belum terkonfirmasi)", format_rupiah(PMA_MIN_PAID_UP_IDR))
                ),
                None,
            ),
            Some(p) if p < PMA_MIN_PAID_UP_IDR => self.finding(
                "pma_paid_up_capital",
                Severity::Error,
                said!(
                    format!("paid-up capital {} is below the PMA minimum of {} (Perka BKPM 5/2025 Art 26(10), unconfirmed)", format_rupiah(p), format_rupiah(PMA_MIN_PAID_UP_IDR)),
                    format!("modal disetor {} di bawah minimum PMA {} (Perka BKPM 5/2025 Pasal 26 ayat (10), belum terkonfirmasi)", format_rupiah(p), format_rupiah(PMA_MIN_PAID_UP_IDR))
                ),
                None,
            ),
            Some(_) => {}
        }
        self.pma_minimum(resolved);
        let construction: Vec<&str> = resolved
            .iter()
            .flatten()
            .filter(|k| matches!(k.code.get(..2), Some("41" | "42" | "43")))
            .map(|k| k.code.as_str())
            .collect();
        if !construction.is_empty() {
            self.finding(
                "pma_construction_large_qualification",
                Severity::Warning,
                said!(
                    format!("a construction business with foreign capital (KBLI {}) must hold the large (besar) qualification in its business-entity certificate (SBU): BUJK PMA may not work at small or medium qualification (UU 2/2017 on construction services and its regulations; secondary sources, unconfirmed)", construction.join(", ")),
                    format!("usaha jasa konstruksi dengan modal asing (KBLI {}) wajib memiliki kualifikasi besar pada Sertifikat Badan Usaha (SBU): BUJK PMA tidak dapat berusaha pada kualifikasi kecil atau menengah (UU 2/2017 tentang jasa konstruksi dan peraturan pelaksanaannya; sumber sekunder, belum terkonfirmasi)", construction.join(", "))
                ),
                None,
            );
        }
    }

    /// Groups the activities the way Art 26 counts the minimum investment (the catalog's
    /// table), and checks each group's total against it.
    fn pma_minimum(&mut self, resolved: &[Vec<&Kbli2025>]) {
        let f = self.facts;
        let table = self.catalog.data.rules.pma_investment.as_ref();
        let minimum = table
            .as_ref()
            .map_or(PMA_MIN_INVESTMENT_IDR, |t| t.minimum_idr);
        let general = PmaGroupRule {
            id: "general".to_owned(),
            prefixes: Vec::new(),
            digits: 5,
            per: PmaCountedPer::Location,
            counts_land: false,
            article: "Art 26(2)".to_owned(),
            rule: "per 5-digit KBLI per project location".to_owned(),
            aturan: "per KBLI 5 digit per lokasi proyek".to_owned(),
        };
        let mut groups: Vec<PmaGroup> = Vec::new();
        for (a, codes) in f.activities.iter().zip(resolved) {
            let Some(k) = codes.first() else { continue };
            let rule = table
                .as_ref()
                .and_then(|t| {
                    t.groups
                        .iter()
                        .find(|g| g.prefixes.is_empty() || covers(&g.prefixes, &k.code))
                })
                .unwrap_or(&general);
            let digits = k.code.get(..rule.digits).unwrap_or(&k.code);
            let city = a.city();
            let key = match rule.per {
                PmaCountedPer::Code => said!(format!("KBLI {digits}"), format!("KBLI {digits}")),
                PmaCountedPer::City => said!(
                    format!("KBLI {digits} in {city}"),
                    format!("KBLI {digits} di {city}")
                ),
                PmaCountedPer::Location => {
                    let place = a
                        .location
                        .as_deref()
                        .map(str::trim)
                        .filter(|l| !l.is_empty());
                    match place {
                        Some(l) => said!(
                            format!("KBLI {digits} at {l}, {city}"),
                            format!("KBLI {digits} di {l}, {city}")
                        ),
                        None => said!(
                            format!("KBLI {digits} at a location not given, {city}"),
                            format!("KBLI {digits} di lokasi yang belum diisi, {city}")
                        ),
                    }
                }
            };
            let amount = a.investment_idr.unwrap_or(0)
                + if rule.counts_land {
                    a.land_and_buildings_idr.unwrap_or(0)
                } else {
                    0
                };
            if a.investment_idr.is_none() {
                self.finding(
                    "pma_investment_missing",
                    Severity::Warning,
                    said!(
                        format!("investment for KBLI {} not given: the PMA minimum (more than {}) cannot be checked", k.code, format_rupiah(minimum)),
                        format!("nilai investasi KBLI {} belum diisi: minimum PMA (lebih dari {}) tidak dapat diperiksa", k.code, format_rupiah(minimum))
                    ),
                    Some(&k.code),
                );
            }
            match groups.iter_mut().find(|g| g.key.en == key.en) {
                Some(g) => {
                    g.amount += amount;
                    g.codes.push(k.code.clone());
                }
                None => groups.push(PmaGroup {
                    key,
                    rule: said!(rule.rule.clone(), rule.aturan.clone()),
                    article: rule.article.clone(),
                    amount,
                    counts_land: rule.counts_land,
                    codes: vec![k.code.clone()],
                }),
            }
        }
        let min = format_rupiah(minimum);
        for g in groups {
            let (key, rule, article) = (g.key, g.rule, g.article);
            let pasal = article.replace("Art ", "Pasal ");
            let basis = if g.counts_land {
                said!(
                    "including land and buildings",
                    "termasuk tanah dan bangunan"
                )
            } else {
                said!("excluding land and buildings", "di luar tanah dan bangunan")
            };
            let amount = format_rupiah(g.amount);
            let (code, severity, message) = if g.amount > minimum {
                (
                    "pma_min_investment_met",
                    Severity::Info,
                    said!(
                        format!(
                            "PMA minimum investment met for {} ({}): {amount} {} is more than {min} (Perka BKPM 5/2025 {article})",
                            key.en, rule.en, basis.en
                        ),
                        format!(
                            "minimum investasi PMA terpenuhi untuk {} ({}): {amount} {} lebih dari {min} (Perka BKPM 5/2025 {pasal})",
                            key.id, rule.id, basis.id
                        )
                    ),
                )
            } else {
                (
                    "pma_min_investment",
                    Severity::Error,
                    said!(
                        format!(
                            "PMA minimum investment not met for {} ({}): {amount} {} is not more than {min} (Perka BKPM 5/2025 {article})",
                            key.en, rule.en, basis.en
                        ),
                        format!(
                            "minimum investasi PMA tidak terpenuhi untuk {} ({}): {amount} {} tidak lebih dari {min} (Perka BKPM 5/2025 {pasal})",
                            key.id, rule.id, basis.id
                        )
                    ),
                )
            };
            self.finding(code, severity, message, g.codes.first().map(String::as_str));
        }
    }
}

/// Activities whose investment Art 26 counts together.
struct PmaGroup {
    key: Said,
    rule: Said,
    article: String,
    amount: i64,
    counts_land: bool,
    codes: Vec<String>,
}
