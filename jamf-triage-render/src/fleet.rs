//! A fleet's diagnosis: per cause, how many Macs and users it is confirmed, undetermined and
//! ruled out for, rendered as terminal text, Markdown, CSV (one row per Mac and cause verdict)
//! and the versioned JSON schema [`FLEET_SCHEMA`] (documented in `docs/FLEET.md`).
//!
//! Tenant-scope causes are judged once, on the tenant's evidence; device and user causes on each
//! Mac's. A [`FleetBuilder`] takes the tenant's verdicts, then each Mac's (from
//! [`Engine::evaluate`](jamf_triage_core::Engine::evaluate), the verdicts-only path), and keeps one
//! byte per Mac and cause; [`FleetBuilder::finish`] counts. Everything is deterministic: Macs in
//! the order given (by serial number), causes tenant first, then by the number of Macs confirmed,
//! then in pack order.
//!
//! ```
//! use jamf_triage_render::fleet::{FleetBuilder, FleetProblem};
//! use jamf_triage_core::Locale;
//!
//! let builder = FleetBuilder::new(Vec::new());
//! let fleet = builder.finish(vec![FleetProblem {
//!     kind: "no-serial".into(),
//!     artifact: "graph/managedDevices.json".into(),
//!     item: "/value/7".into(),
//! }]);
//! let json = jamf_triage_render::fleet::render_fleet_json(&fleet, Locale::En);
//! assert_eq!(json["schema"], "jamf-triage/fleet/v1");
//! assert_eq!(json["problems"][0]["kind"], "no-serial");
//! ```

use std::collections::HashMap;
use std::fmt::Write as _;

use jamf_triage_core::model::{CauseDef, Scope};
use jamf_triage_core::report::Verdict;
use jamf_triage_core::{Locale, Verdicts};
use jiff::Timestamp;
use textwrap::core::display_width;

use crate::labels::Labels as ReportLabels;
use crate::words::timestamp_in;
use serde_json::{Value, json};

/// The version of the fleet JSON output.
pub const FLEET_SCHEMA: &str = "jamf-triage/fleet/v1";

/// How many serial numbers the text and Markdown forms show per cause (`--list CAUSE` gives
/// them all).
pub const FIRST_SERIALS: usize = 3;

/// Something wrong with a part of the bundle, counted and listed in the output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FleetProblem {
    /// Its kind: `no-serial`, `same-serial`, `page-missing`, `unknown-folder`,
    /// `folder-without-subject`, `unlinked-entra-device` or `collection` (a file that could not
    /// be read, or a part of it).
    pub kind: String,
    /// The bundle path concerned.
    pub artifact: String,
    /// The record, serial number or device id concerned, or the message of a collection
    /// problem.
    pub item: String,
}

/// One Mac's verdicts, one byte per cause.
#[derive(Debug)]
struct MacRow {
    serial: String,
    user: Option<u32>,
    verdicts: Box<[Verdict]>,
}

/// Gathers a fleet's verdicts: the tenant's once, then each Mac's.
#[derive(Debug)]
pub struct FleetBuilder<'e> {
    causes: Vec<(&'e CauseDef, Verdict)>,
    macs: Vec<MacRow>,
    users: HashMap<String, u32>,
    observed_at: Option<Timestamp>,
}

