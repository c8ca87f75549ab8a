//! `context.yaml`: what the admin reports (the subject, the symptoms, the exact messages, when it
//! began, who is affected), turned into `context.*` facts like any other evidence.

use jamf_triage_evidence::{
    CollectInput, CollectionProblem, Evidence, Provenance, REPORTED_SYMPTOMS, Subject,
    parse_instant, parse_zoned,
};
use serde::Deserialize;

use crate::NAME;
use crate::artifacts::CONTEXT;
use crate::facts;

/// The contents of `context.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The "now" of the diagnosis (RFC 3339 with offset).
    #[serde(default)]
    pub observed_at: Option<String>,
    /// Which Mac and user, when the bundle holds several.
    #[serde(default)]
    pub subject: Subject,
    /// What the admin reports.
    #[serde(default)]
    pub reported: Reported,
    /// The Device Compliance smart groups the admin configured (no Jamf Pro API publishes them).
    #[serde(default)]
    pub integration: Integration,
}

/// The Device Compliance smart groups, as the admin names them in Jamf Pro's Device Compliance
/// settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Integration {
    /// The Applicable smart group's name.
    #[serde(default)]
    pub applicable_group: Option<String>,
    /// The Compliance smart group's name.
    #[serde(default)]
    pub compliance_group: Option<String>,
}

/// What the admin reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reported {
    /// Catalog ids of the symptoms seen.
    #[serde(default)]
    pub symptoms: Vec<String>,
    /// The exact messages, and where they appeared.
    #[serde(default)]
    pub messages: Vec<ReportedMessage>,
    /// When it began (a date or an RFC 3339 time).
    #[serde(default)]
    pub started: Option<String>,
    /// Whether it worked before.
    #[serde(default)]
    pub worked_before: Option<bool>,
    /// How many are affected.
    #[serde(default)]
    pub affected: Affected,
}

/// A message the admin saw.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportedMessage {
    /// Where: company-portal, mac-prompt, jamf-pro-console, jamf-pro-log or other.
    #[serde(default, rename = "where")]
    pub place: Option<String>,
    /// The text, exactly as shown.
    pub text: String,
}

/// How many users and devices are affected: all, some or one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Affected {
    /// Users affected.
    #[serde(default)]
    pub users: Option<String>,
    /// Devices affected.
    #[serde(default)]
    pub devices: Option<String>,
}

impl Context {
    /// Reads `context.yaml`.
    ///
    /// # Errors
    /// The YAML error, with its position.
    pub fn parse(text: &str) -> Result<Self, jamf_triage_evidence::YamlDocumentError> {
        // An empty file is an empty context.
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        jamf_triage_evidence::from_yaml_with(text, &jamf_triage_evidence::YAML_CONTEXT)
    }
}

/// Reads `context.yaml` into facts, recording a problem when it does not read.
pub(crate) fn collect(input: &CollectInput<'_>, out: &mut Evidence) {
    let Some(bytes) = jamf_triage_evidence::read_artifact(NAME, input, &CONTEXT, CONTEXT.path, out)
    else {
        return;
    };
    let text = jamf_triage_evidence::decode_text(&bytes).text;
    match Context::parse(&text) {
        Ok(context) => context_facts(&context, &text, input.lines, out),
        Err(error) => {
            let mut problem = CollectionProblem::new(NAME, CONTEXT.path, error.message.clone());
            if let Some(line) = error.line {
                problem = problem.at_line(line);
            }
            out.add_problem(problem);
        }
    }
}

fn context_facts(
    context: &Context,
    text: &str,
    needs: &dyn jamf_triage_evidence::LineNeeds,
    out: &mut Evidence,
) {
    if let Some(Err(error)) = context.observed_at.as_deref().map(parse_zoned) {
        out.add_problem(problem_at(
            text,
            "observed_at:",
            format!("observed_at: {error}"),
        ));
    }
    let reported = &context.reported;
    let at = |needle: &str| {
        let provenance = Provenance::new(NAME, CONTEXT.path);
        match line_of(text, needle) {
            Some(line) => provenance.at_line(line),
            None => provenance,
        }
    };
    if !reported.symptoms.is_empty() {
        out.record(
            REPORTED_SYMPTOMS,
            reported.symptoms.clone(),
            at("symptoms:"),
        );
    }
    if !reported.messages.is_empty() {
        let need = needs.need(facts::REPORTED_MESSAGES.name());
        let mut lines = jamf_triage_evidence::LineSink::new(need);
        for message in &reported.messages {
            let number = line_of(text, &message.text).unwrap_or(0);
            lines.offer(CONTEXT.path, number, &message.text);
        }
        out.record(facts::REPORTED_MESSAGES, lines.finish(), at("messages:"));
        let places: Vec<String> = reported
            .messages
            .iter()
            .map(|message| message.place.clone().unwrap_or_else(|| "other".to_owned()))
            .collect();
        out.record(facts::REPORTED_PLACES, places, at("messages:"));
    }
    if let Some(started) = &reported.started {
        match parse_instant(started) {
            Ok(instant) => {
                out.record(facts::STARTED, instant, at("started:"));
            }
            Err(error) => out.add_problem(problem_at(text, "started:", error.to_string())),
        }
    }
    if let Some(worked_before) = reported.worked_before {
        out.record(facts::WORKED_BEFORE, worked_before, at("worked_before:"));
    }
    if let Some(users) = &reported.affected.users {
        out.record(facts::AFFECTED_USERS, users.as_str(), at("affected:"));
    }
    if let Some(devices) = &reported.affected.devices {
        out.record(facts::AFFECTED_DEVICES, devices.as_str(), at("affected:"));
    }
    let integration = &context.integration;
    // A blank name names no group: it stays absent rather than matching nothing.
    if let Some(group) = non_blank(integration.applicable_group.as_deref()) {
        out.record(
            facts::INTEGRATION_APPLICABLE_GROUP,
            group,
            at("applicable_group:"),
        );
    }
    if let Some(group) = non_blank(integration.compliance_group.as_deref()) {
        out.record(
            facts::INTEGRATION_COMPLIANCE_GROUP,
            group,
            at("compliance_group:"),
        );
    }
}

