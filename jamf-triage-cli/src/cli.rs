//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
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
    /// Diagnose every Mac of a fleet bundle: per cause, how many Macs and users.
    Fleet(FleetArgs),
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
    /// A bundle: a directory or a .zip of raw artifacts.
    #[arg(
        long,
        value_name = "PATH",
        conflicts_with_all = ["evidence", "live"],
        required_unless_present_any = ["evidence", "live"]
    )]
    pub bundle: Option<PathBuf>,
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
    /// The language of the report.
    #[arg(long, value_name = "LOCALE", default_value = "en", value_parser = parse_locale)]
    pub lang: Locale,
    /// Colour in the text report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Exit with status 1 when any cause is confirmed.
    #[arg(long)]
    pub exit_code: bool,
    /// Replace the serial number, the user's names, e-mail and IP addresses with placeholders,
    /// so that the report can be shared.
    #[arg(long)]
    pub redact: bool,
    /// Collect live (the sources below) into a temporary bundle and diagnose it.
    #[arg(long)]
    pub live: bool,
    /// With --live: keep the bundle collected in this new (or empty) directory.
    #[arg(long, value_name = "DIR", requires = "live")]
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
    /// Where to collect from.
    #[command(flatten)]
    pub live: LiveArgs,
}

/// `evidence`.
#[derive(Debug, Args)]
pub struct EvidenceArgs {
    /// A bundle: a directory or a .zip of raw artifacts.
    #[arg(long, value_name = "PATH")]
    pub bundle: PathBuf,
    /// Which subject, and when.
    #[command(flatten)]
    pub subject: SubjectArgs,
    /// How to print the evidence.
    #[arg(long, value_enum, default_value_t = DataFormat::Yaml)]
    pub format: DataFormat,
    /// Replace the serial number, the user's names, e-mail and IP addresses with placeholders.
    #[arg(long)]
    pub redact: bool,
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
    /// The language.
    #[arg(long, value_name = "LOCALE", default_value = "en", value_parser = parse_locale)]
    pub lang: Locale,
}

/// `facts`.
#[derive(Debug, Args)]
pub struct FactsArgs {
    /// How to print the catalog.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
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
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

fn parse_locale(text: &str) -> Result<Locale, String> {
    text.parse()
}
