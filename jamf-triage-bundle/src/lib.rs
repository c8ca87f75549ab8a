//! # jamf-triage-bundle
//!
//! Reads a bundle of raw artifacts (a directory, or a `.zip` of one) for the collectors.

mod dir;

pub use dir::DirArtifacts;
