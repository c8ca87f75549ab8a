//! Redaction: taking the identifying details out of a rendered report, an evidence file or a
//! bundle's files before they are shared (pasted into a ticket, sent to a vendor).
//!
//! A [`Redactor`] is filled from the evidence first ([`Redactor::harvest`] over every text file
//! of a bundle, or over an evidence file): every serial number, user name, user principal name
//! and e-mail address (also URL-encoded, `adele%40contoso.example`), person's display name,
//! computer and host name, IPv4, IPv6 and MAC address, the Jamf Pro host and the tenant's name
//! it finds. Each distinct value gets its own stable placeholder, numbered in the order found
//! (`<serial-1>`, `<user-2>`, `<name-1>`, `<host-3>`, `<ip-1>`, `<mac-1>`, `<tenant-1>`), so two
//! people or two Macs can still be told apart, and the same value reads the same in every output
//! of one run. Addresses the harvest missed are still caught by their shape when redacting.
//! Everything else (ids of causes, Microsoft's and Jamf's own strings and hosts) stays as it is,
//! so the report still explains itself.
//!
//! Credentials are another matter: a bearer token, a JWT, a `client_secret=`, `password=` or
//! token parameter, or the password of a URL is masked by [`mask_credentials`] in every output,
//! with or without `--redact` ([`Redactor::redact`] masks them too).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use jamf_triage_core::Subject;

/// What kind of identifier a value is; it names the placeholder (`<serial-1>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum IdentifierKind {
    /// A Mac's (or any device's) serial number.
    Serial,
    /// A user: short name, user principal name or e-mail address.
    User,
    /// A person's display name, or part of it (a first or last name).
    Name,
    /// A computer's name, a host name, the Jamf Pro server's host.
    Host,
    /// An IPv4 or IPv6 address.
    Ip,
    /// A MAC address.
    Mac,
    /// The tenant's name or domain.
    Tenant,
}

impl IdentifierKind {
    /// The word of the placeholder.
    pub fn word(self) -> &'static str {
        match self {
            IdentifierKind::Serial => "serial",
            IdentifierKind::User => "user",
            IdentifierKind::Name => "name",
            IdentifierKind::Host => "host",
            IdentifierKind::Ip => "ip",
            IdentifierKind::Mac => "mac",
            IdentifierKind::Tenant => "tenant",
        }
    }
}

/// Replaces identifying details in text, each distinct value with its own stable placeholder.
///
/// ```
/// use jamf_triage_core::Subject;
/// use jamf_triage_render::Redactor;
/// let subject = Subject { serial: Some("C02XK1ABJGH5".into()), user: Some("adele@contoso.example".into()) };
/// let redactor = Redactor::for_subject(&subject);
/// assert_eq!(
///     redactor.redact("C02XK1ABJGH5 of adele@contoso.example (/Users/adele) at 10.20.31.62, alex@contoso.example"),
///     "<serial-1> of <user-1> (/Users/<user-1>) at <ip-1>, <user-2>",
/// );
/// ```
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Known values, lower-cased, with their placeholders.
    known: HashMap<String, String>,
    /// How many placeholders of each kind are given.
    counts: HashMap<IdentifierKind, usize>,
    /// The alternation of every known value, longest first; rebuilt after an addition.
    compiled: RefCell<Option<Regex>>,
    /// Values found only by their shape while redacting, with their placeholders.
    found: RefCell<HashMap<String, String>>,
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
        .expect("a valid constant pattern")
});

/// An IPv4 address, with the prefix length of a network (`17.0.0.0/8`) when one follows: a
/// network is not anyone's address, and is kept.
static IPV4: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b(/\d{1,2}\b)?",
    )
    .expect("a valid constant pattern")
});

/// File extensions that an e-mail address's pattern would take for a top-level domain
/// (`graph/licenseDetails/adele@contoso.example.json`).
const FILE_EXTENSIONS: &[&str] = &[
    ".json", ".yaml", ".yml", ".log", ".txt", ".plist", ".xml", ".zip",
];

