//! The outcome of a diagnosis: per symptom its status, per cause its verdict with the evidence
//! that decided it, the facts that would decide it when undetermined, and its resolution.
//!
//! A [`Report`] borrows the rule text from the engine that produced it; the renderers pick the
//! locale. Its JSON form is the versioned schema [`REPORT_SCHEMA`].

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::model::{CauseDef, ResolutionDef, SymptomDef};
use crate::{CollectionProblem, Provenance, Subject, Truth};

/// The `schema` value of JSON reports.
pub const REPORT_SCHEMA: &str = "jamf-triage/report/v1";

/// What the evidence says of a cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The condition is true: the cause is there.
    Confirmed,
    /// The evidence is missing something that would decide.
    Undetermined,
    /// The condition is false: the evidence rules the cause out.
    RuledOut,
}

impl Verdict {
    /// The verdict a condition's truth gives.
    pub fn from_truth(truth: Truth) -> Verdict {
        match truth {
            Truth::True => Verdict::Confirmed,
            Truth::False => Verdict::RuledOut,
            Truth::Unknown => Verdict::Undetermined,
        }
    }

    /// The JSON name (`confirmed`, `ruled_out`, `undetermined`).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Undetermined => "undetermined",
            Verdict::RuledOut => "ruled_out",
        }
    }
}

/// Whether a symptom is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymptomStatus {
    /// The admin reported it.
    Reported,
    /// Not reported, but its detection condition is true.
    Detected,
    /// Its detection condition is false.
    NotDetected,
    /// Not reported, and nothing decides whether it is there.
    Unknown,
}

impl SymptomStatus {
    /// The JSON name (`reported`, `detected`, `not_detected`, `unknown`).
    pub fn name(self) -> &'static str {
        match self {
            SymptomStatus::Reported => "reported",
            SymptomStatus::Detected => "detected",
            SymptomStatus::NotDetected => "not_detected",
            SymptomStatus::Unknown => "unknown",
        }
    }

    /// Whether the symptom is there (reported or detected).
    pub fn is_present(self) -> bool {
        matches!(self, SymptomStatus::Reported | SymptomStatus::Detected)
    }
}

/// A log line that a test matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedLine {
    /// The artifact the line is in.
    pub artifact: String,
    /// Its 1-based line number.
    pub line: u32,
    /// The text of the line.
    pub text: String,
}

/// One test that decided a verdict or a status: the fact, what was tested, what it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    /// The fact tested (or `cause:<id>` for a test on another cause's verdict).
    pub fact: String,
    /// The test in words (`older than 24h`, `matches "AccountNotOnboarded"`).
    pub test: String,
    /// What the test gave.
    pub outcome: Truth,
    /// The fact's value, in short form (absent when the fact is missing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Where the value came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
    /// For line tests: the first line that matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<MatchedLine>,
}

/// A fact that would decide an undetermined verdict, and who provides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingFact {
    /// The fact's name.
    pub fact: String,
    /// The collector that provides it.
    pub provider: String,
    /// What it means.
    pub meaning: String,
}

/// The verdict on one cause.
#[derive(Debug, Clone, PartialEq)]
pub struct CauseFinding<'e> {
    /// The cause, as the rule pack defines it.
    pub cause: &'e CauseDef,
    /// Its resolution.
    pub resolution: &'e ResolutionDef,
    /// The verdict.
    pub verdict: Verdict,
    /// Ids of the reported or detected symptoms this cause explains.
    pub explains: Vec<&'e str>,
    /// The tests that decided the verdict.
    pub evidence: Vec<EvidenceItem>,
    /// For an undetermined verdict: the facts that would decide it.
    pub missing: Vec<MissingFact>,
}

/// The status of one symptom, with its candidate causes.
#[derive(Debug, Clone, PartialEq)]
pub struct SymptomFinding<'e> {
    /// The symptom, as the rule pack defines it.
    pub symptom: &'e SymptomDef,
    /// Its status.
    pub status: SymptomStatus,
    /// The tests that decided a detected / not detected status.
    pub evidence: Vec<EvidenceItem>,
    /// Its candidate causes with their verdicts, ranked like [`Report::causes`].
    pub causes: Vec<(&'e str, Verdict)>,
}

/// The outcome of a diagnosis.
#[derive(Debug, Clone, PartialEq)]
pub struct Report<'e> {
    /// Which Mac and user it is about.
    pub subject: Subject,
    /// The "now" of the evidence.
    pub observed_at: Option<Timestamp>,
    /// Every symptom of the pack, in pack order.
    pub symptoms: Vec<SymptomFinding<'e>>,
    /// Every cause of the pack, ranked: confirmed first (by severity, then by how many present
    /// symptoms they explain, then by id), then undetermined, then ruled out.
    pub causes: Vec<CauseFinding<'e>>,
    /// What could not be collected.
    pub problems: Vec<CollectionProblem>,
}

impl Report<'_> {
    /// The finding for a cause id.
    pub fn cause(&self, id: &str) -> Option<&CauseFinding<'_>> {
        self.causes.iter().find(|finding| finding.cause.id == id)
    }

    /// The finding for a symptom id.
    pub fn symptom(&self, id: &str) -> Option<&SymptomFinding<'_>> {
        self.symptoms
            .iter()
            .find(|finding| finding.symptom.id == id)
    }

    /// The confirmed causes, in rank order.
    pub fn confirmed(&self) -> impl Iterator<Item = &CauseFinding<'_>> + '_ {
        self.causes
            .iter()
            .filter(|finding| finding.verdict == Verdict::Confirmed)
    }
}
