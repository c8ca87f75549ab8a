//! The facts of what the admin reported. (`context.reported.symptoms`, which the engine itself
//! reads, is declared by the evidence crate as `REPORTED_SYMPTOMS`.)

jamf_triage_evidence::declare_facts! {
    /// the exact messages the admin reported, one per line
    pub const REPORTED_MESSAGES: jamf_triage_evidence::Lines = "context.reported.messages";
    /// where the reported messages appeared (company-portal, mac-prompt, jamf-pro-console, jamf-pro-log, other)
    pub const REPORTED_PLACES: Vec<String> = "context.reported.places";
    /// when the problem began, as reported
    pub const STARTED: jiff::Timestamp = "context.started";
    /// whether it worked before, as reported
    pub const WORKED_BEFORE: bool = "context.worked_before";
    /// how many users are affected: all, some or one
    pub const AFFECTED_USERS: String = "context.affected.users";
    /// how many devices are affected: all, some or one
    pub const AFFECTED_DEVICES: String = "context.affected.devices";
    /// name of the Device Compliance Applicable smart group, as the admin reports it (context.yaml integration.applicable_group)
    pub const INTEGRATION_APPLICABLE_GROUP: String = "context.integration.applicable_group";
    /// name of the Device Compliance Compliance smart group, as the admin reports it (context.yaml integration.compliance_group)
    pub const INTEGRATION_COMPLIANCE_GROUP: String = "context.integration.compliance_group";
}
