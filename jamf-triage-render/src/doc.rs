//! The layout of a report for people, shared by the text and Markdown renderers.
//!
//! [`document`] walks a [`ReportView`] once and lays it out as a list of [`Block`]s made of
//! [`Span`]s: what is a heading, a list item, a command, a quoted log line, a warning. The
//! renderers only decide how each kind of block and span looks in their format.

use std::borrow::Cow;

use jamf_triage_core::Truth;
use jamf_triage_core::model::Severity;
use jamf_triage_core::report::{NotApplicable, SymptomStatus, TenantGeneration, Verdict};

use jamf_triage_core::report::SHOWN_ITEMS;

use super::guide::FactGuide;
use super::labels::Labels;
use super::view::{CauseView, EvidenceView, MissingView, ReferenceView, ReportView};
use super::words::Words;

/// How a span is meant to stand out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    /// Something is wrong (a confirmed cause, a high severity).
    Bad,
    /// Attention (an undetermined cause, a warning).
    Warn,
    /// All is well (a ruled-out cause).
    Good,
    /// Secondary detail (ids, sources).
    Muted,
}

/// What kind of inline text a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SpanKind {
    /// Plain prose.
    Plain,
    /// Emphasised prose.
    Strong,
    /// A fact name, an id, a path: set in code.
    Code,
    /// A URL.
    Link,
    /// The id of a symptom, cause or resolution.
    Id,
    /// Prose in a tone.
    Tone(Tone),
}

/// A run of inline text of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span<'a> {
    /// What it is.
    pub kind: SpanKind,
    /// The text (never containing a line break).
    pub text: Cow<'a, str>,
}

/// One line of spans.
pub(crate) type Line<'a> = Vec<Span<'a>>;

/// What kind of block it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// The report's title (depth 1: the short report's, set plainer).
    Title,
    /// A section heading.
    Heading,
    /// The heading of one confirmed cause.
    Subheading,
    /// A label that introduces what follows (`Evidence:`).
    Label,
    /// A paragraph of prose (may hold line breaks).
    Paragraph,
    /// A `label: value` line.
    Field,
    /// A bulleted list item.
    Bullet,
    /// A numbered list item.
    Numbered(usize),
    /// A command to type.
    Command,
    /// A log line, quoted as printed.
    Quote,
    /// A warning.
    Warning,
    /// A closing remark at the left margin, after a blank line.
    Note,
}

/// One block of a laid-out report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block<'a> {
    /// What it is.
    pub kind: BlockKind,
    /// How deep in lists it sits (0: not in a list, or a top-level item).
    pub depth: usize,
    /// Its content. `Paragraph` and `Command` may hold line breaks in one plain span.
    pub line: Line<'a>,
}

fn span<'a>(kind: SpanKind, text: impl Into<Cow<'a, str>>) -> Span<'a> {
    Span {
        kind,
        text: text.into(),
    }
}

fn plain<'a>(text: impl Into<Cow<'a, str>>) -> Span<'a> {
    span(SpanKind::Plain, text)
}

fn strong<'a>(text: impl Into<Cow<'a, str>>) -> Span<'a> {
    span(SpanKind::Strong, text)
}

fn code<'a>(text: impl Into<Cow<'a, str>>) -> Span<'a> {
    span(SpanKind::Code, text)
}

fn tone<'a>(tone: Tone, text: impl Into<Cow<'a, str>>) -> Span<'a> {
    span(SpanKind::Tone(tone), text)
}

fn verdict_tone(verdict: Verdict) -> Tone {
    match verdict {
        Verdict::Confirmed => Tone::Bad,
        Verdict::Undetermined => Tone::Warn,
        Verdict::RuledOut => Tone::Good,
    }
}

fn status_tone(status: SymptomStatus) -> Tone {
    match status {
        SymptomStatus::Reported | SymptomStatus::Detected => Tone::Bad,
        SymptomStatus::NotDetected => Tone::Good,
        SymptomStatus::Unknown => Tone::Muted,
    }
}