impl<'e> FleetBuilder<'e> {
    /// Starts with the tenant's verdicts (every cause of the pack, in pack order, as
    /// [`Verdicts::causes`] gives them).
    pub fn new(tenant: Vec<(&'e CauseDef, Verdict)>) -> Self {
        Self {
            causes: tenant,
            macs: Vec::new(),
            users: HashMap::new(),
            observed_at: None,
        }
    }

    /// Starts from the tenant's [`Verdicts`].
    pub fn from_tenant(tenant: &Verdicts<'e>) -> Self {
        Self::new(tenant.causes().collect())
    }

    /// Sets the "now" of the diagnosis, as the outputs show it.
    #[must_use]
    pub fn observed_at(mut self, at: Option<Timestamp>) -> Self {
        self.observed_at = at;
        self
    }

    /// Adds one Mac's verdicts.
    pub fn add(&mut self, serial: &str, user: Option<&str>, verdicts: &Verdicts<'_>) {
        let user = user.map(|user| {
            let next = u32::try_from(self.users.len()).unwrap_or(u32::MAX);
            *self.users.entry(user.to_lowercase()).or_insert(next)
        });
        let verdicts = self
            .causes
            .iter()
            .map(|(cause, _)| verdicts.cause(&cause.id).unwrap_or(Verdict::Undetermined))
            .collect();
        self.macs.push(MacRow {
            serial: serial.to_owned(),
            user,
            verdicts,
        });
    }

    /// Counts, per cause, the Macs and users of each verdict.
    pub fn finish(self, problems: Vec<FleetProblem>) -> FleetSummary<'e> {
        let users = self.users.len();
        let devices = self.macs.len();
        let mut causes: Vec<CauseTally<'e>> = Vec::with_capacity(self.causes.len());
        for (at, (cause, tenant)) in self.causes.iter().enumerate() {
            let mut tally = CauseTally {
                cause,
                order: at,
                tenant: (cause.scope == Scope::Tenant).then_some(*tenant),
                devices: [0; 3],
                users: [0; 3],
                confirmed: Vec::new(),
            };
            // Per user, the strongest verdict of their Macs (confirmed over undetermined over
            // ruled out).
            let mut per_user: Vec<Option<Verdict>> = vec![None; users];
            for mac in &self.macs {
                let verdict = match tally.tenant {
                    Some(verdict) => verdict,
                    None => mac
                        .verdicts
                        .get(at)
                        .copied()
                        .unwrap_or(Verdict::Undetermined),
                };
                tally.devices[slot(verdict)] += 1;
                if verdict == Verdict::Confirmed && tally.tenant.is_none() {
                    tally.confirmed.push(mac.serial.clone());
                }
                if let Some(seen) = mac
                    .user
                    .and_then(|user| per_user.get_mut(usize::try_from(user).ok()?))
                {
                    *seen = Some(seen.map_or(verdict, |seen| strongest(seen, verdict)));
                }
            }
            for verdict in per_user.into_iter().flatten() {
                tally.users[slot(verdict)] += 1;
            }
            causes.push(tally);
        }
        causes.sort_by(|a, b| {
            let tenant = |tally: &CauseTally<'_>| tally.tenant.is_none();
            tenant(a)
                .cmp(&tenant(b))
                .then(b.devices[0].cmp(&a.devices[0]))
                .then(a.order.cmp(&b.order))
        });
        let mut problems = problems;
        problems.sort();
        let rows = self
            .macs
            .into_iter()
            .map(|mac| (mac.serial, mac.user, mac.verdicts))
            .collect();
        let mut user_names: Vec<(u32, String)> = self
            .users
            .into_iter()
            .map(|(name, id)| (id, name))
            .collect();
        user_names.sort_unstable();
        FleetSummary {
            devices,
            users,
            causes,
            problems,
            rows,
            user_names: user_names.into_iter().map(|(_, name)| name).collect(),
            pack_causes: self.causes,
            observed_at: self.observed_at,
        }
    }
}

/// 0 for confirmed, 1 for undetermined, 2 for ruled out.
fn slot(verdict: Verdict) -> usize {
    match verdict {
        Verdict::Confirmed => 0,
        Verdict::Undetermined => 1,
        Verdict::RuledOut => 2,
    }
}

fn strongest(a: Verdict, b: Verdict) -> Verdict {
    if slot(a) <= slot(b) { a } else { b }
}

/// One cause across the fleet.
#[derive(Debug)]
pub struct CauseTally<'e> {
    /// The cause.
    pub cause: &'e CauseDef,
    order: usize,
    /// The tenant's verdict, for a tenant-scope cause (which is every Mac's).
    pub tenant: Option<Verdict>,
    /// Macs confirmed, undetermined, ruled out.
    pub devices: [usize; 3],
    /// Users confirmed (on at least one of their Macs), undetermined, ruled out.
    pub users: [usize; 3],
    /// The serial numbers of the Macs it is confirmed for (none for a tenant-scope cause), in
    /// order.
    pub confirmed: Vec<String>,
}

