//! A bundle holding several Macs, under `mac/<serial>/`: the subject's serial says which one.

use jamf_triage_evidence::{ArtifactSource, MemoryArtifacts, Subject};

use crate::support;

/// Two Macs: the healthy one as `C02AAA0001`, the one whose user opened Company Portal by hand
/// as `C02BBB0002`.
fn two_macs() -> MemoryArtifacts {
    let mut artifacts = MemoryArtifacts::new();
    artifacts.insert("manifest.yaml", "collected_at: 2024-06-18T11:10:00+02:00\n");
    for (name, serial) in [
        ("healthy", "C02AAA0001"),
        ("portal-opened-directly", "C02BBB0002"),
    ] {
        let bundle = support::example(name);
        for path in bundle.paths() {
            if let Some(rest) = path.strip_prefix("mac/") {
                artifacts.insert(
                    format!("mac/{serial}/{rest}"),
                    support::read(&bundle, &path).expect("bytes"),
                );
            }
        }
    }
    artifacts
}

fn subject(serial: &str) -> Subject {
    Subject {
        serial: Some(serial.to_owned()),
        user: None,
    }
}

#[test]
fn the_subjects_serial_picks_its_directory() {
    let artifacts = two_macs();
    let at = support::collected_at(&artifacts);
    let evidence = support::collect(&artifacts, &subject("C02BBB0002"), at.as_ref());
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    support::assert_declared(&evidence);
    for (name, fact) in evidence.facts() {
        assert!(
            fact.provenance.artifact.starts_with("mac/C02BBB0002/"),
            "{name}: {}",
            fact.provenance
        );
    }
    // The portal Mac has no jamfAAD prefs, and its own workplace-join certificate.
    assert!(evidence.get("device.jamfaad.have_azure_id").is_none());
    assert_eq!(
        support::value(&evidence, "device.keychain.wpj_device_ids").as_deref(),
        Some("bc4b966c-d6f2-478e-acf3-d9433fd076e3")
    );
    let Some(jamf_triage_evidence::FactValue::Lines(portal)) = evidence
        .get("device.company_portal.log")
        .map(|fact| &fact.value)
    else {
        panic!("Company Portal lines")
    };
    assert!(
        portal
            .iter()
            .all(|line| line.artifact.starts_with("mac/C02BBB0002/company-portal/"))
    );

    let other = support::collect(&artifacts, &subject("C02AAA0001"), at.as_ref());
    assert_eq!(
        support::value(&other, "device.jamfaad.have_azure_id").as_deref(),
        Some("true")
    );
}

#[test]
fn without_a_serial_nothing_is_read_from_several_macs() {
    let artifacts = two_macs();
    for subject in [Subject::default(), subject("C02ZZZ9999")] {
        let evidence = support::collect(&artifacts, &subject, None);
        assert_eq!(evidence.fact_count(), 0);
        let problems: Vec<_> = evidence
            .problems()
            .iter()
            .map(|p| p.path.as_str())
            .collect();
        assert_eq!(problems, ["mac/"], "{subject:?}");
    }
}

#[test]
fn a_one_mac_bundle_is_read_whatever_the_serial() {
    let bundle = support::example("healthy");
    let at = support::collected_at(&bundle);
    let evidence = support::collect(&bundle, &subject("C02XK1ABJGH5"), at.as_ref());
    assert_eq!(evidence, support::collect_bundle(&bundle));
}

#[test]
fn the_only_serial_directory_hints_the_subject() {
    use jamf_triage_collector_device::DeviceSource;
    use jamf_triage_evidence::Source;

    assert_eq!(DeviceSource.subject_hint(&two_macs()), Subject::default());
    let mut one = MemoryArtifacts::new();
    for path in two_macs().paths() {
        if path.starts_with("mac/C02BBB0002/") {
            one.insert(
                path.clone(),
                support::read(&two_macs(), &path).expect("bytes"),
            );
        }
    }
    assert_eq!(DeviceSource.subject_hint(&one), subject("C02BBB0002"));
    assert_eq!(
        DeviceSource.subject_hint(&support::example("healthy")),
        Subject::default()
    );
}
