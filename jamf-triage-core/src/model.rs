//! The rule format: what rule authors write in `rules/*.yaml`.
//!
//! A rule file holds any of four lists, linked by id across files:
//!
//! ```yaml
//! generations:                       # which integration the tenant runs (one file says it)
//!   - id: device-compliance
//!     title: { en: Device Compliance, pt-PT: Conformidade do Dispositivo, zh-CN: 设备合规性 }
//!     when: { fact: graph.compliance_partner.macos_onboarded, equals: true }
//! symptoms:
//!   - id: unresponsive-in-jamf
//!     scope: device
//!     severity: high
//!     title: { en: "...", pt-PT: "...", zh-CN: "..." }
//!     description: { en: "..." }
//!     causes: [jamf-checkin-missed, entra-token-refresh-failed]
//!     detect: { fact: jamf.computer.last_contact, older_than: 24h }     # optional
//!     references: [{ title: "Troubleshoot Jamf Pro integration", section: "Devices are marked unresponsive" }]
//!     applies_to: [legacy]                                                # optional: absent = every generation
//! causes:
//!   - id: jamf-checkin-missed
//!     scope: device
//!     severity: high
//!     title: { en: "..." }
//!     description: { en: "..." }
//!     resolution: restore-jamf-checkin
//!     when:
//!       any:
//!         - { fact: jamf.computer.last_contact, older_than: 24h }
//!         - { fact: device.jamf_log.last_checkin, older_than: 24h }
//! resolutions:
//!   - id: restore-jamf-checkin
//!     scope: device
//!     title: { en: "..." }
//!     steps:
//!       - text: { en: "Check that the Mac reaches Jamf Pro." }
//!         actor: mac-admin
//!         command: sudo jamf checkJSSConnection
//! ```
//!
//! Every struct refuses unknown fields, so a typo is a load error rather than silence.

use serde::{Deserialize, Serialize};

use crate::LocalizedText;

/// One rule file: generations, symptoms, causes and resolutions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "jamf-triage rule file")]
pub struct RuleFile {
    /// The generations of the integration a tenant may run, and how the evidence shows each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub generations: Vec<GenerationDef>,
    /// What the admin sees.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symptoms: Vec<SymptomDef>,
    /// Why it happens, and how the evidence shows it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<CauseDef>,
    /// What to do about it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolutions: Vec<ResolutionDef>,
}

impl RuleFile {
    /// Rule files from the JSON of a list of them, as `serde_json` writes a `Vec<RuleFile>`
    /// (the built-in pack embeds the JSON of [`crate::RulePack::rule_files`] so). Read here, the
    /// whole model's deserializer is compiled once, in this crate, rather than again in an
    /// optimized build of the crate that embeds the JSON, each time its rules change.
    ///
    /// ```
    /// use jamf_triage_core::model::RuleFile;
    /// let files = RuleFile::list_from_json(r#"[{"resolutions": []}, {}]"#)?;
    /// assert_eq!(files, [RuleFile::default(), RuleFile::default()]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    ///
    /// # Errors
    /// The JSON error when `json` is not such a list.
    pub fn list_from_json(json: &str) -> Result<Vec<RuleFile>, serde_json::Error> {
        serde_json::from_str(json)
    }
}

/// A generation of the Jamf Pro ↔ Microsoft integration. These are the only ids a rule pack may
/// define or name in `applies_to`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum GenerationId {
    /// Jamf Device Compliance (Intune partner compliance management).
    #[serde(rename = "device-compliance")]
    DeviceCompliance,
    /// The legacy macOS Conditional Access integration (Intune device management partner).
    #[serde(rename = "legacy")]
    Legacy,
}

impl GenerationId {
    /// Every generation id, in the order reports list them.
    pub const ALL: [GenerationId; 2] = [GenerationId::DeviceCompliance, GenerationId::Legacy];

    /// The id as written in rules and reports (`device-compliance`, `legacy`).
    pub fn code(self) -> &'static str {
        match self {
            GenerationId::DeviceCompliance => "device-compliance",
            GenerationId::Legacy => "legacy",
        }
    }
}

impl std::fmt::Display for GenerationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A generation: its id, its title, and the condition that shows the tenant runs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerationDef {
    /// `device-compliance` or `legacy`.
    pub id: GenerationId,
    /// Its name, as reports show it ("Device Compliance").
    pub title: LocalizedText,
    /// True: the tenant runs it; false: it does not; unknown: the evidence cannot tell. It may
    /// not test a cause (`cause:`).
    pub when: Condition,
}

/// Whom an entry concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The whole tenant (every Mac and user).
    Tenant,
    /// One user.
    User,
    /// One Mac.
    Device,
}

