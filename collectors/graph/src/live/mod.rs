//! Live collection from Microsoft Graph (feature `live`): every `GET` a bundle's `graph/` folder
//! holds, each answer's pages merged into one `value` array, written as the same artifacts (the
//! rows of [`crate::artifacts`] give both the request and the path). The tenant's managed devices
//! and Entra devices are written page by page as they come (a whole tenant's are never held in
//! memory); paging stops at a link to another origin, at a link to a page already read, and after
//! [`GraphLive::max_pages`] pages, each a failure of that file alone.
//!
//! The app authenticates with the OAuth 2.0 client-credentials grant against
//! `{authority}/{tenant}/oauth2/v2.0/token` (scope `{graph}/.default`); national clouds have
//! their own authority and Graph host ([`Cloud`]). The per-id files follow from earlier answers:
//! the Jamf Pro app is the partner's `singleTenantAppId`; its service principal and the other
//! Jamf ones get `appRoleAssignments/<id>.json`; the groups of partner enrollment and of macOS
//! compliance-policy assignments get `groupMembers/<id>.json`; the subject users (and the users
//! of the subject Mac's Intune records) get `licenseDetails/<upn>.json`; the permission grants
//! are those of the Jamf connector and of the two Device Compliance apps (by `clientId`); the
//! conditional access policies need `Policy.Read.All`, and a refusal fails that file alone. What cannot be fetched
//! becomes a [`CollectionFailure`]; nothing here aborts.
//!
//! A program runs it as every source's live collection, through [`LiveCollection`]:
//!
//! ```
//! use jamf_triage_collector_graph::live::{Cloud, GraphLive};
//! use jamf_triage_evidence::LiveCollection;
//! use jamf_triage_http::{HttpClient, HttpConfig, Secret};
//!
//! let collection: Box<dyn LiveCollection> =
//!     GraphLive::new("contoso.example", "app-client-id", Secret::new("app-secret"))
//!         .in_cloud(Cloud::global())
//!         .about(vec!["adele@contoso.example".into()], Some("C02XK1ABJGH5".into()))
//!         .into_collection(HttpClient::new(HttpConfig::default()));
//! // `collection.collect(&mut sink)` fetches every artifact into an `ArtifactSink`.
//! # drop(collection);
//! ```

mod answers;
mod paging;
mod related;

#[cfg(feature = "test-server")]
pub mod replay;

use std::collections::BTreeSet;

use jamf_triage_evidence::{ArtifactSink, ArtifactSpec, CollectionFailure, LiveCollection};
use jamf_triage_http::{ClientCredentials, HttpClient, Secret, Session, encode_component};
use serde_json::Value;

use crate::{SOURCE, artifacts};
use answers::merge_pages;
pub use paging::DEFAULT_MAX_PAGES;
use paging::{NextLinks, stream_pages};

/// The version of this source, as a bundle's manifest records it (the same as
/// [`crate::VERSION`]).
pub const VERSION: &str = crate::VERSION;

/// The app id of the Microsoft Intune API, whose `update_device_attributes` role the Jamf Pro
/// app needs.
const INTUNE_API_APP_ID: &str = "c161e42e-d4df-4a3d-9b42-e7a3c31f59d4";
/// The app id of Microsoft Graph.
const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
/// The User registration app for Device Compliance: commercial cloud, GCC High.
const USER_REGISTRATION_APP_IDS: [&str; 2] = [
    "b03c10a8-71c7-45f9-b44a-3335ab76e970",
    "dcf07df3-346f-4f0e-b803-c1f0ea0fb5ae",
];
/// The Cloud Connector for Device Compliance (its app id is not published).
const CLOUD_CONNECTOR_NAME: &str = "Cloud Connector for Device Compliance";

/// The properties of Intune's managed devices that are collected (the list is long otherwise).
/// Every property the collector reads must be here: the replay server honours `$select`, so the
/// end-to-end tests fail when one the diagnosis needs is missing.
pub const MANAGED_DEVICE_SELECT: &str = "id,deviceName,serialNumber,userId,userPrincipalName,\
azureADDeviceId,azureADRegistered,deviceRegistrationState,complianceState,managementAgent,\
enrolledDateTime,lastSyncDateTime,operatingSystem,osVersion,isEncrypted,model";

