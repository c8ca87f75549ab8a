//! The one walk over a [`Report`]: every text picked in one locale, every count made, every
//! optional field spelled out. The JSON form is this view serialized, field for field
//! (`docs/REPORT.md`); the text and Markdown renderers lay the same view out for people.

use std::borrow::Cow;

use serde::Serialize;

use jamf_triage_core::model::{Actor, GenerationId, Reference, Scope, Severity};
use jamf_triage_core::report::{
    CauseFinding, Check, EvidenceItem, Integration, MissingFact, NotApplicable, REPORT_SCHEMA,
    Report, ShownValue, SymptomFinding, SymptomStatus, TenantGeneration, TestedValue, Verdict,
};
use jamf_triage_core::{Locale, Truth};

/// A report in one locale.
#[derive(Debug, Serialize)]
pub(crate) struct ReportView<'r> {
    /// Always [`REPORT_SCHEMA`].
    pub schema: &'static str,
    /// The locale of every text.
    pub locale: Locale,
    /// Which Mac and user.
    pub subject: SubjectView<'r>,
    /// The "now" of the evidence, RFC 3339.
    pub observed_at: Option<String>,
    /// The same, as an instant, for wording it (not in the JSON).
    #[serde(skip)]
    pub observed_at_instant: Option<jiff::Timestamp>,
    /// Which integration the tenant runs; `None` when the pack defines no generations.
    pub integration: Option<IntegrationView<'r>>,
    /// Counts.
    pub summary: Summary,
    /// Every symptom, in pack order.
    pub symptoms: Vec<SymptomView<'r>>,
    /// Every cause, in rank order.
    pub causes: Vec<CauseView<'r>>,
    /// What could not be collected.
    pub problems: Vec<ProblemView<'r>>,
}

/// Which integration the tenant runs, and why.
#[derive(Debug, Serialize)]
pub(crate) struct IntegrationView<'r> {
    /// `device-compliance`, `legacy`, `both`, `none` or `unknown`.
    pub generation: TenantGeneration,
    /// Every generation the pack defines, with its presence.
    pub generations: Vec<GenerationView<'r>>,
    /// The tests that decided it.
    pub evidence: Vec<EvidenceView<'r>>,
    /// The facts that would decide what is unknown.
    pub missing: Vec<MissingView<'r>>,
}

/// One generation the pack defines.
#[derive(Debug, Serialize)]
pub(crate) struct GenerationView<'r> {
    /// Its id.
    pub id: GenerationId,
    /// Its title.
    pub title: &'r str,
    /// Whether the tenant runs it.
    pub present: Truth,
}

impl IntegrationView<'_> {
    /// The title of a generation, or its id when the pack does not define it.
    pub fn title(&self, id: GenerationId) -> &str {
        self.generations
            .iter()
            .find(|generation| generation.id == id)
            .map_or(id.code(), |generation| generation.title)
    }
}

/// Which Mac and user.
#[derive(Debug, Serialize)]
pub(crate) struct SubjectView<'r> {
    /// The serial number.
    pub serial: Option<&'r str>,
    /// The user principal name.
    pub user: Option<&'r str>,
}

/// How many causes have each verdict, symptoms each status, and how many problems there are.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Summary {
    /// Causes per verdict.
    pub causes: VerdictCounts,
    /// Symptoms per status.
    pub symptoms: StatusCounts,
    /// Collection problems.
    pub problems: usize,
}

/// Causes per verdict.
#[derive(Debug, Default, Serialize)]
pub(crate) struct VerdictCounts {
    /// Confirmed.
    pub confirmed: usize,
    /// Undetermined.
    pub undetermined: usize,
    /// Ruled out.
    pub ruled_out: usize,
}

impl VerdictCounts {
    /// The count of one verdict.
    pub fn get(&self, verdict: Verdict) -> usize {
        match verdict {
            Verdict::Confirmed => self.confirmed,
            Verdict::Undetermined => self.undetermined,
            Verdict::RuledOut => self.ruled_out,
        }
    }
}

