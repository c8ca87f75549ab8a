//! The example bundles: every fact they give, snapshotted, and declared by the source.

use jamf_triage_evidence::Subject;

use crate::support::{self, EXAMPLES};

#[test]
fn example_bundles_snapshot() {
    for name in EXAMPLES {
        let bundle = support::example(name);
        let evidence = support::collect_bundle(&bundle);
        assert!(
            evidence.problems().is_empty(),
            "{name}: {:?}",
            evidence.problems()
        );
        insta::assert_snapshot!(*name, evidence.to_yaml_string());
    }
}

#[test]
fn every_fact_emitted_is_declared_with_its_type() {
    for name in EXAMPLES {
        support::assert_declared(&support::collect_bundle(&support::example(name)));
    }
}

/// Every declared fact comes out of an example bundle, or (for a Mac none of the examples is:
/// one registered through Platform SSO) out of the real-shape sample beside the tests.
#[test]
fn every_declared_fact_comes_out_of_some_example() {
    let mut seen = std::collections::BTreeSet::new();
    for name in EXAMPLES {
        let evidence = support::collect_bundle(&support::example(name));
        seen.extend(evidence.facts().map(|(fact, _)| fact.to_owned()));
    }
    let mut registered = support::in_memory(&support::example("healthy"));
    registered.insert(
        "mac/app-sso-platform.txt",
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/psso/registered.txt"),
        )
        .expect("sample"),
    );
    // The managed jamfAAD settings no example holds, from the real-format corpus.
    registered.insert(
        "mac/com.jamf.management.jamfAAD.managed.plist",
        support::data("real/jamfAAD-managed.plist"),
    );
    registered.insert(
        "mac/company-portal/real.log",
        support::data("real/company-portal.log"),
    );
    let evidence = support::collect_bundle(&registered);
    seen.extend(evidence.facts().map(|(fact, _)| fact.to_owned()));
    let missing: Vec<_> = support::catalog()
        .iter()
        .map(|spec| spec.name.clone())
        .filter(|name| !seen.contains(name))
        .collect();
    assert!(missing.is_empty(), "never emitted: {missing:?}");
}

#[test]
fn the_stories_read_as_told() {
    let duplicate = support::collect_bundle(&support::example("duplicate-registration"));
    let ids = support::value(&duplicate, "device.keychain.wpj_device_ids").unwrap_or_default();
    assert_eq!(
        ids.split(", ").count(),
        2,
        "two workplace-join certificates: {ids}"
    );

    let portal = support::collect_bundle(&support::example("portal-opened-directly"));
    assert_eq!(
        support::value(&portal, "device.jamfaad.have_azure_id"),
        None,
        "no jamfAAD prefs"
    );
    assert_eq!(
        support::value(&portal, "device.keychain.wpj_device_ids").as_deref(),
        Some("bc4b966c-d6f2-478e-acf3-d9433fd076e3"),
        "registered once, by Company Portal opened by hand"
    );

    let healthy = support::collect_bundle(&support::example("healthy"));
    assert_eq!(
        support::value(&healthy, "device.jamfaad.errors_after_last_success").as_deref(),
        Some("0")
    );
    assert_eq!(
        support::value(&healthy, "device.keychain.wpj_key_present").as_deref(),
        Some("true")
    );
}

#[test]
fn without_a_collection_time_lines_come_without_times() {
    let evidence = support::collect(&support::example("healthy"), &Subject::default(), None);
    assert!(evidence.problems().is_empty());
    assert!(evidence.get("device.jamf_log.lines").is_some());
    for timed in [
        "device.jamf_log.last_checkin",
        "device.jamf_log.last_entry",
        "device.jamfaad.last_aad_id_acquired",
    ] {
        assert!(evidence.get(timed).is_none(), "{timed}");
    }
    // The plist's own time is absolute.
    assert!(evidence.get("device.jamfaad.last_token_success").is_some());
    // No error line at all, so none after the success either.
    assert_eq!(
        support::value(&evidence, "device.jamfaad.errors_after_last_success").as_deref(),
        Some("0")
    );
}