/// A fleet's diagnosis, counted.
#[derive(Debug)]
pub struct FleetSummary<'e> {
    /// The number of Macs.
    pub devices: usize,
    /// The number of users (named by the Macs' Intune records).
    pub users: usize,
    /// Every cause: tenant-scope first, then by Macs confirmed, then in pack order.
    pub causes: Vec<CauseTally<'e>>,
    /// What is wrong with parts of the bundle, sorted.
    pub problems: Vec<FleetProblem>,
    rows: Vec<(String, Option<u32>, Box<[Verdict]>)>,
    user_names: Vec<String>,
    pack_causes: Vec<(&'e CauseDef, Verdict)>,
    observed_at: Option<Timestamp>,
}

impl FleetSummary<'_> {
    /// The cause `id`, if the pack has it.
    pub fn cause(&self, id: &str) -> Option<&CauseTally<'_>> {
        self.causes.iter().find(|tally| tally.cause.id == id)
    }
}

/// The words the fleet outputs add, in one locale.
struct Labels {
    title: &'static str,
    macs: &'static str,
    users: &'static str,
    /// Column headings for counts of Macs and of users.
    macs_column: &'static str,
    users_column: &'static str,
    tenant: &'static str,
    no_tenant_confirmed: &'static str,
    cause: &'static str,
    scope: &'static str,
    verdicts: [&'static str; 3],
    first: &'static str,
    problems: &'static str,
    no_problems: &'static str,
    kinds: [(&'static str, &'static str); 7],
}

const EN: Labels = Labels {
    title: "Fleet diagnosis",
    macs: "Macs",
    users: "users",
    macs_column: "Macs",
    users_column: "users",
    tenant: "Tenant",
    no_tenant_confirmed: "No tenant-wide cause is confirmed.",
    cause: "Cause",
    scope: "Scope",
    verdicts: ["confirmed", "undetermined", "ruled out"],
    first: "First Macs",
    problems: "Problems in the bundle",
    no_problems: "None.",
    kinds: [
        ("no-serial", "records without a serial number"),
        ("same-serial", "serial numbers in several records"),
        ("page-missing", "inventory pages missing"),
        (
            "unknown-folder",
            "Mac folders whose serial number is in no inventory",
        ),
        (
            "folder-without-subject",
            "Mac folders without a subject in context.yaml",
        ),
        (
            "unlinked-entra-device",
            "Entra devices that no Intune record points to",
        ),
        (
            "collection",
            "files or parts of files that could not be read",
        ),
    ],
};

const PT_PT: Labels = Labels {
    title: "Diagnóstico da frota",
    macs: "Macs",
    users: "utilizadores",
    macs_column: "Macs",
    users_column: "utilizadores",
    tenant: "Inquilino",
    no_tenant_confirmed: "Nenhuma causa ao nível do inquilino foi confirmada.",
    cause: "Causa",
    scope: "Âmbito",
    verdicts: ["confirmada", "indeterminada", "excluída"],
    first: "Primeiros Macs",
    problems: "Problemas no pacote",
    no_problems: "Nenhum.",
    kinds: [
        ("no-serial", "registos sem número de série"),
        ("same-serial", "números de série em vários registos"),
        ("page-missing", "páginas do inventário em falta"),
        (
            "unknown-folder",
            "pastas de Mac cujo número de série não está em nenhum inventário",
        ),
        (
            "folder-without-subject",
            "pastas de Mac sem sujeito no context.yaml",
        ),
        (
            "unlinked-entra-device",
            "dispositivos do Entra para os quais nenhum registo do Intune aponta",
        ),
        (
            "collection",
            "ficheiros ou partes de ficheiros que não foi possível ler",
        ),
    ],
};

const ZH_CN: Labels = Labels {
    title: "设备群诊断",
    macs: "台 Mac",
    users: "个用户",
    macs_column: "Mac",
    users_column: "用户",
    tenant: "租户",
    no_tenant_confirmed: "没有已确认的租户级原因。",
    cause: "原因",
    scope: "范围",
    verdicts: ["已确认", "未确定", "已排除"],
    first: "前几台 Mac",
    problems: "捆绑包中的问题",
    no_problems: "无。",
    kinds: [
        ("no-serial", "没有序列号的记录"),
        ("same-serial", "出现在多条记录中的序列号"),
        ("page-missing", "缺少的清单页"),
        ("unknown-folder", "序列号不在任何清单中的 Mac 文件夹"),
        (
            "folder-without-subject",
            "context.yaml 中没有主体的 Mac 文件夹",
        ),
        (
            "unlinked-entra-device",
            "没有任何 Intune 记录指向的 Entra 设备",
        ),
        ("collection", "无法读取的文件或文件部分"),
    ],
};

fn labels(locale: Locale) -> &'static Labels {
    match locale {
        Locale::En => &EN,
        Locale::PtPt => &PT_PT,
        Locale::ZhCn => &ZH_CN,
    }
}

