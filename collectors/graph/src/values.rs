//! Reading Graph property values the way Graph writes them: `null` or empty for "none", the
//! all-zero GUID for "no id", `0001-01-01T00:00:00Z` for "never", `@odata.type` with or without
//! its leading `#`, enum values in any case.

use jiff::fmt::temporal::Pieces;
use jiff::{Timestamp, tz::TimeZone};

/// A text value, trimmed; `None` when absent or empty.
pub(crate) fn text(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

/// An id (GUID), trimmed and lowercased; `None` when absent, empty or all zeros.
pub(crate) fn id(value: Option<&str>) -> Option<String> {
    text(value)
        .filter(|value| !value.chars().all(|c| c == '0' || c == '-'))
        .map(str::to_ascii_lowercase)
}

/// A device id that is a GUID (`8-4-4-4-12` hexadecimal digits), trimmed and lowercased; `None`
/// when [`id`] is, or when it is not a GUID (`Azure ADDevice Id value` in Microsoft's own
/// examples): never joined on.
pub(crate) fn guid(value: Option<&str>) -> Option<String> {
    id(value).filter(|id| is_guid(id))
}

/// Whether a text is a GUID (`8-4-4-4-12` hexadecimal digits).
pub(crate) fn is_guid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, len)| {
            group.len() == len && group.bytes().all(|byte| byte.is_ascii_hexdigit())
        })
}

/// Whether two texts are equal, ignoring surrounding space and ASCII case.
pub(crate) fn same(value: Option<&str>, expected: &str) -> bool {
    text(value).is_some_and(|value| value.eq_ignore_ascii_case(expected.trim()))
}

/// Whether an `@odata.type` names `microsoft.graph.<name>` (with or without the leading `#`,
/// in any case).
pub(crate) fn is_type(odata_type: Option<&str>, name: &str) -> bool {
    const NAMESPACE: &str = "microsoft.graph.";
    text(odata_type)
        .map(|value| value.trim_start_matches('#'))
        .is_some_and(|value| {
            value.len() == NAMESPACE.len() + name.len()
                && value
                    .get(..NAMESPACE.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(NAMESPACE))
                && value
                    .get(NAMESPACE.len()..)
                    .is_some_and(|tail| tail.eq_ignore_ascii_case(name))
        })
}

/// A Graph time: `Ok(None)` when absent or "never" (year 1), the instant otherwise. Graph's
/// "forever" (`9999-12-31T23:59:59Z`) lies past the last instant jiff represents: times in year
/// 9999 and later are read as that last instant.
///
/// # Errors
/// A message when the text is not an RFC 3339 time with an offset.
pub(crate) fn time(value: Option<&str>) -> Result<Option<Timestamp>, String> {
    let Some(value) = text(value) else {
        return Ok(None);
    };
    let error = || format!("`{value}` is not an RFC 3339 time with an offset");
    let written = || {
        Pieces::parse(value)
            .ok()
            .filter(|pieces| pieces.time().is_some() && pieces.to_numeric_offset().is_some())
            .map(|pieces| pieces.date().year())
    };
    let year = match value.parse::<Timestamp>() {
        // Year 1 (as written or in UTC) is how Graph writes "no date" (.NET's
        // `DateTime.MinValue`); a year before it is no date Graph writes.
        Ok(at) => {
            let utc = at.to_zoned(TimeZone::UTC).year();
            return match (utc, written()) {
                (1, _) | (_, Some(1)) => Ok(None),
                (..=0, _) => Err(error()),
                _ => Ok(Some(at)),
            };
        }
        // Out of range, or not a time at all.
        Err(_) => Pieces::parse(value)
            .ok()
            .filter(|pieces| pieces.time().is_some() && pieces.to_numeric_offset().is_some())
            .map(|pieces| pieces.date().year())
            .ok_or_else(error)?,
    };
    match year {
        1 => Ok(None),
        9999.. => Ok(Some(Timestamp::MAX)),
        _ => Err(error()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_drop_zeros_and_fold_case() {
        assert_eq!(
            id(Some(" 55FE01D6-A4C3-41ED-8511-5AD0D7B64315 ")).as_deref(),
            Some("55fe01d6-a4c3-41ed-8511-5ad0d7b64315")
        );
        assert_eq!(id(Some("00000000-0000-0000-0000-000000000000")), None);
        assert_eq!(id(Some("")), None);
        assert_eq!(id(None), None);
    }

    #[test]
    fn types_with_or_without_hash() {
        assert!(is_type(
            Some("#microsoft.graph.macOSCompliancePolicy"),
            "macOSCompliancePolicy"
        ));
        assert!(is_type(
            Some("microsoft.graph.macoscompliancepolicy"),
            "macOSCompliancePolicy"
        ));
        assert!(!is_type(
            Some("#microsoft.graph.iosCompliancePolicy"),
            "macOSCompliancePolicy"
        ));
        assert!(!is_type(None, "user"));
    }

    #[test]
    fn times_with_fractions_offsets_and_never() {
        let at = time(Some("2016-12-31T23:59:43.7971915-08:00"))
            .expect("valid")
            .expect("a time");
        assert_eq!(at.to_string(), "2017-01-01T07:59:43.7971915Z");
        assert_eq!(
            time(Some("2024-06-10T13:06:52.0000001Z")).map(|t| t.is_some()),
            Ok(true)
        );
        assert_eq!(time(Some("0001-01-01T00:00:00Z")), Ok(None));
        assert_eq!(time(Some("0001-01-01T00:00:00-08:00")), Ok(None));
        assert_eq!(time(None), Ok(None));
        assert!(time(Some("2024-06-10 13:06")).is_err());
        assert_eq!(time(Some("9999-12-31T23:59:59Z")), Ok(Some(Timestamp::MAX)));
        assert_eq!(
            time(Some("9999-12-31T23:59:59.9999999-08:00")),
            Ok(Some(Timestamp::MAX))
        );
        assert_eq!(time(Some("0000-12-31T23:00:00-02:00")), Ok(None));
        assert!(time(Some("9999-12-31")).is_err(), "a date is not a time");
        assert_eq!(time(Some("0001-01-01T00:00:00+08:00")), Ok(None));
        // Issue 12: a year before 1 was read as "never", silently; it is an error (a problem
        // naming the file), at the edge of the representable range too.
        assert!(time(Some("-009999-01-02T00:00:00+25:59")).is_err());
        assert!(time(Some("-009999-12-31T00:00:00Z")).is_err());
        assert!(time(Some("-9999-12-31T00:00:00Z")).is_err());
        assert!(same(Some(" AllPrincipals"), "allprincipals"));
    }
}
