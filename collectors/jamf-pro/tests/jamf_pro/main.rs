//! Integration tests of the Jamf Pro collector: the example bundles, the server log, the
//! inventory, and robustness against truncated and garbage artifacts.

mod bundles;
mod device_compliance;
mod inventory;
#[cfg(feature = "test-server")]
mod live;
mod robustness;
mod server_log;
mod support;
#[cfg(feature = "test-server")]
mod tokens;
