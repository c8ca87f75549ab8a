//! [`LocalMac`]: this Mac, asked directly (macOS only; elsewhere every question says so).

use std::io::Read;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tracing::debug;

use super::{Mac, MacCommand, MacError, MacUser};

/// Console "users" that are nobody.
const NOBODY: &[&str] = &["", "root", "loginwindow", "_mbsetupuser"];

/// This Mac.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalMac {
    command_timeout: Duration,
}

impl Default for LocalMac {
    fn default() -> Self {
        Self {
            command_timeout: Duration::from_secs(300),
        }
    }
}

impl LocalMac {
    /// This Mac, each command allowed `command_timeout` (then it is killed).
    pub fn new(command_timeout: Duration) -> Self {
        Self { command_timeout }
    }

    fn check_os() -> Result<(), MacError> {
        if cfg!(target_os = "macos") {
            Ok(())
        } else {
            Err(MacError::NotMacOs {
                os: std::env::consts::OS.to_owned(),
            })
        }
    }

    /// Runs `argv` with a timeout and gives its standard output.
    fn execute(&self, argv: &[String]) -> Result<Vec<u8>, MacError> {
        let shown = argv.join(" ");
        let failed = |message: String| MacError::Command {
            command: shown.clone(),
            message,
        };
        let (program, args) = argv
            .split_first()
            .ok_or_else(|| failed("no program".to_owned()))?;
        debug!(command = %shown, "running");
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| failed(error.to_string()))?;
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let deadline = Instant::now() + self.command_timeout;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Ok(None) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(failed(format!("killed after {:?}", self.command_timeout)));
                }
                Err(error) => return Err(failed(error.to_string())),
            }
        };
        let output = stdout.join().unwrap_or_default();
        if status.success() {
            Ok(output)
        } else {
            let errors = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
            let errors: String = errors.split_whitespace().collect::<Vec<_>>().join(" ");
            Err(failed(format!(
                "{status}: {}",
                errors.chars().take(300).collect::<String>()
            )))
        }
    }

    fn output_line(&self, argv: &[&str]) -> Result<String, MacError> {
        let argv: Vec<String> = argv.iter().map(|arg| (*arg).to_owned()).collect();
        Ok(String::from_utf8_lossy(&self.execute(&argv)?)
            .trim()
            .to_owned())
    }
}

/// Reads a pipe to its end on a thread of its own (so a full pipe never blocks the child).
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// The argument list that runs `command`: as is, or as `user` through `launchctl asuser` and
/// `sudo -u` when collecting as root.
pub(super) fn argv(
    command: &MacCommand,
    user: Option<&MacUser>,
    as_root: bool,
) -> Result<Vec<String>, MacError> {
    let mut argv = Vec::new();
    if command.as_user {
        let user = user.ok_or_else(|| MacError::Command {
            command: command.to_string(),
            message: "needs a user, and there is none".to_owned(),
        })?;
        if as_root {
            argv.extend([
                "/bin/launchctl".to_owned(),
                "asuser".to_owned(),
                user.uid.to_string(),
                "/usr/bin/sudo".to_owned(),
                "-u".to_owned(),
                user.name.clone(),
            ]);
        }
    }
    argv.push(command.program.to_owned());
    argv.extend(command.args.iter().cloned());
    Ok(argv)
}

impl Mac for LocalMac {
    fn user(&self, name: Option<&str>) -> Result<MacUser, MacError> {
        Self::check_os()?;
        let name = match name {
            Some(name) => name.to_owned(),
            None => self.output_line(&["/usr/bin/stat", "-f", "%Su", "/dev/console"])?,
        };
        if NOBODY.contains(&name.as_str()) {
            return Err(MacError::NoConsoleUser);
        }
        let uid = self.output_line(&["/usr/bin/id", "-u", &name])?;
        let uid = uid.parse().map_err(|_| MacError::Command {
            command: format!("/usr/bin/id -u {name}"),
            message: format!("`{uid}` is not a user id"),
        })?;
        let record = format!("/Users/{name}");
        let home = self
            .output_line(&["/usr/bin/dscl", ".", "-read", &record, "NFSHomeDirectory"])
            .ok()
            .and_then(|line| {
                line.strip_prefix("NFSHomeDirectory:")
                    .map(|home| home.trim().to_owned())
            })
            .filter(|home| home.starts_with('/'))
            .unwrap_or(record);
        Ok(MacUser {
            name,
            uid,
            home: home.into(),
        })
    }

