//! What to collect from a Mac: the commands, files and clean-up paths of the bundle layout, and
//! the endpoints whose ports must be open.

use std::path::{Path, PathBuf};

use jamf_triage_evidence::ArtifactSpec;

use super::{MacCommand, MacUser};
use crate::artifacts::{
    APP_SSO_PLATFORM, COMPANY_PORTAL_LOGS, JAMF_LOG, JAMF_PREFS, JAMFAAD_LOG, JAMFAAD_PREFS,
    KEYCHAIN_CERTIFICATES, KEYCHAIN_DUMP, PROFILES_ENROLLMENT, SW_VERS, mac_file, portal_dir,
    relative,
};

/// The artifacts that need the user, relative to `mac/` (failed together when there is none).
pub(super) fn user_artifacts() -> [String; 5] {
    [
        relative(&KEYCHAIN_CERTIFICATES).to_owned(),
        relative(&KEYCHAIN_DUMP).to_owned(),
        relative(&APP_SSO_PLATFORM).to_owned(),
        relative(&JAMFAAD_PREFS).to_owned(),
        format!("{}/", portal_dir()),
    ]
}

/// Where the file of `spec` is on the Mac: an absolute path as is, `~/...` in `home`.
fn file_on_mac(spec: &ArtifactSpec, home: Option<&Path>) -> PathBuf {
    let file = mac_file(spec);
    match (file.strip_prefix("~/"), home) {
        (Some(in_home), Some(home)) => home.join(in_home),
        _ => PathBuf::from(file),
    }
}

/// The clean-up paths of the Mac as a whole (the troubleshooting article's list and the newer
/// Company Portal bundle id).
const SYSTEM_CLEANUP: &[&str] = &[
    "/Library/Application Support/com.jamfsoftware.selfservice.mac",
    "/Library/Application Support/com.microsoft.CompanyPortal",
    "/Library/Application Support/com.microsoft.CompanyPortal.usercontext.info",
    "/Library/Application Support/com.microsoft.CompanyPortalMac",
    "/Library/Application Support/com.microsoft.CompanyPortalMac.usercontext.info",
    "/Library/Preferences/com.jamfsoftware.management.jamfAAD.plist",
    "/Library/Preferences/com.jamfsoftware.selfservice.mac.plist",
    "/Library/Preferences/com.microsoft.CompanyPortal.plist",
    "/Library/Preferences/com.microsoft.CompanyPortalMac.plist",
    "/Library/Saved Application State/com.jamfsoftware.selfservice.mac.savedState",
    "/Library/Saved Application State/com.microsoft.CompanyPortal.savedState",
    "/Library/Saved Application State/com.microsoft.CompanyPortalMac.savedState",
];

/// The clean-up paths in the user's home folder.
const USER_CLEANUP: &[&str] = &[
    "Library/Application Support/com.jamfsoftware.selfservice.mac",
    "Library/Application Support/com.microsoft.CompanyPortal",
    "Library/Application Support/com.microsoft.CompanyPortalMac",
    "Library/Containers/com.microsoft.CompanyPortalMac.ssoextension",
    "Library/Cookies/com.jamf.management.jamfAAD.binarycookies",
    "Library/Cookies/com.microsoft.CompanyPortal.binarycookies",
    "Library/Cookies/com.microsoft.CompanyPortalMac.binarycookies",
    "Library/Preferences/com.jamf.management.jamfAAD.plist",
    "Library/Preferences/com.jamfsoftware.selfservice.mac.plist",
    "Library/Preferences/com.microsoft.CompanyPortal.plist",
    "Library/Preferences/com.microsoft.CompanyPortalMac.plist",
    "Library/Saved Application State/com.jamfsoftware.selfservice.mac.savedState",
    "Library/Saved Application State/com.microsoft.CompanyPortal.savedState",
    "Library/Saved Application State/com.microsoft.CompanyPortalMac.savedState",
];

/// A host and TCP port that must be reachable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// The host name.
    pub host: String,
    /// The port.
    pub port: u16,
}

impl Endpoint {
    /// `host`:`port`.
    pub fn new(host: impl Into<String>, port: u16) -> Self {
        Self {
            host: host.into(),
            port,
        }
    }
}

impl std::str::FromStr for Endpoint {
    type Err = String;

    /// `host:port`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (host, port) = text
            .rsplit_once(':')
            .ok_or_else(|| format!("`{text}`: expected HOST:PORT"))?;
        let port = port
            .parse()
            .map_err(|_| format!("`{text}`: `{port}` is not a port"))?;
        if host.is_empty() {
            return Err(format!("`{text}`: no host"));
        }
        Ok(Self::new(host, port))
    }
}

