//! Service-time clocks in working days, Balikpapan's way: Monday to Friday, minus the public
//! holidays of a calendar the city configures (none are built in: the dates are decreed yearly).
//! A clock starts on the working day after a case is received, pauses while the case waits for
//! the applicant, and resumes when the applicant answers.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::{Date, Duration, Weekday};

/// Public holidays (and collective leave days) that are not working days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    days: BTreeSet<Date>,
}

impl HolidayCalendar {
    /// A calendar of these days off.
    pub fn new(days: impl IntoIterator<Item = Date>) -> HolidayCalendar {
        HolidayCalendar {
            days: days.into_iter().collect(),
        }
    }

    /// Reads `YYYY-MM-DD` dates, one per line (blank lines and `#` comments skipped); the error
    /// names the line.
    pub fn parse(text: &str) -> Result<HolidayCalendar, String> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let mut days = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let day = Date::parse(line, &format)
                .map_err(|e| format!("line {}: {line:?} is not a YYYY-MM-DD date ({e})", i + 1))?;
            days.insert(day);
        }
        Ok(HolidayCalendar { days })
    }

    /// Monday to Friday and not a holiday.
    pub fn is_working_day(&self, day: Date) -> bool {
        !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.days.contains(&day)
    }

    /// The first working day after `day`.
    pub fn next_working_day(&self, day: Date) -> Date {
        let mut d = day + Duration::days(1);
        while !self.is_working_day(d) {
            d += Duration::days(1);
        }
        d
    }

    /// The `n`th working day after `day` (`day` itself for 0): how a clock started on `day`
    /// runs out.
    pub fn add_working_days(&self, day: Date, n: u32) -> Date {
        (0..n).fold(day, |d, _| self.next_working_day(d))
    }

    /// This calendar with `more` days off added (the city's published days and a device's own).
    pub fn with(mut self, more: impl IntoIterator<Item = Date>) -> HolidayCalendar {
        self.days.extend(more);
        self
    }

    /// The days off, in order.
    pub fn days(&self) -> impl Iterator<Item = Date> + '_ {
        self.days.iter().copied()
    }
}

/// A stretch during which the clock stands still (the case waits for the applicant): from the
/// day the request went out to the day the applicant answered (`None`: still waiting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    /// The first day the clock stands still.
    pub from: Date,
    /// The day the clock runs again (the answer's day); `None` while still waiting.
    pub until: Option<Date>,
}

/// One stage's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceClock {
    /// The day the case was received (day 0; counting starts the next working day).
    pub received: Date,
    /// The limit in working days.
    pub limit: u32,
    /// The pauses, in order.
    pub pauses: Vec<Pause>,
}

/// Where a clock stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockState {
    /// Working days counted so far.
    pub used: u32,
    /// Working days left (0 when past the limit).
    pub left: u32,
    /// The clock stands still today (waiting for the applicant).
    pub paused: bool,
    /// Past the limit: under PP 28/2025 the application is deemed approved ("fiktif positif").
    pub overdue: bool,
    /// The last working day within the limit, if the clock runs on from today without pausing.
    pub deadline: Date,
}

impl ServiceClock {
    fn paused_on(&self, day: Date) -> bool {
        self.pauses
            .iter()
            .any(|p| day >= p.from && p.until.is_none_or(|u| day < u))
    }

    /// The clock's state at the end of `today`.
    pub fn on(&self, today: Date, calendar: &HolidayCalendar) -> ClockState {
        let mut used = 0u32;
        let mut day = self.received;
        while day < today {
            day += Duration::days(1);
            if calendar.is_working_day(day) && !self.paused_on(day) {
                used += 1;
            }
        }
        let paused = self.paused_on(today);
        let left = self.limit.saturating_sub(used);
        // Counting forward from today: the day the limit is reached.
        let deadline = calendar.add_working_days(today, left);
        ClockState {
            used,
            left,
            paused,
            overdue: used > self.limit,
            deadline,
        }
    }
}

/// A stage of the review with a service-time limit of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The documents are verified: from filing until every item is verified (or a decision),
    /// standing still while the applicant revises.
    Verification,
    /// The decision: from the day verification completes until approval or rejection.
    Decision,
}

