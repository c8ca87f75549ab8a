//! Reading the `graph/` artifacts of a bundle (the rows of [`crate::artifacts`]), each once,
//! into typed records.
//!
//! A missing file is simply absent (not collected). A file that is not a Graph list response is
//! a collection problem and absent too; a list with some unreadable records is kept with the
//! others, and each record left out is a problem. Files in the per-id folders
//! (`appRoleAssignments/`, `licenseDetails/`, `groupMembers/`) are all read, whichever the
//! subject, so that every broken file in the bundle is reported.

use std::collections::BTreeMap;

use jamf_triage_evidence::{
    ArtifactSpec, CollectInput, CollectionProblem, Evidence, Provenance, decode_text, read_artifact,
};
use jiff::Timestamp;
use serde::de::DeserializeOwned;

use crate::envelope::{ParseError, Record, parse_list};
use crate::resource::{
    AppRoleAssignment, Application, ComplianceManagementPartner, ConditionalAccessPolicy, Device,
    DeviceCompliancePolicy, DeviceManagementPartner, DirectoryObject, LicenseDetails,
    ManagedDevice, OAuth2PermissionGrant, ServicePrincipal,
};
use crate::{SOURCE, artifacts, values};

/// The records read from one artifact.
#[derive(Debug)]
pub(crate) struct Loaded<T> {
    /// The bundle-relative path.
    pub path: String,
    /// The records that could be read.
    pub records: Vec<Record<T>>,
}

impl<T> Loaded<T> {
    /// Provenance naming the file.
    pub fn file(&self) -> Provenance {
        Provenance::new(SOURCE, &self.path)
    }

    /// Provenance naming one property of one record (or the record, for `""`).
    pub fn at(&self, record: &Record<T>, property: &str) -> Provenance {
        self.file().at_pointer(record.pointer(property))
    }

    /// Provenance naming one property of the first of `records`, or the file when there is none.
    pub fn at_first(&self, records: &[&Record<T>], property: &str) -> Provenance {
        records
            .first()
            .map_or_else(|| self.file(), |record| self.at(record, property))
    }

    /// Reads a time property of a record (`property` is its path inside the record): `None`
    /// when absent or "never", and when it cannot be read, which is a problem recorded in `out`.
    pub fn time(
        &self,
        record: &Record<T>,
        property: &str,
        text: Option<&str>,
        out: &mut Evidence,
    ) -> Option<Timestamp> {
        values::time(text).unwrap_or_else(|message| {
            let message = format!("{}: {message}", record.pointer(property));
            out.add_problem(
                CollectionProblem::new(SOURCE, &self.path, message).at_line(record.line),
            );
            None
        })
    }
}

/// Every `graph/` artifact of the bundle, read.
#[derive(Debug)]
pub(crate) struct GraphRecords {
    pub partners: Option<Loaded<DeviceManagementPartner>>,
    pub compliance_partners: Option<Loaded<ComplianceManagementPartner>>,
    pub managed_devices: Option<Loaded<ManagedDevice>>,
    pub devices: Option<Loaded<Device>>,
    pub service_principals: Option<Loaded<ServicePrincipal>>,
    pub grants: Option<Loaded<OAuth2PermissionGrant>>,
    pub ca_policies: Option<Loaded<ConditionalAccessPolicy>>,
    pub applications: Option<Loaded<Application>>,
    pub policies: Option<Loaded<DeviceCompliancePolicy>>,
    /// By service principal id (lowercased).
    pub app_role_assignments: BTreeMap<String, Loaded<AppRoleAssignment>>,
    /// By user principal name (lowercased).
    pub license_details: BTreeMap<String, Loaded<LicenseDetails>>,
    /// By group id (lowercased).
    pub group_members: BTreeMap<String, Loaded<DirectoryObject>>,
}

