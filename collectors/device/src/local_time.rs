//! Turning the Mac's local wall-clock times (logs print no offset, and `jamf.log` no year) into
//! instants, with the offset, and the year, of the time the bundle was collected.

use jiff::civil::{Date, DateTime, Time};
use jiff::{Timestamp, Zoned};

/// How many years back a date without a year is looked for (enough to reach a leap year for
/// `Feb 29`).
const YEARS_BACK: i16 = 8;

/// The instant of a local date and time on the Mac, in the time zone of `collected_at`.
pub(crate) fn instant(local: DateTime, collected_at: &Zoned) -> Option<Timestamp> {
    local
        .to_zoned(collected_at.time_zone().clone())
        .ok()
        .map(|zoned| zoned.timestamp())
}

/// The instant of a month, day and time printed without a year: the latest one that is not after
/// `collected_at` (a line that would fall after it belongs to the year before).
pub(crate) fn instant_without_year(
    month: i8,
    day: i8,
    time: Time,
    collected_at: &Zoned,
) -> Option<Timestamp> {
    let latest = collected_at.timestamp();
    let year = collected_at.year();
    (0..=YEARS_BACK).find_map(|back| {
        let date = Date::new(year.checked_sub(back)?, month, day).ok()?;
        instant(date.to_datetime(time), collected_at).filter(|at| *at <= latest)
    })
}

/// Whether a month and day exist in some year (`Feb 29` does, `Feb 30` does not).
pub(crate) fn is_valid_month_day(month: i8, day: i8) -> bool {
    Date::new(2000, month, day).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zoned(text: &str) -> Zoned {
        jamf_triage_evidence::parse_zoned(text).expect("valid time")
    }

    #[test]
    fn local_times_take_the_offset_of_collection() {
        let at = zoned("2024-06-03T14:20:00+02:00");
        let local: DateTime = "2024-06-03 10:00:00.250".parse().expect("datetime");
        assert_eq!(
            instant(local, &at).map(|t| t.to_string()),
            Some("2024-06-03T08:00:00.25Z".into())
        );
    }

    #[test]
    fn a_date_after_collection_belongs_to_the_year_before() {
        let at = zoned("2025-01-02T08:00:00+01:00");
        let time = Time::new(23, 59, 0, 0).expect("time");
        let december = instant_without_year(12, 31, time, &at).map(|t| t.to_string());
        assert_eq!(december.as_deref(), Some("2024-12-31T22:59:00Z"));
        let january = instant_without_year(1, 2, Time::new(7, 0, 0, 0).expect("time"), &at);
        assert_eq!(
            january.map(|t| t.to_string()).as_deref(),
            Some("2025-01-02T06:00:00Z")
        );
        let later_today = instant_without_year(1, 2, Time::new(9, 0, 0, 0).expect("time"), &at);
        assert_eq!(
            later_today.map(|t| t.to_string()).as_deref(),
            Some("2024-01-02T08:00:00Z")
        );
    }

    #[test]
    fn february_29_finds_a_leap_year() {
        let at = zoned("2025-03-01T00:00:00Z");
        let time = Time::new(12, 0, 0, 0).expect("time");
        let leap = instant_without_year(2, 29, time, &at).map(|t| t.to_string());
        assert_eq!(leap.as_deref(), Some("2024-02-29T12:00:00Z"));
        assert!(is_valid_month_day(2, 29));
        assert!(!is_valid_month_day(2, 30));
        assert!(!is_valid_month_day(13, 1));
    }
}
