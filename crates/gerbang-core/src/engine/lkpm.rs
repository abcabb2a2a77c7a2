//! The investment activity report (LKPM): how often it is due by scale, and the report days
//! after the checklist's date.

use crate::catalog::Scale;
use crate::engine::Said;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// How often the investment activity report (LKPM) is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LkpmFrequency {
    /// Micro businesses are exempt.
    None,
    /// Twice a year (small businesses).
    Semiannual,
    /// Every quarter (medium and large businesses).
    Quarterly,
}

impl LkpmFrequency {
    /// The months on whose 15th a report is due.
    pub fn months(self) -> &'static [Month] {
        match self {
            LkpmFrequency::None => &[],
            LkpmFrequency::Semiannual => &[Month::January, Month::July],
            LkpmFrequency::Quarterly => {
                &[Month::January, Month::April, Month::July, Month::October]
            }
        }
    }

    /// The report days from `from` to `to`, in order (a report due on `from` is still due: it
    /// is late only the next day).
    pub fn due_between(self, from: Date, to: Date) -> Vec<Date> {
        (from.year()..=to.year())
            .flat_map(|y| {
                self.months()
                    .iter()
                    .filter_map(move |&m| Date::from_calendar_date(y, m, 15).ok())
            })
            .filter(|d| *d >= from && *d <= to)
            .collect()
    }
}

/// The LKPM schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
pub struct Lkpm {
    /// Frequency.
    pub frequency: LkpmFrequency,
    /// The next due dates after the checklist's date (ISO dates).
    pub due_dates: Vec<String>,
    /// Why (English).
    pub because: String,
    /// The same, in Indonesian.
    #[serde(default)]
    pub alasan: String,
    /// Basis.
    pub legal_basis: String,
    /// The same, in Indonesian.
    #[serde(default)]
    pub dasar_hukum: String,
    /// Whether its basis was read in the primary text (micro and small: PP 28/2025 Art 255).
    pub confirmed: bool,
}

pub(super) fn lkpm(scale: Scale, as_of: Date) -> Lkpm {
    let (frequency, because): (LkpmFrequency, Said) = match scale {
        Scale::Mikro => (
            LkpmFrequency::None,
            said!(
                "micro businesses are exempt from LKPM (PP 28/2025 Art 255(2)(a)(1))",
                "usaha mikro tidak diwajibkan menyampaikan LKPM (PP 28/2025 Pasal 255 ayat (2) huruf a angka 1)"
            ),
        ),
        Scale::Kecil => (
            LkpmFrequency::Semiannual,
            said!(
                "small businesses report LKPM every 6 months (PP 28/2025 Art 255(2)(a)(2)), by 15 January and 15 July",
                "usaha kecil melaporkan LKPM setiap 6 bulan (PP 28/2025 Pasal 255 ayat (2) huruf a angka 2), paling lambat 15 Januari dan 15 Juli"
            ),
        ),
        Scale::Menengah | Scale::Besar => (
            LkpmFrequency::Quarterly,
            said!(
                "medium and large businesses report LKPM every quarter, by 15 January, April, July and October",
                "usaha menengah dan besar melaporkan LKPM setiap triwulan, paling lambat 15 Januari, April, Juli, dan Oktober"
            ),
        ),
    };
    // The next report of each due month: a year ahead holds one of each.
    let due: Vec<String> = frequency
        .due_between(as_of, as_of + time::Duration::days(366))
        .into_iter()
        .take(frequency.months().len())
        .map(|d| d.to_string())
        .collect();
    // Micro and small: PP 28/2025 Art 255(2)(a), read in its text. Medium and large: the
    // quarterly schedule rests on secondary sources.
    let (legal_basis, dasar_hukum, confirmed) = if scale <= Scale::Kecil {
        (
            "PP 28/2025 Art 255(2)(a)".to_owned(),
            "PP 28/2025 Pasal 255 ayat (2) huruf a".to_owned(),
            true,
        )
    } else {
        (
            "Perka BKPM on LKPM (quarterly for medium and large businesses; secondary sources, the article not read here)".to_owned(),
            "Perka BKPM tentang LKPM (setiap triwulan bagi usaha menengah dan besar; sumber sekunder, pasalnya belum dibaca)".to_owned(),
            false,
        )
    };
    Lkpm {
        frequency,
        due_dates: due,
        because: because.en,
        alasan: because.id,
        legal_basis,
        dasar_hukum,
        confirmed,
    }
}

#[cfg(test)]
mod lkpm_tests {
    use super::*;

    #[test]
    fn a_report_due_today_is_still_listed() {
        let on = time::macros::date!(2027 - 01 - 15);
        assert_eq!(
            lkpm(Scale::Kecil, on).due_dates,
            ["2027-01-15", "2027-07-15"]
        );
        let after = time::macros::date!(2027 - 01 - 16);
        assert_eq!(
            lkpm(Scale::Kecil, after).due_dates,
            ["2027-07-15", "2028-01-15"]
        );
        assert_eq!(
            lkpm(Scale::Menengah, time::macros::date!(2026 - 12 - 31)).due_dates,
            ["2027-01-15", "2027-04-15", "2027-07-15", "2027-10-15"]
        );
        assert!(lkpm(Scale::Mikro, on).due_dates.is_empty());
    }
}
