//! Durations as rule authors and evidence files write them: `30s`, `15m`, `24h`, `7d`, `1w`,
//! or several parts (`1h30m`).

use jiff::SignedDuration;

/// Why a duration could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DurationError {
    /// The text is empty.
    #[error("a duration cannot be empty; write a number and a unit, like `24h`")]
    Empty,
    /// A number is not followed by one of the units.
    #[error(
        "`{text}` is not a duration: use a whole number followed by s, m, h, d or w (`15m`, `24h`, `7d`)"
    )]
    Malformed {
        /// The text as written.
        text: String,
    },
    /// The value does not fit.
    #[error("`{text}` is too long a duration")]
    Overflow {
        /// The text as written.
        text: String,
    },
}

/// Parses `15m`, `24h`, `7d`, `1w`, `90s` or a sum of them (`1d12h`).
///
/// ```
/// use jamf_triage_evidence::parse_duration;
/// assert_eq!(parse_duration("24h")?.as_secs(), 86_400);
/// assert_eq!(parse_duration("1h30m")?.as_secs(), 5_400);
/// # Ok::<(), jamf_triage_evidence::DurationError>(())
/// ```
///
/// # Errors
/// [`DurationError`] when the text is empty, has no unit, an unknown unit, or overflows.
pub fn parse_duration(text: &str) -> Result<SignedDuration, DurationError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(DurationError::Empty);
    }
    let malformed = || DurationError::Malformed {
        text: text.to_owned(),
    };
    let overflow = || DurationError::Overflow {
        text: text.to_owned(),
    };
    let mut total: i64 = 0;
    let mut rest = trimmed;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(malformed)?;
        if digits == 0 {
            return Err(malformed());
        }
        let (number, after) = rest.split_at(digits);
        let number: i64 = number.parse().map_err(|_| overflow())?;
        let unit = after.chars().next().ok_or_else(malformed)?;
        let seconds_per_unit = match unit {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(malformed()),
        };
        let seconds = number.checked_mul(seconds_per_unit).ok_or_else(overflow)?;
        total = total.checked_add(seconds).ok_or_else(overflow)?;
        rest = &after[unit.len_utf8()..];
    }
    Ok(SignedDuration::from_secs(total))
}

/// Writes a duration the way [`parse_duration`] reads it, in the largest exact units (`1d12h`).
pub fn format_duration(duration: SignedDuration) -> String {
    let mut seconds = duration.as_secs();
    if seconds == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    if seconds < 0 {
        out.push('-');
        seconds = seconds.saturating_neg();
    }
    for (unit, size) in [
        ("w", 604_800),
        ("d", 86_400),
        ("h", 3_600),
        ("m", 60),
        ("s", 1),
    ] {
        let count = seconds / size;
        if count > 0 {
            out.push_str(&format!("{count}{unit}"));
            seconds -= count * size;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_units_rules_use() {
        for (text, secs) in [
            ("15m", 900),
            ("24h", 86_400),
            ("7d", 604_800),
            ("1w", 604_800),
            ("1d12h", 129_600),
            ("0s", 0),
        ] {
            assert_eq!(
                parse_duration(text).map(|d| d.as_secs()),
                Ok(secs),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_duration() {
        for text in [
            "",
            "24",
            "h",
            "24 h",
            "3x",
            "-5m",
            "1.5h",
            "99999999999999999999s",
        ] {
            assert!(parse_duration(text).is_err(), "{text}");
        }
    }

    #[test]
    fn formats_round_trip() {
        for text in ["15m", "24h", "1w", "1d12h", "0s", "1h30m"] {
            let parsed = parse_duration(text).expect("valid");
            assert_eq!(parse_duration(&format_duration(parsed)), Ok(parsed));
        }
    }
}
