//! Facts derived from the Graph records, one module per area. Each module reads the records it
//! needs and emits its facts with provenance; a fact whose inputs were not collected is absent.

mod apps;
pub(crate) mod conditional_access;
pub(crate) mod devices;
mod partner;
mod policies;
pub(crate) mod user;

use jamf_triage_evidence::{CollectInput, Evidence};

use crate::records::GraphRecords;

/// Emits every fact the records support.
pub(crate) fn emit(graph: &GraphRecords, input: &CollectInput<'_>, out: &mut Evidence) {
    let app_id = partner::emit(graph, out);
    apps::emit(graph, app_id.as_deref(), out);
    devices::emit(graph, input.subject.serial.as_deref(), out);
    user::emit(graph, input.subject.user.as_deref(), out);
    policies::emit(graph, out);
    conditional_access::emit(graph, input.subject.user.as_deref(), out);
}

/// Emits the facts of the subject of `input` but the device ones: a fleet's tenant facts.
pub(crate) fn emit_without_devices(
    graph: &GraphRecords,
    input: &CollectInput<'_>,
    out: &mut Evidence,
) {
    let app_id = partner::emit(graph, out);
    apps::emit(graph, app_id.as_deref(), out);
    user::emit(graph, input.subject.user.as_deref(), out);
    policies::emit(graph, out);
    conditional_access::emit(graph, input.subject.user.as_deref(), out);
}