/// Symptoms per status.
#[derive(Debug, Default, Serialize)]
pub(crate) struct StatusCounts {
    /// Reported.
    pub reported: usize,
    /// Detected.
    pub detected: usize,
    /// Not detected.
    pub not_detected: usize,
    /// Unknown.
    pub unknown: usize,
}

impl StatusCounts {
    /// The count of one status.
    pub fn get(&self, status: SymptomStatus) -> usize {
        match status {
            SymptomStatus::Reported => self.reported,
            SymptomStatus::Detected => self.detected,
            SymptomStatus::NotDetected => self.not_detected,
            SymptomStatus::Unknown => self.unknown,
        }
    }
}

/// One symptom.
#[derive(Debug, Serialize)]
pub(crate) struct SymptomView<'r> {
    /// Its id.
    pub id: &'r str,
    /// Its status.
    pub status: SymptomStatus,
    /// How bad it is.
    pub severity: Severity,
    /// Whom it concerns.
    pub scope: Scope,
    /// Its title.
    pub title: &'r str,
    /// Its description (may be empty).
    pub description: &'r str,
    /// Its candidate causes with their verdicts, ranked.
    pub causes: Vec<CauseRef<'r>>,
    /// The tests that decided a detected / not detected status.
    pub evidence: Vec<EvidenceView<'r>>,
    /// Where it comes from.
    pub references: Vec<ReferenceView<'r>>,
    /// The generations it applies to (empty: every one).
    pub applies_to: &'r [GenerationId],
    /// Set when it is not detected because it does not apply to the tenant.
    pub not_applicable: Option<&'r NotApplicable>,
}

/// A cause named from a symptom.
#[derive(Debug, Serialize)]
pub(crate) struct CauseRef<'r> {
    /// The cause's id.
    pub id: &'r str,
    /// Its verdict.
    pub verdict: Verdict,
}

/// One cause.
#[derive(Debug, Serialize)]
pub(crate) struct CauseView<'r> {
    /// Its id.
    pub id: &'r str,
    /// Its verdict.
    pub verdict: Verdict,
    /// Its 1-based place in the ranking.
    pub rank: usize,
    /// How bad it is.
    pub severity: Severity,
    /// Whom it concerns.
    pub scope: Scope,
    /// Its title.
    pub title: &'r str,
    /// What is going on (may be empty).
    pub description: &'r str,
    /// Ids of the present symptoms it explains.
    pub explains: Vec<&'r str>,
    /// The tests that decided the verdict.
    pub evidence: Vec<EvidenceView<'r>>,
    /// For an undetermined cause: the facts that would decide it.
    pub missing: Vec<MissingView<'r>>,
    /// What to do about it.
    pub resolution: ResolutionView<'r>,
    /// Where it comes from.
    pub references: Vec<ReferenceView<'r>>,
    /// The generations it applies to (empty: every one).
    pub applies_to: &'r [GenerationId],
    /// Set when it is ruled out because it does not apply to the tenant.
    pub not_applicable: Option<&'r NotApplicable>,
}

/// One test that decided a verdict or a status.
#[derive(Debug, Serialize)]
pub(crate) struct EvidenceView<'r> {
    /// The fact tested.
    pub fact: &'r str,
    /// The test in English words.
    pub test: &'r str,
    /// The test as data.
    pub check: &'r Check,
    /// What it gave.
    pub outcome: Truth,
    /// The fact's value in short form.
    pub value: Option<Cow<'r, str>>,
    /// Where the value came from.
    pub source: Option<SourceView<'r>>,
    /// The first log line that matched.
    pub line: Option<LineView<'r>>,
    /// The value, typed, for wording it (not in the JSON: `value` is).
    #[serde(skip)]
    pub shown: Option<ShownValue>,
}

/// Where a value came from.
#[derive(Debug, Serialize)]
pub(crate) struct SourceView<'r> {
    /// The collector.
    pub collector: &'r str,
    /// The artifact.
    pub artifact: &'r str,
    /// The 1-based line.
    pub line: Option<u32>,
    /// A JSON pointer or key path.
    pub pointer: Option<&'r str>,
}

