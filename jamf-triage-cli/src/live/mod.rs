//! Live collection: the Jamf Pro API, Microsoft Graph and this Mac, each in a thread of its own
//! with its own progress bar, written into one bundle whose manifest says what was collected
//! and what failed. A source that fails leaves a partial bundle, never an abort.
//!
//! What is source-specific here is only the configuration each source's live collection takes
//! from the command line (credentials, clouds, the Mac); names, versions and folders come from the
//! registry, and every source runs through the one [`LiveCollection`] trait.

mod args;
mod interrupt;
mod logging;
mod progress;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{Context as _, Result};
use jamf_triage_bundle::{BundleWriter, Manifest};
use jamf_triage_collector_context::{CONTEXT, Context};
use jamf_triage_collector_device::DeviceSource;
use jamf_triage_collector_device::live::{DeviceLive, LocalMac, Mac, RecordedMac};
use jamf_triage_collector_graph::GraphSource;
use jamf_triage_collector_graph::live::{Cloud, GraphLive};
use jamf_triage_collector_jamf_pro::JamfProSource;
use jamf_triage_collector_jamf_pro::live::{Credentials, JamfProCollection, JamfProLive, Tokens};
use jamf_triage_core::evidence::{ArtifactSink, CollectionFailure, LiveCollection, Source};
use jamf_triage_core::{Evidence, Subject, parse_zoned};
use jamf_triage_http::{HttpClient, HttpConfig, Secret, SecretError};
use jamf_triage_sources::Registry;

pub use args::{
    CloudChoice, GRAPH_CLIENT_SECRET_ENV, JAMF_CLIENT_SECRET_ENV, JAMF_PASSWORD_ENV, LiveArgs,
};
use progress::{Bars, SourceSink};

/// One source to collect from: its name, version and folder (from the registry), and its live
/// collection (or why it cannot start).
struct Planned<'a> {
    source: &'a dyn Source,
    work: Result<Box<dyn LiveCollection>, String>,
}

/// What is collected: one Mac (a subject), or every Mac of the tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The subject's Mac, its user, and the tenant.
    Subject,
    /// Every Mac the servers know, and the tenant; no Mac collected from, no subject.
    Fleet,
}

/// Collects into the new (or empty) directory `out`, about `subject` (its serial and user fill
/// in from `--context`), and gives the manifest written.
///
/// # Errors
/// Only when the bundle itself cannot be written (or `--context`, `--collected-at` are
/// unusable); a source that fails is recorded in the manifest instead.
pub fn collect(
    args: &LiveArgs,
    subject: &Subject,
    out: &Path,
    registry: &Registry,
) -> Result<Manifest> {
    collect_into(args, subject, Scope::Subject, out, false, registry)
}

/// `collect --fleet`: every Mac of the tenant (the Jamf Pro inventory, Intune's managed devices,
/// Entra ID's devices, each written page by page) and the tenant's settings, into the new (or
/// empty) directory `out`, and gives the manifest written. Nothing is collected from this Mac.
///
/// # Errors
/// As [`collect`].
pub fn collect_fleet(args: &LiveArgs, out: &Path, registry: &Registry) -> Result<Manifest> {
    collect_into(
        args,
        &Subject::default(),
        Scope::Fleet,
        out,
        false,
        registry,
    )
}

