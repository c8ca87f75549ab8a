//! Rule fixtures: small, hand-written pieces of evidence with the verdict a rule pack must give
//! on them. They are how a rule proves that it confirms what it should, rules out what it should,
//! and stays undetermined when the evidence is missing.
//!
//! A fixture file names one cause or one symptom and lists cases:
//!
//! ```yaml
//! cause: jamf-checkin-missed          # or `symptom: unresponsive-in-jamf`
//! observed_at: 2024-06-03T14:20:00+02:00   # optional default for every case
//! cases:
//!   - name: last check-in three days ago
//!     expect: confirmed                # cause: confirmed | ruled_out | undetermined
//!     facts:                           # evidence-file fact syntax
//!       jamf.computer.last_contact: { timestamp: 2024-05-31T09:12:40Z }
//!   - name: nothing collected
//!     expect: undetermined
//!     facts: {}
//! ```
//!
//! Symptom cases expect `detected`, `not_detected`, `unknown` (or `reported`, when the case's
//! `context.reported.symptoms` names the symptom). A case may set its own `observed_at` and
//! `subject`; its `facts` use the syntax of evidence files (see [`crate::Evidence::from_yaml_str`]):
//! each fact holds exactly one of `bool`, `integer`, `string`, `timestamp`, `duration`, `list`
//! or `lines`, and optionally its `source`.
//!
//! [`load_fixtures`] reads fixture files with located errors; [`run_fixtures`] runs them through a
//! diagnosis function (usually `|evidence| engine.diagnose(evidence)`) and returns one
//! [`CaseOutcome`] per case: expected and actual verdict, and the tests that decided it, so that
//! a failure can be printed usefully.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::Evidence;
use crate::report::{EvidenceItem, MissingFact, Report, SymptomStatus, Verdict};

/// What a fixture file tests: one cause or one symptom, by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FixtureTarget {
    /// A cause of the pack.
    Cause(String),
    /// A symptom of the pack.
    Symptom(String),
}

impl FixtureTarget {
    /// The id of the cause or symptom.
    pub fn id(&self) -> &str {
        match self {
            FixtureTarget::Cause(id) | FixtureTarget::Symptom(id) => id,
        }
    }

    /// `cause` or `symptom`.
    pub fn kind(&self) -> &'static str {
        match self {
            FixtureTarget::Cause(_) => "cause",
            FixtureTarget::Symptom(_) => "symptom",
        }
    }
}

