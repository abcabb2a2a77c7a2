//! Indonesian identifiers: NIK, NPWP (and NITKU), NIB, KBLI codes. Every rejection names the
//! rule that failed, so a form can say exactly what to fix.

use serde::Serialize;

/// Why an identifier is rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum IdError {
    /// Characters other than digits (after removing the usual separators).
    #[error("{kind} must contain only digits (found {found:?})")]
    NotDigits {
        /// Which identifier.
        kind: &'static str,
        /// The first offending character.
        found: char,
    },
    /// Wrong number of digits.
    #[error("{kind} must have {expected} digits, not {actual}")]
    Length {
        /// Which identifier.
        kind: &'static str,
        /// What is allowed.
        expected: &'static str,
        /// How many it has.
        actual: usize,
    },
    /// A region code part is zero.
    #[error("NIK {part} code (digits {digits}) cannot be 00")]
    NikRegion {
        /// Province, city or district.
        part: &'static str,
        /// Which digits.
        digits: &'static str,
    },
    /// The birth date part is not a date.
    #[error("NIK birth date (digits 7-12) {ddmmyy} is not a date (women add 40 to the day)")]
    NikDate {
        /// The six digits.
        ddmmyy: String,
    },
    /// The sequence number is 0000.
    #[error("NIK sequence number (digits 13-16) starts at 0001, not 0000")]
    NikSequence,
    /// KBLI code not in the chosen edition.
    #[error("KBLI {code} is not a five-digit code of KBLI {edition}")]
    UnknownKbli {
        /// The code.
        code: String,
        /// The edition.
        edition: &'static str,
    },
}

impl IdError {
    /// The rejection as a code and parameters, for words in the reader's language.
    pub fn problem(&self) -> crate::problem::Problem {
        use crate::problem::Problem;
        let p = |code| Problem::new(code, self.to_string());
        match self {
            IdError::NotDigits { kind, found } => {
                p("id_not_digits").with("kind", kind).with("found", found)
            }
            IdError::Length {
                kind,
                expected,
                actual,
            } => p("id_length")
                .with("kind", kind)
                .with("expected", expected)
                .with("actual", actual),
            IdError::NikRegion { part, digits } => {
                p("id_nik_region").with("part", part).with("digits", digits)
            }
            IdError::NikDate { ddmmyy } => p("id_nik_date").with("ddmmyy", ddmmyy),
            IdError::NikSequence => p("id_nik_sequence"),
            IdError::UnknownKbli { code, edition } => p("id_unknown_kbli")
                .with("code", code)
                .with("edition", edition),
        }
    }
}

/// Digits of `value` once spaces, dots and dashes (as people write NPWP) are removed.
fn digits(kind: &'static str, value: &str) -> Result<String, IdError> {
    let mut out = String::with_capacity(value.len());
    for ch in value.trim().chars() {
        match ch {
            '0'..='9' => out.push(ch),
            ' ' | '.' | '-' => {}
            other => return Err(IdError::NotDigits { kind, found: other }),
        }
    }
    Ok(out)
}

/// A checked NIK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nik {
    /// The 16 digits.
    pub value: String,
    /// Day of birth (1–31).
    pub birth_day: u8,
    /// Month of birth.
    pub birth_month: u8,
    /// Two-digit year of birth.
    pub birth_year_2: u8,
    /// `true` where the day carries the +40 for women.
    pub female: bool,
}

fn days_in_month(month: u8, leap: bool) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

