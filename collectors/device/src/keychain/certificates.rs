//! `security find-certificate -a -Z` of the login keychain: the workplace-join certificates,
//! issued by `MS-ORGANIZATION-ACCESS`, whose `alis` is the Entra device id.

use super::items::Item;
use crate::issue::Issue;

/// The issuer of workplace-join certificates.
const WPJ_ISSUER: &str = "MS-ORGANIZATION-ACCESS";

/// The Entra device ids of the workplace-join certificates (each once, in listing order), and
/// the workplace-join certificates without one.
pub(crate) fn wpj_device_ids(items: &[Item]) -> (Vec<String>, Vec<Issue>) {
    let mut ids: Vec<String> = Vec::new();
    let mut issues = Vec::new();
    let issued_by_wpj = |item: &&Item| {
        item.get("issu")
            .is_some_and(|v| v.contains_ignore_case(WPJ_ISSUER))
    };
    for item in items.iter().filter(issued_by_wpj) {
        match item.text("alis") {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => issues.push(Issue::at(
                item.line,
                format!("certificate issued by {WPJ_ISSUER} without an `alis` (device id)"),
            )),
        }
    }
    (ids, issues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keychain::items::split;
    use jamf_triage_evidence::decode_text;

    const WPJ_ISSUER_HEX: &str = "307E31133011060A0992268993F22C64011916034E455431173015060A0992268993F22C640119160757494E444F5753311F301D06035504030C164D532D4F5247414E495A4154494F4E2D414343455353312D302B060355040B0C2438324442414341342D334538312D343643412D394337332D303935304331454143413937";

    fn certificate(alis: &str, issuer: &str) -> String {
        format!(
            "SHA-256 hash: E2\nSHA-1 hash: 20\nkeychain: \"/Users/adele/Library/Keychains/login.keychain-db\"\nversion: 512\nclass: 0x80001000 \nattributes:\n    \"alis\"<blob>={alis}\n    \"issu\"<blob>=0x{issuer}\n"
        )
    }

    #[test]
    fn finds_workplace_join_certificates_once_each() {
        let apple = "307C31303";
        let text = [
            certificate("\"com.apple.idms.appleid.prd.9df5\"", apple),
            certificate("\"0be89650-3d1a-4294-9f9a-80fde57985d4\"", WPJ_ISSUER_HEX),
            certificate("\"7ea9fd51-58c1-4c21-a7cf-668f84418b0c\"", WPJ_ISSUER_HEX),
            certificate("\"0be89650-3d1a-4294-9f9a-80fde57985d4\"", WPJ_ISSUER_HEX),
        ]
        .concat();
        let (ids, issues) = wpj_device_ids(&split(&decode_text(text.as_bytes())));
        assert_eq!(
            ids,
            [
                "0be89650-3d1a-4294-9f9a-80fde57985d4",
                "7ea9fd51-58c1-4c21-a7cf-668f84418b0c"
            ]
        );
        assert!(issues.is_empty());
    }

    #[test]
    fn a_workplace_join_certificate_without_alis_is_an_issue() {
        let text = certificate("<NULL>", WPJ_ISSUER_HEX);
        let (ids, issues) = wpj_device_ids(&split(&decode_text(text.as_bytes())));
        assert!(ids.is_empty());
        assert_eq!(issues.first().and_then(|issue| issue.line), Some(1));
    }
}
