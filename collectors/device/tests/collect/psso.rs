//! Platform SSO (`mac/app-sso-platform.txt`) and Company Portal's latest `Device status:` line.
//!
//! `data/psso/registered.txt` has the shape of a public capture of `app-sso platform -s` on a
//! Mac registered through Platform SSO with Company Portal's SSO extension (a GitHub write-up of
//! Microsoft Entra join with Platform SSO, macOS 15, April 2026: `Time:`, the three
//! configuration sections as `"key" : value` objects, then `SSO Tokens:` with `Received:` /
//! `Expiration: ... (Not Expired)`), with Contoso's values. A Mac without Platform SSO prints
//! ` (null)` after each section header, as the scripts that test for it grep.

use jamf_triage_evidence::{ArtifactSource, MemoryArtifacts, Subject};

use crate::support::{self, data};

fn collect(files: &[(&str, &[u8])]) -> jamf_triage_evidence::Evidence {
    let mut artifacts = MemoryArtifacts::new();
    for (path, bytes) in files {
        artifacts.insert(*path, bytes.to_vec());
    }
    support::collect(&artifacts, &Subject::default(), None)
}

#[test]
fn a_platform_sso_registration_is_read_from_its_device_configuration() {
    let evidence = collect(&[("mac/app-sso-platform.txt", &data("psso/registered.txt"))]);
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    assert_eq!(
        support::value(&evidence, "device.psso.registration_completed").as_deref(),
        Some("true")
    );
    assert_eq!(
        support::value(&evidence, "device.psso.sso_extension_configured").as_deref(),
        Some("true")
    );
    let fact = evidence
        .get("device.psso.registration_completed")
        .expect("fact");
    assert_eq!(fact.provenance.line, Some(17));
    support::assert_declared(&evidence);
}

#[test]
fn a_mac_without_platform_sso_is_not_registered_and_its_sso_extension_unknown() {
    let evidence = collect(&[(
        "mac/app-sso-platform.txt",
        b"Time: 2026-11-20 08:12:03 +0000\r\n\r\nDevice Configuration:\r\n (null)\r\n\r\nLogin Configuration:\r\n (null)\r\n\r\nUser Configuration:\r\n (null)\r\n",
    )]);
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    assert_eq!(
        support::value(&evidence, "device.psso.registration_completed").as_deref(),
        Some("false")
    );
    // The Microsoft SSO extension may be deployed without Platform SSO, which is all that
    // `app-sso platform -s` shows: its absence there proves nothing.
    assert_eq!(
        support::value(&evidence, "device.psso.sso_extension_configured"),
        None
    );
}

#[test]
fn a_cut_off_output_is_a_problem_for_that_file_and_the_rest_is_collected() {
    let full = data("psso/registered.txt");
    let cut = &full[..full.len() / 3];
    let mut bundle = support::in_memory(&support::example("healthy"));
    bundle.insert("mac/app-sso-platform.txt", cut.to_vec());
    let evidence = support::collect_bundle(&bundle);
    let paths: Vec<&str> = evidence
        .problems()
        .iter()
        .map(|problem| problem.path.as_str())
        .collect();
    assert_eq!(paths, ["mac/app-sso-platform.txt"]);
    // What the cut output did show is kept; the rest of the Mac is still read.
    assert_eq!(
        support::value(&evidence, "device.psso.sso_extension_configured").as_deref(),
        Some("true")
    );
    assert!(evidence.get("device.jamf_log.lines").is_some());
    assert!(evidence.get("device.keychain.wpj_device_ids").is_some());

    let garbled = collect(&[("mac/app-sso-platform.txt", b"\x00\xFFnot app-sso output\n")]);
    assert_eq!(garbled.problems().len(), 1);
    assert!(garbled.get("device.psso.registration_completed").is_none());
    let listed = bundle.paths();
    assert!(listed.contains(&"mac/jamf.log".to_owned()));
}

#[test]
fn only_the_latest_device_status_counts() {
    // Company Portal log lines in the shape of the portal-opened-directly example's; files are
    // read in name order, so the later file's `Registered` wins.
    let first = b"2024-06-12 09:15:53.541 10.20.36.240 INFO com.microsoft.ssp.enrollment TID=5  DeviceStatusViewController.swift: 118 (refresh()) Device status: Not registered\n";
    let second = b"2024-06-17 16:02:00.876 10.20.36.240 INFO com.microsoft.ssp.enrollment TID=5  DeviceStatusViewController.swift: 118 (refresh()) Device status: Registered\n2024-06-17 16:02:01.002 10.20.36.240 INFO com.microsoft.ssp.enrollment TID=5  SomethingElse.swift: 12 done\n";
    let evidence = collect(&[
        (
            "mac/company-portal/com.microsoft.CompanyPortalMac_2024-06-17.log",
            second,
        ),
        (
            "mac/company-portal/com.microsoft.CompanyPortalMac_2024-06-12.log",
            first,
        ),
    ]);
    let fact = evidence
        .get("device.company_portal.latest_device_status")
        .expect("status");
    assert_eq!(fact.value.to_string(), "Registered");
    assert_eq!(
        (fact.provenance.artifact.as_str(), fact.provenance.line),
        (
            "mac/company-portal/com.microsoft.CompanyPortalMac_2024-06-17.log",
            Some(1)
        )
    );
    let none = collect(&[(
        "mac/company-portal/Company Portal.log",
        b"2024-06-17 16:02:01.002 INFO nothing about status\n",
    )]);
    assert!(
        none.get("device.company_portal.latest_device_status")
            .is_none()
    );
}