impl std::fmt::Display for FixtureTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}`", self.kind(), self.id())
    }
}

/// The outcome a case expects (or got).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expectation {
    /// The verdict on a cause.
    Verdict(Verdict),
    /// The status of a symptom.
    Status(SymptomStatus),
}

impl Expectation {
    /// The name as written in fixtures (`confirmed`, `not_detected`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Expectation::Verdict(verdict) => verdict.name(),
            Expectation::Status(status) => status.name(),
        }
    }

    fn parse(target: &FixtureTarget, text: &str) -> Option<Expectation> {
        match target {
            FixtureTarget::Cause(_) => match text {
                "confirmed" => Some(Expectation::Verdict(Verdict::Confirmed)),
                "ruled_out" => Some(Expectation::Verdict(Verdict::RuledOut)),
                "undetermined" => Some(Expectation::Verdict(Verdict::Undetermined)),
                _ => None,
            },
            FixtureTarget::Symptom(_) => match text {
                "detected" => Some(Expectation::Status(SymptomStatus::Detected)),
                "not_detected" => Some(Expectation::Status(SymptomStatus::NotDetected)),
                "unknown" => Some(Expectation::Status(SymptomStatus::Unknown)),
                "reported" => Some(Expectation::Status(SymptomStatus::Reported)),
                _ => None,
            },
        }
    }
}

impl std::fmt::Display for Expectation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One case of a fixture file: evidence and the outcome it must give.
#[derive(Debug, Clone, PartialEq)]
pub struct FixtureCase {
    /// The case's name, unique in its file.
    pub name: String,
    /// The 1-based line where the case starts in its file, when it could be found.
    pub line: Option<u32>,
    /// The outcome expected.
    pub expect: Expectation,
    /// The evidence the case describes.
    pub evidence: Evidence,
}

/// A fixture file: a target and its cases.
#[derive(Debug, Clone, PartialEq)]
pub struct FixtureFile {
    /// The file's name, as given to [`load_fixtures`].
    pub origin: String,
    /// The cause or symptom tested.
    pub target: FixtureTarget,
    /// What the file's cases show, when it says.
    pub description: Option<String>,
    /// The cases, in file order.
    pub cases: Vec<FixtureCase>,
}

/// Why a fixture file could not be read. Every variant names the file, and the line when known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FixtureError {
    /// The text is not YAML of the fixture shape.
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        origin: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What was expected.
        message: String,
    },
    /// The file names neither `cause` nor `symptom`, or both.
    #[error("{origin}: a fixture file names exactly one of `cause: <id>` or `symptom: <id>`")]
    Target {
        /// The file.
        origin: String,
    },
    /// A case is not well formed (bad `expect`, duplicate name, bad evidence).
    #[error("{origin}:{line}: case `{case}`: {message}", line = line.map_or_else(|| "?".to_owned(), |l| l.to_string()))]
    Case {
        /// The file.
        origin: String,
        /// The 1-based line where the case starts, when known.
        line: Option<u32>,
        /// The case's name.
        case: String,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRepr {
    #[serde(default)]
    cause: Option<String>,
    #[serde(default)]
    symptom: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    observed_at: Option<String>,
    cases: Vec<CaseRepr>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseRepr {
    name: String,
    expect: String,
    #[serde(default)]
    observed_at: Option<String>,
    #[serde(default)]
    subject: Option<serde_json::Value>,
    #[serde(default)]
    facts: IndexMap<String, serde_json::Value>,
}

/// The 1-based lines where list items that start with `name:` begin, in order: the case lines.
fn case_lines(text: &str) -> Vec<u32> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let trimmed = line.trim_start();
            trimmed.strip_prefix('-').is_some_and(|rest| {
                let rest = rest.trim_start().trim_start_matches('{').trim_start();
                rest.starts_with("name:")
            })
        })
        .map(|(index, _)| u32::try_from(index + 1).unwrap_or(u32::MAX))
        .collect()
}

/// Reads one fixture file. `origin` names it in errors and is the provenance of its facts.
///
/// # Errors
/// [`FixtureError`] naming the file and line of the first mistake.
pub fn parse_fixture(origin: &str, text: &str) -> Result<FixtureFile, FixtureError> {
    let repr: FileRepr =
        jamf_triage_evidence::from_yaml_with(text, &jamf_triage_evidence::YAML_RULES).map_err(
            |error| FixtureError::Syntax {
                origin: origin.to_owned(),
                line: error.line.unwrap_or(1),
                column: error.column.unwrap_or(1),
                message: error.message,
            },
        )?;
    let target = match (repr.cause, repr.symptom) {
        (Some(id), None) => FixtureTarget::Cause(id),
        (None, Some(id)) => FixtureTarget::Symptom(id),
        _ => {
            return Err(FixtureError::Target {
                origin: origin.to_owned(),
            });
        }
    };
    let lines = case_lines(text);
    let mut cases: Vec<FixtureCase> = Vec::with_capacity(repr.cases.len());
    for (index, case) in repr.cases.into_iter().enumerate() {
        let line = lines.get(index).copied();
        let fail = |message: String| FixtureError::Case {
            origin: origin.to_owned(),
            line,
            case: case.name.clone(),
            message,
        };
        if cases.iter().any(|earlier| earlier.name == case.name) {
            return Err(fail(
                "another case of this file has the same name".to_owned(),
            ));
        }
        let expect = Expectation::parse(&target, &case.expect).ok_or_else(|| {
            fail(match target {
                FixtureTarget::Cause(_) => format!(
                    "expect `{}`: a cause case expects confirmed, ruled_out or undetermined",
                    case.expect
                ),
                FixtureTarget::Symptom(_) => format!(
                    "expect `{}`: a symptom case expects detected, not_detected, unknown or reported",
                    case.expect
                ),
            })
        })?;
        let mut document = serde_json::Map::new();
        if let Some(at) = case.observed_at.as_ref().or(repr.observed_at.as_ref()) {
            document.insert(
                "observed_at".to_owned(),
                serde_json::Value::String(at.clone()),
            );
        }
        if let Some(subject) = &case.subject {
            document.insert("subject".to_owned(), subject.clone());
        }
        let facts = case
            .facts
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        document.insert("facts".to_owned(), serde_json::Value::Object(facts));
        let json = serde_json::Value::Object(document).to_string();
        let evidence =
            Evidence::from_yaml_str(&json, origin).map_err(|error| fail(error.detail()))?;
        cases.push(FixtureCase {
            name: case.name,
            line,
            expect,
            evidence,
        });
    }
    Ok(FixtureFile {
        origin: origin.to_owned(),
        target,
        description: repr.description,
        cases,
    })
}

/// Reads fixture files from `(name, text)` pairs, keeping every file that reads and every error.
///
/// ```
/// use jamf_triage_core::fixture::{FixtureTarget, load_fixtures};
/// let text = "cause: jamf-checkin-missed\ncases:\n  - name: recent\n    expect: ruled_out\n    observed_at: 2024-06-03T14:20:00+02:00\n    facts:\n      jamf.computer.last_contact: { timestamp: 2024-06-03T12:17:07Z }\n";
/// let (files, errors) = load_fixtures([("jamf-checkin-missed.yaml", text)]);
/// assert!(errors.is_empty());
/// assert_eq!(files[0].target, FixtureTarget::Cause("jamf-checkin-missed".to_owned()));
/// assert_eq!(files[0].cases[0].line, Some(3));
/// ```
pub fn load_fixtures<'a>(
    sources: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (Vec<FixtureFile>, Vec<FixtureError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (origin, text) in sources {
        match parse_fixture(origin, text) {
            Ok(file) => files.push(file),
            Err(error) => errors.push(error),
        }
    }
    (files, errors)
}