/// The endpoints a Mac in the integration talks to: Entra ID sign-in and device registration,
/// Microsoft Graph, Intune, and Apple push notifications (the Jamf Pro server is added from the
/// Mac's own `jss_url`).
pub fn default_endpoints() -> Vec<Endpoint> {
    [
        ("login.microsoftonline.com", 443),
        ("graph.microsoft.com", 443),
        ("graph.windows.net", 443),
        ("enterpriseregistration.windows.net", 443),
        ("device.login.microsoftonline.com", 443),
        ("i.manage.microsoft.com", 443),
        ("courier.push.apple.com", 5223),
        ("api.push.apple.com", 443),
    ]
    .into_iter()
    .map(|(host, port)| Endpoint::new(host, port))
    .collect()
}

/// The Jamf Pro server of `com.jamfsoftware.jamf.plist` (`jss_url`), with its port.
pub(super) fn jamf_endpoint(prefs: &[u8]) -> Option<Endpoint> {
    let value = plist::Value::from_reader(std::io::Cursor::new(prefs)).ok()?;
    let url = value.as_dictionary()?.get("jss_url")?.as_string()?;
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let default_port = if scheme.eq_ignore_ascii_case("http") {
        80
    } else {
        443
    };
    match authority.rsplit_once(':') {
        Some((host, port)) => Some(Endpoint::new(host, port.parse().ok()?)),
        None if !authority.is_empty() => Some(Endpoint::new(authority, default_port)),
        None => None,
    }
}

/// A file to copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FileItem {
    pub(super) path: PathBuf,
    pub(super) artifact: String,
}

/// A folder whose logs to copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DirItem {
    pub(super) path: PathBuf,
    pub(super) artifact_dir: &'static str,
}

/// Everything to collect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Plan {
    pub(super) commands: Vec<MacCommand>,
    pub(super) files: Vec<FileItem>,
    pub(super) portal_logs: Option<DirItem>,
    pub(super) cleanup_paths: Vec<String>,
}

impl Plan {
    /// What can be collected without a user.
    pub(super) fn system_only() -> Self {
        let command = |artifact, program, args: &[&str]| MacCommand {
            artifact,
            program,
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            as_user: false,
        };
        Self {
            commands: vec![
                command(
                    relative(&JAMFAAD_LOG),
                    "/usr/bin/log",
                    &[
                        "show",
                        "--style",
                        "compact",
                        "--predicate",
                        "subsystem == \"com.jamf.management.jamfAAD\"",
                        "--last",
                        "7d",
                    ],
                ),
                command(
                    relative(&PROFILES_ENROLLMENT),
                    "/usr/bin/profiles",
                    &["status", "-type", "enrollment"],
                ),
                command(relative(&SW_VERS), "/usr/bin/sw_vers", &[]),
            ],
            files: vec![
                FileItem {
                    path: file_on_mac(&JAMF_LOG, None),
                    artifact: relative(&JAMF_LOG).to_owned(),
                },
                FileItem {
                    path: file_on_mac(&JAMF_PREFS, None),
                    artifact: relative(&JAMF_PREFS).to_owned(),
                },
            ],
            portal_logs: None,
            cleanup_paths: SYSTEM_CLEANUP
                .iter()
                .map(|path| (*path).to_owned())
                .collect(),
        }
    }

    /// Everything, for `user`.
    pub(super) fn for_user(user: &MacUser) -> Self {
        let mut plan = Self::system_only();
        let keychain = user
            .home
            .join("Library/Keychains/login.keychain-db")
            .display()
            .to_string();
        for (artifact, args) in [
            (
                relative(&KEYCHAIN_CERTIFICATES),
                vec![
                    "find-certificate".to_owned(),
                    "-a".to_owned(),
                    "-Z".to_owned(),
                    keychain.clone(),
                ],
            ),
            // Attributes only: never `-d`, which would print the secrets.
            (
                relative(&KEYCHAIN_DUMP),
                vec!["dump-keychain".to_owned(), keychain],
            ),
        ] {
            plan.commands.push(MacCommand {
                artifact,
                program: "/usr/bin/security",
                args,
                as_user: true,
            });
        }
        // Platform SSO state is the user's: run as the console user.
        plan.commands.push(MacCommand {
            artifact: relative(&APP_SSO_PLATFORM),
            program: "/usr/bin/app-sso",
            args: vec!["platform".to_owned(), "-s".to_owned()],
            as_user: true,
        });
        plan.files.push(FileItem {
            path: file_on_mac(&JAMFAAD_PREFS, Some(&user.home)),
            artifact: relative(&JAMFAAD_PREFS).to_owned(),
        });
        let logs = file_on_mac(&COMPANY_PORTAL_LOGS, Some(&user.home));
        plan.portal_logs = Some(DirItem {
            path: logs
                .parent()
                .map_or_else(|| logs.clone(), Path::to_path_buf),
            artifact_dir: portal_dir(),
        });
        plan.cleanup_paths
            .extend(USER_CLEANUP.iter().map(|path| in_home(&user.home, path)));
        plan.cleanup_paths.sort();
        plan
    }