/// How bad it is; confirmed causes are ranked by it first.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Informational: expected behaviour, nothing broken.
    Info,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical: the integration is down for many.
    Critical,
}

/// Who carries out a resolution step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    /// The person using the Mac.
    EndUser,
    /// The Jamf Pro / Mac administrator.
    MacAdmin,
    /// An Entra ID administrator.
    EntraAdmin,
    /// A Global Administrator of the tenant.
    GlobalAdmin,
    /// An Intune administrator.
    IntuneAdmin,
    /// The network / firewall administrator.
    NetworkAdmin,
}

/// A source an entry is taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The document's title.
    pub title: String,
    /// The section inside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Where to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A symptom: what the admin sees, with its candidate causes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SymptomDef {
    /// Stable id (kebab-case), part of the public contract.
    pub id: String,
    /// Whom it concerns.
    pub scope: Scope,
    /// How bad it is.
    pub severity: Severity,
    /// Short title.
    pub title: LocalizedText,
    /// What the admin sees, in a sentence or two.
    #[serde(default)]
    pub description: LocalizedText,
    /// Ids of the causes that can produce it.
    #[serde(default)]
    pub causes: Vec<String>,
    /// How to detect it from evidence when nobody reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detect: Option<Condition>,
    /// Where this comes from.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// The generations it can happen in; absent: every generation. On a tenant that runs none
    /// of them it is not detected, as not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<Vec<GenerationId>>,
}

/// A cause: why a symptom happens, and the condition that shows it in the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CauseDef {
    /// Stable id (kebab-case), part of the public contract.
    pub id: String,
    /// Whom it concerns.
    pub scope: Scope,
    /// How bad it is.
    pub severity: Severity,
    /// Short title.
    pub title: LocalizedText,
    /// What is going on.
    #[serde(default)]
    pub description: LocalizedText,
    /// Id of the resolution that fixes it.
    pub resolution: String,
    /// True: confirmed; false: ruled out; unknown: undetermined (see `applies_to`).
    pub when: Condition,
    /// Where this comes from.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// The generations it can happen in; absent: every generation. Its verdict is then
    /// (the tenant runs one of them) AND `when`: on a tenant that runs none of them it is ruled
    /// out as not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<Vec<GenerationId>>,
}

/// A resolution: ordered steps, shared by every cause that needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolutionDef {
    /// Stable id (kebab-case), part of the public contract.
    pub id: String,
    /// Whom it concerns.
    pub scope: Scope,
    /// Short title.
    pub title: LocalizedText,
    /// What it achieves.
    #[serde(default)]
    pub description: LocalizedText,
    /// The steps, in order.
    pub steps: Vec<StepDef>,
    /// Where this comes from.
    #[serde(default)]
    pub references: Vec<Reference>,
}

/// One step of a resolution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    /// What to do.
    pub text: LocalizedText,
    /// Who does it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    /// The exact command to run, as typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Where in a console (`Settings > Global > Conditional Access`), in each language as that
    /// console shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<LocalizedText>,
    /// A link to follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// What must not be done, or must be waited for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<LocalizedText>,
}

/// A literal in a condition: a boolean, an integer or a string (times and durations are written
/// as strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// Text, a time (`2025-01-31`) or a duration (`24h`).
    String(String),
}

impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scalar::Bool(value) => write!(f, "{value}"),
            Scalar::Integer(value) => write!(f, "{value}"),
            Scalar::String(value) => write!(f, "{value}"),
        }
    }
}

/// A test on a count (of list items, lines, or lines matching `pattern`). Exactly one of the
/// comparisons is given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountDef {
    /// With `count_matching`: the regex a line must match to be counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Count equal to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eq: Option<i64>,
    /// Count greater than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<i64>,
    /// Count greater than or equal to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ge: Option<i64>,
    /// Count less than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<i64>,
    /// Count less than or equal to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub le: Option<i64>,
}

