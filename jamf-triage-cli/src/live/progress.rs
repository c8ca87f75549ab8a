//! Progress bars, one per source, on a terminal (silent elsewhere, with `--quiet`, and with
//! `--verbose`, whose log lines they would garble); and the sink each source writes through.

use std::io::IsTerminal as _;
use std::sync::{Mutex, PoisonError};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use jamf_triage_bundle::BundleWriter;
use jamf_triage_core::evidence::{ArtifactError, ArtifactSink, CollectionFailure};

/// The bars of one collection.
#[derive(Debug)]
pub struct Bars {
    multi: MultiProgress,
}

impl Bars {
    /// Bars drawn on standard error when `show` and it is a terminal; hidden otherwise.
    pub fn new(show: bool) -> Self {
        let target = if show && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Self {
            multi: MultiProgress::with_draw_target(target),
        }
    }

    /// A bar for `source`.
    pub fn bar(&self, source: &str) -> ProgressBar {
        let style = ProgressStyle::with_template("{prefix:>9} [{bar:30}] {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bar = self.multi.add(ProgressBar::new(0).with_style(style));
        bar.set_prefix(source.to_owned());
        bar
    }
}

/// What one source writes through: the shared bundle writer, and its bar.
pub struct SourceSink<'a> {
    writer: &'a Mutex<BundleWriter>,
    bar: ProgressBar,
    failed: usize,
    /// The parts written of the artifact being appended to (its pages).
    parts: u64,
}

impl<'a> SourceSink<'a> {
    /// A sink into `writer` that moves `bar`.
    pub fn new(writer: &'a Mutex<BundleWriter>, bar: ProgressBar) -> Self {
        Self {
            writer,
            bar,
            failed: 0,
            parts: 0,
        }
    }

    /// Ends the bar, saying how many artifacts failed.
    pub fn finish(self) {
        let message = match self.failed {
            0 => "done".to_owned(),
            failed => format!("done, {failed} failed"),
        };
        self.bar.finish_with_message(message);
    }
}

impl ArtifactSink for SourceSink<'_> {
    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), ArtifactError> {
        self.bar.set_message(path.to_owned());
        self.bar.inc(1);
        self.parts = 1;
        self.writer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .put(path, bytes)
    }

    fn replace_end(&mut self, path: &str, cut: u64, bytes: &[u8]) -> Result<(), ArtifactError> {
        self.parts += 1;
        self.bar
            .set_message(format!("{path}: page {parts}", parts = self.parts));
        self.writer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace_end(path, cut, bytes)
    }

    fn fail(&mut self, failure: CollectionFailure) {
        self.failed += 1;
        self.bar.set_message(format!("{} failed", failure.path));
        self.bar.inc(1);
        self.writer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .fail(failure);
    }

    fn expect(&mut self, more: u64) {
        self.bar.inc_length(more);
    }
}
