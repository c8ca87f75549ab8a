//! Integration tests of the Graph collector: Microsoft's example responses, the example bundles
//! (snapshots of their evidence), tolerance of damaged artifacts, and the fact catalog.

mod bundles;
mod device_compliance;
mod limits;
#[cfg(feature = "test-server")]
mod live;
mod microsoft;
mod robustness;
mod support;
mod tolerance;