/// A condition node. Exactly one of these forms:
///
/// - `all: [...]`, `any: [...]`, `not: {...}`: Kleene's three-valued connectives;
/// - `cause: <id>`: the verdict of another cause (true = confirmed, false = ruled out);
/// - `fact: <name>` with exactly one operator: `exists`, `equals`, `not_equals`, `one_of`,
///   `contains`, `matches`, `any_line_matches`, `all_in`, `gt`, `ge`, `lt`, `le`, `count`,
///   `count_matching`, `older_than`, `newer_than`, `before`, `after`, `equals_fact`, `in_fact`,
///   `intersects_fact`.
///
/// # Semantics
///
/// - **Three values.** A test on a missing fact is unknown; `exists: true` / `exists: false` is
///   the only test decided on a missing fact. `all` is false when a child is false, true when
///   every child is true, else unknown (`all: []` is true); `any` is true when a child is true,
///   false when every child is false, else unknown (`any: []` is false); `not` keeps unknown.
/// - **Causes.** `cause: <id>` is that cause's verdict: the truth of its `when`, AND its
///   applicability when it has `applies_to` (so a cause ruled out as not applicable tests
///   false). Causes are evaluated in dependency order; a cycle of `cause:` references is a load
///   error. A generation's `when` may not test a cause.
/// - **Generations.** A generation is present when its `when` is true. An entry with
///   `applies_to: [g, ...]` is applicable when one of them is present (`any`); a cause's verdict
///   is `applicable AND when`, a symptom's detection `applicable AND detect`.
/// - **Time.** The built-in fact `observed_at` is the evidence's `observed_at`.
///   `older_than: 24h` holds when the fact is at or before `observed_at − 24h`;
///   `newer_than: 24h` when it is after `observed_at − 24h`; both are unknown without
///   `observed_at`. `before: X` holds when the fact is earlier than X, `after: X` when it is at
///   or later than X (X is a date, `2025-01-31`, taken as midnight UTC, or an RFC 3339 time).
/// - **Values.** `equals`, `not_equals`, `one_of` apply to booleans, integers, strings,
///   timestamps (the literal is a date or time) and durations (`24h`); for a string fact, an
///   integer or boolean literal is read as its text. `gt`, `ge`, `lt`, `le` compare integers
///   and durations.
/// - **Text.** `contains` is a substring test on a string, an element test on a list, and "some
///   line contains it" on lines. `matches` tests a string, or some element of a list, against a
///   regex; `any_line_matches` tests whether some line of a lines fact (or element of a list)
///   matches. `all_in` holds when every element of a list is among the given values (so for an
///   empty list). Patterns are matched line by line: `^` and `$` match at the ends of each
///   line, and a match may not run across a line break. Straight and curly quotes are the same
///   to every text test: `"` matches `“` and `”`, `'` matches `‘` and `’`, and back.
/// - **Counts.** `count` compares the number of elements (or lines) with exactly one of `eq`,
///   `gt`, `ge`, `lt`, `le`; `count_matching` the number matching its `pattern`.
/// - **Other facts.** `equals_fact: F` holds when both facts have the same type and value;
///   `in_fact: F` when the value (or every element of a list) is an element of list fact F;
///   `intersects_fact: F` when two lists share an element. These are unknown when either fact
///   is missing.
///
/// The shape is checked when a pack is loaded (one form, one operator, readable regexes,
/// durations and times), and the facts and operator types when it is compiled against a fact
/// catalog. Conditions nest at most as deep as the YAML parser allows (128 levels).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// True when every child is true; false when any is false; else unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Condition>>,
    /// True when any child is true; false when every one is false; else unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Condition>>,
    /// The negation (unknown stays unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Condition>>,
    /// The verdict of another cause, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// The fact a leaf tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,

    /// `true`: the fact was collected; `false`: it was not. Never unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
    /// Equal to the literal (bool, integer, string, timestamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<Scalar>,
    /// Not equal to the literal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_equals: Option<Scalar>,
    /// Equal to one of the literals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<Scalar>>,
    /// String: contains the text; list: has the element; lines: a line contains the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
    /// String: matches the regex; list: an element matches it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<String>,
    /// Lines (or list): some line matches the regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any_line_matches: Option<String>,
    /// List: every element is one of these (vacuously true for an empty list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_in: Option<Vec<String>>,
    /// Integer (or duration): greater than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<Scalar>,
    /// Integer (or duration): greater than or equal to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ge: Option<Scalar>,
    /// Integer (or duration): less than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<Scalar>,
    /// Integer (or duration): less than or equal to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub le: Option<Scalar>,
    /// List or lines: the number of items compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<CountDef>,
    /// List or lines: the number of items matching `pattern` compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_matching: Option<CountDef>,
    /// Timestamp: at least this long before `observed_at` (`24h`); unknown without `observed_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub older_than: Option<String>,
    /// Timestamp: less than this long before `observed_at` (or after it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newer_than: Option<String>,
    /// Timestamp: strictly before the instant (`2025-01-31` or RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// Timestamp: at or after the instant (`2025-01-31` or RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Equal to the value of another fact of the same type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals_fact: Option<String>,
    /// The value (or every element, for a list) is among the elements of another list fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_fact: Option<String>,
    /// The list shares at least one element with another list fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intersects_fact: Option<String>,
}
