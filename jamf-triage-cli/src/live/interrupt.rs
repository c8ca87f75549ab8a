//! Ctrl-C, `SIGTERM` and `SIGHUP` during live collection: the bundle is left with a manifest that
//! says the collection was interrupted and which sources did not finish (so that it still
//! diagnoses, with those sources' causes undetermined), the Jamf Pro API tokens are invalidated,
//! a temporary bundle of `diagnose --live` is removed, and the command exits 130.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use jamf_triage_bundle::BundleWriter;
use jamf_triage_collector_jamf_pro::live::Tokens;
use jamf_triage_core::evidence::{ArtifactSink, CollectionFailure};

/// The exit status of an interrupted command (128 + `SIGINT`, as shells report it).
const INTERRUPTED: i32 = 130;

/// A collection under way, as an interruption must finish it.
pub struct Collection {
    /// The bundle being written.
    pub writer: Arc<Mutex<BundleWriter>>,
    /// `collected_at` of the manifest.
    pub collected_at: String,
    /// `collected_by` of the manifest.
    pub collected_by: String,
    /// Source name → version, for the manifest.
    pub versions: Vec<(String, String)>,
    /// The sources (name, folder) that have not finished yet.
    pub unfinished: Mutex<Vec<(String, String)>>,
    /// The bundle's directory when it is temporary (removed on interruption).
    pub temporary: Option<PathBuf>,
    /// The Jamf Pro API tokens of the collection (invalidated on interruption).
    pub tokens: Vec<Tokens>,
    /// Held by whoever ends the collection: the interruption (until the process exits) or the
    /// command writing its final manifest, so that the one never overwrites the other's.
    pub ending: Mutex<()>,
}

impl Collection {
    /// Marks source `name` as finished.
    pub fn finished(&self, name: &str) {
        self.unfinished
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|(source, _)| source != name);
    }

    /// Records the unfinished sources as failed, writes the manifest, saying interrupted,
    /// invalidates the API tokens, and exits.
    fn interrupt(&self) -> ! {
        let _ending = self.ending.lock().unwrap_or_else(PoisonError::into_inner);
        self.write_interrupted();
        for message in self.tokens.iter().flat_map(Tokens::invalidate) {
            eprintln!("warning: {message}");
        }
        std::process::exit(INTERRUPTED);
    }

    /// Records the unfinished sources as failed and writes the manifest, saying interrupted.
    fn write_interrupted(&self) {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let unfinished = self
            .unfinished
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for (name, folder) in unfinished.iter() {
            writer.fail(CollectionFailure::new(
                name.as_str(),
                folder.as_str(),
                "interrupted before this source finished",
            ));
        }
        let versions = self
            .versions
            .iter()
            .map(|(name, version)| (name.as_str(), version.as_str()));
        if let Err(error) =
            writer.write_manifest(&self.collected_at, &self.collected_by, versions, true)
        {
            eprintln!("error: the interrupted bundle's manifest could not be written: {error}");
        }
        match &self.temporary {
            Some(dir) => {
                let _ = std::fs::remove_dir_all(dir);
                eprintln!("interrupted: the temporary bundle was removed");
            }
            None => eprintln!(
                "interrupted: the bundle is partial; its manifest says which sources did not finish"
            ),
        }
    }
}

/// The collection an interruption finishes, if one is under way.
static CURRENT: Mutex<Option<Arc<Collection>>> = Mutex::new(None);

/// While alive, an interruption finishes `collection` before the process exits.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        *CURRENT.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

/// Makes an interruption finish `collection` (until the guard is dropped).
pub fn guard(collection: Arc<Collection>) -> Guard {
    listen();
    *CURRENT.lock().unwrap_or_else(PoisonError::into_inner) = Some(collection);
    Guard
}

/// Starts, once, the thread that waits for the signals.
fn listen() {
    static LISTENING: OnceLock<()> = OnceLock::new();
    LISTENING.get_or_init(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        match signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
            Ok(mut signals) => {
                std::thread::spawn(move || {
                    if signals.forever().next().is_some() {
                        let current = CURRENT
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .take();
                        if let Some(collection) = current {
                            collection.interrupt();
                        }
                        std::process::exit(INTERRUPTED);
                    }
                });
            }
            Err(error) => tracing::warn!(%error, "interruptions will not be handled"),
        }
    });
}