/// Checks a NIK: 16 digits; province, city, district not 00; a real DDMMYY birth date (day + 40
/// for women); a sequence from 0001.
pub fn validate_nik(value: &str) -> Result<Nik, IdError> {
    let d = digits("NIK", value)?;
    if d.len() != 16 {
        return Err(IdError::Length {
            kind: "NIK",
            expected: "16",
            actual: d.len(),
        });
    }
    let num = |a: usize, b: usize| d[a..b].parse::<u16>().unwrap_or(0);
    for (part, digits, a) in [
        ("province", "1-2", 0),
        ("city", "3-4", 2),
        ("district", "5-6", 4),
    ] {
        if num(a, a + 2) == 0 {
            return Err(IdError::NikRegion { part, digits });
        }
    }
    let (mut day, month, year) = (num(6, 8) as u8, num(8, 10) as u8, num(10, 12) as u8);
    let female = day > 40;
    if female {
        day -= 40;
    }
    // The century is not in the number: a date valid in 19YY or 20YY is accepted.
    let leap = |y: u16| (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let leap_any = leap(1900 + year as u16) || leap(2000 + year as u16);
    if day == 0 || month == 0 || month > 12 || day > days_in_month(month, leap_any) {
        return Err(IdError::NikDate {
            ddmmyy: d[6..12].to_owned(),
        });
    }
    if num(12, 16) == 0 {
        return Err(IdError::NikSequence);
    }
    Ok(Nik {
        value: d,
        birth_day: day,
        birth_month: month,
        birth_year_2: year,
        female,
    })
}

/// The form of a checked NPWP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NpwpKind {
    /// 16 digits (PMK 112/2022): a resident's NIK, or 0 + the old 15 digits.
    Npwp16,
    /// A legacy 15-digit number: accepted, with a warning to use the 16-digit form.
    Legacy15,
    /// 22 digits: a branch's NITKU (NPWP + 6-digit branch number).
    Nitku,
}

/// A checked NPWP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Npwp {
    /// The digits.
    pub value: String,
    /// Its form.
    pub kind: NpwpKind,
    /// The 16-digit form (for a legacy number: 0 + the 15 digits; for a NITKU: its NPWP).
    pub npwp16: String,
    /// A warning to show, if any.
    pub warning: Option<String>,
}

impl Npwp {
    /// The warning as a code and parameters, for words in the reader's language.
    pub fn notice(&self) -> Option<crate::problem::Problem> {
        let warning = self.warning.as_ref()?;
        Some(
            crate::problem::Problem::new("id_npwp_legacy", warning.clone())
                .with("npwp16", &self.npwp16),
        )
    }
}

/// Checks an NPWP (16 digits; 15-digit legacy with a warning; 22-digit NITKU).
pub fn validate_npwp(value: &str) -> Result<Npwp, IdError> {
    let d = digits("NPWP", value)?;
    match d.len() {
        16 => Ok(Npwp {
            npwp16: d.clone(),
            value: d,
            kind: NpwpKind::Npwp16,
            warning: None,
        }),
        15 => Ok(Npwp {
            npwp16: format!("0{d}"),
            warning: Some(format!(
                "legacy 15-digit NPWP: since PMK 112/2022 use the 16-digit form 0{d}"
            )),
            value: d,
            kind: NpwpKind::Legacy15,
        }),
        22 => Ok(Npwp {
            npwp16: d[..16].to_owned(),
            value: d,
            kind: NpwpKind::Nitku,
            warning: None,
        }),
        n => Err(IdError::Length {
            kind: "NPWP",
            expected: "16 (or 15 legacy, or 22 for a NITKU)",
            actual: n,
        }),
    }
}

/// Checks a NIB: 13 digits.
pub fn validate_nib(value: &str) -> Result<String, IdError> {
    let d = digits("NIB", value)?;
    if d.len() != 13 {
        return Err(IdError::Length {
            kind: "NIB",
            expected: "13",
            actual: d.len(),
        });
    }
    Ok(d)
}