impl GraphRecords {
    /// Reads them all, recording problems in `out`.
    pub fn read(input: &CollectInput<'_>, out: &mut Evidence) -> Self {
        let paths = input.artifacts.paths();
        let mut reader = Reader {
            input,
            out,
            paths: &paths,
        };
        Self {
            partners: reader.file(&artifacts::PARTNERS),
            compliance_partners: reader.file(&artifacts::COMPLIANCE_PARTNERS),
            managed_devices: reader.file(&artifacts::MANAGED_DEVICES),
            devices: reader.file(&artifacts::DEVICES),
            service_principals: reader.file(&artifacts::SERVICE_PRINCIPALS),
            grants: reader.file(&artifacts::GRANTS),
            ca_policies: reader.file(&artifacts::CA_POLICIES),
            applications: reader.file(&artifacts::APPLICATIONS),
            policies: reader.file(&artifacts::COMPLIANCE_POLICIES),
            app_role_assignments: reader.family(&artifacts::APP_ROLE_ASSIGNMENTS),
            license_details: reader.family(&artifacts::LICENSE_DETAILS),
            group_members: reader.family(&artifacts::GROUP_MEMBERS),
        }
    }
}

/// What a saved Graph error answer (`{"error": {"code", "message"}}`, as a `403` carries) says,
/// when the text is one.
fn graph_error(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let error = value.get("error")?;
    let field = |name: &str| {
        error
            .get(name)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
    };
    Some(match (field("code"), field("message")) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(said), None) | (None, Some(said)) => said.to_owned(),
        (None, None) => "no code".to_owned(),
    })
}

struct Reader<'i, 'o> {
    input: &'i CollectInput<'i>,
    out: &'o mut Evidence,
    paths: &'i [String],
}

impl Reader<'_, '_> {
    /// The one file of `spec`.
    fn file<T: DeserializeOwned>(&mut self, spec: &ArtifactSpec) -> Option<Loaded<T>> {
        self.read(spec, spec.path)
    }

    /// The file at `path`, one of `spec`'s family.
    fn read<T: DeserializeOwned>(&mut self, spec: &ArtifactSpec, path: &str) -> Option<Loaded<T>> {
        let bytes = read_artifact(SOURCE, self.input, spec, path, self.out)?;
        let decoded = decode_text(&bytes);
        if decoded.lossy {
            self.problem(path, ParseError {
                message: "some bytes are not UTF-8 and were read as U+FFFD; values holding them may not match".to_owned(),
                line: None,
            });
        }
        match parse_list::<T>(&decoded.text) {
            Ok(list) => {
                for error in list.errors {
                    self.problem(path, error);
                }
                Some(Loaded {
                    path: path.to_owned(),
                    records: list.records,
                })
            }
            Err(error) => {
                let error = match graph_error(&decoded.text) {
                    Some(said) => ParseError {
                        message: format!(
                            "a Graph error answer, not the list: {said}; reading it needs the \
                             application permission {}",
                            artifacts::permission(spec)
                        ),
                        line: None,
                    },
                    None => error,
                };
                self.problem(path, error);
                None
            }
        }
    }

    /// Every file of a per-id family, `<folder><key>.json` (not in subfolders), by lowercased key.
    fn family<T: DeserializeOwned>(&mut self, spec: &ArtifactSpec) -> BTreeMap<String, Loaded<T>> {
        let (folder, extension) = artifacts::split_placeholder(spec.path);
        let mut found = BTreeMap::new();
        for path in self.paths {
            let Some(name) = path.strip_prefix(folder) else {
                continue;
            };
            if name.contains('/') || name.len() <= extension.len() {
                continue;
            }
            let Some((key, found_extension)) = name.split_at_checked(name.len() - extension.len())
            else {
                continue;
            };
            if !found_extension.eq_ignore_ascii_case(extension) {
                continue;
            }
            if let Some(loaded) = self.read(spec, path) {
                // A saved name may keep the URL encoding of `@`.
                let key = key.trim().to_lowercase().replace("%40", "@");
                found.entry(key).or_insert(loaded);
            }
        }
        found
    }

    fn problem(&mut self, path: &str, error: ParseError) {
        let mut problem = CollectionProblem::new(SOURCE, path, error.message);
        if let Some(line) = error.line {
            problem = problem.at_line(line);
        }
        self.out.add_problem(problem);
    }
}
