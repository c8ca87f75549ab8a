//! The options of live collection, shared by `collect` and `diagnose --live`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use jamf_triage_collector_device::live::Endpoint;

/// The environment variable that holds the Jamf Pro API client's secret.
pub const JAMF_CLIENT_SECRET_ENV: &str = "JAMF_TRIAGE_JAMF_CLIENT_SECRET";
/// The environment variable that holds the Jamf Pro user's password.
pub const JAMF_PASSWORD_ENV: &str = "JAMF_TRIAGE_JAMF_PASSWORD";
/// The environment variable that holds the Graph app's client secret.
pub const GRAPH_CLIENT_SECRET_ENV: &str = "JAMF_TRIAGE_GRAPH_CLIENT_SECRET";

/// Where to collect from, live. Secrets are read from environment variables or files, never
/// from arguments (those show in `ps`).
#[derive(Debug, Clone, Args)]
pub struct LiveArgs {
    /// The Jamf Pro server's URL (`https://contoso.jamfcloud.com`); collects from its API.
    #[arg(long, value_name = "URL", help_heading = "Jamf Pro")]
    pub jamf_url: Option<String>,
    /// An API client's id; its secret is in JAMF_TRIAGE_JAMF_CLIENT_SECRET or
    /// --jamf-client-secret-file.
    #[arg(
        long,
        value_name = "ID",
        help_heading = "Jamf Pro",
        conflicts_with = "jamf_user"
    )]
    pub jamf_client_id: Option<String>,
    /// A file holding the API client's secret.
    #[arg(long, value_name = "FILE", help_heading = "Jamf Pro")]
    pub jamf_client_secret_file: Option<PathBuf>,
    /// A Jamf Pro user (instead of an API client); the password is in JAMF_TRIAGE_JAMF_PASSWORD
    /// or --jamf-password-file.
    #[arg(long, value_name = "NAME", help_heading = "Jamf Pro")]
    pub jamf_user: Option<String>,
    /// A file holding the Jamf Pro user's password.
    #[arg(long, value_name = "FILE", help_heading = "Jamf Pro")]
    pub jamf_password_file: Option<PathBuf>,
    /// A server log file to copy into the bundle (JAMFSoftwareServer.log; repeat for rotated
    /// files).
    #[arg(
        long = "jamf-server-log",
        value_name = "FILE",
        help_heading = "Jamf Pro"
    )]
    pub jamf_server_logs: Vec<PathBuf>,
    /// Inventory records per page.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 200,
        help_heading = "Jamf Pro"
    )]
    pub jamf_page_size: u32,

    /// The Entra ID tenant (id or primary domain); collects from Microsoft Graph.
    #[arg(long, value_name = "TENANT", help_heading = "Microsoft Graph")]
    pub tenant: Option<String>,
    /// The app registration's client id; its secret is in JAMF_TRIAGE_GRAPH_CLIENT_SECRET or
    /// --graph-client-secret-file.
    #[arg(long, value_name = "ID", help_heading = "Microsoft Graph")]
    pub graph_client_id: Option<String>,
    /// A file holding the app's client secret.
    #[arg(long, value_name = "FILE", help_heading = "Microsoft Graph")]
    pub graph_client_secret_file: Option<PathBuf>,
    /// The cloud the tenant lives in.
    #[arg(long, value_enum, default_value_t = CloudChoice::Global, help_heading = "Microsoft Graph")]
    pub graph_cloud: CloudChoice,
    /// The login authority, instead of the cloud's (`https://login.microsoftonline.com`).
    #[arg(long, value_name = "URL", help_heading = "Microsoft Graph")]
    pub login_authority: Option<String>,
    /// The Graph v1.0 base URL, instead of the cloud's (`https://graph.microsoft.com/v1.0`).
    #[arg(long, value_name = "URL", help_heading = "Microsoft Graph")]
    pub graph_url: Option<String>,
    /// The scope tokens are asked for (default: the cloud's, e.g.
    /// https://graph.microsoft.com/.default, whatever --graph-url says).
    #[arg(long, value_name = "SCOPE", help_heading = "Microsoft Graph")]
    pub graph_scope: Option<String>,

    /// Do not collect from this Mac.
    #[arg(long, help_heading = "The Mac")]
    pub no_mac: bool,
    /// Read this user's keychain, preferences and logs instead of the console user's.
    #[arg(long, value_name = "NAME", help_heading = "The Mac")]
    pub mac_user: Option<String>,
    /// Another endpoint whose port the Mac must reach (repeatable).
    #[arg(long = "check", value_name = "HOST:PORT", help_heading = "The Mac")]
    pub checks: Vec<Endpoint>,
    /// How long one connectivity check may take, in seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 5,
        help_heading = "The Mac"
    )]
    pub connect_timeout: u64,
    /// Replay a Mac recorded in a bundle's mac/ folder instead of this Mac.
    #[arg(long, value_name = "DIR", hide = true)]
    pub mac_replay: Option<PathBuf>,

    /// How long one HTTP request may take, in seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 20,
        help_heading = "Collection"
    )]
    pub timeout: u64,
    /// Allow plain `http://` URLs (tests against a loopback server); refused otherwise.
    #[arg(long, help_heading = "Collection")]
    pub allow_http: bool,
    /// How many times one HTTP request is tried at most.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 4,
        help_heading = "Collection"
    )]
    pub attempts: u32,
    /// The most pages read of one paged answer (the Jamf Pro inventory, Graph lists); an answer
    /// with more is cut there and listed as failed.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10_000,
        help_heading = "Collection"
    )]
    pub max_pages: u32,
    /// The admin's context.yaml (reported symptoms, messages, subject) to put in the bundle.
    #[arg(long, value_name = "FILE", help_heading = "Collection")]
    pub context: Option<PathBuf>,
    /// Record this time (RFC 3339 with offset) as collected_at instead of the clock's.
    #[arg(long, value_name = "RFC3339", hide = true)]
    pub collected_at: Option<String>,
    /// No progress bars and no summary.
    #[arg(long, short, help_heading = "Collection")]
    pub quiet: bool,
    /// Log every request (never a secret or a token) to standard error.
    #[arg(long, short, help_heading = "Collection")]
    pub verbose: bool,
}

/// The clouds of Microsoft Graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CloudChoice {
    /// The global (commercial) cloud.
    Global,
    /// US Government (GCC High).
    UsGov,
    /// US Government, Department of Defense.
    UsGovDod,
    /// China (21Vianet).
    China,
}
