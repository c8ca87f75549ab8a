//! Names for the well-known ids a report shows: Microsoft Graph and Intune app roles, Microsoft
//! service plans and first-party application ids. The text and Markdown reports show the name
//! (`Directory.Read.All`) where the evidence holds the id; the JSON report keeps the id.
//!
//! Sources:
//! - app roles: Microsoft Graph permissions reference,
//!   <https://learn.microsoft.com/graph/permissions-reference> (the application permission ids),
//!   and Intune's `update_device_attributes` as the Jamf Pro integration documents it
//!   (<https://learn.microsoft.com/intune/intune-service/protect/conditional-access-integrate-jamf>);
//! - service plans: "Product names and service plan identifiers for licensing",
//!   <https://learn.microsoft.com/entra/identity/users/licensing-service-plan-reference>;
//! - application ids: "Verify first-party Microsoft applications in sign-in reports",
//!   <https://learn.microsoft.com/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in>,
//!   and the Device Compliance apps of Jamf's documentation
//!   (<https://learn.jamf.com/en-US/bundle/jamf-pro-documentation-current/page/Device_Compliance_Integration.html>).

/// `(id, name)`, ids in lowercase.
const NAMES: &[(&str, &str)] = &[
    // Microsoft Graph application permissions (app roles).
    ("7ab1d382-f21e-4acd-a863-ba3e13f7da61", "Directory.Read.All"),
    (
        "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
        "Directory.ReadWrite.All",
    ),
    (
        "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
        "Application.Read.All",
    ),
    (
        "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
        "Application.ReadWrite.All",
    ),
    ("df021288-bdef-4463-88db-98f22de89214", "User.Read.All"),
    ("7438b122-aefc-4978-80ed-43db9fcc7715", "Device.Read.All"),
    ("5b567255-7703-4780-807c-7be8301ae99b", "Group.Read.All"),
    // Microsoft Graph delegated permission (the default one of a new app registration).
    ("e1fe6dd8-ba31-4d61-89e7-88639da4683d", "User.Read"),
    // Windows Azure Active Directory (Azure AD Graph) application permission.
    (
        "3afa6a7d-9b1a-42eb-948e-1650a849e176",
        "Application.Read.All (Azure AD Graph)",
    ),
    // Microsoft Intune API application permission.
    (
        "7b3c62c0-bbe4-4ceb-971b-ecc50a191b3e",
        "update_device_attributes",
    ),
    // Service plans.
    ("c1ec4a95-1f05-45b3-a911-aa3fa01094f5", "INTUNE_A"),
    ("41781fb2-bc02-4b7c-bd55-b576c07bb09d", "AAD_PREMIUM"),
    ("eec0eb4f-6444-4f95-aba0-50c24d67f998", "AAD_PREMIUM_P2"),
    // First-party and Device Compliance application ids.
    ("00000003-0000-0000-c000-000000000000", "Microsoft Graph"),
    (
        "00000002-0000-0000-c000-000000000000",
        "Windows Azure Active Directory",
    ),
    ("0000000a-0000-0000-c000-000000000000", "Microsoft Intune"),
    (
        "b03c10a8-71c7-45f9-b44a-3335ab76e970",
        "User registration for Device Compliance",
    ),
    (
        "dcf07df3-346f-4f0e-b803-c1f0ea0fb5ae",
        "User registration for Device Compliance (GCC High)",
    ),
];

/// The name of a well-known id, any case.
pub(crate) fn name_of(id: &str) -> Option<&'static str> {
    let id = id.trim();
    if id.len() != 36 {
        return None;
    }
    NAMES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(id))
        .map(|&(_, name)| name)
}

/// The text with every well-known id in it replaced by its name (`Microsoft Graph:7ab1…` gives
/// `Microsoft Graph:Directory.Read.All`).
pub(crate) fn named(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() < 36 {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = next_id(rest) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let (id, after) = from.split_at(36);
        match name_of(id) {
            Some(name) => {
                out.push_str(name);
                changed = true;
            }
            None => out.push_str(id),
        }
        rest = after;
    }
    if !changed {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Whether the text is one GUID.
pub(crate) fn is_id(text: &str) -> bool {
    text.len() == 36 && next_id(text) == Some(0)
}

/// Where the next GUID-shaped run of 36 characters starts.
fn next_id(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len().checked_sub(35)?).find(|&start| {
        bytes.get(start..start + 36).is_some_and(|run| {
            run.iter().enumerate().all(|(index, byte)| match index {
                8 | 13 | 18 | 23 => *byte == b'-',
                _ => byte.is_ascii_hexdigit(),
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_named_wherever_they_stand() {
        assert_eq!(
            name_of("7AB1D382-F21E-4ACD-A863-BA3E13F7DA61"),
            Some("Directory.Read.All")
        );
        assert_eq!(
            named("Microsoft Graph:7ab1d382-f21e-4acd-a863-ba3e13f7da61"),
            "Microsoft Graph:Directory.Read.All"
        );
        let unknown = "55fe01d6-a4c3-41ed-8511-5ad0d7b64315";
        assert_eq!(named(unknown), unknown);
        assert_eq!(named("short"), "short");
    }

    #[test]
    fn every_id_is_lowercase_and_well_formed() {
        for (id, name) in NAMES {
            assert_eq!(next_id(id), Some(0), "{id}");
            assert_eq!(*id, id.to_lowercase(), "{id}");
            assert!(!name.is_empty());
        }
    }
}
