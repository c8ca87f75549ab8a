//! # jamf-triage-bundle
//!
//! Reads a bundle of raw artifacts (a directory, or a `.zip` of one) in the layout the
//! collectors expect: the manifest (`collected_at`, which dates the Mac's local-time logs), the
//! admin's `context.yaml` (turned into `context.*` facts), the subject (which Mac and user), and
//! the time of the diagnosis.
//!
//! ```no_run
//! use jamf_triage_bundle::Bundle;
//! use jamf_triage_core::Subject;
//!
//! let bundle = Bundle::open("examples/bundles/healthy")?;
//! let subject = bundle.subject(&Subject::default());
//! let (now, _source) = bundle.observed_at(None);
//! let evidence = bundle.collect(&[], &subject, now);
//! println!("{} facts", evidence.fact_count());
//! # Ok::<(), jamf_triage_bundle::BundleError>(())
//! ```

mod bundle;
mod context;
mod dir;
mod manifest;
mod writer;
mod zip;

pub use bundle::{Bundle, BundleError, MANIFEST_PATH, TimeSource};
pub use context::{Affected, CONTEXT_PATH, Context, ContextCollector, Reported, ReportedMessage};
pub use dir::DirArtifacts;
pub use manifest::Manifest;
pub use writer::{BundleWriter, WriteError};
pub use zip::{DEFAULT_MAX_UNCOMPRESSED, ZipArtifacts, ZipError};