fn severity_tone(severity: Severity) -> Tone {
    match severity {
        Severity::Critical | Severity::High => Tone::Bad,
        Severity::Medium => Tone::Warn,
        Severity::Low | Severity::Info => Tone::Muted,
    }
}

/// What a test gave, emphasised: an unknown outcome is something to collect.
fn outcome<'a>(labels: &Labels, outcome: Truth) -> Span<'a> {
    let words = labels.outcome(outcome);
    match outcome {
        Truth::Unknown => tone(Tone::Warn, words),
        Truth::True | Truth::False => strong(words),
    }
}

/// `Confirmed 1 · Undetermined 2`.
fn counts<'r>(counts: &[(&str, usize)]) -> [Span<'r>; 1] {
    let text = counts
        .iter()
        .map(|(label, count)| format!("{label} {count}"))
        .collect::<Vec<_>>()
        .join(" · ");
    [plain(text)]
}

/// Builds the blocks of one report.
struct Layout<'v, 'r, 'g> {
    view: &'v ReportView<'r>,
    labels: &'static Labels,
    words: Words<'g>,
    /// Everything (`--all`), or the short report.
    all: bool,
    blocks: Vec<Block<'r>>,
}

/// How many characters an evidence line and its test may take together to share one line.
const ONE_LINE: usize = 96;

/// How many list elements a value shows in the short report.
const SHORT_ITEMS: usize = 4;

/// Lays a report out for people.
///
/// The short report (`all` false) fits a screen: what was diagnosed, what is seen, the
/// confirmed causes with the evidence in words and the fix, what is still open with the files
/// and commands that would decide it, and one line counting the ruled-out causes.
///
/// The whole report (`all`) has the header with the counts, the integration the tenant runs
/// (when the pack defines generations), confirmed causes with evidence, resolution and
/// references, undetermined causes with what to collect, ruled-out causes with the tests that
/// decided them, symptoms and collection problems; each test also as the rule writes it.
pub(crate) fn document<'r>(view: &ReportView<'r>, guide: &FactGuide, all: bool) -> Vec<Block<'r>> {
    let labels = Labels::of(view.locale);
    let mut layout = Layout {
        view,
        labels,
        words: Words {
            locale: view.locale,
            labels,
            guide,
            items: if all { SHOWN_ITEMS } else { SHORT_ITEMS },
            short_ids: !all,
        },
        all,
        blocks: Vec::new(),
    };
    if all {
        layout.header();
        layout.integration();
        layout.confirmed();
        layout.undetermined();
        layout.ruled_out();
        layout.symptoms();
    } else {
        layout.short_header();
        layout.seen();
        layout.confirmed();
        layout.undetermined();
        layout.ruled_out_count();
    }
    layout.problems();
    layout.blocks
}

impl<'r> Layout<'_, 'r, '_> {
    fn push(&mut self, kind: BlockKind, depth: usize, line: Line<'r>) {
        self.blocks.push(Block { kind, depth, line });
    }

    /// `label: ` as spans, the colon outside the emphasis (Markdown needs it so after a
    /// full-width colon).
    fn label(&self, label: &'static str) -> [Span<'r>; 2] {
        [strong(label), plain(self.labels.colon)]
    }

