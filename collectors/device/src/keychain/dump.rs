//! `security dump-keychain` of the login keychain (attributes only): the items a Microsoft
//! registration leaves (domain: the article's clean-up list and the community clean-up scripts).

use super::items::Item;

/// The workplace-join key's name.
pub(crate) const WPJ_KEY: &str = "Microsoft Workplace Join Key";

/// Exact names of registration items.
const NAMES: &[&str] = &[
    WPJ_KEY,
    "Microsoft Session Transport Key",
    "com.microsoft.adalcache",
];
/// Name prefixes of registration items (workplace-join passwords, Company Portal items).
const PREFIXES: &[&str] = &[
    "com.microsoft.workplacejoin.",
    "com.microsoft.CompanyPortal",
];
/// Hosts whose items (passwords, identity preferences) a registration leaves.
const HOSTS: &[&str] = &[
    "enterpriseregistration.windows.net",
    "device.login.microsoftonline.com",
];

/// The attributes that name an item, most telling first: a key's print name, the label, the
/// service of a generic password, the server of an internet password.
const NAME_ATTRIBUTES: &[&str] = &["0x00000001", "0x00000007", "labl", "svce", "srvr"];
/// The attributes that may mark an item as a registration's.
const MATCHED_ATTRIBUTES: &[&str] = &["0x00000001", "0x00000007", "labl", "svce", "srvr", "acct"];

fn is_registration_name(name: &str) -> bool {
    NAMES.contains(&name)
        || PREFIXES.iter().any(|prefix| name.starts_with(prefix))
        || HOSTS
            .iter()
            .any(|host| name.to_ascii_lowercase().contains(host))
}

/// The item's name, as Keychain Access shows it.
pub(crate) fn name(item: &Item) -> Option<String> {
    NAME_ATTRIBUTES
        .iter()
        .find_map(|attribute| item.text(attribute))
}

/// The names of the registration items, each once, in listing order.
pub(crate) fn registration_items(items: &[Item]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for item in items {
        let matched = MATCHED_ATTRIBUTES
            .iter()
            .filter_map(|attribute| item.text(attribute))
            .find(|value| is_registration_name(value));
        if let Some(found) = matched {
            let name = name(item).unwrap_or(found);
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// Whether the keychain holds the workplace-join key.
pub(crate) fn has_wpj_key(items: &[Item]) -> bool {
    items
        .iter()
        .any(|item| item.text("0x00000001").as_deref() == Some(WPJ_KEY))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keychain::items::split;
    use jamf_triage_evidence::decode_text;

    fn genp(label: &str, account: &str, service: &str) -> String {
        format!(
            "keychain: \"/Users/adele/Library/Keychains/login.keychain-db\"\nversion: 512\nclass: \"genp\"\nattributes:\n    0x00000007 <blob>={label}\n    \"acct\"<blob>=\"{account}\"\n    \"svce\"<blob>=\"{service}\"\n"
        )
    }

    fn key(class: &str, name: &str) -> String {
        format!(
            "keychain: \"/k\"\nversion: 512\nclass: {class} \nattributes:\n    0x00000000 <uint32>={class} \n    0x00000001 <blob>=\"{name}\"\n    0x00000007 <blob>=<NULL>\n"
        )
    }

    #[test]
    fn names_the_registration_items() {
        let text = [
            genp("\"Chrome Safe Storage\"", "Chrome", "Chrome Safe Storage"),
            key("0x0000000F", WPJ_KEY),
            key("0x00000010", WPJ_KEY),
            key("0x00000010", "Microsoft Session Transport Key"),
            key("0x00000010", "JAMF"),
            genp(
                "\"com.microsoft.workplacejoin.thumbprint\"",
                "com.microsoft.workplacejoin.thumbprint",
                "enterpriseregistration.windows.net",
            ),
            genp(
                "<NULL>",
                "adele@contoso.example",
                "https://enterpriseregistration.windows.net/",
            ),
            genp("\"com.microsoft.CompanyPortalMac.HockeySDK\"", "x", "y"),
            genp(
                "\"com.jamf.management.jamfAAD\"",
                "adele@contoso.example",
                "com.jamf.management.jamfAAD",
            ),
        ]
        .concat();
        let items = split(&decode_text(text.as_bytes()));
        assert_eq!(
            registration_items(&items),
            [
                WPJ_KEY,
                "Microsoft Session Transport Key",
                "com.microsoft.workplacejoin.thumbprint",
                "https://enterpriseregistration.windows.net/",
                "com.microsoft.CompanyPortalMac.HockeySDK",
            ]
        );
        assert!(has_wpj_key(&items));
        assert!(!has_wpj_key(&split(&decode_text(
            genp("\"a\"", "b", "c").as_bytes()
        ))));
    }
}
