//! # jamf-triage-bundle
//!
//! Bundle layouts: a directory of raw artifacts, a `.zip` of one, or an IntuneMacODC zip
//! ([`OdcArtifacts`]), read as an
//! [`ArtifactSource`](jamf_triage_evidence::ArtifactSource) whose artifacts open as streams, with
//! the bundle's own manifest (`collected_at`, which dates the Mac's local-time logs, and what live
//! collection could not collect); and [`BundleWriter`], which live collection writes through.
//!
//! A bundle knows layouts, not sources: which folder holds what, and what it means, is each
//! source's artifact table. A new layout is a new [`ArtifactSource`](jamf_triage_evidence::ArtifactSource)
//! here; no source changes.
//!
//! ```no_run
//! use jamf_triage_bundle::Bundle;
//! use jamf_triage_evidence::ArtifactSource;
//!
//! let bundle = Bundle::open("examples/bundles/healthy", &["mac", "jamf-pro", "graph"])?;
//! println!("{} artifacts, collected at {:?}", bundle.artifacts().paths().len(), bundle.collected_at());
//! # Ok::<(), jamf_triage_bundle::BundleError>(())
//! ```

mod bundle;
mod dir;
mod manifest;
mod merged;
pub mod odc;
mod writer;
mod zip;

pub use bundle::{Bundle, BundleError, MANIFEST_PATH};
pub use dir::{DirArtifacts, open_regular_file};
pub use manifest::Manifest;
pub use merged::MergedArtifacts;
pub use odc::OdcArtifacts;
pub use writer::{BundleWriter, WriteError};
pub use zip::{DEFAULT_MAX_UNCOMPRESSED, MAX_RATIO, RATIO_FLOOR, ZipArtifacts, ZipError};