fn kind_label(labels: &Labels, kind: &str) -> String {
    labels
        .kinds
        .iter()
        .find(|(id, _)| *id == kind)
        .map_or_else(|| kind.to_owned(), |(_, label)| (*label).to_owned())
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Tenant => "tenant",
        Scope::User => "user",
        Scope::Device => "device",
    }
}

/// Problems by kind: the kind, how many, the first few items.
fn problem_groups(problems: &[FleetProblem]) -> Vec<(&str, usize, Vec<String>)> {
    let mut groups: Vec<(&str, usize, Vec<String>)> = Vec::new();
    for problem in problems {
        let item = if problem.item.is_empty() {
            problem.artifact.clone()
        } else {
            format!("{} {}", problem.artifact, problem.item)
        };
        match groups.last_mut() {
            Some((kind, count, items)) if *kind == problem.kind => {
                *count += 1;
                if items.len() < FIRST_SERIALS {
                    items.push(item);
                }
            }
            _ => groups.push((&problem.kind, 1, vec![item])),
        }
    }
    groups
}

fn first_serials(tally: &CauseTally<'_>, locale: Locale) -> String {
    let labels = ReportLabels::of(locale);
    let mut shown = tally
        .confirmed
        .iter()
        .take(FIRST_SERIALS)
        .cloned()
        .collect::<Vec<_>>()
        .join(labels.list);
    if tally.confirmed.len() > FIRST_SERIALS {
        shown.push_str(&labels.more(tally.confirmed.len() - FIRST_SERIALS));
    }
    shown
}

/// Cuts `text` to `width` terminal columns, with `…` when cut (a Chinese character takes two).
fn fit(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_owned();
    }
    let mut cut = String::new();
    let mut used = 0;
    let mut buffer = [0; 4];
    for c in text.chars() {
        let columns = display_width(c.encode_utf8(&mut buffer));
        if used + columns + 1 > width {
            break;
        }
        used += columns;
        cut.push(c);
    }
    cut.push('…');
    cut
}

/// `text` cut to `width` columns and padded with spaces to exactly `width`, on the right
/// (`Align::Left`) or the left (`Align::Right`).
fn column(text: &str, width: usize, align: Align) -> String {
    let text = fit(text, width);
    let padding = " ".repeat(width.saturating_sub(display_width(&text)));
    match align {
        Align::Left => text + &padding,
        Align::Right => padding + &text,
    }
}

