//! A hand-written baseline for the engine: plain Rust that decides the built-in pack's causes
//! (`rules/causes-*.yaml`, with the generations of `rules/integration.yaml`) on an
//! [`Evidence`], the way a careful engineer would write it without a rule engine: the regexes
//! compiled once in a [`Baseline`], each log fact scanned once for all the patterns applied to
//! it (one [`RegexSet`] per log fact, over the lines joined by `\n`), and facts looked up by name.
//!
//! It follows the engine's semantics (see `jamf_triage_core`'s evaluation documentation):
//! Kleene's three-valued logic, a missing fact (or one of another type than the catalog's)
//! leaves a test unknown and only `exists` decides on it, a cause with `applies_to` is decided
//! as "one of its generations is present AND its condition", and quotes are folded in the line
//! patterns that hold some (`"` matches `“` and `”`, `'` matches `‘` and `’`). The patterns are
//! the pack's; none can match across a line break, so one search of the joined text says whether
//! some line matches.
//!
//! ```
//! use jamf_triage_benches::baseline::{Baseline, CAUSES};
//! use jamf_triage_core::{Evidence, Verdict};
//!
//! let baseline = Baseline::new().expect("the patterns compile");
//! let verdicts = baseline.decide(&Evidence::default());
//! assert_eq!(verdicts.len(), CAUSES.len());
//! // Nothing collected: the integration is unknown, the licence causes undetermined.
//! assert!(verdicts.iter().all(|verdict| *verdict != Verdict::Confirmed));
//! ```

use jamf_triage_core::evidence::Lines;
use jamf_triage_core::{Evidence, FactValue, Truth, Verdict};
use jiff::{SignedDuration, Timestamp};
use regex::{Regex, RegexSet};

/// The causes the baseline decides, in the order of the verdicts [`Baseline::decide`] returns.
pub const CAUSES: [&str; 28] = [
    "jamf-checkin-missed",
    "entra-token-refresh-failed",
    "workplace-join-key-prompt",
    "portal-opened-directly",
    "stale-registration",
    "jamfaad-keychain-access-prompt",
    "registration-mismatch",
    "duplicate-msal-accounts",
    "jamf-app-permissions",
    "macos-connector-missing",
    "intune-license-missing",
    "jamf-license-expired",
    "integration-disabled",
    "device-group-targeting",
    "required-ports-closed",
    "client-secret-expired",
    "legacy-integration-deprecated",
    "mac-not-in-applicable-group",
    "mac-not-in-compliance-group",
    "ca-policy-blocks-registration",
    "compliance-partner-assigned-all-users",
    "compliance-partner-not-active",
    "device-compliance-apps-missing",
    "still-enrolled-in-intune-mdm",
    "psso-registered-jamfaad-not-run",
    "per-user-mfa-enforced",
    "workplace-join-unreadable",
    "sso-extension-missing",
];

/// The User registration app for Device Compliance (commercial cloud, GCC High).
const REGISTRATION_APP: &str = "b03c10a8-71c7-45f9-b44a-3335ab76e970";
const REGISTRATION_APP_GCC: &str = "dcf07df3-346f-4f0e-b803-c1f0ea0fb5ae";
/// Microsoft Intune API `update_device_attributes`, Graph `Application.Read.All`, and the
/// tolerated AAD Graph `Application.Read.All`.
const ROLE_INTUNE: &str = "7b3c62c0-bbe4-4ceb-971b-ecc50a191b3e";
const ROLE_GRAPH: &str = "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30";
const ROLE_AAD_GRAPH: &str = "3afa6a7d-9b1a-42eb-948e-1650a849e176";
/// Intune's MDM application id.
const INTUNE_MDM_APP: &str = "0000000a-0000-0000-c000-000000000000";
/// The end of support of the legacy integration.
const LEGACY_END: Timestamp = Timestamp::constant(1_738_281_600, 0); // 2025-01-31T00:00:00Z
const DAY: SignedDuration = SignedDuration::from_hours(24);

/// A pattern searched for in log lines (the index of a bit in [`Found`]).
#[derive(Debug, Clone, Copy)]
enum Pattern {
    WpjSign,
    WpjAccess,
    DuplicateMsal,
    Acquired,
    Aadsts50076,
    ManagedRequired,
    PortalDirect,
    RegistrationOnly,
    WpjRequired,
    IntuneUnreachable,
    PortsBlocked,
}