/// A log line a test matched.
#[derive(Debug, Serialize)]
pub(crate) struct LineView<'r> {
    /// The artifact it is in.
    pub artifact: &'r str,
    /// Its 1-based number.
    pub line: u32,
    /// Its text, as the product printed it.
    pub text: &'r str,
}

/// A fact that would decide an undetermined cause.
#[derive(Debug, Serialize)]
pub(crate) struct MissingView<'r> {
    /// The fact.
    pub fact: &'r str,
    /// The collector that provides it.
    pub provider: &'r str,
    /// What it means.
    pub meaning: &'r str,
}

/// A resolution.
#[derive(Debug, Serialize)]
pub(crate) struct ResolutionView<'r> {
    /// Its id.
    pub id: &'r str,
    /// Its title.
    pub title: &'r str,
    /// What it achieves (may be empty).
    pub description: &'r str,
    /// Its steps, in order.
    pub steps: Vec<StepView<'r>>,
    /// Where it comes from.
    pub references: Vec<ReferenceView<'r>>,
}

/// One step of a resolution.
#[derive(Debug, Serialize)]
pub(crate) struct StepView<'r> {
    /// What to do.
    pub text: &'r str,
    /// Who does it.
    pub actor: Option<Actor>,
    /// The exact command.
    pub command: Option<&'r str>,
    /// Where in a console.
    pub location: Option<&'r str>,
    /// A link to follow.
    pub link: Option<&'r str>,
    /// What must not be done, or must be waited for.
    pub warning: Option<&'r str>,
}

/// A source document.
#[derive(Debug, Serialize)]
pub(crate) struct ReferenceView<'r> {
    /// Its title.
    pub title: &'r str,
    /// The section inside it.
    pub section: Option<&'r str>,
    /// Where to read it.
    pub url: Option<&'r str>,
}

/// A collection problem.
#[derive(Debug, Serialize)]
pub(crate) struct ProblemView<'r> {
    /// The collector that met it.
    pub collector: &'r str,
    /// The bundle-relative path of the artifact.
    pub path: &'r str,
    /// The 1-based line, when it is one line.
    pub line: Option<u32>,
    /// What was wrong.
    pub message: &'r str,
}

impl<'r> ReportView<'r> {
    /// Walks `report`, picking every text in `locale` (falling back to `en`).
    pub fn new(report: &'r Report<'_>, locale: Locale) -> Self {
        let mut summary = Summary {
            problems: report.problems.len(),
            ..Summary::default()
        };
        for finding in &report.causes {
            *match finding.verdict {
                Verdict::Confirmed => &mut summary.causes.confirmed,
                Verdict::Undetermined => &mut summary.causes.undetermined,
                Verdict::RuledOut => &mut summary.causes.ruled_out,
            } += 1;
        }
        for finding in &report.symptoms {
            *match finding.status {
                SymptomStatus::Reported => &mut summary.symptoms.reported,
                SymptomStatus::Detected => &mut summary.symptoms.detected,
                SymptomStatus::NotDetected => &mut summary.symptoms.not_detected,
                SymptomStatus::Unknown => &mut summary.symptoms.unknown,
            } += 1;
        }
        ReportView {
            schema: REPORT_SCHEMA,
            locale,
            subject: SubjectView {
                serial: report.subject.serial.as_deref(),
                user: report.subject.user.as_deref(),
            },
            observed_at: report.observed_at.map(|at| at.to_string()),
            observed_at_instant: report.observed_at,
            integration: report
                .integration
                .as_ref()
                .map(|integration| integration_view(integration, locale)),
            summary,
            symptoms: report
                .symptoms
                .iter()
                .map(|finding| symptom(finding, locale))
                .collect(),
            causes: report
                .causes
                .iter()
                .enumerate()
                .map(|(index, finding)| cause(finding, index + 1, locale))
                .collect(),
            problems: report
                .problems
                .iter()
                .map(|problem| ProblemView {
                    collector: &problem.collector,
                    path: &problem.path,
                    line: problem.line,
                    message: &problem.message,
                })
                .collect(),
        }
    }

    /// The causes with one verdict, in rank order.
    pub fn causes_with(&self, verdict: Verdict) -> impl Iterator<Item = &CauseView<'r>> + '_ {
        self.causes
            .iter()
            .filter(move |cause| cause.verdict == verdict)
    }

