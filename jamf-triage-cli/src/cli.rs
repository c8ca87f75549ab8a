//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, CommandFactory as _, Parser, Subcommand, ValueEnum};
use jamf_triage_core::Locale;

use crate::live::LiveArgs;

/// Diagnose why the integration of Jamf Pro with Microsoft Intune / Entra ID fails on a Mac,
/// and say what to do about it.
#[derive(Debug, Parser)]
#[command(name = "jamf-triage", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Collect a bundle live from the Jamf Pro API, Microsoft Graph and this Mac.
    Collect(CollectArgs),
    /// Diagnose a bundle of raw artifacts or an evidence file, and print a ranked report.
    Diagnose(DiagnoseArgs),
    /// Print the facts extracted from a bundle, with where each came from.
    Evidence(EvidenceArgs),
    /// Check, test and list rule packs.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Show a symptom, cause or resolution of the rule pack.
    Explain(ExplainArgs),
    /// List every fact the collectors can provide.
    Facts(FactsArgs),
    /// Work with bundles (zip one to attach to a ticket).
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `jamf-triage man | man -l -`.
    Man {
        /// A subcommand, for its own page (`jamf-triage man diagnose`).
        subcommand: Option<String>,
    },
    /// Diagnose every Mac of a fleet bundle: per cause, how many Macs and users.
    Fleet(FleetArgs),
}

/// `bundle ...`.
#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Write a zip of a bundle (a directory or a .zip), to attach to a ticket.
    Zip(ZipArgs),
}

/// `bundle zip`.
#[derive(Debug, Args)]
pub struct ZipArgs {
    /// The bundle: a directory or a .zip of raw artifacts.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// The zip to write (new); default: the bundle's name with `.zip` (`-redacted.zip` with
    /// --redact) in the current directory.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace every serial number, user name, e-mail, display name, host name and IP or MAC
    /// address in the text files (and file names) with placeholders.
    #[arg(long)]
    pub redact: bool,
}

/// The headings of the live-collection options, as `collect` shows them.
const LIVE_HEADINGS: [&str; 4] = ["Jamf Pro", "Microsoft Graph", "The Mac", "Collection"];

/// The command line as clap reads it, with `diagnose`'s live-collection options under
/// headings of their own ("Live collection: Jamf Pro", ...) and left out of `-h`, so that its
/// own options come first.
pub fn command() -> clap::Command {
    Cli::command().mut_subcommand("diagnose", |diagnose| {
        diagnose.mut_args(|arg| match arg.get_help_heading() {
            Some(heading) if LIVE_HEADINGS.contains(&heading) => {
                let heading = match heading {
                    "Collection" => "Live collection".to_owned(),
                    source => format!("Live collection: {source}"),
                };
                arg.help_heading(heading).hide_short_help(true)
            }
            Some("Live collection") => arg.hide_short_help(true),
            _ => arg,
        })
    })
}

/// `fleet`.
#[derive(Debug, Args)]
pub struct FleetArgs {
    /// A fleet bundle: a directory or a .zip of a tenant's responses and Mac folders.
    #[arg(long, value_name = "PATH")]
    pub bundle: PathBuf,
    /// The "now" of the diagnosis (RFC 3339), when the bundle gives none.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Use the rule pack in this directory instead of the built-in one.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// How to print the summary.
    #[arg(long, value_enum, default_value_t = FleetFormat::Text)]
    pub format: FleetFormat,
    /// Print only the serial numbers of the Macs this cause is confirmed for, one per line.
    #[arg(long, value_name = "CAUSE")]
    pub list: Option<String>,
    /// The language of the summary.
    #[arg(long, value_name = "LOCALE", default_value = "en", value_parser = parse_locale)]
    pub lang: Locale,
    /// Exit with status 1 when any cause is confirmed for any Mac.
    #[arg(long)]
    pub exit_code: bool,
}

/// Fleet summary formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FleetFormat {
    /// A table for a terminal.
    Text,
    /// The versioned JSON schema `jamf-triage/fleet/v1`.
    Json,
    /// For a ticket.
    Markdown,
    /// One row per Mac and cause verdict, for a spreadsheet.
    Csv,
}