impl Pattern {
    fn regex(self) -> &'static str {
        match self {
            Pattern::WpjSign => r#"wants to sign using key ["“”]Microsoft Workplace Join Key["“”]"#,
            Pattern::WpjAccess => {
                r#"(?i)JamfAAD wants to access key ["“”]Microsoft Workplace Join Key["“”]"#
            }
            Pattern::DuplicateMsal => {
                "posible for silent token acquire to fail now if the wrong account is picked"
            }
            Pattern::Acquired => "acquired for macOS user",
            Pattern::Aadsts50076 => r"\bAADSTS50076\b",
            Pattern::ManagedRequired => {
                r"(?i)\b530003\b|device is required to be managed to access this resource"
            }
            Pattern::PortalDirect => {
                r"Portal launched without WPJ only arg while account is under partner management|AccountNotOnboarded|Couldn['‘’]t add your device\. Your IT support doesn['‘’]t allow OSX devices to be added to management"
            }
            Pattern::RegistrationOnly => r"Registration-only command line flag \(-r\)",
            Pattern::WpjRequired => {
                "MSALErrorDomain Code=-50001|Workplace join is required|MSALErrorWorkplaceJoinRequired"
            }
            Pattern::IntuneUnreachable => {
                "Unable to (connect to|send inventory information to) Microsoft Intune"
            }
            Pattern::PortsBlocked => {
                r"(?i)(timed out|connection refused|UnknownHostException|unknown host|No route to host|Network is unreachable|ConnectException|SocketTimeoutException)[^\n]*(login\.microsoftonline\.com|graph\.microsoft\.com|graph\.windows\.net|manage\.microsoft\.com|enterpriseregistration\.windows\.net)|(login\.microsoftonline\.com|graph\.microsoft\.com|graph\.windows\.net|manage\.microsoft\.com|enterpriseregistration\.windows\.net)[^\n]*(timed out|connection refused|UnknownHostException|unknown host|No route to host|Network is unreachable|ConnectException|SocketTimeoutException)"
            }
        }
    }
}

/// The patterns found in one log fact: `None` when the fact is missing.
#[derive(Debug, Clone, Copy)]
struct Found(Option<u16>);

impl Found {
    fn exists(self) -> Truth {
        Truth::from(self.0.is_some())
    }

    fn has(self, pattern: Pattern) -> Truth {
        Truth::from(self.0.map(|bits| bits & (1 << pattern as u16) != 0))
    }
}

/// The patterns applied to one log fact, searched for in one pass.
#[derive(Debug)]
struct LogScan {
    fact: &'static str,
    set: RegexSet,
    patterns: Vec<Pattern>,
}

impl LogScan {
    fn new(fact: &'static str, patterns: &[Pattern]) -> Result<LogScan, regex::Error> {
        Ok(LogScan {
            fact,
            set: RegexSet::new(patterns.iter().map(|pattern| pattern.regex()))?,
            patterns: patterns.to_vec(),
        })
    }

    fn scan(&self, facts: &Facts<'_>) -> Found {
        Found(facts.lines(self.fact).map(|lines| {
            self.set
                .matches(lines.text())
                .iter()
                .filter_map(|index| self.patterns.get(index))
                .fold(0, |bits, pattern| bits | 1 << *pattern as u16)
        }))
    }
}

/// The baseline: every regex of the built-in pack compiled once.
#[derive(Debug)]
pub struct Baseline {
    jamfaad_log: LogScan,
    company_portal_log: LogScan,
    reported_messages: LogScan,
    server_log: LogScan,
    native_client_app_id: Regex,
    aad_state_lost: Regex,
    entra_p1: Regex,
    mii_failure: Regex,
    device_targets: Regex,
    closed_port: Regex,
    guid: Regex,
    intune_mdm_server: Regex,
}

