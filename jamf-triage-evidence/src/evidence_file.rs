//! Evidence files: [`Evidence`] saved as YAML or JSON, so it can be diffed, replayed and written
//! by hand (rule fixtures are evidence files).
//!
//! ```yaml
//! schema: jamf-triage/evidence/v1          # optional
//! subject: { serial: C02XK1ABJGH5, user: adele@contoso.example }
//! observed_at: 2024-06-03T14:20:00+02:00
//! facts:
//!   jamf.computer.last_contact:
//!     timestamp: 2024-06-03T12:17:07Z
//!     source: { collector: jamf-pro, artifact: jamf-pro/computers-inventory.json, pointer: /results/4/general/lastContactTime }
//!   device.jamfaad.log:
//!     lines:
//!       - "a bare line"
//!       - { text: "a located line", artifact: mac/jamfAAD.log, line: 12 }
//!     lines_read: 48210      # optional: the log had more lines than the ones kept
//! problems:
//!   - { collector: device, path: mac/jamfAAD.log, message: "not UTF-8" }
//! ```
//!
//! Each fact holds exactly one of `bool`, `integer`, `string`, `timestamp` (RFC 3339),
//! `duration` (`24h`), `list` or `lines`, and optionally its `source`. A `lines` fact may say how many
//! lines were read (`lines_read`) when a source kept only those the rules need. Facts without a source
//! are attributed to the evidence file itself.

use indexmap::IndexMap;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::lines::LineRepr;
use crate::{CollectionProblem, Evidence, Fact, FactValue, Lines, Provenance, Subject};

/// The `schema` value of evidence files.
pub const EVIDENCE_SCHEMA: &str = "jamf-triage/evidence/v1";

/// Why an evidence file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvidenceFileError {
    /// The text is not valid YAML/JSON of the evidence-file shape.
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        /// The file name given to the reader.
        origin: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What was expected.
        message: String,
    },
    /// A fact is not well formed.
    #[error("{origin}: fact `{fact}`: {message}")]
    Fact {
        /// The file name given to the reader.
        origin: String,
        /// The fact name.
        fact: String,
        /// What is wrong with it.
        message: String,
    },
}