/// An address found by its shape, less a file extension stuck to it.
fn split_extension(address: &str) -> (&str, &str) {
    FILE_EXTENSIONS
        .iter()
        .find_map(|extension| {
            let cut = address.len().checked_sub(extension.len())?;
            (address.is_char_boundary(cut) && address[cut..].eq_ignore_ascii_case(extension))
                .then(|| address.split_at(cut))
        })
        .unwrap_or((address, ""))
}

/// IPv6: eight groups, or a compressed form with `::` and at least two groups.
static IPV6: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?\b|::(?:[0-9a-f]{1,4}:){1,6}[0-9a-f]{1,4}\b",
    )
    .expect("a valid constant pattern")
});

static MAC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}\b").expect("a valid constant pattern")
});

/// The host of a URL.
static URL_HOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z][a-z0-9+.-]*://(?:[^\s/@\x22]+@)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)")
        .expect("a valid constant pattern")
});

/// `"key": "value"` in JSON, `<key>key</key><string>value</string>` in a property list,
/// `key: value` or `key=value` in YAML, command output and logs.
static KEYED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?:"|<key>|\b)([a-z_ ]*(?:serial(?:[ _]?number)?|user(?:[ _]?name|principalname|displayname)?|upn|e-?mail(?:address)?|mail|real[ _]?name|full[ _]?name|computer[ _]?name|host[ _]?name|localhostname|device[ _]?name|mac[ _]?address|capableusers))(?:"\s*:\s*\[?\s*"|</key>\s*<string>|\s*[:=]\s*"?)([^"<\n\r,;}\]]{3,80})"#,
    )
    .expect("a valid constant pattern")
});

/// A Jamf Pro log's `computer SERIAL` and `for user NAME`.
static LOG_SERIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[Cc]omputer|[Ss]erial(?: [Nn]umber)?:?)\s+([A-Z0-9]{8,14})\b")
        .expect("a valid constant pattern")
});

static LOG_USER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(?:[Uu]ser|[Uu]sername):?\s+"?([a-z][a-z0-9._-]{2,31})\b"#)
        .expect("a valid constant pattern")
});

/// `Bearer <token>` (an `Authorization` header, quoted or not).
static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(bearer)(\s+)[A-Za-z0-9\-._~+/]+=*").expect("a valid constant pattern")
});

/// A JSON Web Token: three base64url parts, the first a JSON header (`eyJ`).
static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
        .expect("a valid constant pattern")
});

/// `name=value` (in a query, a form body or a log line) or `"name": "value"` (JSON) for names
/// that hold secrets.
static SECRET_PARAMETER: LazyLock<Regex> = LazyLock::new(|| {
    let names = "client_secret|client_assertion|password|passwd|pwd|secret|access_token|refresh_token|id_token|api_key|apikey|sig|token";
    Regex::new(&format!(
        r#"(?i)((?:\b(?:{names})\s*=\s*)|(?:\\?"(?:{names})\\?"\s*:\s*\\?"))([^\s&"',;\\<>]+)"#
    ))
    .expect("a valid constant pattern")
});

/// The password of a URL (`https://user:password@host`).
static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s/:@\x22]+:)([^\s/@\x22]+)(@)")
        .expect("a valid constant pattern")
});

/// Hosts (and their subdomains) of the vendors whose services the integration talks to: public
/// names, kept so that the report still says which service failed.
const PUBLIC_DOMAINS: &[&str] = &[
    "microsoft.com",
    "microsoftonline.com",
    "microsoftonline-p.com",
    "windows.net",
    "windows.com",
    "office.com",
    "office.net",
    "office365.com",
    "live.com",
    "azure.com",
    "azure.net",
    "msauth.net",
    "msftauth.net",
    "msidentity.com",
    "apple.com",
    "icloud.com",
    "mzstatic.com",
    "jamf.com",
    "jamfsoftware.com",
    "github.com",
    "githubusercontent.com",
    "aka.ms",
    "digicert.com",
    "w3.org",
    "example.com",
    "localhost",
];