/// Checks the shape of a KBLI code: exactly five digits, leading zeros kept.
/// (Whether the code exists is the catalog's question.)
pub fn validate_kbli_shape(value: &str) -> Result<String, IdError> {
    let v = value.trim();
    if let Some(found) = v.chars().find(|c| !c.is_ascii_digit()) {
        return Err(IdError::NotDigits {
            kind: "KBLI",
            found,
        });
    }
    if v.len() != 5 {
        return Err(IdError::Length {
            kind: "KBLI",
            expected: "5",
            actual: v.len(),
        });
    }
    Ok(v.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nik_accepts_men_and_women() {
        let man = validate_nik("6471011208900001").unwrap();
        assert_eq!((man.birth_day, man.birth_month, man.female), (12, 8, false));
        let woman = validate_nik("6471 0152 0890 0002").unwrap();
        assert_eq!((woman.birth_day, woman.female), (12, true));
        assert!(validate_nik("6471012902000003").is_ok(), "29 Feb 2000");
    }

    #[test]
    fn nik_rejections_name_the_rule() {
        let msg = |v: &str| validate_nik(v).unwrap_err().to_string();
        assert_eq!(msg("647101120890001"), "NIK must have 16 digits, not 15");
        assert_eq!(
            msg("64710112089O0001"),
            "NIK must contain only digits (found 'O')"
        );
        assert_eq!(
            msg("0071011208900001"),
            "NIK province code (digits 1-2) cannot be 00"
        );
        assert_eq!(
            msg("6400011208900001"),
            "NIK city code (digits 3-4) cannot be 00"
        );
        assert_eq!(
            msg("6471013213900001"),
            "NIK birth date (digits 7-12) 321390 is not a date (women add 40 to the day)"
        );
        assert_eq!(
            msg("6471017202900001"),
            "NIK birth date (digits 7-12) 720290 is not a date (women add 40 to the day)"
        );
        assert_eq!(
            msg("6471011208900000"),
            "NIK sequence number (digits 13-16) starts at 0001, not 0000"
        );
    }

    #[test]
    fn npwp_forms() {
        let n = validate_npwp("01.234.567.8-901.000").unwrap();
        assert_eq!(n.kind, NpwpKind::Legacy15);
        assert_eq!(n.npwp16, "0012345678901000");
        assert!(n.warning.unwrap().contains("PMK 112/2022"));
        assert_eq!(
            validate_npwp("6471011208900001").unwrap().kind,
            NpwpKind::Npwp16
        );
        let b = validate_npwp("0012345678901000000001").unwrap();
        assert_eq!(
            (b.kind, b.npwp16.as_str()),
            (NpwpKind::Nitku, "0012345678901000")
        );
        assert_eq!(
            validate_npwp("123").unwrap_err().to_string(),
            "NPWP must have 16 (or 15 legacy, or 22 for a NITKU) digits, not 3"
        );
    }

    #[test]
    fn nib_and_kbli_shapes() {
        assert_eq!(validate_nib("1234567890123").unwrap(), "1234567890123");
        assert!(validate_nib("123456789012").is_err());
        assert_eq!(validate_kbli_shape("01111").unwrap(), "01111");
        assert_eq!(
            validate_kbli_shape("1111").unwrap_err().to_string(),
            "KBLI must have 5 digits, not 4"
        );
    }

    proptest! {
        #[test]
        fn nik_never_panics(s in "\\PC{0,24}") {
            let _ = validate_nik(&s);
        }

        #[test]
        fn valid_dates_make_valid_niks(day in 1u8..=28, month in 1u8..=12, year in 0u8..=99,
                                       female in any::<bool>(), seq in 1u16..=9999) {
            let dd = if female { day + 40 } else { day };
            let nik = format!("647101{dd:02}{month:02}{year:02}{seq:04}");
            let parsed = validate_nik(&nik).unwrap();
            prop_assert_eq!(parsed.birth_day, day);
            prop_assert_eq!(parsed.female, female);
        }

        #[test]
        fn npwp_accepts_exactly_15_16_22_digits(n in 1usize..30) {
            let v = "1".repeat(n);
            prop_assert_eq!(validate_npwp(&v).is_ok(), matches!(n, 15 | 16 | 22));
        }
    }
}
