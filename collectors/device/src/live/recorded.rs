//! [`RecordedMac`]: a Mac replayed from a bundle's `mac/` folder (tests, and reproducing a
//! collection elsewhere).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Mac, MacCommand, MacError, MacUser};
use crate::artifacts::{CONNECTIVITY, LEFTOVER_PATHS, relative};

/// A recorded Mac: each command's output is the artifact it made, each file the artifact it
/// became; the clean-up paths that exist are those of `leftover-paths.txt`, and the connections
/// that succeed those `connectivity.txt` says `ok`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedMac {
    dir: PathBuf,
    user: MacUser,
    existing: BTreeSet<String>,
    connectivity: Vec<(String, u16, Result<(), String>)>,
}

impl RecordedMac {
    /// The Mac recorded in `dir` (a bundle's `mac/` folder). Its user is the one whose home
    /// folder `leftover-paths.txt` names, else `user`.
    pub fn open(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        let text = |name: &str| {
            std::fs::read(dir.join(name))
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default()
        };
        let existing: BTreeSet<String> = text(relative(&LEFTOVER_PATHS))
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        let name = existing
            .iter()
            .find_map(|path| {
                path.strip_prefix("/Users/")?
                    .split('/')
                    .next()
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "user".to_owned());
        let connectivity = text(relative(&CONNECTIVITY))
            .lines()
            .filter_map(|line| {
                let mut words = line.split_whitespace();
                let host = words.next()?.to_owned();
                let port = words.next()?.parse().ok()?;
                let outcome = match words.next()? {
                    "ok" => Ok(()),
                    _ => Err(words.collect::<Vec<_>>().join(" ")),
                };
                Some((host, port, outcome))
            })
            .collect();
        let user = MacUser {
            home: PathBuf::from(format!("/Users/{name}")),
            name,
            uid: 501,
        };
        Self {
            dir,
            user,
            existing,
            connectivity,
        }
    }

    fn artifact(&self, artifact: &str, path: &str) -> Result<Vec<u8>, MacError> {
        std::fs::read(self.dir.join(artifact)).map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => MacError::NotFound {
                path: path.to_owned(),
            },
            _ => MacError::Unreadable {
                path: path.to_owned(),
                message: error.to_string(),
            },
        })
    }
}

impl Mac for RecordedMac {
    fn user(&self, name: Option<&str>) -> Result<MacUser, MacError> {
        Ok(match name {
            Some(name) => MacUser {
                name: name.to_owned(),
                uid: self.user.uid,
                home: PathBuf::from(format!("/Users/{name}")),
            },
            None => self.user.clone(),
        })
    }

    /// A bundle's `mac/` folder does not record the serial (`context.yaml` names it).
    fn serial(&self) -> Result<String, MacError> {
        Err(MacError::NotFound {
            path: self.dir.join("serial").display().to_string(),
        })
    }

    fn run(&self, command: &MacCommand, _user: Option<&MacUser>) -> Result<Vec<u8>, MacError> {
        self.artifact(command.artifact, command.artifact)
            .map_err(|error| MacError::Command {
                command: command.to_string(),
                message: format!("no recorded output ({error})"),
            })
    }

    fn read(&self, path: &Path, artifact: &str) -> Result<Vec<u8>, MacError> {
        self.artifact(artifact, &path.display().to_string())
    }

    fn list(&self, path: &Path, artifact_dir: &str) -> Result<Vec<String>, MacError> {
        let entries =
            std::fs::read_dir(self.dir.join(artifact_dir)).map_err(|_| MacError::NotFound {
                path: path.display().to_string(),
            })?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    fn exists(&self, path: &str) -> bool {
        self.existing.contains(path)
    }

    fn connect(&self, host: &str, port: u16, _timeout: Duration) -> Result<(), String> {
        self.connectivity
            .iter()
            .find(|(known, known_port, _)| known == host && *known_port == port)
            .map_or_else(
                || Err("not recorded".to_owned()),
                |(_, _, outcome)| outcome.clone(),
            )
    }
}