/// Where a table cell's text sits.
#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// The fleet as terminal text, its table no wider than `width` columns (the cause titles are
/// cut to fit).
pub fn render_fleet_text(fleet: &FleetSummary<'_>, locale: Locale, width: usize) -> String {
    let labels = labels(locale);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} {}, {} {}",
        labels.title, fleet.devices, labels.macs, fleet.users, labels.users
    );
    if let Some(at) = fleet.observed_at {
        let _ = writeln!(
            out,
            "{}{}{}",
            ReportLabels::of(locale).observed_at,
            ReportLabels::of(locale).colon,
            timestamp_in(locale, at)
        );
    }
    let _ = writeln!(out, "\n{}", labels.tenant);
    let mut any = false;
    for tally in fleet.causes.iter().filter(|tally| tally.tenant.is_some()) {
        let Some(verdict) = tally.tenant.filter(|verdict| *verdict != Verdict::RuledOut) else {
            continue;
        };
        any = true;
        let line = format!(
            "  [{}] {}{}{}",
            labels.verdicts[slot(verdict)],
            tally.cause.id,
            ReportLabels::of(locale).colon,
            tally.cause.title.get(locale)
        );
        let _ = writeln!(out, "{}", fit(&line, width.max(20)));
    }
    if !any {
        let _ = writeln!(out, "  {}", labels.no_tenant_confirmed);
    }
    // Columns: the cause id, three counts of Macs, three of users; the first serials go on a
    // line of their own under their cause, so that the table fits any width.
    let number = 6;
    let counts = 6 * (number + 1);
    let id_width = fleet
        .causes
        .iter()
        .filter(|tally| tally.tenant.is_none())
        .map(|tally| display_width(&tally.cause.id))
        .max()
        .unwrap_or(5)
        .max(display_width(labels.cause))
        .min(width.saturating_sub(counts + 2).max(12));
    let group = 3 * (number + 1);
    let _ = writeln!(
        out,
        "\n{}  {} {} ",
        " ".repeat(id_width),
        column(labels.macs_column, group - 1, Align::Right),
        column(labels.users_column, group - 1, Align::Right)
    );
    let _ = write!(out, "{}  ", column(labels.cause, id_width, Align::Left));
    for symbol in ["✓", "?", "✗", "✓", "?", "✗"] {
        let _ = write!(out, "{symbol:>number$} ");
    }
    let _ = writeln!(out);
    for tally in fleet.causes.iter().filter(|tally| tally.tenant.is_none()) {
        let _ = write!(out, "{}  ", column(&tally.cause.id, id_width, Align::Left));
        for count in tally.devices.iter().chain(tally.users.iter()) {
            let _ = write!(out, "{count:>number$} ");
        }
        let _ = writeln!(out);
        if !tally.confirmed.is_empty() {
            let serials = first_serials(tally, locale);
            let _ = writeln!(
                out,
                "    {}",
                fit(&serials, width.saturating_sub(4).max(20))
            );
        }
    }
    let _ = writeln!(
        out,
        "\n✓ {} · ? {} · ✗ {}",
        labels.verdicts[0], labels.verdicts[1], labels.verdicts[2]
    );
    let _ = writeln!(out, "\n{}", labels.problems);
    let groups = problem_groups(&fleet.problems);
    if groups.is_empty() {
        let _ = writeln!(out, "  {}", labels.no_problems);
    }
    for (kind, count, items) in groups {
        let _ = writeln!(out, "  {count} {}", kind_label(labels, kind));
        let shown = items.len();
        for item in items {
            let _ = writeln!(out, "    {}", fit(&item, width.saturating_sub(4).max(20)));
        }
        if count > shown {
            let more = ReportLabels::of(locale).more(count - shown);
            let _ = writeln!(out, "    {}", more.trim_start());
        }
    }
    out
}