/// Where the evidence comes from, and which subject it is about.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// A bundle: a directory, a .zip of raw artifacts, or an IntuneMacODC zip.
    #[arg(
        value_name = "PATH",
        conflicts_with_all = ["bundle", "evidence", "live"],
        required_unless_present_any = ["bundle", "evidence", "live"]
    )]
    pub path: Option<PathBuf>,
    /// A bundle, as the positional PATH. Repeat it to read several bundles of the same Mac as one
    /// (--bundle server/ --bundle odc.zip).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["evidence", "live"])]
    pub bundle: Vec<PathBuf>,
    /// An evidence file (YAML or JSON), as `jamf-triage evidence` writes it.
    #[arg(long, value_name = "FILE", conflicts_with = "live")]
    pub evidence: Option<PathBuf>,
    /// Which subject, and when.
    #[command(flatten)]
    pub subject: SubjectArgs,
}

/// Which Mac and user the evidence is about, and the "now" of the diagnosis.
#[derive(Debug, Args)]
pub struct SubjectArgs {
    /// The Mac's serial number, when the bundle holds several (overrides context.yaml).
    #[arg(long, value_name = "SERIAL")]
    pub serial: Option<String>,
    /// The user's principal name (overrides context.yaml).
    #[arg(long, value_name = "UPN")]
    pub user: Option<String>,
    /// The "now" of the diagnosis (RFC 3339), when the bundle or evidence file gives none.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
}

impl SourceArgs {
    /// The bundles named by PATH and `--bundle`, in that order.
    pub fn bundles(&self) -> Vec<PathBuf> {
        self.path.iter().chain(&self.bundle).cloned().collect()
    }
}

impl SubjectArgs {
    /// The subject asked for.
    pub fn subject(&self) -> jamf_triage_core::Subject {
        jamf_triage_core::Subject {
            serial: self.serial.clone(),
            user: self.user.clone(),
        }
    }
}

/// `diagnose`.
#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// Where the evidence comes from.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Use the rule pack in this directory instead of the built-in one.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// The language of the report (en, pt-PT, zh-CN); default: from LC_ALL, LC_MESSAGES or
    /// LANG, else en.
    #[arg(long, value_name = "LOCALE", value_parser = parse_locale)]
    pub lang: Option<Locale>,
    /// Colour in the text report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Exit with status 1 when any cause is confirmed.
    #[arg(long)]
    pub exit_code: bool,
    /// Show everything: ruled-out causes with the tests that decided them, every symptom,
    /// references and the rule expressions (text and Markdown).
    #[arg(long)]
    pub all: bool,
    /// Replace every serial number, user name, e-mail, display name, host name, IP and MAC
    /// address, the Jamf Pro host and the tenant's name the evidence holds with placeholders
    /// (`<user-1>`, `<user-2>`), so that the report can be shared.
    #[arg(long)]
    pub redact: bool,
    /// Collect live (the sources below) into a temporary bundle and diagnose it.
    #[arg(long, help_heading = "Live collection")]
    pub live: bool,
    /// With --live: keep the bundle collected in this new (or empty) directory.
    #[arg(
        long,
        value_name = "DIR",
        requires = "live",
        help_heading = "Live collection"
    )]
    pub keep_bundle: Option<PathBuf>,
    /// With --live: where to collect from.
    #[command(flatten)]
    pub live_sources: LiveArgs,
}

/// `collect`.
#[derive(Debug, Args)]
pub struct CollectArgs {
    /// The directory to write the bundle into (new, or empty).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The Mac's serial number (its Intune records' users get their licences collected).
    #[arg(long, value_name = "SERIAL")]
    pub serial: Option<String>,
    /// The user's principal name in Entra ID (their licences are collected).
    #[arg(long, value_name = "UPN")]
    pub user: Option<String>,
    /// Collect every Mac of the tenant (Jamf Pro inventory, Intune managed devices, Entra
    /// devices) and the tenant's settings into a fleet bundle for `jamf-triage fleet`; no Mac is
    /// collected from, and no subject is named.
    #[arg(long, conflicts_with_all = ["serial", "user"])]
    pub fleet: bool,
    /// Where to collect from.
    #[command(flatten)]
    pub live: LiveArgs,
}

/// `evidence`.
#[derive(Debug, Args)]
pub struct EvidenceArgs {
    /// A bundle: a directory, a .zip of raw artifacts, or an IntuneMacODC zip.
    #[arg(
        value_name = "PATH",
        conflicts_with = "bundle",
        required_unless_present = "bundle"
    )]
    pub path: Option<PathBuf>,
    /// A bundle, as the positional PATH. Repeat it to read several bundles of the same Mac as
    /// one.
    #[arg(long, value_name = "PATH")]
    pub bundle: Vec<PathBuf>,
    /// Which subject, and when.
    #[command(flatten)]
    pub subject: SubjectArgs,
    /// How to print the evidence.
    #[arg(long, value_enum, default_value_t = DataFormat::Yaml)]
    pub format: DataFormat,
    /// Replace every serial number, user name, e-mail, display name, host name, IP and MAC
    /// address with placeholders.
    #[arg(long)]
    pub redact: bool,
    /// Keep the log lines this rule pack tests (default: the built-in pack).
    #[arg(long, value_name = "DIR", conflicts_with = "all_lines")]
    pub rules: Option<PathBuf>,
    /// Keep every line of every log (for writing new rules), not only the lines the rule pack
    /// tests.
    #[arg(long)]
    pub all_lines: bool,
}