    /// `label:` on its own, introducing what follows.
    fn intro(&self, label: &'static str) -> Line<'r> {
        vec![strong(label), plain(self.labels.colon.trim_end())]
    }

    /// A `label: value…` field.
    fn field(
        &mut self,
        depth: usize,
        label: &'static str,
        value: impl IntoIterator<Item = Span<'r>>,
    ) {
        let mut line: Line<'r> = self.label(label).into();
        line.extend(value);
        self.push(BlockKind::Field, depth, line);
    }

    /// `title [id]`.
    fn titled(&self, title: &'r str, id: &'r str) -> [Span<'r>; 3] {
        [strong(title), plain(" "), span(SpanKind::Id, id)]
    }

    fn paragraph(&mut self, depth: usize, text: &'r str) {
        if !text.trim().is_empty() {
            self.push(BlockKind::Paragraph, depth, vec![plain(text.trim_end())]);
        }
    }

    fn heading(&mut self, text: &str, count: usize) {
        let text = format!("{text}{}", self.labels.paren(&count.to_string()));
        self.push(BlockKind::Heading, 0, vec![plain(text)]);
    }

    fn header(&mut self) {
        let labels = self.labels;
        let view = self.view;
        self.push(BlockKind::Title, 0, vec![plain(labels.title)]);
        if let Some(serial) = view.subject.serial {
            self.field(0, labels.serial, [code(serial)]);
        }
        if let Some(user) = view.subject.user {
            self.field(0, labels.user, [plain(user)]);
        }
        let observed = match &view.observed_at {
            Some(at) => code(at.clone()),
            None => tone(Tone::Warn, labels.not_given),
        };
        self.field(0, labels.observed_at, [observed]);
        let causes =
            [Verdict::Confirmed, Verdict::Undetermined, Verdict::RuledOut].map(|verdict| {
                (
                    labels.verdict_count(verdict),
                    view.summary.causes.get(verdict),
                )
            });
        let line = counts(&causes);
        self.field(0, labels.causes, line);
        let symptoms = [
            SymptomStatus::Reported,
            SymptomStatus::Detected,
            SymptomStatus::NotDetected,
            SymptomStatus::Unknown,
        ]
        .map(|status| {
            (
                labels.status_count(status),
                view.summary.symptoms.get(status),
            )
        });
        let line = counts(&symptoms);
        self.field(0, labels.symptoms, line);
        self.field(
            0,
            labels.problems,
            [plain(view.summary.problems.to_string())],
        );
    }

    /// `Integration: Device Compliance`, then the tests that decided it and, when it is not
    /// known, the facts that would decide it. Nothing when the pack defines no generations.
    fn integration(&mut self) {
        let labels = self.labels;
        let Some(integration) = &self.view.integration else {
            return;
        };
        let words = labels.generation(integration.generation, |id| integration.title(id));
        let value = match integration.generation {
            TenantGeneration::Unknown => tone(Tone::Warn, words),
            _ => strong(words),
        };
        self.field(0, labels.integration, [value]);
        if !integration.evidence.is_empty() {
            self.push(BlockKind::Field, 1, self.intro(labels.decided_from));
            for item in &integration.evidence {
                self.evidence_item(2, item);
            }
        }
        self.collect(1, &integration.missing);
    }

    /// What to collect to decide: the files and the commands or requests that produce them,
    /// grouped by source; with `--all` the facts they give too.
    fn collect(&mut self, depth: usize, missing: &[MissingView<'r>]) {
        if missing.is_empty() {
            return;
        }
        let labels = self.labels;
        self.push(BlockKind::Field, depth, self.intro(labels.collect));
        // (source, lines), sources in the order met.
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for fact in missing {
            let providers = self.words.guide.artifacts(fact.fact);
            let mut lines: Vec<(String, String)> = providers
                .iter()
                .map(|provider| {
                    let line = format!(
                        "{} — {}",
                        provider.path,
                        labels.producer(&provider.producer)
                    );
                    (provider.source.clone(), line)
                })
                .collect();
            if lines.is_empty() {
                lines.push((
                    fact.provider.to_owned(),
                    self.words.fact(fact.fact).to_owned(),
                ));
            }
            for (source, line) in lines {
                let label = self.words.fact(fact.fact);
                let line = if !self.all || line == label {
                    line
                } else if label == fact.fact {
                    format!("{line} (`{}`)", fact.fact)
                } else {
                    format!("{line} ({label}: `{}`)", fact.fact)
                };
                let group = match groups.iter().position(|(known, _)| *known == source) {
                    Some(index) => index,
                    None => {
                        groups.push((source, Vec::new()));
                        groups.len() - 1
                    }
                };
                if let Some((_, group)) = groups.get_mut(group)
                    && !group.contains(&line)
                {
                    group.push(line);
                }
            }
        }
        for (source, lines) in groups {
            let name = labels.source(&source).to_owned();
            self.push(BlockKind::Bullet, depth + 1, vec![strong(name)]);
            for line in lines {
                self.push(BlockKind::Bullet, depth + 2, vec![plain(line)]);
            }
        }
    }

    /// "Not applicable: the tenant runs Device Compliance".
    fn not_applicable_words(&self, not_applicable: &NotApplicable) -> String {
        let integration = self.view.integration.as_ref();
        self.labels.not_applicable(not_applicable, |id| {
            integration.map_or(id.code(), |integration| integration.title(id))
        })
    }

    /// `Severity: high · Scope: device`.
    fn severity_scope(&mut self, depth: usize, cause: &CauseView<'r>) {
        let labels = self.labels;
        let mut line: Line<'r> = self.label(labels.severity).into();
        line.push(tone(
            severity_tone(cause.severity),
            labels.severity(cause.severity),
        ));
        line.push(plain(" · "));
        line.extend(self.label(labels.scope));
        line.push(plain(labels.scope(cause.scope)));
        self.push(BlockKind::Field, depth, line);
    }

    /// `Explains: title [id], …`, when the cause explains a present symptom.
    fn explains(&mut self, depth: usize, cause: &CauseView<'r>) {
        if cause.explains.is_empty() {
            return;
        }
        let mut value = Vec::new();
        for (index, &id) in cause.explains.iter().enumerate() {
            if index > 0 {
                // Titles may hold commas.
                value.push(plain(" · "));
            }
            match self.view.symptom_title(id) {
                Some(title) if !self.all => value.push(plain(title)),
                Some(title) => {
                    value.push(plain(title));
                    value.push(plain(" "));
                    value.push(span(SpanKind::Id, id));
                }
                None => value.push(span(SpanKind::Id, id)),
            }
        }
        self.field(depth, self.labels.explains, value);
    }

    /// One test as a list item in words: `label: value (where)`, then the test and what it
    /// gave, the matched log line, and with `--all` the test as the rule writes it.
    fn evidence_item(&mut self, depth: usize, item: &EvidenceView<'r>) {
        let labels = self.labels;
        let mut line = self.evidence_summary(item);
        let mut tested: Line<'r> = self.label(labels.tested).into();
        tested.push(plain(format!("{} → ", self.words.check(item.check))));
        tested.push(outcome(labels, item.outcome));
        if let Some(extra) = self.words.unexpected(item.check, item.shown.as_ref()) {
            tested.push(plain(labels.paren(&extra)));
        }
        // The test on the same line when both fit in a narrow terminal.
        let width = |line: &Line<'r>| {
            line.iter()
                .map(|span| span.text.chars().count())
                .sum::<usize>()
        };
        if item.line.is_none() && width(&line) + width(&tested) + 3 <= ONE_LINE {
            line.push(plain(" — "));
            line.extend(tested);
            self.push(BlockKind::Bullet, depth, line);
        } else {
            self.push(BlockKind::Bullet, depth, line);
            self.push(BlockKind::Field, depth + 1, tested);
        }
        if let Some(line) = &item.line {
            self.push(BlockKind::Quote, depth + 1, vec![plain(line.text)]);
        }
        if self.all {
            let rule = format!("{} {}", item.fact, item.test);
            self.field(depth + 1, labels.rule, [code(rule)]);
        }
    }

    /// `label: value (where)`; a matched log line stands for the value.
    fn evidence_summary(&self, item: &EvidenceView<'r>) -> Line<'r> {
        let labels = self.labels;
        let mut line: Line<'r> = Vec::new();
        match item.fact.strip_prefix("cause:") {
            Some(id) => {
                let title = self
                    .view
                    .causes
                    .iter()
                    .find(|cause| cause.id == id)
                    .map_or(id, |cause| cause.title);
                line.push(plain(title));
                line.push(plain(labels.colon));
                let verdict = match item.outcome {
                    Truth::True => Verdict::Confirmed,
                    Truth::False => Verdict::RuledOut,
                    Truth::Unknown => Verdict::Undetermined,
                };
                line.push(strong(labels.verdict(verdict)));
                return line;
            }
            None => line.push(plain(self.words.fact(item.fact).to_owned())),
        }
        if item.line.is_none() {
            line.push(plain(labels.colon));
            let value = match (&item.shown, &item.value) {
                (Some(shown), _) => code(self.words.value(shown)),
                (None, Some(value)) => code(value.clone()),
                (None, None) => tone(Tone::Warn, labels.not_collected),
            };
            line.push(value);
        }
        if let Some(place) = self.place(item) {
            line.push(tone(Tone::Muted, labels.paren(&place)));
        }
        line
    }

    /// `artifact:line pointer`: where the value or the matched line is.
    fn place(&self, item: &EvidenceView<'r>) -> Option<String> {
        match (&item.line, &item.source) {
            (Some(line), _) => Some(format!("{}:{}", line.artifact, line.line)),
            (None, Some(source)) if source.collector == "evidence" => None,
            (None, Some(source)) => {
                let mut place = source.artifact.to_owned();
                if let Some(line) = source.line {
                    place.push_str(&format!(":{line}"));
                }
                if let Some(pointer) = source.pointer.filter(|_| self.all) {
                    place.push_str(&format!(" {pointer}"));
                }
                Some(place)
            }
            (None, None) => None,
        }
    }

    fn references(&mut self, depth: usize, references: &[&ReferenceView<'r>]) {
        if references.is_empty() {
            return;
        }
        self.push(BlockKind::Label, depth, self.intro(self.labels.references));
        for reference in references {
            let mut line = vec![plain(reference.title)];
            if let Some(section) = reference.section {
                line.push(plain(format!(" — {section}")));
            }
            if let Some(url) = reference.url {
                line.push(plain(" "));
                line.push(span(SpanKind::Link, url));
            }
            self.push(BlockKind::Bullet, depth, line);
        }
    }

    fn confirmed(&mut self) {
        let labels = self.labels;
        let view = self.view;
        self.heading(
            labels.verdict_heading(Verdict::Confirmed),
            view.summary.causes.confirmed,
        );
        if view.summary.causes.confirmed == 0 && !self.all && view.summary.causes.undetermined > 0 {
            // The short report says so in the heading's count alone.
        } else if view.summary.causes.confirmed == 0 {
            self.push(
                BlockKind::Paragraph,
                0,
                vec![tone(Tone::Good, labels.no_confirmed)],
            );
        }
        for (number, cause) in view.causes_with(Verdict::Confirmed).enumerate() {
            let mut line = vec![plain(format!("{}. ", number + 1))];
            if self.all {
                line.extend(self.titled(cause.title, cause.id));
            } else {
                line.push(strong(cause.title));
            }
            self.push(BlockKind::Subheading, 0, line);
            if self.all {
                self.severity_scope(0, cause);
                self.explains(0, cause);
                self.paragraph(0, cause.description);
                if !cause.evidence.is_empty() {
                    self.push(BlockKind::Label, 0, self.intro(labels.evidence));
                }
            }
            for item in &cause.evidence {
                self.evidence_item(0, item);
            }
            self.resolution(cause);
            if !self.all {
                continue;
            }
            // The cause's sources, then those of its resolution that it does not already cite.
            let mut references: Vec<&ReferenceView<'r>> = cause.references.iter().collect();
            for reference in &cause.resolution.references {
                if !references
                    .iter()
                    .any(|known| same_reference(known, reference))
                {
                    references.push(reference);
                }
            }
            self.references(0, &references);
        }
    }

    fn resolution(&mut self, cause: &CauseView<'r>) {
        let labels = self.labels;
        let resolution = &cause.resolution;
        let mut line: Line<'r> = if self.all {
            let mut line: Line<'r> = self.label(labels.resolution).into();
            line.extend(self.titled(resolution.title, resolution.id));
            line
        } else {
            let mut line: Line<'r> = self.label(labels.fix).into();
            line.push(strong(resolution.title));
            line
        };
        if line.is_empty() {
            line.push(plain(""));
        }
        self.push(BlockKind::Label, 0, line);
        if self.all {
            self.paragraph(0, resolution.description);
        }
        for (number, step) in resolution.steps.iter().enumerate() {
            let mut line = Vec::new();
            if let Some(actor) = step.actor {
                line.extend(self.label(labels.actor(actor)));
            }
            line.push(plain(step.text.trim_end()));
            self.push(BlockKind::Numbered(number + 1), 0, line);
            if let Some(command) = step.command {
                self.push(BlockKind::Command, 1, vec![plain(command.trim_end())]);
            }
            if let Some(location) = step.location {
                self.field(1, labels.location, [code(location)]);
            }
            if let Some(link) = step.link {
                self.field(1, labels.link, [span(SpanKind::Link, link)]);
            }
            if let Some(warning) = step.warning {
                let mut line = vec![tone(Tone::Warn, labels.warning), plain(labels.colon)];
                line.push(plain(warning.trim_end()));
                self.push(BlockKind::Warning, 1, line);
            }
        }
    }

    fn undetermined(&mut self) {
        let labels = self.labels;
        let view = self.view;
        let count = view.summary.causes.undetermined;
        if count == 0 {
            return;
        }
        let heading = if self.all {
            labels.verdict_heading(Verdict::Undetermined)
        } else {
            labels.open_heading
        };
        self.heading(heading, count);
        for cause in view.causes_with(Verdict::Undetermined) {
            if !self.all {
                self.push(BlockKind::Bullet, 0, vec![strong(cause.title)]);
                self.collect(1, &cause.missing);
                continue;
            }
            let line = self.titled(cause.title, cause.id).into();
            self.push(BlockKind::Bullet, 0, line);
            self.severity_scope(1, cause);
            self.explains(1, cause);
            self.paragraph(1, cause.description);
            // The tests that came out unknown are what the missing facts below decide: only
            // the facts already known are evidence here (all of them if nothing is missing).
            let known: Vec<&EvidenceView<'r>> = cause
                .evidence
                .iter()
                .filter(|item| item.outcome != Truth::Unknown || cause.missing.is_empty())
                .collect();
            if !known.is_empty() {
                self.push(BlockKind::Field, 1, self.intro(labels.evidence));
                for item in known {
                    self.evidence_item(2, item);
                }
            }
            self.collect(1, &cause.missing);
        }
    }

    fn ruled_out(&mut self) {
        let labels = self.labels;
        let view = self.view;
        let count = view.summary.causes.ruled_out;
        if count == 0 {
            return;
        }
        self.heading(labels.verdict_heading(Verdict::RuledOut), count);
        for cause in view.causes_with(Verdict::RuledOut) {
            let mut line: Line<'r> = self.titled(cause.title, cause.id).into();
            if let Some(not_applicable) = cause.not_applicable {
                line.push(plain(" — "));
                line.push(tone(Tone::Good, self.not_applicable_words(not_applicable)));
                self.push(BlockKind::Bullet, 0, line);
                continue;
            }
            self.push(BlockKind::Bullet, 0, line);
            for item in &cause.evidence {
                self.evidence_item(1, item);
            }
        }
    }

    /// One line: how many causes were ruled out, and that `--all` shows them.
    fn ruled_out_count(&mut self) {
        let count = self.view.summary.causes.ruled_out;
        if count == 0 {
            return;
        }
        let labels = self.labels;
        let text = if count == 1 {
            labels.ruled_out_line.0.to_owned()
        } else {
            labels
                .ruled_out_line
                .1
                .replacen("{}", &count.to_string(), 1)
        };
        self.push(BlockKind::Note, 0, vec![tone(Tone::Muted, text)]);
    }

    /// The short header: the Mac, the user, the time and the integration.
    fn short_header(&mut self) {
        let labels = self.labels;
        let view = self.view;
        self.push(BlockKind::Title, 1, vec![plain(labels.title)]);
        let mut line: Line<'r> = self.label(labels.mac).into();
        match view.subject.serial {
            Some(serial) => line.push(code(serial)),
            None => line.push(tone(Tone::Warn, labels.not_given)),
        }
        line.push(plain(" · "));
        line.extend(self.label(labels.user));
        match view.subject.user {
            Some(user) => line.push(plain(user)),
            None => line.push(tone(Tone::Warn, labels.not_given)),
        }
        line.push(plain(" · "));
        line.extend(self.label(labels.observed_at));
        line.push(match view.observed_at_instant {
            Some(at) => plain(self.words.timestamp(at)),
            None => tone(Tone::Warn, labels.not_given),
        });
        self.push(BlockKind::Field, 0, line);
        if let Some(integration) = &view.integration {
            let words = labels.generation(integration.generation, |id| integration.title(id));
            let value = match integration.generation {
                TenantGeneration::Unknown => tone(Tone::Warn, words),
                _ => strong(words),
            };
            let mut line: Line<'r> = vec![value];
            // Why, in one line: the facts that decided it (`--all` shows their values).
            let mut reasons: Vec<&str> = Vec::new();
            for item in &integration.evidence {
                let fact = self.words.fact(item.fact);
                if item.outcome == Truth::True && !reasons.contains(&fact) {
                    reasons.push(fact);
                }
            }
            if !reasons.is_empty() {
                line.push(tone(
                    Tone::Muted,
                    labels.paren(&format!(
                        "{}{}{}",
                        labels.decided_from,
                        labels.colon,
                        reasons.join(labels.semicolon)
                    )),
                ));
            }
            self.field(0, labels.integration, line);
            self.collect(1, &integration.missing);
        }
    }

    /// The symptoms that are there, each with the tests that showed it.
    fn seen(&mut self) {
        let labels = self.labels;
        let view = self.view;
        // The symptoms a confirmed cause explains are named under it.
        let present: Vec<_> = view
            .symptoms
            .iter()
            .filter(|symptom| symptom.status.is_present())
            .filter(|symptom| {
                !view
                    .causes_with(Verdict::Confirmed)
                    .any(|cause| cause.explains.contains(&symptom.id))
            })
            .collect();
        if present.is_empty() {
            return;
        }
        self.heading(labels.seen_heading, present.len());
        for symptom in present {
            let mut line = vec![
                tone(
                    status_tone(symptom.status),
                    format!("[{}]", labels.status(symptom.status)),
                ),
                plain(" "),
            ];
            line.push(strong(symptom.title));
            self.push(BlockKind::Bullet, 0, line);
            for item in symptom.evidence.iter().filter(|item| {
                item.outcome == Truth::True && symptom.status != SymptomStatus::Reported
            }) {
                let line = self.evidence_summary(item);
                self.push(BlockKind::Bullet, 1, line);
                if let Some(line) = &item.line {
                    self.push(BlockKind::Quote, 2, vec![plain(line.text)]);
                }
            }
        }
    }

    fn symptoms(&mut self) {
        let labels = self.labels;
        let view = self.view;
        self.heading(labels.symptoms, view.symptoms.len());
        for symptom in &view.symptoms {
            let mut line = vec![
                tone(
                    status_tone(symptom.status),
                    format!("[{}]", labels.status(symptom.status)),
                ),
                plain(" "),
            ];
            line.extend(self.titled(symptom.title, symptom.id));
            self.push(BlockKind::Bullet, 0, line);
            if let Some(not_applicable) = symptom.not_applicable {
                let words = self.not_applicable_words(not_applicable);
                self.push(BlockKind::Field, 1, vec![tone(Tone::Good, words)]);
            }
            if !symptom.causes.is_empty() {
                let mut value = Vec::new();
                for (index, cause) in symptom.causes.iter().enumerate() {
                    if index > 0 {
                        value.push(plain(self.labels.list));
                    }
                    value.push(code(cause.id));
                    let verdict = labels.paren(labels.verdict(cause.verdict));
                    value.push(tone(verdict_tone(cause.verdict), verdict));
                }
                self.field(1, labels.candidate_causes, value);
            }
            if !symptom.evidence.is_empty() {
                self.push(BlockKind::Field, 1, self.intro(labels.evidence));
                for item in &symptom.evidence {
                    self.evidence_item(2, item);
                }
            }
        }
    }

    fn problems(&mut self) {
        let view = self.view;
        if view.problems.is_empty() {
            return;
        }
        self.heading(self.labels.problems_heading, view.problems.len());
        for problem in &view.problems {
            let mut place = problem.path.to_owned();
            if let Some(line) = problem.line {
                place.push_str(&format!(":{line}"));
            }
            let line = vec![
                code(place),
                plain(format!(": {}", problem.message)),
                tone(Tone::Muted, format!(" ({})", problem.collector)),
            ];
            self.push(BlockKind::Bullet, 0, line);
        }
    }
}

/// Where each level of list content starts, so that nested blocks line up under their item.
#[derive(Debug, Default)]
pub(crate) struct Indents {
    content: Vec<usize>,
}

impl Indents {
    /// The column a block at `depth` starts at: under the content of the item it belongs to.
    pub fn at(&self, depth: usize) -> usize {
        match depth.checked_sub(1) {
            None => 0,
            Some(parent) => match self.content.get(parent) {
                Some(&column) => column,
                None => {
                    self.content.last().copied().unwrap_or(0)
                        + 2 * (parent + 1 - self.content.len())
                }
            },
        }
    }

    /// Records a list item at `depth` whose content starts at `column`.
    pub fn item(&mut self, depth: usize, column: usize) {
        self.content.truncate(depth);
        while self.content.len() < depth {
            let fill = self.at(self.content.len() + 1);
            self.content.push(fill);
        }
        self.content.push(column);
    }

    /// Leaves every list.
    pub fn reset(&mut self) {
        self.content.clear();
    }
}

/// The text with control characters (escape sequences in a log line, say) shown as escapes
/// rather than sent to the terminal or the ticket; tabs are kept.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The rendered text ending in exactly one line break.
pub(crate) fn one_final_newline(mut out: String) -> String {
    let end = out.trim_end_matches('\n').len();
    out.truncate(end);
    out.push('\n');
    out
}

/// Whether two references name the same source (same title, section and link).
fn same_reference(a: &ReferenceView<'_>, b: &ReferenceView<'_>) -> bool {
    a.title == b.title && a.section == b.section && a.url == b.url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_follow_the_items() {
        let mut indents = Indents::default();
        assert_eq!(indents.at(0), 0);
        indents.item(0, 3);
        assert_eq!(indents.at(1), 3);
        indents.item(1, 5);
        assert_eq!(indents.at(2), 5);
        indents.item(0, 2);
        assert_eq!(indents.at(1), 2);
        assert_eq!(indents.at(2), 4, "a missing level is two columns deeper");
        indents.reset();
        assert_eq!(indents.at(1), 2);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert!(matches!(printable("plain\ttext"), Cow::Borrowed(_)));
        assert_eq!(printable("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(printable("a\rb"), "a\\rb");
    }
}
