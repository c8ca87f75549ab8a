//! Property lists (XML or binary `bplist00`) whose root is a dictionary, and typed reading of
//! their keys. A key of the wrong type is an issue naming the key; a missing key is not.

use std::io::Cursor;

use jiff::Timestamp;
use plist::{Dictionary, Value};

use jamf_triage_evidence::{ArtifactSpec, Evidence};

use crate::issue::Issue;
use crate::mac_files::{Artifact, MacFiles};

/// A property list read from an artifact.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlistDict {
    dict: Dictionary,
}

/// Reads a property list whose root is a dictionary.
pub(crate) fn parse(bytes: &[u8]) -> Result<PlistDict, Issue> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Issue::whole("the file is empty: not a property list"));
    }
    let value = Value::from_reader(Cursor::new(bytes))
        .map_err(|error| Issue::whole(format!("not a property list (XML or binary): {error}")))?;
    match value {
        Value::Dictionary(dict) => Ok(PlistDict { dict }),
        other => Err(Issue::whole(format!(
            "the property list holds {} where a dictionary was expected",
            kind(&other)
        ))),
    }
}

/// Reads the Mac's property list of `spec`; `None` when it was not collected or is not a
/// dictionary property list (which is recorded).
pub(crate) fn read(
    files: &MacFiles<'_>,
    spec: &ArtifactSpec,
    out: &mut Evidence,
) -> Option<(Artifact, PlistDict)> {
    let (artifact, bytes) = files.read(spec, out)?;
    match parse(&bytes) {
        Ok(plist) => Some((artifact, plist)),
        Err(issue) => {
            artifact.report(out, issue);
            None
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "an array",
        Value::Dictionary(_) => "a dictionary",
        Value::Boolean(_) => "a boolean",
        Value::Data(_) => "data",
        Value::Date(_) => "a date",
        Value::Real(_) => "a real number",
        Value::Integer(_) => "an integer",
        Value::String(_) => "a string",
        Value::Uid(_) => "a UID",
        _ => "an unknown value",
    }
}

fn wrong_type(key: &str, expected: &str, value: &Value) -> Issue {
    Issue::whole(format!(
        "`{key}` should be {expected} but is {}",
        kind(value)
    ))
}

impl PlistDict {
    /// A boolean (`<true/>`, `<false/>`, or the integers 0 and 1).
    pub fn bool(&self, key: &str) -> Result<Option<bool>, Issue> {
        let Some(value) = self.dict.get(key) else {
            return Ok(None);
        };
        match value {
            Value::Boolean(flag) => Ok(Some(*flag)),
            Value::Integer(number) => match number.as_signed() {
                Some(0) => Ok(Some(false)),
                Some(1) => Ok(Some(true)),
                _ => Err(wrong_type(key, "a boolean", value)),
            },
            _ => Err(wrong_type(key, "a boolean", value)),
        }
    }

    /// An integer.
    pub fn integer(&self, key: &str) -> Result<Option<i64>, Issue> {
        let Some(value) = self.dict.get(key) else {
            return Ok(None);
        };
        match value {
            Value::Integer(number) => number
                .as_signed()
                .map(Some)
                .ok_or_else(|| wrong_type(key, "an integer", value)),
            _ => Err(wrong_type(key, "an integer", value)),
        }
    }

    /// A string.
    pub fn string(&self, key: &str) -> Result<Option<String>, Issue> {
        let Some(value) = self.dict.get(key) else {
            return Ok(None);
        };
        value
            .as_string()
            .map(|text| Some(text.to_owned()))
            .ok_or_else(|| wrong_type(key, "a string", value))
    }

    /// A time written as seconds since 1970 (an integer or a real, to the microsecond) or as a
    /// date; `None` when missing or 0 ("never").
    pub fn epoch_time(&self, key: &str) -> Result<Option<Timestamp>, Issue> {
        let Some(value) = self.dict.get(key) else {
            return Ok(None);
        };
        let seconds = match value {
            Value::Real(seconds) => *seconds,
            Value::Integer(number) => match number.as_signed() {
                #[allow(clippy::cast_precision_loss)] // seconds since 1970 fit in 2^53
                Some(seconds) => seconds as f64,
                None => return Err(Issue::whole(format!("`{key}` is not a time"))),
            },
            Value::Date(date) => {
                let system = std::time::SystemTime::from(*date);
                return Timestamp::try_from(system)
                    .map(Some)
                    .map_err(|_| Issue::whole(format!("`{key}` is not a time")));
            }
            _ => return Err(wrong_type(key, "seconds since 1970", value)),
        };
        if seconds == 0.0 {
            return Ok(None);
        }
        let micros = (seconds * 1e6).round();
        let valid = seconds.is_finite() && seconds > 0.0 && micros < 1e17;
        #[allow(clippy::cast_possible_truncation)] // checked to be finite and in range
        let at = valid
            .then(|| Timestamp::from_microsecond(micros as i64).ok())
            .flatten();
        at.map(Some)
            .ok_or_else(|| Issue::whole(format!("`{key}` ({seconds}) is not a time")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>flag</key><true/>
	<key>one</key><integer>1</integer>
	<key>name</key><string>value</string>
	<key>real</key><real>1717414441.326</real>
	<key>int</key><integer>1717414441</integer>
	<key>zero</key><real>0</real>
	<key>negative</key><integer>-5</integer>
	<key>date</key><date>2024-06-03T11:34:01Z</date>
</dict>
</plist>
"#;

    #[test]
    fn reads_typed_keys() {
        let plist = parse(XML.as_bytes()).expect("plist");
        assert_eq!(plist.bool("flag"), Ok(Some(true)));
        assert_eq!(plist.bool("one"), Ok(Some(true)));
        assert_eq!(plist.bool("missing"), Ok(None));
        assert!(plist.bool("name").is_err());
        assert_eq!(plist.string("name"), Ok(Some("value".to_owned())));
        assert!(plist.string("flag").is_err());
        let time = |key| plist.epoch_time(key).map(|t| t.map(|t| t.to_string()));
        assert_eq!(
            time("real"),
            Ok(Some("2024-06-03T11:34:01.326Z".to_owned()))
        );
        assert_eq!(time("int"), Ok(Some("2024-06-03T11:34:01Z".to_owned())));
        assert_eq!(time("date"), Ok(Some("2024-06-03T11:34:01Z".to_owned())));
        assert_eq!(time("zero"), Ok(None));
        assert!(time("negative").is_err());
        assert!(time("name").is_err());
    }

    #[test]
    fn reads_binary_plists() {
        let mut dict = Dictionary::new();
        dict.insert("have_an_Azure_id".into(), Value::Boolean(false));
        let mut bytes = Vec::new();
        Value::Dictionary(dict)
            .to_writer_binary(&mut bytes)
            .expect("binary plist");
        assert!(bytes.starts_with(b"bplist00"));
        assert_eq!(
            parse(&bytes).expect("plist").bool("have_an_Azure_id"),
            Ok(Some(false))
        );
    }

    #[test]
    fn refuses_what_is_not_a_dictionary_plist() {
        assert!(parse(b"").is_err());
        assert!(parse(b"  \n").is_err());
        assert!(parse(b"bplist00garbage").is_err());
        assert!(parse(b"<plist><dict><key>a</key>").is_err());
        let array = parse(b"<plist version=\"1.0\"><array/></plist>");
        assert!(array.is_err_and(|issue| issue.message.contains("an array")));
    }
}