/// `rules ...`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check a rule pack and list every mistake with file:line:column (exit 1 if any).
    Lint {
        /// The directory of rule files (default: the built-in pack).
        dir: Option<PathBuf>,
    },
    /// Run a rule pack's fixtures (DIR/tests) and show every failure (exit 1 if any).
    Test {
        /// The directory of rule files (default: the built-in pack).
        dir: Option<PathBuf>,
    },
    /// List the symptoms, causes and resolutions, with their locales and fixture counts.
    List {
        /// The directory of rule files (default: the built-in pack).
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
        /// How to print the list.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

/// `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A symptom, cause or resolution id.
    pub id: String,
    /// Use the rule pack in this directory instead of the built-in one.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// The language (en, pt-PT, zh-CN); default: from LC_ALL, LC_MESSAGES or LANG, else en.
    #[arg(long, value_name = "LOCALE", value_parser = parse_locale)]
    pub lang: Option<Locale>,
}

/// `facts`.
#[derive(Debug, Args)]
pub struct FactsArgs {
    /// How to print the catalog.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// The language of the facts' labels in the text list (en, pt-PT, zh-CN); default: from
    /// LC_ALL, LC_MESSAGES or LANG, else en.
    #[arg(long, value_name = "LOCALE", value_parser = parse_locale)]
    pub lang: Option<Locale>,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For a terminal.
    Text,
    /// The versioned JSON schema `jamf-triage/report/v1`.
    Json,
    /// For a ticket.
    Markdown,
    /// One line `<result>…</result>` for a Jamf Pro extension attribute.
    JamfEa,
}

/// Evidence formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// YAML evidence file.
    Yaml,
    /// JSON evidence file.
    Json,
}

/// List formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Text,
    /// JSON for tools.
    Json,
}

/// When to colour the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set or `TERM=dumb` (`CLICOLOR_FORCE` forces it).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Reads `--lang`: a supported tag in any case, with `_` for `-` (`pt_pt`); anything else is an
/// error that suggests the closest tag (`pt` → `pt-PT`).
pub fn parse_locale(text: &str) -> Result<Locale, String> {
    let wanted = text.trim().replace('_', "-");
    if let Some(locale) = Locale::ALL
        .into_iter()
        .find(|locale| locale.code().eq_ignore_ascii_case(&wanted))
    {
        return Ok(locale);
    }
    let language = wanted
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let suggestion = Locale::ALL
        .into_iter()
        .find(|locale| locale.code().split('-').next() == Some(language.as_str()))
        .map(Locale::code)
        .or_else(|| {
            jamf_triage_core::evidence::suggest::closest(
                &wanted,
                Locale::ALL.into_iter().map(Locale::code),
            )
        });
    let expected = "expected one of en, pt-PT, zh-CN";
    Err(match suggestion {
        Some(tag) => format!("unknown language `{text}`: did you mean `{tag}`? ({expected})"),
        None => format!("unknown language `{text}`: {expected}"),
    })
}

/// The language of the environment: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is
/// set (`pt_PT.UTF-8` → pt-PT, `zh_CN` → zh-CN, any `pt` → pt-PT, Simplified Chinese → zh-CN),
/// else en.
pub fn locale_from_env() -> Locale {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty());
    value.map_or(Locale::En, |value| locale_of_posix(&value))
}

/// The locale of a POSIX locale name (`language[_territory][.codeset][@modifier]`).
pub fn locale_of_posix(value: &str) -> Locale {
    let name = value.split(['.', '@']).next().unwrap_or_default();
    let mut parts = name.split(['_', '-']);
    let language = parts.next().unwrap_or_default().to_ascii_lowercase();
    let territory = parts.next().unwrap_or_default().to_ascii_uppercase();
    match (language.as_str(), territory.as_str()) {
        ("pt", _) => Locale::PtPt,
        ("zh", "" | "CN" | "SG" | "HANS") => Locale::ZhCn,
        _ => Locale::En,
    }
}
