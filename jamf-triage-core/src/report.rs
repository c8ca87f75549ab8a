//! The outcome of a diagnosis: per symptom its status, per cause its verdict with the evidence
//! that decided it, the facts that would decide it when undetermined, and its resolution.
//!
//! A [`Report`] borrows the rule text from the engine that produced it; the renderers pick the
//! locale. Its JSON form is the versioned schema [`REPORT_SCHEMA`].

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::model::{CauseDef, GenerationDef, GenerationId, ResolutionDef, SymptomDef};
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

/// Which integration the tenant runs, as a report names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TenantGeneration {
    /// Jamf Device Compliance alone (or Device Compliance, the other one undecided).
    DeviceCompliance,
    /// The legacy macOS Conditional Access integration alone (or it, the other undecided).
    Legacy,
    /// Both: a tenant migrating from the legacy integration to Device Compliance.
    Both,
    /// Neither: the evidence shows both absent.
    None,
    /// The evidence cannot tell.
    Unknown,
}

impl TenantGeneration {
    /// The generation named from the presence of Device Compliance and of the legacy
    /// integration: a present one is named even when the other is unknown; `none` needs both
    /// known absent; anything else is `unknown`.
    pub fn from_presence(device_compliance: Truth, legacy: Truth) -> TenantGeneration {
        match (device_compliance, legacy) {
            (Truth::True, Truth::True) => TenantGeneration::Both,
            (Truth::True, _) => TenantGeneration::DeviceCompliance,
            (_, Truth::True) => TenantGeneration::Legacy,
            (Truth::False, Truth::False) => TenantGeneration::None,
            _ => TenantGeneration::Unknown,
        }
    }

    /// The JSON name (`device-compliance`, `legacy`, `both`, `none`, `unknown`).
    pub fn name(self) -> &'static str {
        match self {
            TenantGeneration::DeviceCompliance => "device-compliance",
            TenantGeneration::Legacy => "legacy",
            TenantGeneration::Both => "both",
            TenantGeneration::None => "none",
            TenantGeneration::Unknown => "unknown",
        }
    }

    /// The one generation it names, for `device-compliance` and `legacy`.
    pub fn single(self) -> Option<GenerationId> {
        match self {
            TenantGeneration::DeviceCompliance => Some(GenerationId::DeviceCompliance),
            TenantGeneration::Legacy => Some(GenerationId::Legacy),
            TenantGeneration::Both | TenantGeneration::None | TenantGeneration::Unknown => None,
        }
    }
}

/// Whether the tenant runs one generation the pack defines.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerationPresence<'e> {
    /// The generation, as the rule pack defines it.
    pub generation: &'e GenerationDef,
    /// The truth of its `when`: true, the tenant runs it.
    pub present: Truth,
}

/// Which integration the tenant runs, and the evidence that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Integration<'e> {
    /// The generation the report names.
    pub generation: TenantGeneration,
    /// Every generation the pack defines, in pack order, with its presence.
    pub generations: Vec<GenerationPresence<'e>>,
    /// The tests that decided it: those of the present generations (of every generation for
    /// `none`; the known ones for `unknown`).
    pub evidence: Vec<EvidenceItem>,
    /// For `unknown` (or a generation whose partner is unknown): the facts that would decide.
    pub missing: Vec<MissingFact>,
}

/// Why a cause was ruled out (or a symptom not detected) without looking at its own condition:
/// it applies only to generations the tenant does not run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotApplicable {
    /// The generation the tenant runs (`device-compliance`, `legacy` or `none`).
    pub generation: TenantGeneration,
    /// The generations the entry applies to, none of which the tenant runs.
    pub applies_to: Vec<GenerationId>,
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

/// The kind of a test, so that renderers can word it in any language. Not `non_exhaustive`: a
/// new kind must be worded by every renderer, and exhaustive matches make that a compile error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOp {
    /// The fact was collected.
    Exists,
    /// The fact was not collected.
    Missing,
    /// Equal to the operand.
    Equals,
    /// Not equal to the operand.
    NotEquals,
    /// One of the operands.
    OneOf,
    /// The text contains the operand, or the list has it as an element.
    Contains,
    /// Some line contains the operand.
    LineContains,
    /// The text matches the operand pattern.
    Matches,
    /// Some line matches the operand pattern.
    LineMatches,
    /// Some element of the list matches the operand pattern.
    ElementMatches,
    /// Every element of the list is one of the operands.
    AllIn,
    /// A comparison; the operand starts with its symbol (`> 0`).
    Compare,
    /// The number of items, compared; the operand starts with the symbol (`> 1`).
    Count,
    /// The number of items matching a pattern, compared (operand: `/pattern/ > 1`).
    CountMatching,
    /// At least this long before `observed_at`.
    OlderThan,
    /// Less than this long before `observed_at`.
    NewerThan,
    /// Strictly before the instant.
    Before,
    /// At or after the instant.
    AtOrAfter,
    /// Equal to another fact.
    EqualsFact,
    /// The value (or every element) is among another list fact's elements.
    InFact,
    /// Shares an element with another list fact.
    IntersectsFact,
    /// Another cause is confirmed (operand: that cause's verdict).
    CauseConfirmed,
}

/// What a test checked: its kind and its operand as written in the rule (patterns between
/// slashes, text between quotes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// The kind of test.
    pub op: CheckOp,
    /// The operand as written (empty for `exists` / `missing`).
    pub operand: String,
}

