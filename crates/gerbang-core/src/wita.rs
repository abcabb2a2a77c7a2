//! Balikpapan's clock: Waktu Indonesia Tengah (WITA, UTC+8, no daylight saving).
//! Every date and time a user sees is shown in this zone, whatever the machine's zone is.

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

/// WITA, UTC+08:00.
pub const WITA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+8 is a valid offset"),
};

/// Today in Balikpapan: the date checklists are derived for and service times counted on.
pub fn today() -> Date {
    OffsetDateTime::now_utc().to_offset(WITA).date()
}

/// The day (in Balikpapan) of a stored UTC time (RFC 3339); `None` if it does not parse.
pub fn wita_date(stored: &str) -> Option<Date> {
    OffsetDateTime::parse(stored, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.to_offset(WITA).date())
}

const DISPLAY: &[FormatItem<'static>] = format_description!("[day]/[month]/[year] [hour]:[minute]");

/// Formats an instant as Balikpapan sees it: `27/11/2026 21:05 WITA`.
pub fn format_wita(instant: OffsetDateTime) -> String {
    let local = instant.to_offset(WITA);
    // The format is static and only uses fields every OffsetDateTime has.
    let text = local.format(DISPLAY).unwrap_or_default();
    format!("{text} WITA")
}

/// A calendar day written `YYYY-MM-DD`.
pub fn parse_date(day: &str) -> Option<Date> {
    Date::parse(
        day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

/// Shows a stored UTC time (RFC 3339, as every Gerbang store keeps them) in WITA; the stored
/// text as it is if it does not parse.
pub fn format_stored(stored: &str) -> String {
    OffsetDateTime::parse(stored, &time::format_description::well_known::Rfc3339)
        .map(format_wita)
        .unwrap_or_else(|_| stored.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn converts_utc_to_wita() {
        assert_eq!(
            format_wita(datetime!(2026-11-27 13:05 UTC)),
            "27/11/2026 21:05 WITA"
        );
    }

    #[test]
    fn stored_times_show_in_wita_or_as_they_are() {
        assert_eq!(
            format_stored("2026-12-01T13:20:05Z"),
            "01/12/2026 21:20 WITA"
        );
        assert_eq!(
            format_stored("2026-12-01T13:20:05.123Z"),
            "01/12/2026 21:20 WITA"
        );
        assert_eq!(format_stored("yesterday"), "yesterday");
    }

    #[test]
    fn crosses_midnight_into_the_next_day() {
        assert_eq!(
            format_wita(datetime!(2026-12-31 20:30 UTC)),
            "01/01/2027 04:30 WITA"
        );
        assert_eq!(
            format_wita(datetime!(2026-06-01 09:00 +07:00)),
            "01/06/2026 10:00 WITA"
        );
    }
}
