//! The context source's artifact table: one file, written by the admin (or by `collect` from
//! `--context`).

use jamf_triage_evidence::{ArtifactSpec, LIMIT_SMALL, Producer, REPORTED_SYMPTOMS};

use crate::facts;

/// `context.yaml`: the subject, the "now" of the diagnosis, and what the admin reports.
pub const CONTEXT: ArtifactSpec = ArtifactSpec {
    path: "context.yaml",
    producer: Producer::Written("the admin (collect --context copies it)"),
    parser: "YAML: observed_at, subject, reported, integration",
    limit: LIMIT_SMALL,
    facts: &[
        REPORTED_SYMPTOMS.name(),
        facts::REPORTED_MESSAGES.name(),
        facts::REPORTED_PLACES.name(),
        facts::STARTED.name(),
        facts::WORKED_BEFORE.name(),
        facts::AFFECTED_USERS.name(),
        facts::AFFECTED_DEVICES.name(),
        facts::INTEGRATION_APPLICABLE_GROUP.name(),
        facts::INTEGRATION_COMPLIANCE_GROUP.name(),
    ],
};

/// Every artifact of this source.
pub const ARTIFACTS: &[ArtifactSpec] = &[CONTEXT];