/// A stage's limit in working days and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Limit {
    /// Working days.
    pub working_days: u32,
    /// The catalog source it rests on.
    pub source: String,
    /// Whether that source is confirmed.
    pub confirmed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn calendar() -> HolidayCalendar {
        HolidayCalendar::parse(
            "# days off used by these tests (not an official list)\n\
             2026-12-25\n2026-12-24  # collective leave\n2027-01-01\n",
        )
        .unwrap()
    }

    #[test]
    fn weekends_and_holidays_are_not_working_days() {
        let c = calendar();
        assert!(c.is_working_day(date!(2026 - 11 - 27))); // Friday
        assert!(!c.is_working_day(date!(2026 - 11 - 28))); // Saturday
        assert!(!c.is_working_day(date!(2026 - 11 - 29))); // Sunday
        assert!(!c.is_working_day(date!(2026 - 12 - 25)));
        assert_eq!(
            c.next_working_day(date!(2026 - 11 - 27)),
            date!(2026 - 11 - 30)
        );
    }

    #[test]
    fn counting_starts_the_working_day_after_receipt() {
        let clock = ServiceClock {
            received: date!(2026 - 11 - 27), // Friday
            limit: 5,
            pauses: vec![],
        };
        let c = calendar();
        let s = clock.on(date!(2026 - 11 - 29), &c); // Sunday: nothing counted yet
        assert_eq!((s.used, s.left), (0, 5));
        assert_eq!(s.deadline, date!(2026 - 12 - 04)); // Mon 30 Nov .. Fri 4 Dec
        let s = clock.on(date!(2026 - 12 - 04), &c);
        assert_eq!((s.used, s.left, s.overdue), (5, 0, false));
        let s = clock.on(date!(2026 - 12 - 07), &c);
        assert_eq!(
            (s.used, s.overdue),
            (6, true),
            "past the limit: fiktif positif"
        );
    }

    #[test]
    fn the_clock_stands_still_while_the_applicant_is_asked() {
        let c = calendar();
        let clock = ServiceClock {
            received: date!(2026 - 11 - 27),
            limit: 5,
            pauses: vec![Pause {
                from: date!(2026 - 12 - 01),
                until: Some(date!(2026 - 12 - 08)),
            }],
        };
        // Mon 30 Nov counts; Tue 1 – Mon 7 Dec wait; Tue 8 Dec runs again.
        let s = clock.on(date!(2026 - 12 - 07), &c);
        assert_eq!((s.used, s.paused), (1, true));
        let s = clock.on(date!(2026 - 12 - 08), &c);
        assert_eq!((s.used, s.paused), (2, false));
        assert_eq!(s.deadline, date!(2026 - 12 - 11));
        // Still waiting, open-ended.
        let waiting = ServiceClock {
            pauses: vec![Pause {
                from: date!(2026 - 12 - 01),
                until: None,
            }],
            ..clock
        };
        let s = waiting.on(date!(2027 - 03 - 01), &c);
        assert_eq!((s.used, s.paused, s.overdue), (1, true, false));
    }

    #[test]
    fn across_the_year_end_and_its_holidays() {
        let c = calendar();
        let clock = ServiceClock {
            received: date!(2026 - 12 - 22), // Tuesday
            limit: 5,
            pauses: vec![],
        };
        // Wed 23 counts; Thu 24 (leave) and Fri 25 (Christmas) do not; Mon 28 – Wed 30 count;
        // Thu 31 would be the fifth.
        let s = clock.on(date!(2026 - 12 - 22), &c);
        assert_eq!(s.deadline, date!(2026 - 12 - 31));
        let s = clock.on(date!(2027 - 01 - 04), &c); // Fri 1 Jan is a holiday, then a weekend
        assert_eq!((s.used, s.overdue), (6, true));
    }

    #[test]
    fn working_days_are_added_across_weekends_holidays_and_the_year_end() {
        let c = calendar();
        let add = |d, n| c.add_working_days(d, n);
        assert_eq!(add(date!(2026 - 12 - 22), 0), date!(2026 - 12 - 22));
        assert_eq!(add(date!(2026 - 11 - 27), 1), date!(2026 - 11 - 30)); // Fri -> Mon
        // Tue 22 Dec: 23 (1), 28-31 (2-5), 1 Jan off, 4 Jan (6).
        assert_eq!(add(date!(2026 - 12 - 22), 5), date!(2026 - 12 - 31));
        assert_eq!(add(date!(2026 - 12 - 22), 6), date!(2027 - 01 - 04));
        // From a Saturday: the next working day is the first.
        assert_eq!(add(date!(2026 - 11 - 28), 1), date!(2026 - 11 - 30));
        // The city's days off and a device's own count together.
        let both = c.with([date!(2026 - 12 - 28)]);
        assert_eq!(
            both.add_working_days(date!(2026 - 12 - 22), 5),
            date!(2027 - 01 - 04)
        );
        assert_eq!(both.days().count(), 4);
    }

    #[test]
    fn a_bad_calendar_line_is_named() {
        let err = HolidayCalendar::parse("2026-12-25\n25/12/2026\n").unwrap_err();
        assert!(err.starts_with("line 2: \"25/12/2026\""), "{err}");
    }
}
