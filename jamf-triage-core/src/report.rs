//! The outcome of a diagnosis: per symptom its status, per cause its verdict with the evidence
//! that decided it, the facts that would decide it when undetermined, and its resolution.
//!
//! A [`Report`] borrows the rule text from the engine that produced it and the values from the
//! evidence it judged; the renderers pick the locale. Its JSON form is the versioned schema [`REPORT_SCHEMA`].

use std::borrow::Cow;

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
    pub evidence: Vec<EvidenceItem<'e>>,
    /// For `unknown` (or a generation whose partner is unknown): the facts that would decide.
    pub missing: Vec<MissingFact<'e>>,
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

/// A log line that a test matched, borrowed from the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedLine<'e> {
    /// The artifact the line is in.
    pub artifact: Cow<'e, str>,
    /// Its 1-based line number.
    pub line: u32,
    /// The text of the line.
    pub text: Cow<'e, str>,
}

impl MatchedLine<'_> {
    /// The same line, owning its text.
    pub fn into_owned(self) -> MatchedLine<'static> {
        MatchedLine {
            artifact: Cow::Owned(self.artifact.into_owned()),
            line: self.line,
            text: Cow::Owned(self.text.into_owned()),
        }
    }
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
///
/// It borrows from the rule pack (the test) and the evidence (the value, its provenance, the
/// matched line): building one allocates nothing, and the value is put in words only when a
/// renderer asks ([`TestedValue::short`], [`TestedValue::shown`]).
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceItem<'e> {
    /// The fact tested (or `cause:<id>` for a test on another cause's verdict).
    pub fact: Cow<'e, str>,
    /// The test in English words (`older than 24h`, `matches /AccountNotOnboarded/`).
    pub test: Cow<'e, str>,
    /// The test as data, for wording it in other languages.
    pub check: Cow<'e, Check>,
    /// What the test gave.
    pub outcome: Truth,
    /// What was tested: the fact's value (absent when the fact is missing).
    pub value: Option<TestedValue<'e>>,
    /// Where the value came from.
    pub source: Option<Cow<'e, Provenance>>,
    /// For line tests: the first line that matched.
    pub line: Option<MatchedLine<'e>>,
}

impl EvidenceItem<'_> {
    /// The same item, owning everything it borrowed.
    pub fn into_owned(self) -> EvidenceItem<'static> {
        EvidenceItem {
            fact: Cow::Owned(self.fact.into_owned()),
            test: Cow::Owned(self.test.into_owned()),
            check: Cow::Owned(self.check.into_owned()),
            outcome: self.outcome,
            value: self.value.map(TestedValue::into_owned),
            source: self.source.map(|source| Cow::Owned(source.into_owned())),
            line: self.line.map(MatchedLine::into_owned),
        }
    }
}

/// What a test looked at: a fact's value, or a value already in words (another cause's
/// verdict).
#[derive(Debug, Clone, PartialEq)]
pub enum TestedValue<'e> {
    /// A fact's value, typed: shown in the reader's language and format.
    Fact(Cow<'e, crate::FactValue>),
    /// A value in words, shown as it is.
    Words(Cow<'e, str>),
}

impl TestedValue<'_> {
    /// The value in English short form: at most [`SHOWN_CHARS`] characters, then `…` when
    /// there were more (a long list is never written out whole).
    pub fn short(&self) -> Cow<'_, str> {
        match self {
            TestedValue::Fact(value) => Cow::Owned(short(value)),
            TestedValue::Words(words) => Cow::Borrowed(words),
        }
    }

    /// The value typed and shortened, for a renderer to word; `None` for words.
    pub fn shown(&self) -> Option<ShownValue> {
        match self {
            TestedValue::Fact(value) => Some(ShownValue::of(value)),
            TestedValue::Words(_) => None,
        }
    }

    /// The same value, owning it.
    pub fn into_owned(self) -> TestedValue<'static> {
        match self {
            TestedValue::Fact(value) => TestedValue::Fact(Cow::Owned(value.into_owned())),
            TestedValue::Words(words) => TestedValue::Words(Cow::Owned(words.into_owned())),
        }
    }
}

/// A value in short form: at most [`SHOWN_CHARS`] characters, then `…` when there were more.
/// Formatting stops there, so a long list is never written out whole.
fn short(value: &crate::FactValue) -> String {
    let mut capped = Capped {
        // Room for a short ASCII value and the ellipsis: one allocation, no growth.
        text: String::with_capacity(SHOWN_CHARS + '…'.len_utf8()),
        room: SHOWN_CHARS,
        cut: false,
    };
    // The only error is the one `Capped` returns to stop formatting.
    let _ = std::fmt::Write::write_fmt(&mut capped, format_args!("{value}"));
    if capped.cut {
        capped.text.push('…');
    }
    capped.text
}

/// A writer that keeps the first [`SHOWN_CHARS`] characters written to it.
struct Capped {
    text: String,
    /// How many more characters it keeps.
    room: usize,
    /// Whether characters were dropped.
    cut: bool,
}

impl std::fmt::Write for Capped {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if s.len() <= self.room {
            // It fits, however many bytes its characters take.
            self.room -= s.chars().count();
            self.text.push_str(s);
            return Ok(());
        }
        match s.char_indices().nth(self.room) {
            None => {
                self.room -= s.chars().count();
                self.text.push_str(s);
                Ok(())
            }
            Some((end, _)) => {
                self.text.push_str(s.get(..end).unwrap_or_default());
                self.room = 0;
                self.cut = true;
                Err(std::fmt::Error)
            }
        }
    }
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

/// A fact that would decide an undetermined verdict, and who provides it (borrowed from the
/// engine's fact catalog).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingFact<'e> {
    /// The fact's name.
    pub fact: Cow<'e, str>,
    /// The collector that provides it.
    pub provider: Cow<'e, str>,
    /// What it means.
    pub meaning: Cow<'e, str>,
}

impl MissingFact<'_> {
    /// The same fact, owning its texts.
    pub fn into_owned(self) -> MissingFact<'static> {
        MissingFact {
            fact: Cow::Owned(self.fact.into_owned()),
            provider: Cow::Owned(self.provider.into_owned()),
            meaning: Cow::Owned(self.meaning.into_owned()),
        }
    }
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
    pub evidence: Vec<EvidenceItem<'e>>,
    /// For an undetermined verdict: the facts that would decide it.
    pub missing: Vec<MissingFact<'e>>,
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
    pub evidence: Vec<EvidenceItem<'e>>,
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

#[cfg(test)]
mod tests {
    use super::{SHOWN_CHARS, short};
    use crate::FactValue;

    #[test]
    fn long_values_are_cut_at_the_same_place_however_they_are_written() {
        let item = "ab€".repeat(10);
        for count in [0, 1, 5, 6, 7, 40] {
            let value = FactValue::List(vec![item.clone(); count]);
            let whole = value.to_string();
            let expected = if whole.chars().count() <= SHOWN_CHARS {
                whole
            } else {
                let mut cut: String = whole.chars().take(SHOWN_CHARS).collect();
                cut.push('…');
                cut
            };
            assert_eq!(short(&value), expected, "{count} items");
        }
        let exact = FactValue::String("x".repeat(SHOWN_CHARS));
        assert_eq!(short(&exact), "x".repeat(SHOWN_CHARS));
    }
}
