//! The example bundles: their evidence as snapshots (reviewed: each is an assertion), the stories
//! they tell checked by name, and every emitted fact declared with its type.

use jamf_triage_collector_graph::GraphSource;
use jamf_triage_evidence::{FactCatalog, Source};

use crate::support::{BUNDLES, collect, list, open_bundle, subject_of, value};

#[test]
fn snapshots_of_the_example_bundles() {
    for name in BUNDLES {
        let bundle = open_bundle(name);
        let evidence = collect(&bundle, &subject_of(&bundle));
        insta::assert_snapshot!(name, evidence.to_yaml_string());
    }
}

#[test]
fn every_fact_is_declared_with_its_type() {
    let mut catalog = FactCatalog::new();
    catalog.extend(GraphSource.facts()).expect("no duplicates");
    for name in BUNDLES {
        let bundle = open_bundle(name);
        let evidence = collect(&bundle, &subject_of(&bundle));
        assert!(
            evidence.fact_count() > 20,
            "{name}: {} facts",
            evidence.fact_count()
        );
        for (fact, value) in evidence.facts() {
            let spec = catalog
                .get(fact)
                .unwrap_or_else(|| panic!("{name}: `{fact}` is not declared"));
            assert_eq!(spec.fact_type, value.value.fact_type(), "{name}: `{fact}`");
            assert_eq!(value.provenance.collector, "graph");
        }
        assert_eq!(evidence.problems(), [], "{name}: clean bundle");
    }
}

#[test]
fn graph_token_permissions_shows_the_extra_graph_role() {
    let bundle = open_bundle("graph-token-permissions");
    let evidence = collect(&bundle, &subject_of(&bundle));
    assert_eq!(
        value(&evidence, "graph.jamf_app.present").as_deref(),
        Some("true")
    );
    assert_eq!(
        list(&evidence, "graph.jamf_app.role_ids"),
        [
            "7b3c62c0-bbe4-4ceb-971b-ecc50a191b3e",
            "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
            "7ab1d382-f21e-4acd-a863-ba3e13f7da61"
        ]
    );
    assert!(
        list(&evidence, "graph.jamf_app.roles")
            .contains(&"Microsoft Graph:7ab1d382-f21e-4acd-a863-ba3e13f7da61".to_owned())
    );
    let roles = evidence.get("graph.jamf_app.roles").expect("roles");
    assert_eq!(
        roles.provenance.artifact,
        "graph/appRoleAssignments/bca8a9b4-381b-4ab1-a4e9-680e9c594775.json",
        "the assignments of the service principal whose appId is the partner's singleTenantAppId"
    );
}

#[test]
fn duplicate_registration_has_two_intune_records() {
    let bundle = open_bundle("duplicate-registration");
    let evidence = collect(&bundle, &subject_of(&bundle));
    assert_eq!(
        value(&evidence, "graph.intune.record_count").as_deref(),
        Some("2")
    );
    assert_eq!(list(&evidence, "graph.intune.azure_ad_device_ids").len(), 2);
}

#[test]
fn healthy_tenant_is_healthy() {
    let bundle = open_bundle("healthy");
    let evidence = collect(&bundle, &subject_of(&bundle));
    assert_eq!(
        value(&evidence, "graph.partner.state").as_deref(),
        Some("enabled")
    );
    assert_eq!(
        value(&evidence, "graph.connector.admin_consented").as_deref(),
        Some("true")
    );
    assert_eq!(
        value(&evidence, "graph.compliance_policies.macos_device_targets").as_deref(),
        Some("0")
    );
    let plans = list(&evidence, "graph.user.licensed_plans");
    assert!(plans.contains(&"INTUNE_A".to_owned()) && plans.contains(&"AAD_PREMIUM".to_owned()));
}

#[test]
fn portal_opened_directly_is_managed_by_intune_itself() {
    let bundle = open_bundle("portal-opened-directly");
    let evidence = collect(&bundle, &subject_of(&bundle));
    let agents = list(&evidence, "graph.intune.management_agents");
    assert!(
        !agents.is_empty() && !agents.contains(&"jamf".to_owned()),
        "{agents:?}"
    );
}
