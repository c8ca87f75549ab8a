//! The [`Mac`] trait: everything live collection asks of a Mac, so that tests replay recorded
//! answers.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why something could not be had from the Mac.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MacError {
    /// Live collection runs on macOS only.
    #[error("collecting from the Mac needs macOS (this is {os})")]
    NotMacOs {
        /// This system (`linux`, `windows`, ...).
        os: String,
    },
    /// Nobody is logged in at the console, and no user was named.
    #[error("no user is logged in at the console; name one with --mac-user")]
    NoConsoleUser,
    /// The file or folder does not exist.
    #[error("{path}: does not exist")]
    NotFound {
        /// The path.
        path: String,
    },
    /// A file or folder could not be read.
    #[error("{path}: {message}")]
    Unreadable {
        /// The path.
        path: String,
        /// Why.
        message: String,
    },
    /// A command could not run, or failed.
    #[error("`{command}`: {message}")]
    Command {
        /// The command line, for people.
        command: String,
        /// Why (exit status and the start of its error output).
        message: String,
    },
}

/// The user whose keychain and preferences are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacUser {
    /// The short name.
    pub name: String,
    /// The user id.
    pub uid: u32,
    /// The home folder.
    pub home: PathBuf,
}

/// One command of the collection: a program and a fixed argument list (never a shell), the
/// artifact its output becomes, and whether it must run as the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacCommand {
    /// The artifact, relative to `mac/` (`sw_vers.txt`).
    pub artifact: &'static str,
    /// The program, by absolute path.
    pub program: &'static str,
    /// Its arguments.
    pub args: Vec<String>,
    /// Whether it reads the user's keychain or preferences (and so runs as the user).
    pub as_user: bool,
}

impl std::fmt::Display for MacCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.program)?;
        for arg in &self.args {
            if arg.contains(' ') {
                write!(f, " '{arg}'")?
            } else {
                write!(f, " {arg}")?
            }
        }
        Ok(())
    }
}

/// What live collection asks of a Mac. [`LocalMac`](super::LocalMac) asks this one;
/// [`RecordedMac`](super::RecordedMac) replays a recording.
pub trait Mac {
    /// The user named, or the console user when `name` is `None`.
    ///
    /// # Errors
    /// [`MacError::NoConsoleUser`], [`MacError::NotMacOs`], or why the user cannot be found.
    fn user(&self, name: Option<&str>) -> Result<MacUser, MacError>;

    /// The Mac's serial number.
    ///
    /// # Errors
    /// [`MacError::NotMacOs`], or why it cannot be read.
    fn serial(&self) -> Result<String, MacError>;

    /// Runs `command` (as `user` when it needs to) and gives its standard output.
    ///
    /// # Errors
    /// [`MacError::Command`] when it cannot run or fails.
    fn run(&self, command: &MacCommand, user: Option<&MacUser>) -> Result<Vec<u8>, MacError>;

    /// The bytes of the file at `path`, to become `mac/<artifact>`.
    ///
    /// # Errors
    /// [`MacError::NotFound`] when there is no such file, [`MacError::Unreadable`] otherwise.
    fn read(&self, path: &Path, artifact: &str) -> Result<Vec<u8>, MacError>;

    /// The names of the files in the folder `path`, to become `mac/<artifact_dir>/<name>`.
    ///
    /// # Errors
    /// [`MacError::NotFound`] when there is no such folder, [`MacError::Unreadable`] otherwise.
    fn list(&self, path: &Path, artifact_dir: &str) -> Result<Vec<String>, MacError>;

    /// Whether anything exists at `path`.
    fn exists(&self, path: &str) -> bool;

    /// Opens (and closes) a TCP connection to `host`:`port` within `timeout`.
    ///
    /// # Errors
    /// Why it could not (a short reason: `timed out`, `connection refused`, `no address`).
    fn connect(&self, host: &str, port: u16, timeout: Duration) -> Result<(), String>;
}