/// The properties of Entra ID devices that are collected (as [`MANAGED_DEVICE_SELECT`]).
pub const DEVICE_SELECT: &str = "id,deviceId,displayName,accountEnabled,isCompliant,isManaged,\
mdmAppId,trustType,operatingSystem,operatingSystemVersion,approximateLastSignInDateTime,\
registrationDateTime,complianceExpirationDateTime";

/// A cloud's sign-in authority, Graph endpoint, and the scope its tokens are asked for.
///
/// The scope is the cloud's (`https://graph.microsoft.com/.default`), not the Graph URL's host:
/// requests may go through a proxy or a test server ([`Cloud::with_graph`]) while the token is
/// still issued for Microsoft Graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cloud {
    /// The login authority (`https://login.microsoftonline.com`).
    pub authority: String,
    /// The Graph v1.0 base URL (`https://graph.microsoft.com/v1.0`).
    pub graph: String,
    /// The scope of the client-credentials token (`https://graph.microsoft.com/.default`).
    pub scope: String,
}

impl Cloud {
    /// The global (commercial) cloud.
    pub fn global() -> Self {
        Self::custom(
            "https://login.microsoftonline.com",
            "https://graph.microsoft.com/v1.0",
        )
    }

    /// Microsoft Cloud for US Government (GCC High).
    pub fn us_government() -> Self {
        Self::custom(
            "https://login.microsoftonline.us",
            "https://graph.microsoft.us/v1.0",
        )
    }

    /// Microsoft Cloud for US Government, Department of Defense.
    pub fn us_government_dod() -> Self {
        Self::custom(
            "https://login.microsoftonline.us",
            "https://dod-graph.microsoft.us/v1.0",
        )
    }

    /// Microsoft Azure operated by 21Vianet (China).
    pub fn china() -> Self {
        Self::custom(
            "https://login.chinacloudapi.cn",
            "https://microsoftgraph.chinacloudapi.cn/v1.0",
        )
    }

    /// Any other authority and Graph base URL (trailing `/` ignored); the scope is the Graph
    /// URL's origin with `/.default`.
    pub fn custom(authority: impl Into<String>, graph: impl Into<String>) -> Self {
        let mut cloud = Self {
            authority: authority.into().trim_end_matches('/').to_owned(),
            graph: graph.into().trim_end_matches('/').to_owned(),
            scope: String::new(),
        };
        cloud.scope = format!("{}/.default", cloud.graph_origin());
        cloud
    }

    /// This cloud with requests sent to another Graph base URL (a proxy, a test server); the
    /// token's scope stays the cloud's.
    #[must_use]
    pub fn with_graph(mut self, graph: impl Into<String>) -> Self {
        self.graph = graph.into().trim_end_matches('/').to_owned();
        self
    }

    /// This cloud with another login authority.
    #[must_use]
    pub fn with_authority(mut self, authority: impl Into<String>) -> Self {
        self.authority = authority.into().trim_end_matches('/').to_owned();
        self
    }

    /// This cloud with tokens asked for another scope.
    #[must_use]
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    /// `scheme://host[:port]` of the Graph base URL: the audience of the token, and the only
    /// place paging links may lead to.
    fn graph_origin(&self) -> &str {
        let after_scheme = self.graph.find("://").map_or(0, |index| index + 3);
        let end = self.graph[after_scheme..]
            .find('/')
            .map_or(self.graph.len(), |index| after_scheme + index);
        &self.graph[..end]
    }
}

/// Where and how to collect from Microsoft Graph.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GraphLive {
    /// The tenant id or primary domain.
    pub tenant: String,
    /// The app registration's client id.
    pub client_id: String,
    /// Its client secret.
    pub client_secret: Secret,
    /// The cloud.
    pub cloud: Cloud,
    /// The users whose licences to collect (user principal names).
    pub users: Vec<String>,
    /// The subject Mac's serial number: the users of its Intune records are collected too.
    pub serial: Option<String>,
    /// The most pages read of one answer ([`DEFAULT_MAX_PAGES`] unless told otherwise).
    pub max_pages: usize,
}