/// The outcome of one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOutcome {
    /// The fixture file.
    pub origin: String,
    /// The line where the case starts, when known.
    pub line: Option<u32>,
    /// The cause or symptom tested.
    pub target: FixtureTarget,
    /// The case's name.
    pub case: String,
    /// What the case expects.
    pub expected: Expectation,
    /// What the pack gave; `None` when the pack has no such cause or symptom.
    pub actual: Option<Expectation>,
    /// The tests that decided the actual outcome (fact, test, value, source, matched line).
    pub evidence: Vec<EvidenceItem<'static>>,
    /// For an undetermined cause: the facts that would decide it.
    pub missing: Vec<MissingFact<'static>>,
}

impl CaseOutcome {
    /// Whether the pack gave what the case expects.
    pub fn passed(&self) -> bool {
        self.actual == Some(self.expected)
    }
}

impl std::fmt::Display for CaseOutcome {
    /// One line when it passed; on failure, the expected and actual outcome and every test that
    /// decided it, then the missing facts.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = match self.line {
            Some(line) => format!("{}:{line}", self.origin),
            None => self.origin.clone(),
        };
        let Some(actual) = self.actual else {
            return write!(
                f,
                "FAIL {place}: {} / {}: the pack has no {} `{}`",
                self.target,
                self.case,
                self.target.kind(),
                self.target.id()
            );
        };
        if self.passed() {
            return write!(f, "ok   {place}: {} / {}: {actual}", self.target, self.case);
        }
        writeln!(
            f,
            "FAIL {place}: {} / {}: expected {}, got {actual}",
            self.target, self.case, self.expected
        )?;
        for item in &self.evidence {
            let outcome = match item.outcome {
                crate::Truth::True => "true",
                crate::Truth::False => "false",
                crate::Truth::Unknown => "unknown",
            };
            write!(f, "       {outcome:<7}  {} {}", item.fact, item.test)?;
            match &item.value {
                Some(value) => write!(f, ": {}", value.short())?,
                None => write!(f, ": (missing)")?,
            }
            if let Some(line) = &item.line {
                write!(
                    f,
                    "\n                  line {}:{}: {}",
                    line.artifact, line.line, line.text
                )?;
            } else if let Some(source) = &item.source {
                write!(f, "\n                  from {source}")?;
            }
            writeln!(f)?;
        }
        for missing in &self.missing {
            writeln!(
                f,
                "       missing: {} (from {}): {}",
                missing.fact, missing.provider, missing.meaning
            )?;
        }
        Ok(())
    }
}