/// [`collect`] into `out`, which is removed if the collection is interrupted when `temporary`.
fn collect_into(
    args: &LiveArgs,
    subject: &Subject,
    scope: Scope,
    out: &Path,
    temporary: bool,
    registry: &Registry,
) -> Result<Manifest> {
    logging::init(args.verbose);
    validate(args, scope)?;
    let collected_at = collected_at(args.collected_at.as_deref())?;
    let mut writer = BundleWriter::create(out)?;
    let from_mac = scope == Scope::Subject && !args.no_mac;
    let mac: Option<Box<dyn Mac + Send>> = from_mac.then(|| match &args.mac_replay {
        Some(dir) => Box::new(RecordedMac::open(dir)) as Box<dyn Mac + Send>,
        None => Box::new(LocalMac::default()),
    });
    let written = write_context(args, subject, mac.as_deref(), &mut writer)?;
    // A fleet bundle's context may name a subject (the admin's), but the servers are asked
    // about every Mac alike.
    let subject = match scope {
        Scope::Subject => written,
        Scope::Fleet => Subject::default(),
    };
    let http = HttpClient::new(
        HttpConfig::default()
            .with_timeout(Duration::from_secs(args.timeout.max(1)))
            .with_retries(
                args.attempts,
                Duration::from_millis(500),
                Duration::from_secs(60),
            ),
    );
    let mut tokens = Vec::new();
    let sources = sources(args, &subject, &http, mac, registry, &mut tokens);
    let versions: Vec<(&str, &str)> = sources
        .iter()
        .map(|planned| (planned.source.name(), planned.source.version()))
        .collect();
    let collection = Arc::new(interrupt::Collection {
        writer: Arc::new(Mutex::new(writer)),
        collected_at,
        collected_by: format!("jamf-triage collect {}", env!("CARGO_PKG_VERSION")),
        versions: versions
            .iter()
            .map(|(name, version)| ((*name).to_owned(), (*version).to_owned()))
            .collect(),
        unfinished: Mutex::new(
            sources
                .iter()
                .map(|planned| {
                    let source = planned.source;
                    (source.name().to_owned(), source.folder().to_owned())
                })
                .collect(),
        ),
        temporary: temporary.then(|| out.to_path_buf()),
        tokens,
        ending: Mutex::new(()),
    });
    let guard = interrupt::guard(Arc::clone(&collection));
    let bars = Bars::new(!args.quiet && !args.verbose);
    std::thread::scope(|scope| {
        for planned in sources {
            let (name, folder) = (planned.source.name(), planned.source.folder());
            let mut sink = SourceSink::new(&collection.writer, bars.bar(name));
            let collection = &collection;
            scope.spawn(move || {
                match planned.work {
                    Ok(work) => work.collect(&mut sink),
                    Err(message) => sink.fail(CollectionFailure::new(name, folder, message)),
                }
                sink.finish();
                collection.finished(name);
            });
        }
    });
    // An interruption under way writes its own manifest and exits: wait for it.
    let ending = collection
        .ending
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    drop(guard);
    let manifest = collection
        .writer
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .write_manifest(
            &collection.collected_at,
            &collection.collected_by,
            versions.iter().copied(),
            false,
        )?;
    drop(ending);
    if !args.quiet {
        summarize(&manifest, out);
    }
    Ok(manifest)
}

/// Finds what would make the collection pointless or unsafe before any request is made: no
/// source asked for, a URL that is not a full `https://` URL (plain `http://` only with
/// `--allow-http`), credentials missing for a source asked for.
fn validate(args: &LiveArgs, scope: Scope) -> Result<()> {
    let no_server = args.jamf_url.is_none() && args.tenant.is_none();
    if scope == Scope::Fleet && no_server {
        anyhow::bail!(
            "nothing to collect: --fleet collects from the servers; give --jamf-url (Jamf Pro), --tenant (Microsoft Graph), or both"
        );
    }
    if args.no_mac && no_server {
        anyhow::bail!(
            "nothing to collect: give --jamf-url (Jamf Pro), --tenant (Microsoft Graph), or leave out --no-mac"
        );
    }
    let urls = [
        ("--jamf-url", args.jamf_url.as_deref()),
        ("--graph-url", args.graph_url.as_deref()),
        ("--login-authority", args.login_authority.as_deref()),
    ];
    for (option, url) in urls {
        if let Some(url) = url {
            check_url(option, url, args.allow_http)?;
        }
    }
    if args.jamf_url.is_some() {
        jamf_credentials(args).map_err(anyhow::Error::msg)?;
    }
    if args.tenant.is_some() {
        graph_secret(args).map_err(anyhow::Error::msg)?;
    }
    Ok(())
}