/// Words that follow "user" in logs, or fill a user field, without being anyone's name.
const NOT_NAMES: &[&str] = &[
    "the",
    "and",
    "for",
    "not",
    "none",
    "null",
    "nil",
    "true",
    "false",
    "unknown",
    "root",
    "system",
    "admin",
    "administrator",
    "user",
    "users",
    "profile",
    "profiles",
    "opened",
    "approved",
    "configuration",
    "account",
    "accounts",
    "group",
    "groups",
    "name",
    "level",
    "data",
    "info",
    "information",
    "type",
    "mode",
    "id",
    "is",
    "was",
    "has",
    "had",
    "with",
    "from",
    "login",
    "logged",
    "session",
    "channel",
    "context",
    "details",
    "jamf",
    "mdm",
    "intune",
    "entra",
    "microsoft",
    "apple",
    "company",
    "portal",
    "device",
    "devices",
    "computer",
    "computers",
    "serial",
    "number",
    "principal",
    "default",
    "local",
    "console",
    "enrollment",
    "registration",
    "consent",
    "interaction",
    "required",
    "cancelled",
    "canceled",
    "mac",
    "macos",
    "guest",
    "host",
    "tenant",
    "unset",
    "n/a",
    "empty",
    "nobody",
    "daemon",
    "everyone",
    "staff",
    "wheel",
    "that",
    "this",
];

/// The text with credentials masked: bearer tokens, JWTs, secret parameters (`client_secret=`,
/// `password=`, `access_token=`, ...) and passwords in URLs. Always applied to what the command
/// prints; masking keeps the name of what was masked, so the line still explains itself.
///
/// ```
/// use jamf_triage_render::mask_credentials;
/// assert_eq!(
///     mask_credentials("POST /token client_secret=s3cr3t~x&grant_type=client_credentials"),
///     "POST /token client_secret=<redacted>&grant_type=client_credentials",
/// );
/// assert_eq!(
///     mask_credentials("Authorization: Bearer eyJhbGciOi.eyJzdWIiOiIx.c2ln"),
///     "Authorization: Bearer <redacted>",
/// );
/// assert_eq!(mask_credentials("https://admin:hunter2@jamf.example/"), "https://admin:<redacted>@jamf.example/");
/// ```
pub fn mask_credentials(text: &str) -> String {
    let text = BEARER.replace_all(text, "${1}${2}<redacted>");
    let text = JWT.replace_all(&text, "<jwt>");
    let text = SECRET_PARAMETER.replace_all(&text, "${1}<redacted>");
    URL_PASSWORD
        .replace_all(&text, "${1}<redacted>${3}")
        .into_owned()
}

/// Whether `host` is a vendor's public host, kept as it is.
fn is_public_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    PUBLIC_DOMAINS
        .iter()
        .any(|domain| host == *domain || host.ends_with(&format!(".{domain}")))
}

impl Redactor {
    /// A redactor that knows no value yet: it replaces what it recognizes by shape (e-mail,
    /// IPv4, IPv6 and MAC addresses, the host of a URL that is not a vendor's).
    pub fn new() -> Self {
        Self::default()
    }

    /// A redactor that knows the subject: its serial number, user principal name and the
    /// user's short name (the part before `@`, as a whole word, in any case).
    pub fn for_subject(subject: &Subject) -> Self {
        let mut redactor = Self::new();
        redactor.add_subject(subject);
        redactor
    }

    /// Learns the subject's serial number and user (numbered first when added first).
    pub fn add_subject(&mut self, subject: &Subject) {
        if let Some(serial) = subject.serial.as_deref() {
            self.add(IdentifierKind::Serial, serial);
        }
        if let Some(user) = subject.user.as_deref() {
            self.add(IdentifierKind::User, user);
        }
    }

