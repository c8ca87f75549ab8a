//! The facts of what the admin reported. (`context.reported.symptoms`, which the engine itself
//! reads, is declared by the evidence crate as `REPORTED_SYMPTOMS`.)

jamf_triage_evidence::declare_facts! {
    /// the exact messages the admin reported, one per line
    #[label(en = "Messages the admin reported", pt_PT = "Mensagens comunicadas pelo administrador", zh_CN = "管理员报告的消息")]
    pub const REPORTED_MESSAGES: jamf_triage_evidence::Lines = "context.reported.messages";
    /// where the reported messages appeared (company-portal, mac-prompt, jamf-pro-console, jamf-pro-log, other)
    #[label(en = "Where the messages appeared", pt_PT = "Onde apareceram as mensagens", zh_CN = "消息出现的位置")]
    pub const REPORTED_PLACES: Vec<String> = "context.reported.places";
    /// when the problem began, as reported
    #[label(en = "When the problem began (as reported)", pt_PT = "Quando o problema começou (indicado)", zh_CN = "问题开始时间（管理员提供）")]
    pub const STARTED: jiff::Timestamp = "context.started";
    /// whether it worked before, as reported
    #[label(en = "It worked before (as reported)", pt_PT = "Funcionava antes (indicado)", zh_CN = "之前正常（管理员提供）")]
    pub const WORKED_BEFORE: bool = "context.worked_before";
    /// how many users are affected: all, some or one
    #[label(en = "How many users are affected", pt_PT = "Quantos utilizadores são afetados", zh_CN = "受影响的用户数量")]
    pub const AFFECTED_USERS: String = "context.affected.users";
    /// how many devices are affected: all, some or one
    #[label(en = "How many devices are affected", pt_PT = "Quantos dispositivos são afetados", zh_CN = "受影响的设备数量")]
    pub const AFFECTED_DEVICES: String = "context.affected.devices";
    /// name of the Device Compliance Applicable smart group, as the admin reports it (context.yaml integration.applicable_group)
    #[label(en = "Applicable smart group (as reported)", pt_PT = "Grupo inteligente Aplicável (indicado)", zh_CN = "“适用”智能组（管理员提供）")]
    pub const INTEGRATION_APPLICABLE_GROUP: String = "context.integration.applicable_group";
    /// name of the Device Compliance Compliance smart group, as the admin reports it (context.yaml integration.compliance_group)
    #[label(en = "Compliance smart group (as reported)", pt_PT = "Grupo inteligente de Conformidade (indicado)", zh_CN = "“合规”智能组（管理员提供）")]
    pub const INTEGRATION_COMPLIANCE_GROUP: String = "context.integration.compliance_group";
}