/// Checks that `url` is a full URL the collection may use, and says how to fix it when not.
fn check_url(option: &str, url: &str, allow_http: bool) -> Result<()> {
    let Some((scheme, rest)) = url.split_once("://") else {
        anyhow::bail!("{option} {url}: give the full URL, with https:// (e.g. https://{url})");
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() {
        anyhow::bail!("{option} {url}: the URL names no host");
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if allow_http => Ok(()),
        "http" => anyhow::bail!(
            "{option} {url}: plain http:// would send credentials unencrypted; use https:// (or --allow-http for a test server)"
        ),
        other => anyhow::bail!("{option} {url}: the scheme {other}:// is not HTTP; use https://"),
    }
}

/// The sources asked for, among the registry's: the Mac, Jamf Pro, Graph; the Jamf Pro API
/// tokens go into `tokens`, to be invalidated if the collection is interrupted.
fn sources<'a>(
    args: &LiveArgs,
    subject: &Subject,
    http: &HttpClient,
    mac: Option<Box<dyn Mac + Send>>,
    registry: &'a Registry,
    tokens: &mut Vec<Tokens>,
) -> Vec<Planned<'a>> {
    let mut sources = Vec::new();
    let mut plan = |name: &str, work: Result<Box<dyn LiveCollection>, String>| {
        if let Some(source) = registry.get(name) {
            sources.push(Planned { source, work });
        }
    };
    if let Some(mac) = mac {
        let live = DeviceLive::default()
            .for_user(args.mac_user.clone())
            .checking(args.checks.iter().cloned())
            .with_connect_timeout(Duration::from_secs(args.connect_timeout.max(1)));
        plan(DeviceSource.name(), Ok(live.into_collection(mac)));
    }
    if let Some(url) = &args.jamf_url {
        let work = jamf_credentials(args).map(|credentials| {
            let live = JamfProLive::new(url, credentials)
                .for_serial(subject.serial.clone())
                .with_page_size(args.jamf_page_size)
                .with_max_pages(args.max_pages)
                .with_server_logs(args.jamf_server_logs.clone());
            let collection = JamfProCollection::new(live, http.clone());
            tokens.push(collection.tokens());
            Box::new(collection) as Box<dyn LiveCollection>
        });
        plan(JamfProSource.name(), work);
    }
    if let Some(tenant) = &args.tenant {
        let work = graph_live(args, tenant, subject).map(|live| live.into_collection(http.clone()));
        plan(GraphSource.name(), work);
    }
    sources
}

/// The secret in `file`, else in the environment variable `env`, else none.
fn secret(file: Option<&Path>, env: &str) -> Result<Option<Secret>, SecretError> {
    match file {
        Some(file) => Secret::from_file(file).map(Some),
        None => match Secret::from_env(env) {
            Ok(secret) => Ok(Some(secret)),
            Err(SecretError::MissingVariable { .. }) => Ok(None),
            Err(error) => Err(error),
        },
    }
}

/// The Jamf Pro credentials of the arguments, or why there are none.
fn jamf_credentials(args: &LiveArgs) -> Result<Credentials, String> {
    if let Some(client_id) = &args.jamf_client_id {
        let secret = secret(args.jamf_client_secret_file.as_deref(), JAMF_CLIENT_SECRET_ENV)
            .map_err(|error| error.to_string())?
            .ok_or_else(|| format!("the API client's secret: set {JAMF_CLIENT_SECRET_ENV} or give --jamf-client-secret-file"))?;
        return Ok(Credentials::ApiClient {
            client_id: client_id.clone(),
            client_secret: secret,
        });
    }
    if let Some(username) = &args.jamf_user {
        let password = secret(args.jamf_password_file.as_deref(), JAMF_PASSWORD_ENV)
            .map_err(|error| error.to_string())?
            .ok_or_else(|| {
                format!("the user's password: set {JAMF_PASSWORD_ENV} or give --jamf-password-file")
            })?;
        return Ok(Credentials::User {
            username: username.clone(),
            password,
        });
    }
    Err("no credentials: give --jamf-client-id (an API client) or --jamf-user".to_owned())
}

/// The Graph collection of the arguments, or why there is none.
fn graph_live(args: &LiveArgs, tenant: &str, subject: &Subject) -> Result<GraphLive, String> {
    let (client_id, secret) = graph_secret(args)?;
    let preset = match args.graph_cloud {
        CloudChoice::Global => Cloud::global(),
        CloudChoice::UsGov => Cloud::us_government(),
        CloudChoice::UsGovDod => Cloud::us_government_dod(),
        CloudChoice::China => Cloud::china(),
    };
    let mut cloud = preset;
    if let Some(graph) = &args.graph_url {
        cloud = cloud.with_graph(graph);
    }
    if let Some(authority) = &args.login_authority {
        cloud = cloud.with_authority(authority);
    }
    if let Some(scope) = &args.graph_scope {
        cloud = cloud.with_scope(scope);
    }
    Ok(GraphLive::new(tenant, client_id, secret)
        .in_cloud(cloud)
        .with_max_pages(usize::try_from(args.max_pages).unwrap_or(usize::MAX))
        .about(
            subject.user.iter().cloned().collect(),
            subject.serial.clone(),
        ))
}

/// The Graph app's client id and secret, or why there are none.
fn graph_secret(args: &LiveArgs) -> Result<(String, Secret), String> {
    let client_id = args
        .graph_client_id
        .clone()
        .ok_or("no app: give --graph-client-id")?;
    let secret = secret(args.graph_client_secret_file.as_deref(), GRAPH_CLIENT_SECRET_ENV)
        .map_err(|error| error.to_string())?
        .ok_or_else(|| format!("the app's client secret: set {GRAPH_CLIENT_SECRET_ENV} or give --graph-client-secret-file"))?;
    Ok((client_id, secret))
}