impl Baseline {
    /// Compiles the patterns.
    ///
    /// # Errors
    /// A regex that does not compile (only a size limit could fail).
    pub fn new() -> Result<Baseline, regex::Error> {
        use Pattern::*;
        Ok(Baseline {
            jamfaad_log: LogScan::new(
                "device.jamfaad.log",
                &[
                    WpjSign,
                    WpjAccess,
                    DuplicateMsal,
                    Acquired,
                    Aadsts50076,
                    ManagedRequired,
                ],
            )?,
            company_portal_log: LogScan::new(
                "device.company_portal.log",
                &[
                    WpjSign,
                    PortalDirect,
                    RegistrationOnly,
                    Aadsts50076,
                    WpjRequired,
                    ManagedRequired,
                ],
            )?,
            reported_messages: LogScan::new(
                "context.reported.messages",
                &[
                    WpjSign,
                    PortalDirect,
                    WpjAccess,
                    DuplicateMsal,
                    IntuneUnreachable,
                    RegistrationOnly,
                    Aadsts50076,
                    WpjRequired,
                    ManagedRequired,
                ],
            )?,
            server_log: LogScan::new(
                "jamf.server_log.entries",
                &[IntuneUnreachable, PortsBlocked],
            )?,
            native_client_app_id: Regex::new(
                r"(?i)^\s*(b03c10a8-71c7-45f9-b44a-3335ab76e970|dcf07df3-346f-4f0e-b803-c1f0ea0fb5ae)\s*$",
            )?,
            aad_state_lost: Regex::new("^(UNRESPONSIVE|DEACTIVATED)$")?,
            entra_p1: Regex::new("^(AAD_PREMIUM|AAD_PREMIUM_P2)$")?,
            mii_failure: Regex::new(
                "^MII_(HEARTBEAT_FAILED|INVENTORY_UPLOAD_FAILED)_NOTIFICATION$",
            )?,
            device_targets: Regex::new(": (all-devices|devices-group:.+)$")?,
            closed_port: Regex::new(":(80|443|2195|2196|5223|8443)$")?,
            guid: Regex::new("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")?,
            intune_mdm_server: Regex::new(r"(?i)^https?://[^/]*manage\.microsoft\.com(/|$)")?,
        })
    }

