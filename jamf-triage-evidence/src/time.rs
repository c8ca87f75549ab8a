//! Reading times the way bundles write them: RFC 3339 with an offset, whose offset matters
//! because logs on the same Mac print local time without one.

use jiff::{Timestamp, Zoned, civil::Date, tz::TimeZone};

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not an RFC 3339 time with an offset (like 2024-06-03T14:20:00+02:00) or a date (2024-06-03)"
)]
pub struct TimeError {
    /// The text as written.
    pub text: String,
}

/// Reads an RFC 3339 time with an offset and keeps the offset (`2024-06-03T14:20:00+02:00`).
///
/// ```
/// let at = jamf_triage_evidence::parse_zoned("2024-06-03T14:20:00+02:00")?;
/// assert_eq!(at.offset().seconds(), 7200);
/// assert_eq!(at.timestamp().to_string(), "2024-06-03T12:20:00Z");
/// # Ok::<(), jamf_triage_evidence::TimeError>(())
/// ```
///
/// # Errors
/// [`TimeError`] when the text is not such a time.
pub fn parse_zoned(text: &str) -> Result<Zoned, TimeError> {
    let error = || TimeError {
        text: text.to_owned(),
    };
    let pieces = jiff::fmt::temporal::Pieces::parse(text.trim()).map_err(|_| error())?;
    let offset = pieces.to_numeric_offset().ok_or_else(error)?;
    let time = pieces.time().ok_or_else(error)?;
    let datetime = pieces.date().to_datetime(time);
    let zone = TimeZone::fixed(offset);
    datetime.to_zoned(zone).map_err(|_| error())
}

/// Reads an instant: an RFC 3339 time with an offset, or a bare date taken as midnight UTC.
///
/// # Errors
/// [`TimeError`] when the text is neither.
pub fn parse_instant(text: &str) -> Result<Timestamp, TimeError> {
    let trimmed = text.trim();
    if let Ok(at) = trimmed.parse::<Timestamp>() {
        return Ok(at);
    }
    let date: Date = trimmed.parse().map_err(|_| TimeError {
        text: text.to_owned(),
    })?;
    date.to_zoned(TimeZone::UTC)
        .map(|zoned| zoned.timestamp())
        .map_err(|_| TimeError {
            text: text.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets_and_reads_dates() {
        let zoned = parse_zoned("2024-06-03T14:20:00-05:00").expect("valid");
        assert_eq!(zoned.offset().seconds(), -5 * 3600);
        assert!(parse_zoned("2024-06-03T14:20:00").is_err(), "no offset");
        assert_eq!(
            parse_instant("2025-01-31").map(|t| t.to_string()),
            Ok("2025-01-31T00:00:00Z".to_owned())
        );
        assert!(parse_instant("31/01/2025").is_err());
    }
}