    /// The title of a symptom, by id.
    pub fn symptom_title(&self, id: &str) -> Option<&'r str> {
        self.symptoms
            .iter()
            .find(|symptom| symptom.id == id)
            .map(|symptom| symptom.title)
    }
}

fn symptom<'r>(finding: &'r SymptomFinding<'_>, locale: Locale) -> SymptomView<'r> {
    let def = finding.symptom;
    SymptomView {
        id: &def.id,
        status: finding.status,
        severity: def.severity,
        scope: def.scope,
        title: def.title.get(locale),
        description: def.description.get(locale),
        causes: finding
            .causes
            .iter()
            .map(|&(id, verdict)| CauseRef { id, verdict })
            .collect(),
        evidence: evidence(&finding.evidence),
        references: references(&def.references),
        applies_to: def.applies_to.as_deref().unwrap_or_default(),
        not_applicable: finding.not_applicable.as_ref(),
    }
}

fn cause<'r>(finding: &'r CauseFinding<'_>, rank: usize, locale: Locale) -> CauseView<'r> {
    let def = finding.cause;
    let resolution = finding.resolution;
    CauseView {
        id: &def.id,
        verdict: finding.verdict,
        rank,
        severity: def.severity,
        scope: def.scope,
        title: def.title.get(locale),
        description: def.description.get(locale),
        explains: finding.explains.clone(),
        evidence: evidence(&finding.evidence),
        missing: missing(&finding.missing),
        resolution: ResolutionView {
            id: &resolution.id,
            title: resolution.title.get(locale),
            description: resolution.description.get(locale),
            steps: resolution
                .steps
                .iter()
                .map(|step| StepView {
                    text: step.text.get(locale),
                    actor: step.actor,
                    command: step.command.as_deref(),
                    location: step.location.as_ref().map(|location| location.get(locale)),
                    link: step.link.as_deref(),
                    warning: step.warning.as_ref().map(|warning| warning.get(locale)),
                })
                .collect(),
            references: references(&resolution.references),
        },
        references: references(&def.references),
        applies_to: def.applies_to.as_deref().unwrap_or_default(),
        not_applicable: finding.not_applicable.as_ref(),
    }
}

fn integration_view<'r>(integration: &'r Integration<'_>, locale: Locale) -> IntegrationView<'r> {
    IntegrationView {
        generation: integration.generation,
        generations: integration
            .generations
            .iter()
            .map(|presence| GenerationView {
                id: presence.generation.id,
                title: presence.generation.title.get(locale),
                present: presence.present,
            })
            .collect(),
        evidence: evidence(&integration.evidence),
        missing: missing(&integration.missing),
    }
}

fn missing<'r>(facts: &'r [MissingFact<'_>]) -> Vec<MissingView<'r>> {
    facts
        .iter()
        .map(|missing| MissingView {
            fact: &missing.fact,
            provider: &missing.provider,
            meaning: &missing.meaning,
        })
        .collect()
}

fn evidence<'r>(items: &'r [EvidenceItem<'_>]) -> Vec<EvidenceView<'r>> {
    items
        .iter()
        .map(|item| EvidenceView {
            fact: &item.fact,
            test: &item.test,
            check: &item.check,
            outcome: item.outcome,
            value: item.value.as_ref().map(TestedValue::short),
            source: item.source.as_ref().map(|source| SourceView {
                collector: &source.collector,
                artifact: &source.artifact,
                line: source.line,
                pointer: source.pointer.as_deref(),
            }),
            line: item.line.as_ref().map(|line| LineView {
                artifact: &line.artifact,
                line: line.line,
                text: &line.text,
            }),
            shown: item.value.as_ref().and_then(TestedValue::shown),
        })
        .collect()
}

fn references(references: &[Reference]) -> Vec<ReferenceView<'_>> {
    references
        .iter()
        .map(|reference| ReferenceView {
            title: &reference.title,
            section: reference.section.as_deref(),
            url: reference.url.as_deref(),
        })
        .collect()
}