impl EvidenceFileError {
    /// What is wrong, without the file's name and position.
    pub fn detail(&self) -> String {
        match self {
            EvidenceFileError::Syntax { message, .. } => message.clone(),
            EvidenceFileError::Fact { fact, message, .. } => format!("fact `{fact}`: {message}"),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    schema: Option<String>,
    #[serde(default, skip_serializing_if = "is_default_subject")]
    subject: Subject,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    observed_at: Option<Timestamp>,
    #[serde(default)]
    facts: IndexMap<String, FactRepr>,
    #[serde(default)]
    problems: Vec<CollectionProblem>,
}

fn is_default_subject(subject: &Subject) -> bool {
    *subject == Subject::default()
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FactRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bool: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    integer: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    string: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timestamp: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    duration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    list: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lines: Option<Vec<LineRepr>>,
    /// How many lines were read, when more than `lines` holds (only needed lines are kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lines_read: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Provenance>,
}

impl FactRepr {
    fn from_fact(fact: &Fact) -> Self {
        let mut repr = FactRepr {
            source: Some(fact.provenance.clone()),
            ..FactRepr::default()
        };
        match &fact.value {
            FactValue::Bool(v) => repr.bool = Some(*v),
            FactValue::Integer(v) => repr.integer = Some(*v),
            FactValue::String(v) => repr.string = Some(v.clone()),
            FactValue::Timestamp(v) => repr.timestamp = Some(*v),
            FactValue::Duration(v) => repr.duration = Some(crate::format_duration(*v)),
            FactValue::List(v) => repr.list = Some(v.clone()),
            FactValue::Lines(v) => {
                repr.lines = Some(v.to_repr());
                repr.lines_read = (!v.is_whole()).then(|| v.total());
            }
        }
        repr
    }

    fn into_fact(self, origin: &str) -> Result<Fact, String> {
        let provenance = self
            .source
            .unwrap_or_else(|| Provenance::new("evidence-file", origin));
        let artifact = provenance.artifact.clone();
        let mut values = Vec::new();
        if let Some(v) = self.bool {
            values.push(FactValue::Bool(v));
        }
        if let Some(v) = self.integer {
            values.push(FactValue::Integer(v));
        }
        if let Some(v) = self.string {
            values.push(FactValue::String(v));
        }
        if let Some(v) = self.timestamp {
            values.push(FactValue::Timestamp(v));
        }
        if let Some(v) = self.duration {
            values.push(FactValue::Duration(
                crate::parse_duration(&v).map_err(|e| e.to_string())?,
            ));
        }
        if let Some(v) = self.list {
            values.push(FactValue::List(v));
        }
        if let Some(v) = self.lines {
            let mut lines = Lines::from_repr(v, &artifact);
            if let Some(read) = self.lines_read {
                lines.count_unkept(read.saturating_sub(lines.total()));
            }
            values.push(FactValue::Lines(lines));
        } else if self.lines_read.is_some() {
            return Err("`lines_read` without `lines`".to_owned());
        }
        match values.len() {
            1 => Ok(Fact { value: values.remove(0), provenance }),
            0 => Err("expected a value: one of bool, integer, string, timestamp, duration, list, lines".to_owned()),
            _ => Err("expected exactly one value, found several (bool, integer, string, timestamp, duration, list, lines)".to_owned()),
        }
    }
}

impl Evidence {
    /// Reads an evidence file (YAML, or JSON, which is YAML too). `origin` names the file in
    /// errors and is the provenance of facts that give none.
    ///
    /// # Errors
    /// [`EvidenceFileError`] naming the line and column, or the fact, that is wrong.
    pub fn from_yaml_str(text: &str, origin: &str) -> Result<Evidence, EvidenceFileError> {
        let repr: EvidenceRepr = crate::yaml::from_yaml_with(text, &crate::yaml::YAML_EVIDENCE)
            .map_err(|error| EvidenceFileError::Syntax {
                origin: origin.to_owned(),
                line: error.line.unwrap_or(1),
                column: error.column.unwrap_or(1),
                message: error.message,
            })?;
        let mut evidence = Evidence::default();
        evidence.subject = repr.subject;
        evidence.observed_at = repr.observed_at;
        for (name, fact) in repr.facts {
            let fact = fact
                .into_fact(origin)
                .map_err(|message| EvidenceFileError::Fact {
                    origin: origin.to_owned(),
                    fact: name.clone(),
                    message,
                })?;
            evidence.insert(name, fact);
        }
        for problem in repr.problems {
            evidence.add_problem(problem);
        }
        Ok(evidence)
    }

    fn to_repr(&self) -> EvidenceRepr {
        EvidenceRepr {
            schema: Some(EVIDENCE_SCHEMA.to_owned()),
            subject: self.subject.clone(),
            observed_at: self.observed_at,
            facts: self
                .facts()
                .map(|(name, fact)| (name.to_owned(), FactRepr::from_fact(fact)))
                .collect(),
            problems: self.problems().to_vec(),
        }
    }

    /// Writes the evidence as an evidence file in YAML.
    pub fn to_yaml_string(&self) -> String {
        crate::yaml::to_string(&self.to_repr()).unwrap_or_else(|error| format!("# {error}\n"))
    }

    /// Writes the evidence as an evidence file in JSON (pretty-printed).
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(&self.to_repr())
            .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
observed_at: 2024-06-03T14:20:00+02:00
subject: { serial: C02XK1ABJGH5 }
facts:
  jamf.computer.last_contact:
    timestamp: 2024-06-03T12:17:07Z
    source: { collector: jamf-pro, artifact: jamf-pro/computers-inventory.json, pointer: /results/0/general/lastContactTime }
  device.jamfaad.log:
    lines:
      - "bare"
      - { text: "located", artifact: mac/jamfAAD.log, line: 12 }
    lines_read: 40
  graph.user.licensed_plans: { list: [INTUNE_A, AAD_PREMIUM] }
  x.age: { duration: 1d12h }
problems:
  - { collector: device, path: mac/jamf.log, message: "not readable" }
"#;

    #[test]
    fn reads_and_round_trips() {
        let evidence = Evidence::from_yaml_str(SAMPLE, "sample.yaml").expect("valid");
        assert_eq!(
            evidence.observed_at.map(|t| t.to_string()),
            Some("2024-06-03T12:20:00Z".to_owned())
        );
        let log = evidence.get("device.jamfaad.log").expect("log");
        let FactValue::Lines(lines) = &log.value else {
            panic!("lines expected")
        };
        assert_eq!(
            lines.get(0).map(|l| (l.artifact, l.number)),
            Some(("sample.yaml", 1))
        );
        assert_eq!(
            lines.get(1).map(|l| (l.artifact, l.number)),
            Some(("mac/jamfAAD.log", 12))
        );
        assert_eq!((lines.len(), lines.total()), (2, 40));
        let again =
            Evidence::from_yaml_str(&evidence.to_yaml_string(), "again.yaml").expect("round trip");
        assert_eq!(again, evidence);
        let from_json =
            Evidence::from_yaml_str(&evidence.to_json_string(), "again.json").expect("json");
        assert_eq!(from_json, evidence);
    }

    #[test]
    fn names_the_bad_fact() {
        let error = Evidence::from_yaml_str("facts:\n  a: { bool: true, integer: 3 }\n", "e.yaml")
            .expect_err("two values");
        assert!(error.to_string().contains("fact `a`"), "{error}");
        let error = Evidence::from_yaml_str("facts:\n  a: { boolean: true }\n", "e.yaml")
            .expect_err("unknown key");
        assert!(
            matches!(error, EvidenceFileError::Syntax { line: 2, .. }),
            "{error:?}"
        );
    }
}
