//! The server's time as it stores it: UTC to the second, as text that sorts in time order.

/// Now, in UTC, as stored: second precision, so stored times compare as text.
pub fn now() -> String {
    stamp(time::OffsetDateTime::now_utc())
}

pub fn stamp(t: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    t.format(&f).unwrap_or_default()
}
