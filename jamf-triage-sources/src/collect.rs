//! Collecting a bundle with every source: the subject and the time are decided first, then each
//! source reads the artifacts it declares. Nothing here fails: every problem is in the evidence.

use std::path::Path;

use std::collections::HashSet;

use jamf_triage_bundle::{Bundle, BundleError};
use jamf_triage_collector_context::{Context, read_context};
use jamf_triage_collector_device::DeviceSource;
use jamf_triage_evidence::{
    ArtifactSource, ArtifactSpec, CollectInput, CollectionProblem, EveryLine, Evidence, LineNeeds,
    Source, Subject, parse_zoned,
};
use jiff::{Timestamp, Zoned};

use crate::Registry;
use crate::view::{MacFolders, View};

/// Where the time of a diagnosis came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSource {
    /// `observed_at` in `context.yaml`.
    Context,
    /// `collected_at` in `manifest.yaml`.
    Manifest,
    /// Given by the caller (`--now`).
    Given,
    /// Nothing said: the current time of this machine.
    Clock,
}

/// The evidence of a bundle, and where its time came from.
#[derive(Debug, Clone)]
pub struct Collected {
    /// The facts and problems, about the subject, at the diagnosis's time.
    pub evidence: Evidence,
    /// Where `evidence.observed_at` came from.
    pub time: TimeSource,
}

impl Registry {
    /// Opens a bundle directory, a `.zip` of one, or an IntuneMacODC zip (whose files it maps
    /// onto this registry's artifact tables), knowing this registry's folders. A folder that is
    /// not a bundle itself but holds exactly one bundle folder is unwrapped, as a zip of a bundle
    /// folder is.
    ///
    /// # Errors
    /// [`BundleError`] when the path cannot be read at all or is a broken archive, and
    /// [`BundleError::NotABundle`] when it holds no manifest, no context and no artifact of a
    /// source (naming the folders inside it that are bundles, if any).
    pub fn open_bundle(&self, path: impl AsRef<Path>) -> Result<Bundle, BundleError> {
        let path = path.as_ref();
        let roots = self.roots();
        let specs: Vec<&ArtifactSpec> = self.artifacts().map(|(_, spec)| spec).collect();
        let bundle = Bundle::open_with(path, &roots, &specs)?;
        if self.is_bundle(&bundle) {
            return Ok(bundle);
        }
        let mut inner = Vec::new();
        if path.is_dir() {
            let mut folders: Vec<_> = std::fs::read_dir(path)
                .map_err(|source| BundleError::Io {
                    path: path.display().to_string(),
                    source,
                })?
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
                .map(|entry| entry.path())
                .collect();
            folders.sort();
            for folder in folders {
                if let Ok(candidate) = Bundle::open_with(&folder, &roots, &specs) {
                    if self.is_bundle(&candidate) {
                        inner.push((folder, candidate));
                    }
                }
            }
        }
        if inner.len() == 1 {
            if let Some((_, bundle)) = inner.pop() {
                return Ok(bundle);
            }
        }
        Err(BundleError::NotABundle {
            path: path.display().to_string(),
            candidates: inner
                .into_iter()
                .map(|(folder, _)| folder.display().to_string())
                .collect(),
        })
    }

    /// Whether `bundle` is one: it holds a manifest, or an artifact of a source's table (the
    /// context is one).
    pub fn is_bundle(&self, bundle: &Bundle) -> bool {
        bundle.artifacts().paths().iter().any(|path| {
            path == jamf_triage_bundle::MANIFEST_PATH
                || self.artifacts().any(|(_, artifact)| artifact.matches(path))
        })
    }

