//! `application`: an app registration, with its client secrets.

use serde::Deserialize;

/// A record of `GET /applications`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// The application (client) id.
    pub app_id: Option<String>,
    /// Its client secrets (their `secretText` is never read).
    pub password_credentials: Option<Vec<PasswordCredential>>,
}

/// A `passwordCredential`: one client secret, without its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordCredential {
    /// When it stops being valid (RFC 3339 text).
    pub end_date_time: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::{parse_entity, parse_list};

    #[test]
    fn reads_secrets_without_their_text() {
        let list = parse_list::<Application>(
            r#"{"value": [{"appId": "a1", "passwordCredentials": [{"displayName": "Jamf Pro", "endDateTime": "2025-10-12T07:52:22.9190002Z", "hint": "vR9", "secretText": null}]}, {"appId": "a2", "passwordCredentials": null}]}"#,
        )
        .expect("list");
        let secrets = list.records[0]
            .item
            .password_credentials
            .as_deref()
            .unwrap_or_default();
        assert_eq!(
            secrets[0].end_date_time.as_deref(),
            Some("2025-10-12T07:52:22.9190002Z")
        );
        assert_eq!(list.records[1].item.password_credentials, None);
        let added: PasswordCredential = parse_entity(
            r#"{"endDateTime": "2021-09-09T19:50:29.3086381Z", "secretText": "s3cr3t"}"#,
        )
        .expect("credential");
        assert!(!format!("{added:?}").contains("s3cr3t"));
    }
}