impl Check {
    /// A check of kind `op` on `operand`.
    pub fn new(op: CheckOp, operand: impl Into<String>) -> Self {
        Self {
            op,
            operand: operand.into(),
        }
    }
}

impl std::fmt::Display for Check {
    /// The check in English words (`older than 24h`, `has a line matching /AccountNotOnboarded/`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = match self.op {
            CheckOp::Exists => return f.write_str("exists"),
            CheckOp::Missing => return f.write_str("does not exist"),
            CheckOp::Equals => "equals",
            CheckOp::NotEquals => "does not equal",
            CheckOp::OneOf => "is one of",
            CheckOp::Contains => "contains",
            CheckOp::LineContains => "has a line containing",
            CheckOp::Matches => "matches",
            CheckOp::LineMatches => "has a line matching",
            CheckOp::ElementMatches => "has an element matching",
            CheckOp::AllIn => "has only elements among",
            CheckOp::Compare => return f.write_str(&self.operand),
            CheckOp::Count => "count",
            CheckOp::CountMatching => "count matching",
            CheckOp::OlderThan => "older than",
            CheckOp::NewerThan => "newer than",
            CheckOp::Before => "before",
            CheckOp::AtOrAfter => "at or after",
            CheckOp::EqualsFact => "equals fact",
            CheckOp::InFact => "is in fact",
            CheckOp::IntersectsFact => "shares an element with fact",
            CheckOp::CauseConfirmed => return f.write_str("is confirmed"),
        };
        write!(f, "{words} {}", self.operand)
    }
}

/// One test that decided a verdict or a status: the fact, what was tested, what it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    /// The fact tested (or `cause:<id>` for a test on another cause's verdict).
    pub fact: String,
    /// The test in English words (`older than 24h`, `matches /AccountNotOnboarded/`).
    pub test: String,
    /// The test as data, for wording it in other languages.
    pub check: Check,
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
    /// The fact's value, typed and shortened, so that a renderer can word it in the reader's
    /// language and format (`value` is the English short form). Not part of the JSON schema.
    #[serde(skip)]
    pub shown: Option<ShownValue>,
}

/// How many elements of a list a [`ShownValue`] keeps.
pub const SHOWN_ITEMS: usize = 8;

/// How many characters of a text a [`ShownValue`] keeps.
pub const SHOWN_CHARS: usize = 160;

/// A fact's value, typed and shortened for showing: at most [`SHOWN_ITEMS`] list elements and
/// [`SHOWN_CHARS`] characters of text; log lines counted only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShownValue {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// Text, cut at [`SHOWN_CHARS`] characters (`cut` says whether it was).
    Text {
        /// The kept text.
        text: String,
        /// Whether characters were dropped.
        cut: bool,
    },
    /// An instant.
    Timestamp(jiff::Timestamp),
    /// A length of time.
    Duration(jiff::SignedDuration),
    /// A list: its first elements and how many there are.
    List {
        /// The first [`SHOWN_ITEMS`] elements, each cut at [`SHOWN_CHARS`] characters.
        items: Vec<String>,
        /// How many elements the list has.
        total: usize,
    },
    /// Log lines: how many were read (kept or not, see [`crate::Lines::total`]).
    Lines(usize),
}

impl ShownValue {
    /// The shown form of a fact value.
    pub fn of(value: &crate::FactValue) -> ShownValue {
        use crate::FactValue;
        match value {
            FactValue::Bool(value) => ShownValue::Bool(*value),
            FactValue::Integer(value) => ShownValue::Integer(*value),
            FactValue::String(text) => {
                let (text, cut) = cut_text(text);
                ShownValue::Text { text, cut }
            }
            FactValue::Timestamp(at) => ShownValue::Timestamp(*at),
            FactValue::Duration(duration) => ShownValue::Duration(*duration),
            FactValue::List(items) => ShownValue::List {
                items: items
                    .iter()
                    .take(SHOWN_ITEMS)
                    .map(|item| cut_text(item).0)
                    .collect(),
                total: items.len(),
            },
            FactValue::Lines(lines) => {
                ShownValue::Lines(usize::try_from(lines.total()).unwrap_or(usize::MAX))
            }
        }
    }
}

/// The first [`SHOWN_CHARS`] characters of `text`, `…` ending a cut one, and whether it was cut.
fn cut_text(text: &str) -> (String, bool) {
    match text.char_indices().nth(SHOWN_CHARS) {
        None => (text.to_owned(), false),
        Some((end, _)) => (format!("{}…", text.get(..end).unwrap_or_default()), true),
    }
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
    /// Set when the cause is ruled out because it does not apply to the tenant's generation
    /// (its `evidence` is then empty: the report's [`Integration`] says why).
    pub not_applicable: Option<NotApplicable>,
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
    /// Set when it is not detected because it does not apply to the tenant's generation.
    pub not_applicable: Option<NotApplicable>,
}

/// The outcome of a diagnosis.
#[derive(Debug, Clone, PartialEq)]
pub struct Report<'e> {
    /// Which Mac and user it is about.
    pub subject: Subject,
    /// The "now" of the evidence.
    pub observed_at: Option<Timestamp>,
    /// Which integration the tenant runs; `None` when the rule pack defines no generations.
    pub integration: Option<Integration<'e>>,
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
