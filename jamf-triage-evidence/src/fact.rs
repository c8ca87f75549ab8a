//! Facts: named, typed observations with provenance.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::{Lines, Provenance};

/// The type of a fact, as declared in a collector's fact catalog.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    /// `true` or `false`.
    Bool,
    /// A signed 64-bit integer.
    Integer,
    /// Text.
    String,
    /// An instant (RFC 3339 in files).
    Timestamp,
    /// A length of time (`24h` in files).
    Duration,
    /// A list of strings.
    List,
    /// Log lines, each with its artifact and line number.
    Lines,
}

impl FactType {
    /// The name used in files and messages (`timestamp`, `lines`, ...).
    pub fn name(self) -> &'static str {
        match self {
            FactType::Bool => "bool",
            FactType::Integer => "integer",
            FactType::String => "string",
            FactType::Timestamp => "timestamp",
            FactType::Duration => "duration",
            FactType::List => "list",
            FactType::Lines => "lines",
        }
    }
}

impl std::fmt::Display for FactType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The value of a fact.
#[derive(Debug, Clone, PartialEq)]
pub enum FactValue {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A string.
    String(String),
    /// An instant.
    Timestamp(Timestamp),
    /// A length of time.
    Duration(SignedDuration),
    /// A list of strings.
    List(Vec<String>),
    /// Log lines.
    Lines(Lines),
}

impl FactValue {
    /// The type of this value.
    pub fn fact_type(&self) -> FactType {
        match self {
            FactValue::Bool(_) => FactType::Bool,
            FactValue::Integer(_) => FactType::Integer,
            FactValue::String(_) => FactType::String,
            FactValue::Timestamp(_) => FactType::Timestamp,
            FactValue::Duration(_) => FactType::Duration,
            FactValue::List(_) => FactType::List,
            FactValue::Lines(_) => FactType::Lines,
        }
    }
}

impl std::fmt::Display for FactValue {
    /// A short human form: lists joined by `, `, lines counted (every line read, kept or not).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FactValue::Bool(value) => write!(f, "{value}"),
            FactValue::Integer(value) => write!(f, "{value}"),
            FactValue::String(value) => write!(f, "{value}"),
            FactValue::Timestamp(value) => write!(f, "{value}"),
            FactValue::Duration(value) => f.write_str(&crate::format_duration(*value)),
            FactValue::List(items) if items.is_empty() => f.write_str("(empty list)"),
            FactValue::List(items) => {
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(item)?;
                }
                Ok(())
            }
            FactValue::Lines(lines) => write!(f, "{} line(s)", lines.total()),
        }
    }
}

impl From<bool> for FactValue {
    fn from(value: bool) -> Self {
        FactValue::Bool(value)
    }
}
impl From<i64> for FactValue {
    fn from(value: i64) -> Self {
        FactValue::Integer(value)
    }
}
impl From<String> for FactValue {
    fn from(value: String) -> Self {
        FactValue::String(value)
    }
}
impl From<&str> for FactValue {
    fn from(value: &str) -> Self {
        FactValue::String(value.to_owned())
    }
}
impl From<Timestamp> for FactValue {
    fn from(value: Timestamp) -> Self {
        FactValue::Timestamp(value)
    }
}
impl From<SignedDuration> for FactValue {
    fn from(value: SignedDuration) -> Self {
        FactValue::Duration(value)
    }
}
impl From<Vec<String>> for FactValue {
    fn from(value: Vec<String>) -> Self {
        FactValue::List(value)
    }
}
impl From<Lines> for FactValue {
    fn from(value: Lines) -> Self {
        FactValue::Lines(value)
    }
}

/// A fact: a value with where it came from. Its name is the key it is stored under in
/// [`crate::Evidence`].
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The value.
    pub value: FactValue,
    /// Where the value came from.
    pub provenance: Provenance,
}

impl Fact {
    /// A fact with the given value and provenance.
    pub fn new(value: impl Into<FactValue>, provenance: Provenance) -> Self {
        Self {
            value: value.into(),
            provenance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FactValue;
    use crate::Lines;

    #[test]
    fn lines_show_every_line_read_not_only_the_kept_ones() {
        let mut lines = Lines::default();
        lines.push("a.log", 1, "kept");
        lines.count_unkept(41);
        assert_eq!(FactValue::Lines(lines).to_string(), "42 line(s)");
    }
}
