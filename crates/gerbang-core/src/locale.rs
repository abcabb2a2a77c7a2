//! The languages the UI speaks. Indonesian is the default: Gerbang serves Balikpapan first.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

/// A UI language, stored by its BCP 47 tag (`id`, `en`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

impl Language {
    /// Every language the UI ships, default first.
    pub const ALL: [Language; 2] = [Language::Id, Language::En];

    /// The BCP 47 tag, as stored in settings and used in message files.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Id => "id",
            Language::En => "en",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A date as people write it: `18 Oktober 2026` in Indonesian, `18 October 2026` in English
/// (never the ISO form beside another format).
pub fn long_date(date: time::Date, lang: Language) -> String {
    const BULAN: [&str; 12] = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    const MONTH: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let m = usize::from(u8::from(date.month())) - 1;
    let name = match lang {
        Language::Id => BULAN[m],
        Language::En => MONTH[m],
    };
    format!("{} {name} {}", date.day(), date.year())
}

/// A language tag Gerbang does not ship.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported language {0:?}: expected one of id, en")]
pub struct UnsupportedLanguage(pub String);

impl FromStr for Language {
    type Err = UnsupportedLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "id-id" | "in" => Ok(Language::Id),
            "en" | "en-us" | "en-gb" => Ok(Language::En),
            _ => Err(UnsupportedLanguage(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_name_the_month_in_the_language() {
        let d = time::macros::date!(2026 - 10 - 18);
        assert_eq!(long_date(d, Language::Id), "18 Oktober 2026");
        assert_eq!(long_date(d, Language::En), "18 October 2026");
    }

    #[test]
    fn default_is_indonesian() {
        assert_eq!(Language::default(), Language::Id);
        assert_eq!(Language::ALL[0], Language::default());
    }

    #[test]
    fn tags_round_trip_through_parse_and_serde() {
        for lang in Language::ALL {
            assert_eq!(lang.tag().parse::<Language>(), Ok(lang));
            let json = serde_json::to_string(&lang).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", lang.tag()));
        }
        assert_eq!("EN-us".parse::<Language>(), Ok(Language::En));
    }

    #[test]
    fn unknown_tag_is_named_in_the_error() {
        let err = "fr".parse::<Language>().err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unsupported language \"fr\": expected one of id, en")
        );
    }
}

/// An article as English cites it: `Pasal 19 ayat (2)-(3)` → `Art 19(2)-(3)`, `Pasal 10 ayat
/// (1) huruf b` → `Art 10(1)(b)`.
pub fn article_en(article: &str) -> String {
    let mut out = article.replace("Pasal ", "Art ");
    for (from, to) in [(" ayat (", "("), (" huruf ", "("), (" angka ", "(")] {
        while let Some(at) = out.find(from) {
            let rest = &out[at + from.len()..];
            let (word, tail) = match rest.find([' ', ',', ';']) {
                Some(end) => (&rest[..end], &rest[end..]),
                None => (rest, ""),
            };
            let word = if to == "(" && from != " ayat (" {
                format!("({word})")
            } else {
                format!("({word}")
            };
            out = format!("{}{word}{tail}", &out[..at]);
        }
    }
    out
}

#[cfg(test)]
mod article_tests {
    use super::article_en;

    #[test]
    fn articles_are_cited_the_english_way() {
        assert_eq!(article_en("Pasal 32"), "Art 32");
        assert_eq!(article_en("Pasal 19 ayat (2)-(3)"), "Art 19(2)-(3)");
        assert_eq!(article_en("Pasal 255 ayat (2) huruf a"), "Art 255(2)(a)");
        assert_eq!(article_en("Pasal 93 ayat (1), (4)"), "Art 93(1), (4)");
    }
}

/// A checklist item's variant (`konfirmasi`, `self_declared`, …) in `lang`; `None` for one
/// this table does not know (shown as nothing rather than as a code).
pub fn variant_name(variant: &str, lang: Language) -> Option<&'static str> {
    let (id, en) = match variant {
        "individual" => ("perseorangan", "individual"),
        "company" => ("badan usaha", "company"),
        "pt_perorangan" => ("PT perorangan", "single-person PT"),
        "konfirmasi" => ("Konfirmasi", "Konfirmasi (confirmation)"),
        "persetujuan" => ("Persetujuan", "Persetujuan (approval)"),
        "rekomendasi" => ("Rekomendasi", "Rekomendasi (recommendation)"),
        "pernyataan_mandiri" => (
            "pernyataan mandiri (usaha mikro berisiko rendah)",
            "self-declaration (micro business at low risk)",
        ),
        "undetermined" => ("belum ditentukan", "not determined yet"),
        "screening" => ("ditentukan penapisan", "set by screening"),
        "nib" => ("NIB sekaligus SPPL", "the NIB is the SPPL"),
        "sppl" => ("SPPL", "SPPL"),
        "ukl_upl" => ("UKL-UPL", "UKL-UPL"),
        "amdal" => ("AMDAL", "AMDAL"),
        "verified" => ("terverifikasi", "verified"),
        "self_declared" => ("pernyataan mandiri", "self-declared"),
        "self_declare" => ("pernyataan pelaku usaha (self declare)", "self-declaration"),
        "new" => ("bangunan baru", "new building"),
        "existing" => ("bangunan yang sudah berdiri", "building already standing"),
        "permanent" => ("permanen", "permanent"),
        "temporary" => ("sementara", "temporary"),
        "umk" => ("pernyataan mandiri UMK", "self-declaration (UMK)"),
        "amdal_or_ukl_upl" => ("AMDAL atau UKL-UPL", "AMDAL or UKL-UPL"),
        _ => return None,
    };
    Some(if lang == Language::Id { id } else { en })
}
