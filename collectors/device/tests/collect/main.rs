//! Integration tests of the device collector: the example bundles, text encodings, the year of
//! `jamf.log` lines, bundles holding several Macs, and damaged artifacts.

mod support;

mod encodings;
mod examples;
mod jamfaad;
#[cfg(feature = "live")]
mod live;
mod multi_mac;
mod psso;
mod real;
mod robustness;
mod year_rollover;