/// Escapes `|` for a Markdown table cell, and line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The fleet as Markdown, for a ticket.
pub fn render_fleet_markdown(fleet: &FleetSummary<'_>, locale: Locale) -> String {
    let labels = labels(locale);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", labels.title);
    let _ = writeln!(
        out,
        "{} {}, {} {}\n",
        fleet.devices, labels.macs, fleet.users, labels.users
    );
    if let Some(at) = fleet.observed_at {
        let _ = writeln!(
            out,
            "{}{}{}\n",
            ReportLabels::of(locale).observed_at,
            ReportLabels::of(locale).colon,
            timestamp_in(locale, at)
        );
    }
    let _ = writeln!(out, "## {}\n", labels.tenant);
    let mut any = false;
    for tally in fleet.causes.iter().filter(|tally| tally.tenant.is_some()) {
        let Some(verdict) = tally.tenant.filter(|verdict| *verdict != Verdict::RuledOut) else {
            continue;
        };
        any = true;
        let _ = writeln!(
            out,
            "- **{}** — {} (`{}`)",
            labels.verdicts[slot(verdict)],
            cell(tally.cause.title.get(locale)),
            tally.cause.id
        );
    }
    if !any {
        let _ = writeln!(out, "{}", labels.no_tenant_confirmed);
    }
    let _ = writeln!(
        out,
        "\n| {} | {} | {} {} | {} {} | {} {} | {} {} | {} |",
        labels.cause,
        labels.scope,
        labels.macs_column,
        labels.verdicts[0],
        labels.macs_column,
        labels.verdicts[1],
        labels.macs_column,
        labels.verdicts[2],
        labels.users_column,
        labels.verdicts[0],
        labels.first
    );
    let _ = writeln!(out, "|---|---|--:|--:|--:|--:|---|");
    for tally in fleet.causes.iter().filter(|tally| tally.tenant.is_none()) {
        let _ = writeln!(
            out,
            "| `{}` {} | {} | {} | {} | {} | {} | {} |",
            tally.cause.id,
            cell(tally.cause.title.get(locale)),
            scope_name(tally.cause.scope),
            tally.devices[0],
            tally.devices[1],
            tally.devices[2],
            tally.users[0],
            cell(&first_serials(tally, locale))
        );
    }
    let _ = writeln!(out, "\n## {}\n", labels.problems);
    let groups = problem_groups(&fleet.problems);
    if groups.is_empty() {
        let _ = writeln!(out, "{}", labels.no_problems);
    }
    for (kind, count, items) in groups {
        let _ = writeln!(out, "- {count} {}", kind_label(labels, kind));
        for item in items {
            let _ = writeln!(out, "  - `{}`", item.replace('`', "'"));
        }
    }
    out
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The fleet as CSV (RFC 4180, CRLF line ends, a header row): one row per Mac and cause
/// verdict — `serial,user,cause,scope,verdict` — with a tenant-scope cause's verdict on every
/// Mac. The cause ids, scopes and verdict names are the JSON's, whatever the locale.
pub fn render_fleet_csv(fleet: &FleetSummary<'_>) -> String {
    let mut out = String::from("serial,user,cause,scope,verdict\r\n");
    for (serial, user, verdicts) in &fleet.rows {
        let user = user
            .and_then(|user| fleet.user_names.get(usize::try_from(user).ok()?))
            .map_or(String::new(), |user| csv_field(user));
        let serial = csv_field(serial);
        for (at, (cause, tenant)) in fleet.pack_causes.iter().enumerate() {
            let verdict = if cause.scope == Scope::Tenant {
                *tenant
            } else {
                verdicts.get(at).copied().unwrap_or(Verdict::Undetermined)
            };
            let _ = write!(
                out,
                "{serial},{user},{},{},{}\r\n",
                csv_field(&cause.id),
                scope_name(cause.scope),
                verdict.name()
            );
        }
    }
    out
}

/// The fleet as the JSON schema [`FLEET_SCHEMA`].
pub fn render_fleet_json(fleet: &FleetSummary<'_>, locale: Locale) -> Value {
    let causes: Vec<Value> = fleet
        .causes
        .iter()
        .map(|tally| {
            let mut cause = json!({
                "id": tally.cause.id,
                "scope": scope_name(tally.cause.scope),
                "title": tally.cause.title.get(locale),
                "confirmed": tally.devices[0],
                "undetermined": tally.devices[1],
                "ruled_out": tally.devices[2],
                "users": {
                    "confirmed": tally.users[0],
                    "undetermined": tally.users[1],
                    "ruled_out": tally.users[2],
                },
                "devices": tally.confirmed,
            });
            if let (Some(verdict), Some(object)) = (tally.tenant, cause.as_object_mut()) {
                object.insert("verdict".to_owned(), json!(verdict.name()));
            }
            cause
        })
        .collect();
    let problems: Vec<Value> = fleet
        .problems
        .iter()
        .map(|problem| {
            json!({"kind": problem.kind, "artifact": problem.artifact, "item": problem.item})
        })
        .collect();
    json!({
        "schema": FLEET_SCHEMA,
        "locale": locale.code(),
        "observed_at": fleet.observed_at.map(|at| at.to_string()),
        "devices": fleet.devices,
        "users": fleet.users,
        "causes": causes,
        "problems": problems,
    })
}