/// The value trimmed, or `None` when it is absent or blank.
fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

fn problem_at(text: &str, needle: &str, message: String) -> CollectionProblem {
    let problem = CollectionProblem::new(NAME, CONTEXT.path, message);
    match line_of(text, needle) {
        Some(line) => problem.at_line(line),
        None => problem,
    }
}

/// The 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> Option<u32> {
    text.lines()
        .position(|line| line.contains(needle))
        .and_then(|index| u32::try_from(index + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamf_triage_evidence::{FactValue, MemoryArtifacts};

    fn collect(text: &str) -> Evidence {
        let artifacts = MemoryArtifacts::new().with(CONTEXT.path, text);
        let subject = Subject::default();
        let input = CollectInput {
            artifacts: &artifacts,
            subject: &subject,
            collected_at: None,
            lines: &jamf_triage_evidence::EveryLine,
        };
        let mut evidence = Evidence::default();
        super::collect(&input, &mut evidence);
        evidence
    }

    #[test]
    fn reported_messages_become_located_lines() {
        let evidence = collect(
            "reported:\n  symptoms: [registration-fails]\n  messages:\n    - where: company-portal\n      text: \"Not registered\"\n  started: 2024-06-12\n  worked_before: false\n  affected: { users: one, devices: one }\n",
        );
        let Some(FactValue::Lines(lines)) = evidence
            .get(facts::REPORTED_MESSAGES.name())
            .map(|f| &f.value)
        else {
            panic!("messages expected");
        };
        assert_eq!(
            lines.get(0).map(|l| (l.text, l.number)),
            Some(("Not registered", 5))
        );
        assert!(evidence.get(facts::STARTED.name()).is_some());
        assert_eq!(
            evidence.get(facts::WORKED_BEFORE.name()).map(|f| &f.value),
            Some(&FactValue::Bool(false))
        );
        assert!(evidence.problems().is_empty());
    }

    #[test]
    fn integration_groups_become_facts() {
        // The shape `../shared/BUNDLE.md` ("Wave-2 artifacts") gives for context.yaml.
        let evidence = collect(
            "integration:\n  applicable_group: \"Device Compliance – Applicable\"\n  compliance_group: Compliant Macs\n",
        );
        let value = |name: &str| {
            evidence
                .get(name)
                .map(|f| (f.value.clone(), f.provenance.line))
        };
        assert_eq!(
            value(facts::INTEGRATION_APPLICABLE_GROUP.name()),
            Some((
                FactValue::String("Device Compliance – Applicable".to_owned()),
                Some(2)
            ))
        );
        assert_eq!(
            value(facts::INTEGRATION_COMPLIANCE_GROUP.name()),
            Some((FactValue::String("Compliant Macs".to_owned()), Some(3)))
        );
        assert!(evidence.problems().is_empty());
    }

    #[test]
    fn blank_or_missing_groups_stay_absent() {
        let evidence = collect("integration:\n  applicable_group: \"  \"\n");
        assert!(
            evidence
                .get(facts::INTEGRATION_APPLICABLE_GROUP.name())
                .is_none()
        );
        assert!(
            evidence
                .get(facts::INTEGRATION_COMPLIANCE_GROUP.name())
                .is_none()
        );
        assert!(evidence.problems().is_empty());
    }

    #[test]
    fn a_broken_context_is_a_located_problem() {
        let evidence = collect("reported:\n  symptomz: [x]\n");
        let problem = evidence.problems().first().expect("a problem");
        assert_eq!(
            (problem.path.as_str(), problem.line),
            (CONTEXT.path, Some(2))
        );
        assert_eq!(evidence.fact_count(), 0);
    }
}