    /// Learns one identifier. A user principal name or e-mail address brings its short name
    /// (the same placeholder), its URL-encoded form and its domain (the tenant); a person's name
    /// brings its parts; a computer's name brings the local host name macOS makes of it
    /// (`Adele’s MacBook Pro` → `Adeles-MacBook-Pro`). Values shorter than three characters
    /// are left alone: they would take pieces of ordinary text with them.
    pub fn add(&mut self, kind: IdentifierKind, value: &str) {
        let value = value.trim().trim_matches(|c: char| c == '"' || c == '\'');
        if value.chars().count() < 3 || value.starts_with('<') {
            return;
        }
        let lower = value.to_lowercase();
        if NOT_NAMES.contains(&lower.as_str()) {
            return;
        }
        match kind {
            IdentifierKind::User if value.contains('@') || value.contains("%40") => {
                let decoded = value.replace("%40", "@");
                let Some((short, domain)) = decoded.split_once('@') else {
                    return;
                };
                let placeholder = self
                    .known
                    .get(&short.to_lowercase())
                    .filter(|placeholder| placeholder.starts_with("<user-"))
                    .cloned()
                    .unwrap_or_else(|| self.placeholder(IdentifierKind::User, &decoded));
                for variant in [decoded.clone(), format!("{short}%40{domain}")] {
                    self.insert(&variant, &placeholder);
                }
                if short.chars().count() >= 3 && !NOT_NAMES.contains(&short.to_lowercase().as_str())
                {
                    self.insert(short, &placeholder);
                }
                if !is_public_host(domain) {
                    self.add(IdentifierKind::Tenant, domain);
                }
            }
            IdentifierKind::Tenant => {
                let placeholder = self.placeholder(kind, value);
                self.insert(value, &placeholder);
                // The tenant's own name: `contoso` of `contoso.example` / `contoso.onmicrosoft.com`.
                if let Some(name) = value.split('.').next() {
                    if name.len() >= 4 && value.contains('.') {
                        let placeholder = placeholder.clone();
                        self.insert(name, &placeholder);
                    }
                }
            }
            IdentifierKind::Name => {
                let placeholder = self.placeholder(kind, value);
                self.insert(value, &placeholder);
                let parts: Vec<&str> = value.split_whitespace().collect();
                if parts.len() > 1 {
                    for part in parts {
                        self.add(IdentifierKind::Name, part);
                    }
                }
            }
            IdentifierKind::Host => {
                if is_public_host(value) {
                    return;
                }
                let placeholder = self.placeholder(kind, value);
                self.insert(value, &placeholder);
                let local: String = value
                    .chars()
                    .filter(|c| !matches!(c, '’' | '\'' | '‘'))
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect();
                if local != value {
                    self.insert(&local, &placeholder);
                }
            }
            IdentifierKind::Mac => {
                let placeholder = self.placeholder(kind, value);
                self.insert(value, &placeholder);
                let bare: String = value.chars().filter(char::is_ascii_hexdigit).collect();
                if bare.len() == 12 {
                    let pairs: Vec<String> = bare
                        .as_bytes()
                        .chunks(2)
                        .map(|pair| String::from_utf8_lossy(pair).into_owned())
                        .collect();
                    for variant in [bare.clone(), pairs.join(":"), pairs.join("-")] {
                        self.insert(&variant, &placeholder);
                    }
                }
            }
            _ => {
                let placeholder = self.placeholder(kind, value);
                self.insert(value, &placeholder);
            }
        }
    }

    /// The placeholder of `value`: the one it has, or the next of its kind.
    fn placeholder(&mut self, kind: IdentifierKind, value: &str) -> String {
        if let Some(placeholder) = self.known.get(&value.to_lowercase()) {
            return placeholder.clone();
        }
        let count = self.counts.entry(kind).or_insert(0);
        *count += 1;
        format!("<{}-{count}>", kind.word())
    }

    fn insert(&mut self, value: &str, placeholder: &str) {
        let lower = value.to_lowercase();
        if lower.chars().count() < 3 || self.known.contains_key(&lower) {
            return;
        }
        self.known.insert(lower, placeholder.to_owned());
        *self.compiled.get_mut() = None;
    }