    /// The verdict of every cause of [`CAUSES`], in that order.
    pub fn decide(&self, evidence: &Evidence) -> [Verdict; CAUSES.len()] {
        let f = Facts(evidence);
        let aad = self.jamfaad_log.scan(&f);
        let portal = self.company_portal_log.scan(&f);
        let messages = self.reported_messages.scan(&f);
        let server = self.server_log.scan(&f);
        let reported = |pattern| messages.exists().and(messages.has(pattern));
        let symptoms = f.list("context.reported.symptoms");
        let symptom_reported = |id| Truth::from(symptoms.is_some()).and(contains(symptoms, id));
        // Facts several tests read, each looked up once.
        let onboarded = f.boolean("graph.compliance_partner.macos_onboarded");
        let partner_present = f.boolean("graph.partner.present");
        let partner_configured = f.boolean("graph.partner.configured");
        let records = f.integer("graph.intune.record_count");
        let have_azure_id = f.boolean("device.jamfaad.have_azure_id");

        // Generations (rules/integration.yaml).
        let app_ids = f.list("graph.service_principals.app_ids");
        let native = f.string("device.jamf_prefs.native_client_app_id");
        let device_compliance = Truth::any([
            is(onboarded, true),
            contains(app_ids, REGISTRATION_APP),
            contains(app_ids, REGISTRATION_APP_GCC),
            Truth::from(native.is_some()).and(Truth::from(
                native.map(|id| self.native_client_app_id.is_match(id)),
            )),
        ]);
        let partner_state = f.string("graph.partner.state");
        let legacy = is(partner_present, true).and(
            is(partner_configured, true)
                .or(one_of(partner_state, &["unknown", "unavailable"]).not()),
        );

        // Device causes (rules/causes-device.yaml).
        let last_contact = f.timestamp("jamf.computer.last_contact");
        let checkin_missed = Truth::any([
            Truth::from(last_contact.is_some()).and(f.older_at(last_contact, DAY)),
            Truth::from(last_contact.is_none()).and(f.older("device.jamf_log.last_checkin", DAY)),
        ]);
        let token_failed = f
            .older("device.jamfaad.last_token_success", DAY)
            .and(Truth::any([
                list_matches(f.list("jamf.computer.aad_states"), &self.aad_state_lost),
                is(have_azure_id, false),
                f.integer_is("device.jamfaad.errors_after_last_success", |n| n > 0),
            ]));
        let key_prompt = Truth::any([
            symptom_reported("keychain-prompt-on-app-launch"),
            reported(Pattern::WpjSign),
            aad.has(Pattern::WpjSign),
            portal.has(Pattern::WpjSign),
        ]);
        let agents = f.list("graph.intune.management_agents");
        let portal_direct = Truth::any([
            portal.has(Pattern::PortalDirect),
            reported(Pattern::PortalDirect),
            all_in(agents, &["jamf"]).not(),
        ]);
        let wpj_ids = f.list("device.keychain.wpj_device_ids");
        let intune_entra_ids = f.list("graph.intune.azure_ad_device_ids");
        let stale = Truth::any([
            integer_is(records, |n| n > 1),
            count_is(wpj_ids, |n| n > 1),
            count_is(f.list("graph.entra.intune_linked_device_ids"), |n| n > 1),
            integer_is(records, |n| n >= 1).and(in_fact(wpj_ids, intune_entra_ids).not()),
        ]);
        let access_prompt = reported(Pattern::WpjAccess).or(aad.has(Pattern::WpjAccess));
        let mismatch = integer_is(records, |n| n >= 1).and(Truth::any([
            count_is(intune_entra_ids, |n| n == 0),
            in_fact(intune_entra_ids, f.list("graph.entra.device_ids")).not(),
            in_fact(intune_entra_ids, wpj_ids).not(),
        ]));
        let duplicate_msal = aad
            .has(Pattern::DuplicateMsal)
            .or(reported(Pattern::DuplicateMsal));

        // Tenant causes (rules/causes-tenant.yaml).
        let roles = f.list("graph.jamf_app.role_ids");
        let app_permissions = legacy.and(Truth::any([
            count_is(roles, |n| n == 0),
            all_in(roles, &[ROLE_INTUNE, ROLE_GRAPH, ROLE_AAD_GRAPH]).not(),
            contains(roles, ROLE_INTUNE).not(),
            contains(roles, ROLE_GRAPH).not(),
            Truth::from(
                f.string("graph.partner.app_id")
                    .map(|id| self.guid.is_match(id)),
            )
            .and(f.equals("graph.jamf_app.present", false)),
        ]));
        let connector_missing = legacy.and(
            f.equals("graph.connector.present", false)
                .or(f.equals("graph.connector.admin_consented", false)),
        );
        let plans = f.list("graph.user.licensed_plans");
        let licence_missing =
            contains(plans, "INTUNE_A")
                .not()
                .or(list_matches(plans, &self.entra_p1).not());
        let secret_expired = legacy.and(
            f.integer_is("graph.jamf_app.secret_count", |n| n >= 1)
                .and(f.older("graph.jamf_app.latest_secret_expiry", SignedDuration::ZERO)),
        );
        let notifications = f.list("jamf.notifications.types");
        let jamf_licence_expired = Truth::all([
            Truth::any([
                symptom_reported("intune-connection-error"),
                reported(Pattern::IntuneUnreachable),
                list_matches(notifications, &self.mii_failure),
                server.has(Pattern::IntuneUnreachable),
            ]),
            licence_missing.not(),
            secret_expired.not(),
            app_permissions.not(),
        ]);
        let not_onboarded = is(onboarded, false);
        let integration_disabled = Truth::any([
            portal.has(Pattern::RegistrationOnly),
            reported(Pattern::RegistrationOnly),
            Truth::all([
                is(partner_present, true),
                not_onboarded,
                one_of(partner_state, &["terminated", "unavailable"])
                    .or(is(partner_configured, false)),
            ]),
            is(partner_present, false).and(not_onboarded),
        ]);
        let device_targeting = legacy.and(
            f.integer_is("graph.compliance_policies.macos_device_targets", |n| n > 0)
                .or(list_matches(
                    f.list("graph.compliance_policies.macos_targets"),
                    &self.device_targets,
                )),
        );
        let ports_closed = list_matches(f.list("device.connectivity.failed"), &self.closed_port)
            .or(server.has(Pattern::PortsBlocked));
        let deprecated = Truth::all([
            Truth::from(evidence.observed_at.map(|at| at >= LEGACY_END)),
            is(partner_present, true),
            equals_text(partner_state, "terminated").not(),
            is(onboarded, true).not(),
        ]);

        // Device Compliance causes (rules/causes-device-compliance.yaml).
        let applicable = f.boolean("jamf.device_compliance.applicable");
        let compliance_known = applicable.is_some();
        let groups = f.list("jamf.computer.group_names");
        let in_group = |fact| match (f.string(fact), groups) {
            (Some(group), Some(groups)) => Truth::from(groups.iter().any(|name| name == group)),
            _ => Truth::Unknown,
        };
        let not_applicable = device_compliance.and(
            Truth::from(compliance_known)
                .and(is(applicable, false))
                .or(Truth::from(!compliance_known)
                    .and(in_group("context.integration.applicable_group").not())),
        );
        let state = f.string("jamf.device_compliance.state");
        let not_compliant = device_compliance.and(Truth::any([
            Truth::all([
                Truth::from(compliance_known),
                is(applicable, true),
                equals_text(state, "NON_COMPLIANT"),
            ]),
            Truth::all([
                Truth::from(!compliance_known).or(equals_text(state, "UNKNOWN")),
                not_applicable.not(),
                in_group("context.integration.compliance_group").not(),
            ]),
        ]));
        let ca_blocks = device_compliance.and(count_is(
            f.list("graph.ca.registration_blocking_policies"),
            |n| n >= 1,
        ));
        let partner = f.boolean("graph.compliance_partner.present");
        let all_users = device_compliance.and(is(partner, true).and(contains(
            f.list("graph.compliance_partner.assignment_types"),
            "allLicensedUsersAssignmentTarget",
        )));
        let not_active = device_compliance.and(Truth::any([
            Truth::from(notifications.is_some()).and(contains(
                notifications,
                "DEVICE_COMPLIANCE_CONNECTION_ERROR",
            )),
            is(partner, false),
            is(partner, true).and(Truth::any([
                not_onboarded,
                equals_text(f.string("graph.compliance_partner.state"), "enabled").not(),
                f.older("graph.compliance_partner.last_heartbeat", DAY),
            ])),
        ]));
        let apps_missing = device_compliance.and(Truth::any([
            f.equals("graph.dc_apps.user_registration_present", false),
            f.equals("graph.dc_apps.user_registration_consented", false),
            f.equals("graph.dc_apps.cloud_connector_present", false),
            f.equals("graph.dc_apps.cloud_connector_consented", false),
        ]));
        let intune_mdm = device_compliance.and(Truth::any([
            contains(agents, "mdm"),
            integer_is(records, |n| n > 0)
                .and(contains(f.list("graph.entra.mdm_app_ids"), INTUNE_MDM_APP)),
            Truth::from(
                f.string("device.mdm.server")
                    .map(|server| self.intune_mdm_server.is_match(server)),
            ),
        ]));
        let psso_completed = f.equals("device.psso.registration_completed", true);
        let jamfaad_not_run = Truth::all([
            psso_completed,
            aad.has(Pattern::Acquired).not(),
            Truth::from(have_azure_id.is_none()).or(is(have_azure_id, false)),
        ]);
        let mfa = Truth::any([
            reported(Pattern::Aadsts50076),
            aad.has(Pattern::Aadsts50076),
            portal.has(Pattern::Aadsts50076),
        ]);
        let registered = count_is(wpj_ids, |n| n >= 1).or(psso_completed);
        let wpj_unreadable = reported(Pattern::WpjRequired)
            .or(portal.has(Pattern::WpjRequired))
            .and(registered);
        let sso_missing = Truth::all([
            Truth::any([
                symptom_reported("sign-in-requires-managed-device"),
                reported(Pattern::ManagedRequired),
                aad.has(Pattern::ManagedRequired),
                portal.has(Pattern::ManagedRequired),
            ]),
            registered,
            f.equals("device.psso.sso_extension_configured", false),
        ]);

        [
            checkin_missed,
            token_failed,
            key_prompt,
            portal_direct,
            stale,
            access_prompt,
            mismatch,
            duplicate_msal,
            app_permissions,
            connector_missing,
            licence_missing,
            jamf_licence_expired,
            integration_disabled,
            device_targeting,
            ports_closed,
            secret_expired,
            deprecated,
            not_applicable,
            not_compliant,
            ca_blocks,
            all_users,
            not_active,
            apps_missing,
            intune_mdm,
            jamfaad_not_run,
            mfa,
            wpj_unreadable,
            sso_missing,
        ]
        .map(Verdict::from_truth)
    }
}