/// Runs every case of `files` through `diagnose` (usually `|evidence| engine.diagnose(evidence)`)
/// and returns one outcome per case, in file and case order.
///
/// ```
/// use jamf_triage_core::fixture::{load_fixtures, run_fixtures};
/// use jamf_triage_core::Report;
/// let text = "symptom: graph-token-failure\ncases:\n  - name: nothing\n    expect: unknown\n";
/// let (files, _) = load_fixtures([("t.yaml", text)]);
/// // A diagnosis that knows no symptom at all: the case reports that the pack lacks it.
/// let outcomes = run_fixtures(&files, |evidence| Report {
///     subject: evidence.subject.clone(),
///     observed_at: evidence.observed_at,
///     integration: None,
///     symptoms: Vec::new(),
///     causes: Vec::new(),
///     problems: Vec::new(),
/// });
/// assert!(!outcomes[0].passed());
/// assert!(outcomes[0].to_string().contains("has no symptom"));
/// ```
pub fn run_fixtures<'e, F>(files: &'e [FixtureFile], mut diagnose: F) -> Vec<CaseOutcome>
where
    F: FnMut(&'e Evidence) -> Report<'e>,
{
    let mut outcomes = Vec::new();
    for file in files {
        for case in &file.cases {
            let report = diagnose(&case.evidence);
            let (actual, evidence, missing) = match &file.target {
                FixtureTarget::Cause(id) => match report.cause(id) {
                    Some(finding) => (
                        Some(Expectation::Verdict(finding.verdict)),
                        owned(&finding.evidence),
                        finding
                            .missing
                            .iter()
                            .cloned()
                            .map(MissingFact::into_owned)
                            .collect(),
                    ),
                    None => (None, Vec::new(), Vec::new()),
                },
                FixtureTarget::Symptom(id) => match report.symptom(id) {
                    Some(finding) => (
                        Some(Expectation::Status(finding.status)),
                        owned(&finding.evidence),
                        Vec::new(),
                    ),
                    None => (None, Vec::new(), Vec::new()),
                },
            };
            outcomes.push(CaseOutcome {
                origin: file.origin.clone(),
                line: case.line,
                target: file.target.clone(),
                case: case.name.clone(),
                expected: case.expect,
                actual,
                evidence,
                missing,
            });
        }
    }
    outcomes
}

/// Copies of `items` that own what they borrowed, for an outcome that outlives the report.
fn owned(items: &[EvidenceItem<'_>]) -> Vec<EvidenceItem<'static>> {
    items
        .iter()
        .cloned()
        .map(EvidenceItem::into_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
cause: entra-token-refresh-failed
observed_at: 2024-06-03T14:20:00+02:00
cases:
  - name: old token and deactivated
    expect: confirmed
    facts:
      device.jamfaad.last_token_success: { timestamp: 2024-05-30T08:00:00Z }
      device.jamfaad.have_azure_id: { bool: false }
      device.jamfaad.errors:
        lines:
          - \"error one\"
  - name: own time
    expect: undetermined
    observed_at: 2024-07-01T00:00:00Z
    subject: { serial: C02XK1ABJGH5 }
";

    #[test]
    fn reads_cases_with_lines_and_default_time() {
        let file = parse_fixture("f.yaml", FILE).expect("valid");
        assert_eq!(
            file.target,
            FixtureTarget::Cause("entra-token-refresh-failed".to_owned())
        );
        assert_eq!(file.cases.len(), 2);
        assert_eq!(file.cases[0].line, Some(4));
        assert_eq!(file.cases[1].line, Some(12));
        assert_eq!(
            file.cases[0].evidence.observed_at.map(|t| t.to_string()),
            Some("2024-06-03T12:20:00Z".to_owned())
        );
        assert_eq!(
            file.cases[1].evidence.observed_at.map(|t| t.to_string()),
            Some("2024-07-01T00:00:00Z".to_owned())
        );
        assert_eq!(
            file.cases[1].evidence.subject.serial.as_deref(),
            Some("C02XK1ABJGH5")
        );
        assert_eq!(file.cases[0].evidence.fact_count(), 3);
        let fact = file.cases[0]
            .evidence
            .get("device.jamfaad.errors")
            .expect("fact");
        assert_eq!(fact.provenance.artifact, "f.yaml");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let error = parse_fixture("f.yaml", "cause: x\ncases:\n  - name: a\n    expect: yes\n")
            .expect_err("bad expect");
        assert_eq!(
            error.to_string(),
            "f.yaml:3: case `a`: expect `yes`: a cause case expects confirmed, ruled_out or undetermined"
        );
        let error = parse_fixture(
            "f.yaml",
            "cause: x\ncases:\n  - name: a\n    expect: confirmed\n    fcts: {}\n",
        )
        .expect_err("unknown key");
        assert!(
            matches!(error, FixtureError::Syntax { line: 5, .. }),
            "{error:?}"
        );
        let error = parse_fixture(
            "f.yaml",
            "symptom: s\ncases:\n  - name: a\n    expect: detected\n    facts:\n      x: { bool: true, integer: 1 }\n",
        )
        .expect_err("two values");
        assert!(
            error
                .to_string()
                .starts_with("f.yaml:3: case `a`: fact `x`:"),
            "{error}"
        );
        let error = parse_fixture("f.yaml", "cases: []\n").expect_err("no target");
        assert!(matches!(error, FixtureError::Target { .. }));
        let error = parse_fixture(
            "f.yaml",
            "cause: x\ncases:\n  - name: a\n    expect: confirmed\n  - name: a\n    expect: confirmed\n",
        )
        .expect_err("duplicate");
        assert!(error.to_string().contains("f.yaml:5: case `a`"), "{error}");
    }

    #[test]
    fn load_keeps_good_files_and_errors() {
        let (files, errors) = load_fixtures([("good.yaml", FILE), ("bad.yaml", "cause: [")]);
        assert_eq!(files.len(), 1);
        assert_eq!(errors.len(), 1);
    }
}