/// `--collected-at`, or now, as RFC 3339 with the local offset, to the second.
fn collected_at(given: Option<&str>) -> Result<String> {
    let at = match given {
        Some(text) => parse_zoned(text).with_context(|| format!("--collected-at {text}"))?,
        None => jiff::Zoned::now(),
    };
    Ok(at.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// Puts the subject in the bundle's `context.yaml` and gives it: the serial and user asked for,
/// else those of `--context`, else the serial of the Mac collected from. `--context` is copied as
/// it is when it names that subject, and completed otherwise; without it, the context only names
/// the subject.
fn write_context(
    args: &LiveArgs,
    asked: &Subject,
    mac: Option<&(dyn Mac + Send)>,
    writer: &mut BundleWriter,
) -> Result<Subject> {
    let given = match &args.context {
        Some(path) => {
            let text = crate::input::read_text(
                path,
                "--context",
                jamf_triage_core::evidence::YAML_CONTEXT.max_input,
            )?;
            let context = Context::parse(&text).map_err(|error| {
                anyhow::anyhow!("--context {}: {}", path.display(), error.message)
            })?;
            Some((text, context.subject))
        }
        None => None,
    };
    let written = given
        .as_ref()
        .map(|(_, subject)| subject.clone())
        .unwrap_or_default();
    let mut subject = Subject {
        serial: asked.serial.clone().or(written.serial.clone()),
        user: asked.user.clone().or(written.user.clone()),
    };
    if subject.serial.is_none() {
        subject.serial = mac.and_then(|mac| mac.serial().ok());
    }
    let text = match given {
        Some((text, _)) if written == subject => text,
        Some((text, _)) => with_subject(&text, &subject)?,
        None if subject == Subject::default() => return Ok(subject),
        None => jamf_triage_core::to_yaml(&serde_json::json!({ "subject": subject }))
            .map_err(anyhow::Error::msg)?,
    };
    writer.put(CONTEXT.path, text.as_bytes())?;
    Ok(subject)
}

/// The context `text` with its `subject` set to `subject` (the rest kept).
fn with_subject(text: &str, subject: &Subject) -> Result<String> {
    let mut context: serde_json::Value = jamf_triage_core::from_yaml(text)
        .map_err(|error| anyhow::anyhow!("--context: {}", error.message))?;
    if let Some(object) = context.as_object_mut() {
        object.insert("subject".to_owned(), serde_json::to_value(subject)?);
    }
    jamf_triage_core::to_yaml(&context).map_err(anyhow::Error::msg)
}

/// What was collected and what failed, on standard error.
fn summarize(manifest: &Manifest, out: &Path) {
    eprintln!(
        "collected {} artifact(s) into {}",
        manifest.collected.len(),
        out.display()
    );
    if !manifest.failed.is_empty() {
        eprintln!("{} could not be collected:", manifest.failed.len());
        let mut skipped: std::collections::BTreeMap<&str, usize> = Default::default();
        for failure in &manifest.failed {
            if failure.message.contains(jamf_triage_http::NOT_TRIED) {
                *skipped.entry(failure.source.as_str()).or_default() += 1;
            } else {
                eprintln!("  {} {}: {}", failure.source, failure.path, failure.message);
            }
        }
        for (source, count) in skipped {
            eprintln!("  {source}: {count} more artifact(s) not tried, for the reason above");
        }
    }
}

/// `diagnose --live`: collects into `keep` (else a temporary directory, removed afterwards)
/// and gives the evidence of that bundle.
///
/// # Errors
/// When the bundle cannot be written or read back.
pub fn evidence(
    args: &LiveArgs,
    keep: Option<&Path>,
    asked: &Subject,
    now: Option<jiff::Timestamp>,
    registry: &Registry,
    needs: &dyn jamf_triage_core::LineNeeds,
) -> Result<Evidence> {
    let dir = keep.map_or_else(temporary_bundle_dir, Path::to_path_buf);
    let result = collect_into(args, asked, Scope::Subject, &dir, keep.is_none(), registry)
        .and_then(|_| crate::collect::from_bundle(registry, &[&dir], asked, now, needs));
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

/// A new directory for a temporary bundle.
fn temporary_bundle_dir() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    std::env::temp_dir().join(format!("jamf-triage-live-{}-{nanos}", std::process::id()))
}