/// Typed lookups of facts by name: a fact of another type counts as missing.
struct Facts<'e>(&'e Evidence);

impl<'e> Facts<'e> {
    fn value(&self, name: &str) -> Option<&'e FactValue> {
        self.0.get(name).map(|fact| &fact.value)
    }

    fn boolean(&self, name: &str) -> Option<bool> {
        match self.value(name)? {
            FactValue::Bool(value) => Some(*value),
            _ => None,
        }
    }

    fn integer(&self, name: &str) -> Option<i64> {
        match self.value(name)? {
            FactValue::Integer(value) => Some(*value),
            _ => None,
        }
    }

    fn string(&self, name: &str) -> Option<&'e str> {
        match self.value(name)? {
            FactValue::String(value) => Some(value),
            _ => None,
        }
    }

    fn timestamp(&self, name: &str) -> Option<Timestamp> {
        match self.value(name)? {
            FactValue::Timestamp(value) => Some(*value),
            _ => None,
        }
    }

    fn list(&self, name: &str) -> Option<&'e [String]> {
        match self.value(name)? {
            FactValue::List(value) => Some(value),
            _ => None,
        }
    }

    fn lines(&self, name: &str) -> Option<&'e Lines> {
        match self.value(name)? {
            FactValue::Lines(value) => Some(value),
            _ => None,
        }
    }

    /// `{ fact: name, equals: wanted }` on a boolean.
    fn equals(&self, name: &str, wanted: bool) -> Truth {
        is(self.boolean(name), wanted)
    }

    /// A comparison of an integer.
    fn integer_is(&self, name: &str, holds: impl Fn(i64) -> bool) -> Truth {
        integer_is(self.integer(name), holds)
    }

    /// `older_than`: at or before `observed_at − by`.
    fn older(&self, name: &str, by: SignedDuration) -> Truth {
        self.older_at(self.timestamp(name), by)
    }

    /// `older_than` of a timestamp already looked up.
    fn older_at(&self, at: Option<Timestamp>, by: SignedDuration) -> Truth {
        let (Some(at), Some(now)) = (at, self.0.observed_at) else {
            return Truth::Unknown;
        };
        match now.checked_sub(by) {
            Ok(limit) => Truth::from(at <= limit),
            Err(_) => Truth::Unknown,
        }
    }
}

