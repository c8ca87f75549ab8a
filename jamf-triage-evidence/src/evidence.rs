//! Evidence: the facts about one subject, the "now" they are judged against, and what could not
//! be collected.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::{Fact, FactValue, Provenance};

/// Which Mac and user a diagnosis is about. Tenant-wide facts apply to every subject.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// The Mac's serial number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// The user's principal name in Entra ID (`adele@contoso.example`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

/// Something a collector could not read. The facts it would have produced are absent, and the
/// causes that need them come out undetermined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectionProblem {
    /// The collector that met the problem.
    pub collector: String,
    /// The bundle-relative path of the artifact (or the endpoint or command).
    pub path: String,
    /// The 1-based line where the problem is, when it is one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// What was wrong, in plain words.
    pub message: String,
}

impl CollectionProblem {
    /// A problem with an artifact as a whole.
    pub fn new(
        collector: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            collector: collector.into(),
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }

    /// The same problem, at one line.
    #[must_use]
    pub fn at_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }
}

impl std::fmt::Display for CollectionProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {} ({})", self.message, self.collector)
    }
}

/// The facts about one subject, with the time they describe and the collection problems.
///
/// Facts are kept sorted by name, so that output is deterministic and an engine can bind them to
/// its compiled slots in one merge pass.
///
/// ```
/// use jamf_triage_evidence::{Evidence, Provenance};
/// let observed: jiff::Timestamp = "2024-06-03T12:00:00Z".parse()?;
/// let evidence = Evidence::builder()
///     .observed_at(observed)
///     .fact("jamf.computer.managed", true, Provenance::new("jamf-pro", "jamf-pro/computers-inventory.json"))
///     .build();
/// assert!(evidence.get("jamf.computer.managed").is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// Which Mac and user this evidence is about.
    pub subject: Subject,
    /// The "now" that ages are measured from; absent when nobody said when the evidence was
    /// collected (age tests then come out unknown).
    pub observed_at: Option<Timestamp>,
    facts: BTreeMap<String, Fact>,
    problems: Vec<CollectionProblem>,
}

impl Evidence {
    /// Starts building evidence.
    pub fn builder() -> EvidenceBuilder {
        EvidenceBuilder::default()
    }

    /// Records a fact, replacing (and returning) any fact of the same name.
    pub fn insert(&mut self, name: impl Into<String>, fact: Fact) -> Option<Fact> {
        self.facts.insert(name.into(), fact)
    }

    /// Records a fact from its parts.
    pub fn set(
        &mut self,
        name: impl Into<String>,
        value: impl Into<FactValue>,
        provenance: Provenance,
    ) -> Option<Fact> {
        self.insert(name, Fact::new(value, provenance))
    }

    /// Records a declared fact: the key's type says what the value may be.
    pub fn record<V: crate::FactKind>(
        &mut self,
        key: crate::FactKey<V>,
        value: impl Into<V>,
        provenance: Provenance,
    ) -> Option<Fact> {
        self.insert(key.name(), Fact::new(value.into(), provenance))
    }

    /// Records a collection problem.
    pub fn add_problem(&mut self, problem: CollectionProblem) {
        self.problems.push(problem);
    }

    /// The fact of that name, if it was collected.
    pub fn get(&self, name: &str) -> Option<&Fact> {
        self.facts.get(name)
    }

    /// Every fact, sorted by name.
    pub fn facts(&self) -> impl ExactSizeIterator<Item = (&str, &Fact)> + '_ {
        self.facts.iter().map(|(name, fact)| (name.as_str(), fact))
    }

    /// The number of facts.
    pub fn fact_count(&self) -> usize {
        self.facts.len()
    }

    /// The collection problems, in the order they were met.
    pub fn problems(&self) -> &[CollectionProblem] {
        &self.problems
    }

    /// Adds every fact and problem of `other` (its facts win on a name clash); keeps this
    /// evidence's subject and `observed_at` unless they are unset.
    pub fn merge(&mut self, other: Evidence) {
        self.facts.extend(other.facts);
        self.problems.extend(other.problems);
        if self.observed_at.is_none() {
            self.observed_at = other.observed_at;
        }
        if self.subject == Subject::default() {
            self.subject = other.subject;
        }
    }
}

/// Builds [`Evidence`] in a chain of calls.
#[derive(Debug, Default)]
#[must_use]
pub struct EvidenceBuilder {
    evidence: Evidence,
}

impl EvidenceBuilder {
    /// Sets the subject.
    pub fn subject(mut self, subject: Subject) -> Self {
        self.evidence.subject = subject;
        self
    }

    /// Sets the time the evidence describes.
    pub fn observed_at(mut self, at: Timestamp) -> Self {
        self.evidence.observed_at = Some(at);
        self
    }

    /// Adds a fact.
    pub fn fact(
        mut self,
        name: impl Into<String>,
        value: impl Into<FactValue>,
        provenance: Provenance,
    ) -> Self {
        self.evidence.set(name, value, provenance);
        self
    }

    /// Adds a collection problem.
    pub fn problem(mut self, problem: CollectionProblem) -> Self {
        self.evidence.add_problem(problem);
        self
    }

    /// Finishes.
    pub fn build(self) -> Evidence {
        self.evidence
    }
}