    fn serial(&self) -> Result<String, MacError> {
        Self::check_os()?;
        let argv = ["/usr/sbin/ioreg", "-rd1", "-c", "IOPlatformExpertDevice"];
        let output = self.output_line(&argv)?;
        platform_serial(&output).ok_or_else(|| MacError::Command {
            command: argv.join(" "),
            message: "no IOPlatformSerialNumber".to_owned(),
        })
    }

    fn run(&self, command: &MacCommand, user: Option<&MacUser>) -> Result<Vec<u8>, MacError> {
        Self::check_os()?;
        let as_root = command.as_user && self.output_line(&["/usr/bin/id", "-u"])? == "0";
        self.execute(&argv(command, user, as_root)?)
    }

    fn read(&self, path: &Path, _artifact: &str) -> Result<Vec<u8>, MacError> {
        std::fs::read(path).map_err(|error| io_error(path, &error))
    }

    fn list(&self, path: &Path, _artifact_dir: &str) -> Result<Vec<String>, MacError> {
        let entries = std::fs::read_dir(path).map_err(|error| io_error(path, &error))?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    fn exists(&self, path: &str) -> bool {
        Path::new(path).symlink_metadata().is_ok()
    }

    fn connect(&self, host: &str, port: u16, timeout: Duration) -> Result<(), String> {
        let addresses: Vec<_> = (host, port)
            .to_socket_addrs()
            .map_err(|error| format!("no address ({error})"))?
            .collect();
        let mut reason = "no address".to_owned();
        for address in addresses {
            match TcpStream::connect_timeout(&address, timeout) {
                Ok(_) => return Ok(()),
                Err(error) if error.kind() == std::io::ErrorKind::TimedOut => {
                    reason = "timed out".to_owned()
                }
                Err(error) if error.kind() == std::io::ErrorKind::ConnectionRefused => {
                    reason = "connection refused".to_owned();
                }
                Err(error) => reason = error.to_string(),
            }
        }
        Err(reason)
    }
}

/// `"IOPlatformSerialNumber" = "C02XK1ABJGH5"` in `ioreg` output.
fn platform_serial(ioreg: &str) -> Option<String> {
    ioreg.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "\"IOPlatformSerialNumber\"")
            .then(|| value.trim().trim_matches('"').to_owned())
            .filter(|serial| !serial.is_empty())
    })
}

fn io_error(path: &Path, error: &std::io::Error) -> MacError {
    let path = path.display().to_string();
    if error.kind() == std::io::ErrorKind::NotFound {
        MacError::NotFound { path }
    } else {
        MacError::Unreadable {
            path,
            message: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keychain_dump() -> MacCommand {
        MacCommand {
            artifact: "keychain-dump.txt",
            program: "/usr/bin/security",
            args: vec![
                "dump-keychain".into(),
                "/Users/adele/Library/Keychains/login.keychain-db".into(),
            ],
            as_user: true,
        }
    }

    #[test]
    fn user_commands_run_as_the_console_user_when_root() -> Result<(), MacError> {
        let user = MacUser {
            name: "adele".into(),
            uid: 501,
            home: "/Users/adele".into(),
        };
        assert_eq!(
            argv(&keychain_dump(), Some(&user), true)?,
            [
                "/bin/launchctl",
                "asuser",
                "501",
                "/usr/bin/sudo",
                "-u",
                "adele",
                "/usr/bin/security",
                "dump-keychain",
                "/Users/adele/Library/Keychains/login.keychain-db"
            ]
        );
        assert_eq!(argv(&keychain_dump(), Some(&user), false)?.len(), 3);
        assert!(argv(&keychain_dump(), None, true).is_err());
        Ok(())
    }

    #[test]
    fn the_serial_comes_from_ioreg() {
        let ioreg = "+-o J314sAP  <class IOPlatformExpertDevice>\n    {\n      \"IOPlatformSerialNumber\" = \"C02XK1ABJGH5\"\n      \"model\" = <\"Mac14,9\">\n";
        assert_eq!(platform_serial(ioreg).as_deref(), Some("C02XK1ABJGH5"));
        assert_eq!(platform_serial("nothing"), None);
    }

    #[test]
    fn connects_to_a_loopback_listener_and_names_a_refusal() -> std::io::Result<()> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let mac = LocalMac::default();
        assert_eq!(
            mac.connect("127.0.0.1", port, Duration::from_secs(2)),
            Ok(())
        );
        drop(listener);
        assert!(
            mac.connect("127.0.0.1", port, Duration::from_secs(2))
                .is_err()
        );
        Ok(())
    }

    #[cfg(not(target_os = "macos"))]
    #[test]
    fn anywhere_but_macos_it_says_so() {
        assert!(matches!(
            LocalMac::default().user(None),
            Err(MacError::NotMacOs { .. })
        ));
    }
}