    /// Opens several bundles of the same Mac as one (`--bundle server/ --bundle odc.zip`): see
    /// [`Bundle::merge`]. One path is [`Registry::open_bundle`].
    ///
    /// # Errors
    /// [`BundleError`] when one of them cannot be read at all or is a broken archive.
    pub fn open_bundles<P: AsRef<Path>>(&self, paths: &[P]) -> Result<Bundle, BundleError> {
        match paths {
            [one] => self.open_bundle(one),
            _ => {
                let bundles = paths
                    .iter()
                    .map(|path| self.open_bundle(path))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Bundle::merge(bundles))
            }
        }
    }

    /// The subject of a diagnosis of `bundle`: what the caller asks for wins, field by field;
    /// then `context.yaml`'s; then what a source reads off the artifacts (a one-Mac bundle's
    /// serial).
    pub fn subject(&self, bundle: &Bundle, asked: &Subject) -> Subject {
        self.subject_with(bundle, read_context(bundle.artifacts()).as_ref(), asked)
    }

    /// [`Registry::subject`] with the bundle's `context.yaml` already read.
    fn subject_with(&self, bundle: &Bundle, context: Option<&Context>, asked: &Subject) -> Subject {
        let context = context.map(|context| &context.subject);
        let hinted = || {
            self.sources()
                .map(|source| source.subject_hint(bundle.artifacts()))
                .fold(Subject::default(), |found, hint| Subject {
                    serial: found.serial.or(hint.serial),
                    user: found.user.or(hint.user),
                })
        };
        let serial = asked
            .serial
            .clone()
            .or_else(|| context.and_then(|subject| subject.serial.clone()))
            .or_else(|| hinted().serial);
        let user = asked
            .user
            .clone()
            .or_else(|| context.and_then(|subject| subject.user.clone()))
            .or_else(|| hinted().user);
        Subject { serial, user }
    }

    /// Collects the evidence of `bundle` about the subject asked for (completed as
    /// [`Registry::subject`] says) with every source. The "now" of the diagnosis is the
    /// context's `observed_at`, else the manifest's `collected_at`, else `now`, else the clock.
    ///
    /// The one-Mac `mac/` folder of a bundle is the Mac of `context.yaml`'s subject: when a
    /// serial number is asked for and `context.yaml` names another one, the folder is not read,
    /// and a problem says so; the Mac's `mac/<serial>/` folder is read when there is one. When
    /// `context.yaml` names no serial (an IntuneMacODC zip, a bundle made by hand), the serial
    /// asked for is the only word on whose Mac it is, and the folder is read as that Mac's.
    ///
    /// Every line of every lines fact is kept: see [`Registry::collect_with`] to keep only the
    /// lines a consumer needs.
    pub fn collect(&self, bundle: &Bundle, asked: &Subject, now: Option<Timestamp>) -> Collected {
        self.collect_with(bundle, asked, now, &EveryLine)
    }

    /// [`Registry::collect`], keeping of each lines fact only the lines `needs` asks for (a
    /// compiled rule pack's needs, say): the others are read and counted, never held, so that a
    /// bundle's logs are read in the same small memory whatever their size. Every other fact is
    /// the same as [`Registry::collect`] gives.
    pub fn collect_with(
        &self,
        bundle: &Bundle,
        asked: &Subject,
        now: Option<Timestamp>,
        needs: &dyn LineNeeds,
    ) -> Collected {
        let context = read_context(bundle.artifacts());
        let subject = self.subject_with(bundle, context.as_ref(), asked);
        let (observed_at, time, collected_at) = diagnosis_time(bundle, context.as_ref(), now);
        let mut evidence = Evidence::builder()
            .subject(subject.clone())
            .observed_at(observed_at)
            .build();
        for problem in bundle.problems() {
            evidence.add_problem(problem.clone());
        }
        let view = self.without_others_mac(bundle, context.as_ref(), asked, &mut evidence);
        let artifacts: &dyn ArtifactSource = match &view {
            Some(view) => view,
            None => bundle.artifacts(),
        };
        let input = CollectInput {
            artifacts,
            subject: &subject,
            collected_at: collected_at.as_ref(),
            lines: needs,
        };
        for source in self.sources() {
            source.collect(&input, &mut evidence);
        }
        Collected { evidence, time }
    }

    /// The bundle's artifacts without the one-Mac `mac/` folder, when the serial asked for is
    /// not `context.yaml`'s subject (a problem in `out` then says so); `None` when nothing is
    /// hidden.
    fn without_others_mac<'b>(
        &self,
        bundle: &'b Bundle,
        context: Option<&Context>,
        asked: &Subject,
        out: &mut Evidence,
    ) -> Option<View<'b>> {
        let asked = asked
            .serial
            .as_deref()
            .map(str::trim)
            .filter(|serial| !serial.is_empty())?;
        let device = self.get(DeviceSource.name())?;
        let specs = device.artifacts();
        let paths = bundle.artifacts().paths();
        let folders = MacFolders::new(&paths, device.folder(), |path| {
            specs.iter().any(|spec| spec.matches(path))
        });
        if folders.direct.is_empty() {
            return None;
        }
        let owner = context
            .and_then(|context| context.subject.serial.as_deref())
            .filter(|owner| !owner.trim().is_empty())?;
        if owner.trim().eq_ignore_ascii_case(asked) {
            return None;
        }
        let message = format!(
            "the folder {} holds the artifacts of the Mac {owner} of context.yaml, not of {asked}: they are not read",
            device.folder()
        );
        out.add_problem(CollectionProblem::new(
            device.name(),
            device.folder(),
            message,
        ));
        let hidden: HashSet<&String> = folders.direct.iter().collect();
        let kept = paths
            .iter()
            .filter(|path| !hidden.contains(path))
            .cloned()
            .collect();
        Some(View::new(bundle.artifacts(), kept))
    }
}

/// The "now" of a diagnosis of `bundle` and where it came from (`context`'s `observed_at`,
/// else the manifest's `collected_at`, else `now`, else the clock), and the time the artifacts
/// were collected at, with its offset, when known.
pub(crate) fn diagnosis_time(
    bundle: &Bundle,
    context: Option<&Context>,
    now: Option<Timestamp>,
) -> (Timestamp, TimeSource, Option<Zoned>) {
    let context_observed_at = context
        .and_then(|context| context.observed_at.as_deref())
        .and_then(|text| parse_zoned(text).ok());
    let (observed_at, time) = match (&context_observed_at, bundle.collected_at(), now) {
        (Some(at), _, _) => (at.timestamp(), TimeSource::Context),
        (None, Some(at), _) => (at.timestamp(), TimeSource::Manifest),
        (None, None, Some(at)) => (at, TimeSource::Given),
        (None, None, None) => (Timestamp::now(), TimeSource::Clock),
    };
    let collected_at = bundle.collected_at().cloned().or(context_observed_at);
    (observed_at, time, collected_at)
}