    /// Learns every identifier in one text file of a bundle, or an evidence file (`path` tells
    /// JSON from the rest): values of identifying keys (`serialNumber`, `userPrincipalName`,
    /// `username`, `userDisplayName`, `deviceName`, `macAddress`, ...; the `name` and
    /// `displayName` of a device or a user record), a Jamf Pro log's `computer SERIAL` and `for
    /// user NAME`, and every e-mail, IPv4, IPv6 and MAC address and non-vendor URL host.
    pub fn harvest(&mut self, path: &str, text: &str) {
        let lower_path = path.to_ascii_lowercase();
        if lower_path.ends_with(".json") {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
                self.harvest_json(&value, None);
            }
        }
        let mut found: Vec<(IdentifierKind, String)> = Vec::new();
        for captures in KEYED.captures_iter(text) {
            let (Some(key), Some(value)) = (captures.get(1), captures.get(2)) else {
                continue;
            };
            let key = key.as_str().to_ascii_lowercase().replace([' ', '_'], "");
            let value = value.as_str().trim();
            let kind = if key.contains("serial") {
                IdentifierKind::Serial
            } else if key.contains("mac") && key.contains("address") {
                IdentifierKind::Mac
            } else if key.ends_with("displayname")
                || key.contains("realname")
                || key.contains("fullname")
            {
                IdentifierKind::Name
            } else if key.contains("computer") || key.contains("host") || key.contains("device") {
                IdentifierKind::Host
            } else {
                IdentifierKind::User
            };
            // A key's value in prose ("serial: the Mac's") is a sentence, not an identifier.
            if kind != IdentifierKind::Name && kind != IdentifierKind::Host && value.contains(' ') {
                continue;
            }
            found.push((kind, value.to_owned()));
        }
        for captures in LOG_SERIAL.captures_iter(text) {
            if let Some(serial) = captures.get(1) {
                if serial.as_str().chars().any(|c| c.is_ascii_digit()) {
                    found.push((IdentifierKind::Serial, serial.as_str().to_owned()));
                }
            }
        }
        for captures in LOG_USER.captures_iter(text) {
            if let Some(user) = captures.get(1) {
                found.push((IdentifierKind::User, user.as_str().to_owned()));
            }
        }
        for email in EMAIL.find_iter(text) {
            found.push((
                IdentifierKind::User,
                split_extension(email.as_str()).0.to_owned(),
            ));
        }
        for captures in URL_HOST.captures_iter(text) {
            if let Some(host) = captures.get(1) {
                found.push((IdentifierKind::Host, host.as_str().to_owned()));
            }
        }
        for (pattern, kind) in [
            (&*MAC, IdentifierKind::Mac),
            (&*IPV4, IdentifierKind::Ip),
            (&*IPV6, IdentifierKind::Ip),
        ] {
            for captures in pattern.captures_iter(text) {
                // A network (`17.0.0.0/8`) is kept.
                if captures.get(1).is_some() {
                    continue;
                }
                found.push((kind, captures[0].to_owned()));
            }
        }
        for (kind, value) in found {
            self.add(kind, &value);
        }
    }

    fn harvest_json(&mut self, value: &serde_json::Value, parent: Option<&str>) {
        match value {
            serde_json::Value::Array(items) => {
                for item in items {
                    if let (Some(key), serde_json::Value::String(text)) = (parent, item) {
                        if key == "capableUsers" {
                            self.add(IdentifierKind::User, text);
                        }
                    }
                    self.harvest_json(item, parent);
                }
            }
            serde_json::Value::Object(map) => {
                let is_user =
                    map.contains_key("userPrincipalName") && !map.contains_key("deviceName");
                let is_device = map.contains_key("operatingSystem")
                    || map.contains_key("deviceId")
                    || map.contains_key("lastIpAddress")
                    || parent == Some("general");
                for (key, item) in map {
                    if let serde_json::Value::String(text) = item {
                        if matches!(key.as_str(), "displayName" | "name") {
                            if is_user {
                                self.add(IdentifierKind::Name, text);
                            } else if is_device {
                                self.add(IdentifierKind::Host, text);
                            }
                        }
                    }
                    self.harvest_json(item, Some(key));
                }
            }
            _ => {}
        }
    }

    /// The alternation of every known value, longest first, each a whole word where it starts
    /// or ends with a letter or digit.
    fn compiled(&self) -> Option<Regex> {
        if self.known.is_empty() {
            return None;
        }
        if let Some(regex) = self.compiled.borrow().as_ref() {
            return Some(regex.clone());
        }
        let mut values: Vec<&String> = self.known.keys().collect();
        values.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        let alternatives: Vec<String> = values
            .iter()
            .map(|value| {
                // The tenant's name is taken out of words too (`DC=CONTOSO1` in a certificate
                // dump); every other value only as a whole word.
                let loose = self
                    .known
                    .get(*value)
                    .is_some_and(|placeholder| placeholder.starts_with("<tenant-"));
                let starts = !loose && value.chars().next().is_some_and(char::is_alphanumeric);
                let ends = !loose && value.chars().last().is_some_and(char::is_alphanumeric);
                format!(
                    "{}{}{}",
                    if starts { r"\b" } else { "" },
                    regex::escape(value),
                    if ends { r"\b" } else { "" }
                )
            })
            .collect();
        let regex = RegexBuilder::new(&alternatives.join("|"))
            .case_insensitive(true)
            .size_limit(64 << 20)
            .build()
            .ok()?;
        *self.compiled.borrow_mut() = Some(regex.clone());
        Some(regex)
    }

    /// The placeholder of a value found only by its shape while redacting.
    fn shaped(&self, kind: IdentifierKind, value: &str) -> String {
        let lower = value.to_lowercase().replace("%40", "@");
        if let Some(placeholder) = self.known.get(&lower) {
            return placeholder.clone();
        }
        let mut found = self.found.borrow_mut();
        if let Some(placeholder) = found.get(&lower) {
            return placeholder.clone();
        }
        let given = self.counts.get(&kind).copied().unwrap_or(0);
        let more = found
            .values()
            .filter(|placeholder| placeholder.starts_with(&format!("<{}-", kind.word())))
            .count();
        let placeholder = format!("<{}-{}>", kind.word(), given + more + 1);
        found.insert(lower, placeholder.clone());
        placeholder
    }

    /// The text with every identifying detail replaced, and credentials masked.
    pub fn redact(&self, text: &str) -> String {
        let text = mask_credentials(text);
        // Addresses and URL hosts first, whole, so that a known domain never leaves the rest of
        // an unknown address behind.
        let text = EMAIL.replace_all(&text, |captures: &regex::Captures<'_>| {
            let (address, extension) = split_extension(&captures[0]);
            format!("{}{extension}", self.shaped(IdentifierKind::User, address))
        });
        let text = URL_HOST.replace_all(&text, |captures: &regex::Captures<'_>| {
            let whole = &captures[0];
            let start = captures.get(0).map_or(0, |whole| whole.start());
            match captures.get(1) {
                Some(host) if !is_public_host(host.as_str()) => format!(
                    "{}{}",
                    &whole[..host.start() - start],
                    self.shaped(IdentifierKind::Host, host.as_str())
                ),
                _ => whole.to_owned(),
            }
        });
        let text = match self.compiled() {
            Some(regex) => regex
                .replace_all(&text, |captures: &regex::Captures<'_>| {
                    let matched = &captures[0];
                    self.known
                        .get(&matched.to_lowercase())
                        .cloned()
                        .unwrap_or_else(|| matched.to_owned())
                })
                .into_owned(),
            None => text.into_owned(),
        };
        let text = MAC.replace_all(&text, |captures: &regex::Captures<'_>| {
            self.shaped(IdentifierKind::Mac, &captures[0])
        });
        let text = IPV4.replace_all(&text, |captures: &regex::Captures<'_>| {
            if captures.get(1).is_some() {
                captures[0].to_owned()
            } else {
                self.shaped(IdentifierKind::Ip, &captures[0])
            }
        });
        IPV6.replace_all(&text, |captures: &regex::Captures<'_>| {
            self.shaped(IdentifierKind::Ip, &captures[0])
        })
        .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_whole_words_only() {
        let subject = Subject {
            serial: None,
            user: Some("al@contoso.example".into()),
        };
        // "al" is too short to be redacted as a word; the address still goes.
        assert_eq!(
            Redactor::for_subject(&subject).redact("alias al@contoso.example"),
            "alias <user-1>"
        );
        let subject = Subject {
            serial: None,
            user: Some("adele@contoso.example".into()),
        };
        assert_eq!(
            Redactor::for_subject(&subject).redact("Adele’s Mac; adeles"),
            "<user-1>’s Mac; adeles"
        );
    }

    #[test]
    fn ip_addresses_but_not_versions() {
        let redactor = Redactor::new();
        assert_eq!(
            redactor.redact("from 203.0.113.40 running 14.4.1, not 17.0.0.0/8; licenseDetails/al@contoso.example.json"),
            "from <ip-1> running 14.4.1, not 17.0.0.0/8; licenseDetails/<user-1>.json"
        );
    }

    /// Issue 12: a `client_secret=` or a bearer JWT inside a quoted server-log line was printed
    /// verbatim. Lines in the shape of Jamf Pro's JAMFSoftwareServer.log (and a Graph token
    /// request as jamfAAD logs it).
    #[test]
    fn credentials_are_masked() {
        let jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.bm90LWEtc2lnbmF0dXJl";
        let cases = [
            (
                "2024-06-03 14:20:01,123 [DEBUG] [Thread-9] - POST https://login.microsoftonline.com/t/oauth2/v2.0/token client_id=abc&client_secret=Q~8xY.zz_secret&scope=https://graph.microsoft.com/.default".to_owned(),
                "2024-06-03 14:20:01,123 [DEBUG] [Thread-9] - POST https://login.microsoftonline.com/t/oauth2/v2.0/token client_id=abc&client_secret=<redacted>&scope=https://graph.microsoft.com/.default".to_owned(),
            ),
            (
                format!("Authorization: Bearer {jwt}"),
                "Authorization: Bearer <redacted>".to_owned(),
            ),
            (format!("token {jwt} expired"), "token <jwt> expired".to_owned()),
            (
                "jdbc login password=hunter2; user=jamf".to_owned(),
                "jdbc login password=<redacted>; user=jamf".to_owned(),
            ),
            (
                "GET https://jamf.example/api?access_token=abc.def&x=1".to_owned(),
                "GET https://jamf.example/api?access_token=<redacted>&x=1".to_owned(),
            ),
            (
                "smb://svc:P4ss@files.example/share".to_owned(),
                "smb://svc:<redacted>@files.example/share".to_owned(),
            ),
            // Inside JSON, the string stays a string.
            (
                r#"{"line": "client_secret=abc\"x", "password": "pw"}"#.to_owned(),
                r#"{"line": "client_secret=<redacted>\"x", "password": "<redacted>"}"#.to_owned(),
            ),
        ];
        for (text, masked) in cases {
            assert_eq!(mask_credentials(&text), masked);
            // Redaction masks credentials too (and then replaces hosts and addresses).
            assert_eq!(
                Redactor::new().redact(&text),
                Redactor::new().redact(&masked)
            );
        }
        // Ordinary words stay.
        let plain = "The token expired at 14:20; the password policy and secret: expiry are fine.";
        assert_eq!(mask_credentials(plain), plain);
    }

    #[test]
    fn everyone_gets_a_distinct_stable_placeholder() {
        let mut redactor = Redactor::new();
        redactor.add_subject(&Subject {
            serial: Some("C02XK1ABJGH5".into()),
            user: Some("adele@contoso.example".into()),
        });
        redactor.harvest(
            "graph/managedDevices.json",
            r#"{"value": [{"deviceName": "Alex’s MacBook Air", "userPrincipalName": "alex@contoso.example", "serialNumber": "FVF1CJW3VRG4", "wiFiMacAddress": "5d3185aeacca", "operatingSystem": "macOS"},
                          {"userPrincipalName": "megan@contoso.example", "displayName": "Megan Bowen"}]}"#,
        );
        let text = "adele%40contoso.example; Alex’s MacBook Air (Alexs-MacBook-Air) FVF1CJW3VRG4 5D:31:85:AE:AC:CA \
                    Megan Bowen, Bowen; https://jamf.contoso.example:8443/ fe80::1c2b:3aff:fe4d:5e6f 2001:db8:0:0:0:0:0:1 \
                    Contoso VPP at https://graph.microsoft.com/v1.0 C02XK1ABJGH5 00:02:09";
        let redacted = redactor.redact(text);
        assert_eq!(
            redacted,
            "<user-1>; <host-1> (<host-1>) <serial-2> <mac-1> \
                    <name-1>, <name-3>; https://<host-2>:8443/ <ip-1> <ip-2> \
                    <tenant-1> VPP at https://graph.microsoft.com/v1.0 <serial-1> 00:02:09"
        );
        // The same value, the same placeholder, every time.
        assert_eq!(redactor.redact(text), redacted);
    }
}