impl GraphLive {
    /// Collection for `tenant` with an app's client credentials, in the global cloud.
    pub fn new(
        tenant: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: Secret,
    ) -> Self {
        Self {
            tenant: tenant.into(),
            client_id: client_id.into(),
            client_secret,
            cloud: Cloud::global(),
            users: Vec::new(),
            serial: None,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// The same, reading `max_pages` pages of one answer at most (at least 1): an answer with
    /// more is cut there, and its failure says so.
    #[must_use]
    pub fn with_max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// The same, in another cloud.
    #[must_use]
    pub fn in_cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = cloud;
        self
    }

    /// The same, about these users and this Mac.
    #[must_use]
    pub fn about(mut self, users: Vec<String>, serial: Option<String>) -> Self {
        self.users = users;
        self.serial = serial;
        self
    }

    /// Fetches every artifact into `sink`; what fails is recorded there, with the reason.
    pub fn collect(&self, http: HttpClient, sink: &mut dyn ArtifactSink) {
        let token_url = format!(
            "{}/{}/oauth2/v2.0/token",
            self.cloud.authority,
            encode_component(&self.tenant)
        );
        let credentials =
            ClientCredentials::new(token_url, &self.client_id, self.client_secret.clone())
                .with_scope(self.cloud.scope.clone());
        let run = Run {
            session: Session::new(http, credentials),
            cloud: &self.cloud,
            max_pages: self.max_pages,
        };
        sink.expect(7);

        let partners = run.list(sink, &artifacts::PARTNERS, "");
        let compliance_partners = run.list(sink, &artifacts::COMPLIANCE_PARTNERS, "");
        // The users of the subject Mac's Intune records, picked out as the pages go by.
        let mut users: BTreeSet<String> = self.users.iter().cloned().collect();
        let serial = self.serial.as_deref().map(str::trim).unwrap_or_default();
        run.stream(
            sink,
            &artifacts::MANAGED_DEVICES,
            &format!(
                "?$filter={}&$select={MANAGED_DEVICE_SELECT}",
                encode_component("operatingSystem eq 'macOS'")
            ),
            |record| users.extend(related::user_of_serial(record, serial)),
        );
        run.stream(
            sink,
            &artifacts::DEVICES,
            &format!(
                "?$filter={}&$select={DEVICE_SELECT}",
                encode_component("operatingSystem eq 'MacMDM' or operatingSystem eq 'macOS'")
            ),
            |_| {},
        );
        let found = related::partner_apps(partners.as_ref());
        let principals = run.service_principals(sink, &found.app_ids);
        // The consents that matter: those of the Jamf connector and the two Device Compliance
        // apps (a tenant holds many other grants).
        let consented = related::consent_clients(principals.as_ref());
        if !consented.is_empty() {
            sink.expect(1);
            run.list(
                sink,
                &artifacts::GRANTS,
                &format!(
                    "?$filter={}",
                    encode_component(&client_id_filter(&consented))
                ),
            );
        }
        run.conditional_access(sink);
        if !found.app_ids.is_empty() {
            sink.expect(1);
            let filter = app_id_filter(&found.app_ids);
            run.list(
                sink,
                &artifacts::APPLICATIONS,
                &format!("?$filter={}", encode_component(&filter)),
            );
        }
        let policies = run.list(
            sink,
            &artifacts::COMPLIANCE_POLICIES,
            "?$expand=assignments",
        );

        let assigned = related::service_principals_to_check(
            principals.as_ref(),
            &[INTUNE_API_APP_ID, GRAPH_APP_ID],
        );
        let mut groups = found.groups;
        groups.extend(related::partner_groups(compliance_partners.as_ref()));
        groups.extend(related::macos_policy_groups(policies.as_ref()));
        sink.expect((assigned.len() + users.len() + groups.len()) as u64);
        for id in &assigned {
            run.per_id(sink, &artifacts::APP_ROLE_ASSIGNMENTS, id, "");
        }
        for upn in &users {
            run.per_id(sink, &artifacts::LICENSE_DETAILS, upn, "");
        }
        for id in &groups {
            run.per_id(sink, &artifacts::GROUP_MEMBERS, id, "?$select=id");
        }
    }
}

impl GraphLive {
    /// This collection with the HTTP client it runs on, ready to run as every source's live
    /// collection does ([`LiveCollection`]).
    pub fn into_collection(self, http: HttpClient) -> Box<dyn LiveCollection> {
        Box::new(GraphCollection::new(self, http))
    }
}

/// A Graph collection, configured, with the HTTP client it runs on: the [`LiveCollection`] of
/// this source.
#[derive(Debug, Clone)]
pub struct GraphCollection {
    live: GraphLive,
    http: HttpClient,
}

impl GraphCollection {
    /// `live`, to be run with `http`.
    pub fn new(live: GraphLive, http: HttpClient) -> Self {
        Self { live, http }
    }
}

impl LiveCollection for GraphCollection {
    fn collect(self: Box<Self>, sink: &mut dyn ArtifactSink) {
        let Self { live, http } = *self;
        live.collect(http, sink);
    }
}

/// `clientId eq 'a' or clientId eq 'b'`.
fn client_id_filter(ids: &BTreeSet<String>) -> String {
    ids.iter()
        .map(|id| format!("clientId eq '{}'", id.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// `appId eq 'a'`, or `appId in ('a', 'b')`.
fn app_id_filter(ids: &BTreeSet<String>) -> String {
    let quoted: Vec<String> = ids
        .iter()
        .map(|id| format!("'{}'", id.replace('\'', "''")))
        .collect();
    match quoted.as_slice() {
        [one] => format!("appId eq {one}"),
        many => format!("appId in ({})", many.join(", ")),
    }
}

/// One collection run: the session, the cloud and the page cap.
struct Run<'a> {
    session: Session<ClientCredentials>,
    cloud: &'a Cloud,
    max_pages: usize,
}

impl Run<'_> {
    /// `GET` every page of the row's request with `query` (empty, or from `?`), store the merged
    /// answer at the row's path, and give it back.
    fn list(&self, sink: &mut dyn ArtifactSink, spec: &ArtifactSpec, query: &str) -> Option<Value> {
        let url = format!("{}{}{query}", self.cloud.graph, artifacts::request(spec));
        let result = self.pages(&url);
        store(sink, spec.path, result)
    }

    /// Every page from `url` on, merged.
    fn pages(&self, url: &str) -> Result<Value, String> {
        merge_pages(url, self.cloud.graph_origin(), self.max_pages, |url| {
            self.session.get(url).map_err(|error| error.to_string())
        })
    }

    /// `GET` every page of the row's request with `query` and write the records at the row's
    /// path page by page (a tenant's devices are never held whole), showing each to `each`. A
    /// page that fails ends the file with the records read so far, and a failure says so.
    fn stream(
        &self,
        sink: &mut dyn ArtifactSink,
        spec: &ArtifactSpec,
        query: &str,
        each: impl FnMut(&serde_json::value::RawValue),
    ) {
        let url = format!("{}{}{query}", self.cloud.graph, artifacts::request(spec));
        let mut links = NextLinks::new(&url, self.cloud.graph_origin(), self.max_pages);
        let streamed = stream_pages(
            &url,
            &mut links,
            sink,
            spec.path,
            |url| self.session.get(url).map_err(|error| error.to_string()),
            each,
        );
        if let Some(error) = streamed.error {
            let message = match streamed.pages {
                0 => error,
                pages => format!(
                    "{error} (the file holds the {} record(s) of the {pages} page(s) read before)",
                    streamed.records
                ),
            };
            sink.fail(CollectionFailure::new(SOURCE, spec.path, message));
        }
    }

    /// `conditionalAccessPolicies.json` (needs `Policy.Read.All`): a refusal is a failure of
    /// this artifact alone, naming the permission.
    fn conditional_access(&self, sink: &mut dyn ArtifactSink) {
        let spec = &artifacts::CA_POLICIES;
        let url = format!("{}{}", self.cloud.graph, artifacts::request(spec));
        let result = self.pages(&url).map_err(|error| {
            if error.contains("HTTP 403") || error.contains("HTTP 401") {
                format!(
                    "{error} (reading it needs the application permission {})",
                    artifacts::permission(spec)
                )
            } else {
                error
            }
        });
        store(sink, spec.path, result);
    }

    /// `servicePrincipals.json`: every service principal whose name starts with "Jamf" (the
    /// Jamf Native macOS Connector, usually the Jamf Pro app) or is the Cloud Connector for
    /// Device Compliance, then the Jamf Pro app, the User registration app for Device
    /// Compliance and Microsoft's resource apps by app id, merged.
    fn service_principals(
        &self,
        sink: &mut dyn ArtifactSink,
        app_ids: &BTreeSet<String>,
    ) -> Option<Value> {
        let mut by_id: BTreeSet<String> = app_ids.clone();
        by_id.insert(INTUNE_API_APP_ID.to_owned());
        by_id.insert(GRAPH_APP_ID.to_owned());
        by_id.extend(USER_REGISTRATION_APP_IDS.iter().map(|id| (*id).to_owned()));
        let queries = [
            "startswith(displayName,'Jamf')".to_owned(),
            format!("startswith(displayName,'{CLOUD_CONNECTOR_NAME}')"),
            app_id_filter(&by_id),
        ];
        let mut merged: Option<Value> = None;
        let mut result = Ok(());
        for filter in &queries {
            let url = format!(
                "{}{}?$filter={}",
                self.cloud.graph,
                artifacts::request(&artifacts::SERVICE_PRINCIPALS),
                encode_component(filter)
            );
            match self.pages(&url) {
                Ok(answer) => merged = Some(answers::union_by_id(merged, answer)),
                Err(error) => {
                    result = Err(error);
                    break;
                }
            }
        }
        let result = result.and_then(|()| merged.ok_or_else(|| "no answer".to_owned()));
        store(sink, artifacts::SERVICE_PRINCIPALS.path, result)
    }

    /// The file of a per-id row for `id` (`graph/groupMembers/<id>.json`), when `id` is a safe
    /// file name: every page of the row's request for `id`, with `query`.
    fn per_id(&self, sink: &mut dyn ArtifactSink, spec: &ArtifactSpec, id: &str, query: &str) {
        let artifact = artifacts::fill(spec.path, id);
        let result = if answers::is_safe_file_name(id) {
            let request = artifacts::fill(artifacts::request(spec), &encode_component(id));
            self.pages(&format!("{}{request}{query}", self.cloud.graph))
        } else {
            Err(format!("`{id}` cannot be a file name; not collected"))
        };
        store(sink, &artifact, result);
    }
}

/// Stores an answer as pretty JSON, or records why there is none.
fn store(sink: &mut dyn ArtifactSink, path: &str, result: Result<Value, String>) -> Option<Value> {
    let stored = result.and_then(|value| {
        let bytes = serde_json::to_vec_pretty(&value).map_err(|error| error.to_string())?;
        sink.put(path, &bytes).map_err(|error| error.to_string())?;
        Ok(value)
    });
    match stored {
        Ok(value) => Some(value),
        Err(message) => {
            sink.fail(CollectionFailure::new(SOURCE, path, message));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_is_the_clouds_whatever_the_graph_url() {
        let proxied = Cloud::global().with_graph("http://127.0.0.1:8/v1.0");
        assert_eq!(proxied.scope, "https://graph.microsoft.com/.default");
        assert_eq!(proxied.graph_origin(), "http://127.0.0.1:8");
        assert_eq!(
            Cloud::us_government().scope,
            "https://graph.microsoft.us/.default"
        );
        assert_eq!(
            Cloud::global().with_scope("api://x/.default").scope,
            "api://x/.default"
        );
    }

    #[test]
    fn clouds_have_their_graph_origin() {
        assert_eq!(
            Cloud::global().graph_origin(),
            "https://graph.microsoft.com"
        );
        assert_eq!(
            Cloud::custom("http://127.0.0.1:9", "http://127.0.0.1:8/v1.0/").graph_origin(),
            "http://127.0.0.1:8"
        );
        assert_eq!(
            Cloud::china().graph_origin(),
            "https://microsoftgraph.chinacloudapi.cn"
        );
    }

    #[test]
    fn app_ids_are_filtered_with_eq_or_in() {
        let one: BTreeSet<String> = ["a".to_owned()].into();
        assert_eq!(app_id_filter(&one), "appId eq 'a'");
        let two: BTreeSet<String> = ["a".to_owned(), "b'c".to_owned()].into();
        assert_eq!(app_id_filter(&two), "appId in ('a', 'b''c')");
        assert_eq!(
            client_id_filter(&two),
            "clientId eq 'a' or clientId eq 'b''c'"
        );
    }
}