    /// How many artifacts it makes at least.
    pub(super) fn len(&self) -> usize {
        self.commands.len() + self.files.len()
    }
}

fn in_home(home: &Path, path: &str) -> String {
    home.join(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jamf_server_comes_from_jss_url() {
        let prefs = br#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict><key>jss_url</key><string>https://jamf.contoso.example:8443/</string></dict></plist>"#;
        assert_eq!(
            jamf_endpoint(prefs),
            Some(Endpoint::new("jamf.contoso.example", 8443))
        );
        let cloud = br#"<plist version="1.0"><dict><key>jss_url</key><string>https://contoso.jamfcloud.com/</string></dict></plist>"#;
        assert_eq!(
            jamf_endpoint(cloud),
            Some(Endpoint::new("contoso.jamfcloud.com", 443))
        );
        assert_eq!(jamf_endpoint(b"not a plist"), None);
    }

    #[test]
    fn endpoints_parse_from_host_and_port() {
        assert_eq!(
            "example.com:443".parse(),
            Ok(Endpoint::new("example.com", 443))
        );
        assert!("example.com".parse::<Endpoint>().is_err());
        assert!(":443".parse::<Endpoint>().is_err());
    }

    #[test]
    fn files_are_where_the_artifact_table_says() {
        let user = MacUser {
            name: "adele".into(),
            uid: 501,
            home: "/Users/adele".into(),
        };
        let plan = Plan::for_user(&user);
        let files: Vec<(String, &str)> = plan
            .files
            .iter()
            .map(|file| (file.path.display().to_string(), file.artifact.as_str()))
            .collect();
        assert_eq!(
            files,
            [
                ("/var/log/jamf.log".to_owned(), "jamf.log"),
                (
                    "/Library/Preferences/com.jamfsoftware.jamf.plist".to_owned(),
                    "com.jamfsoftware.jamf.plist"
                ),
                (
                    "/Users/adele/Library/Preferences/com.jamf.management.jamfAAD.plist".to_owned(),
                    "com.jamf.management.jamfAAD.plist"
                ),
            ]
        );
        assert_eq!(
            plan.portal_logs,
            Some(DirItem {
                path: "/Users/adele/Library/Logs/Company Portal".into(),
                artifact_dir: "company-portal",
            })
        );
        assert_eq!(
            user_artifacts(),
            [
                "keychain-certificates.txt",
                "keychain-dump.txt",
                "app-sso-platform.txt",
                "com.jamf.management.jamfAAD.plist",
                "company-portal/"
            ]
        );
    }

    #[test]
    fn keychain_commands_run_as_the_user_and_never_print_secrets() {
        let user = MacUser {
            name: "adele".into(),
            uid: 501,
            home: "/Users/adele".into(),
        };
        let plan = Plan::for_user(&user);
        let dump = plan
            .commands
            .iter()
            .find(|c| c.artifact == "keychain-dump.txt");
        assert_eq!(
            dump.map(ToString::to_string).as_deref(),
            Some(
                "/usr/bin/security dump-keychain /Users/adele/Library/Keychains/login.keychain-db"
            )
        );
        assert!(
            plan.commands
                .iter()
                .all(|c| !c.args.iter().any(|a| a == "-d"))
        );
        assert!(plan.commands.iter().filter(|c| c.as_user).count() == 3);
        let app_sso = plan
            .commands
            .iter()
            .find(|c| c.artifact == "app-sso-platform.txt");
        assert_eq!(
            app_sso.map(|c| (c.to_string(), c.as_user)),
            Some(("/usr/bin/app-sso platform -s".to_owned(), true))
        );
        assert!(plan.cleanup_paths.contains(
            &"/Users/adele/Library/Cookies/com.microsoft.CompanyPortal.binarycookies".to_owned()
        ));
    }
}