/// `equals` on a boolean.
fn is(value: Option<bool>, wanted: bool) -> Truth {
    Truth::from(value.map(|value| value == wanted))
}

/// A comparison of an integer.
fn integer_is(value: Option<i64>, holds: impl Fn(i64) -> bool) -> Truth {
    Truth::from(value.map(holds))
}

fn contains(list: Option<&[String]>, wanted: &str) -> Truth {
    Truth::from(list.map(|items| items.iter().any(|item| item == wanted)))
}

fn list_matches(list: Option<&[String]>, regex: &Regex) -> Truth {
    Truth::from(list.map(|items| items.iter().any(|item| regex.is_match(item))))
}

fn all_in(list: Option<&[String]>, allowed: &[&str]) -> Truth {
    Truth::from(list.map(|items| items.iter().all(|item| allowed.contains(&item.as_str()))))
}

fn count_is(list: Option<&[String]>, holds: impl Fn(usize) -> bool) -> Truth {
    Truth::from(list.map(|items| holds(items.len())))
}

/// `in_fact` between two lists: every element of `items` is in `set`.
fn in_fact(items: Option<&[String]>, set: Option<&[String]>) -> Truth {
    match (items, set) {
        (Some(items), Some(set)) => Truth::from(items.iter().all(|item| set.contains(item))),
        _ => Truth::Unknown,
    }
}

fn equals_text(value: Option<&str>, wanted: &str) -> Truth {
    Truth::from(value.map(|value| value == wanted))
}

fn one_of(value: Option<&str>, wanted: &[&str]) -> Truth {
    Truth::from(value.map(|value| wanted.contains(&value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_legacy_support_is_the_last_day_of_january_2025() {
        assert_eq!(LEGACY_END.to_string(), "2025-01-31T00:00:00Z");
    }

    #[test]
    fn every_pattern_compiles_and_folds_quotes() {
        let baseline = Baseline::new().expect("compiles");
        let mut lines = Lines::default();
        lines.push(
            "x",
            1,
            "Foo wants to sign using key “Microsoft Workplace Join Key”",
        );
        lines.push("x", 2, "Couldn’t add your device. Your IT support doesn't allow OSX devices to be added to management");
        let evidence = Evidence::builder()
            .fact(
                "device.company_portal.log",
                lines,
                jamf_triage_core::Provenance::new("device", "x"),
            )
            .build();
        let found = baseline.company_portal_log.scan(&Facts(&evidence));
        assert_eq!(found.has(Pattern::WpjSign), Truth::True);
        assert_eq!(found.has(Pattern::PortalDirect), Truth::True);
        assert_eq!(found.has(Pattern::Aadsts50076), Truth::False);
        assert_eq!(
            baseline
                .jamfaad_log
                .scan(&Facts(&evidence))
                .has(Pattern::Acquired),
            Truth::Unknown
        );
    }
}
