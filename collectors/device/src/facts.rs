//! The facts this source declares, each name spelled once: a typed key per fact, documented by
//! its meaning (the catalog text rules and users see). Provided by [`DeviceSource`](crate::DeviceSource)
//! from the Mac's artifacts under `mac/` (or `mac/<serial>/`).

use jamf_triage_evidence::Lines;
use jiff::Timestamp;

jamf_triage_evidence::declare_facts! {
    /// macOS version (sw_vers ProductVersion)
    #[label(en = "macOS version", pt_PT = "Versão do macOS", zh_CN = "macOS 版本")]
    pub const OS_VERSION: String = "device.os.version";
    /// macOS build (sw_vers BuildVersion)
    #[label(en = "macOS build", pt_PT = "Compilação do macOS", zh_CN = "macOS 内部版本")]
    pub const OS_BUILD: String = "device.os.build";
    /// jamf.log entries (message part after `jamf[pid]: `, continuation lines appended to their entry with ` | `)
    #[label(en = "jamf.log on the Mac", pt_PT = "jamf.log no Mac", zh_CN = "Mac 上的 jamf.log")]
    pub const JAMF_LOG_LINES: Lines = "device.jamf_log.lines";
    /// time of the last `Checking for policies triggered by "recurring check-in"` line in jamf.log (year from collected_at)
    #[label(en = "Last recurring check-in in jamf.log", pt_PT = "Último check-in periódico em jamf.log", zh_CN = "jamf.log 中最近一次定期签入")]
    pub const JAMF_LOG_LAST_CHECKIN: Timestamp = "device.jamf_log.last_checkin";
    /// time of the last entry in jamf.log
    #[label(en = "Last entry in jamf.log", pt_PT = "Última entrada em jamf.log", zh_CN = "jamf.log 中的最后一条记录")]
    pub const JAMF_LOG_LAST_ENTRY: Timestamp = "device.jamf_log.last_entry";
    /// jamfAAD unified-log lines (log show in its compact, default or syslog style, or lines copied from Console), header lines skipped, text as printed
    #[label(en = "jamfAAD log", pt_PT = "Registo de eventos do jamfAAD", zh_CN = "jamfAAD 日志")]
    pub const JAMFAAD_LOG: Lines = "device.jamfaad.log";
    /// jamfAAD unified-log lines of type error or fault (`E`/`F` compact, `Error`/`Fault` default style, `<Error>`/`<Fault>` syslog style, `error`/`fault` Console)
    #[label(en = "jamfAAD errors", pt_PT = "Erros do jamfAAD", zh_CN = "jamfAAD 错误")]
    pub const JAMFAAD_ERRORS: Lines = "device.jamfaad.errors";
    /// time of the last `AAD ID acquired` line in the jamfAAD log
    #[label(en = "Last time jamfAAD acquired the Entra ID", pt_PT = "Última vez que o jamfAAD obteve o ID do Entra", zh_CN = "jamfAAD 最近一次获得 Entra ID 的时间")]
    pub const JAMFAAD_LAST_AAD_ID_ACQUIRED: Timestamp = "device.jamfaad.last_aad_id_acquired";
    /// useWKWebView of the managed domain com.jamf.management.jamfAAD (a configuration profile, Jamf Pro 10.38+)
    #[label(en = "jamfAAD uses WKWebView (managed setting)", pt_PT = "jamfAAD utiliza WKWebView (definição gerida)", zh_CN = "jamfAAD 使用 WKWebView（托管设置）")]
    pub const JAMFAAD_MANAGED_USE_WKWEBVIEW: bool = "device.jamfaad.managed.use_wkwebview";
    /// tokenRetryCount of the managed domain com.jamf.management.jamfAAD (how many times jamfAAD retries a token)
    #[label(en = "jamfAAD token retries (managed setting)", pt_PT = "Tentativas de token do jamfAAD (definição gerida)", zh_CN = "jamfAAD 令牌重试次数（托管设置）")]
    pub const JAMFAAD_MANAGED_TOKEN_RETRY_COUNT: i64 = "device.jamfaad.managed.token_retry_count";
    /// tokenRetryWaitTime (or tokenRetryWait) of the managed domain com.jamf.management.jamfAAD, in seconds between token retries
    #[label(en = "jamfAAD wait between token retries (managed setting)", pt_PT = "Espera entre tentativas de token do jamfAAD (definição gerida)", zh_CN = "jamfAAD 令牌重试间隔（托管设置）")]
    pub const JAMFAAD_MANAGED_TOKEN_RETRY_WAIT: i64 = "device.jamfaad.managed.token_retry_wait";
    /// have_an_Azure_id in the user's com.jamf.management.jamfAAD.plist (false once jamfAAD has deactivated)
    #[label(en = "jamfAAD holds an Entra ID", pt_PT = "O jamfAAD tem um ID do Entra", zh_CN = "jamfAAD 已获得 Entra ID")]
    pub const JAMFAAD_HAVE_AZURE_ID: bool = "device.jamfaad.have_azure_id";
    /// last_aad_token_timestamp in the user's com.jamf.management.jamfAAD.plist (absent when 0 or missing)
    #[label(en = "Last Entra token in jamfAAD's settings", pt_PT = "Último token do Entra nas definições do jamfAAD", zh_CN = "jamfAAD 设置中最近的 Entra 令牌时间")]
    pub const JAMFAAD_LAST_TOKEN_AT: Timestamp = "device.jamfaad.last_token_at";
    /// the last successful Entra token, last_aad_token_timestamp if set, else the last `AAD ID acquired` line
    #[label(en = "Last successful Entra token", pt_PT = "Último token do Entra obtido com êxito", zh_CN = "最近一次成功获取 Entra 令牌的时间")]
    pub const JAMFAAD_LAST_TOKEN_SUCCESS: Timestamp = "device.jamfaad.last_token_success";
    /// number of jamfAAD error/fault lines after the last successful token (absent when no success is known)
    #[label(en = "jamfAAD errors since the last token", pt_PT = "Erros do jamfAAD desde o último token", zh_CN = "上次获取令牌后的 jamfAAD 错误数")]
    pub const JAMFAAD_ERRORS_AFTER_LAST_SUCCESS: i64 = "device.jamfaad.errors_after_last_success";
    /// Company Portal log lines from every file under mac/company-portal/, files in name order
    #[label(en = "Company Portal log", pt_PT = "Registo de eventos do Portal da Empresa", zh_CN = "公司门户日志")]
    pub const COMPANY_PORTAL_LOG: Lines = "device.company_portal.log";
    /// Company Portal log lines whose level is ERROR (or FAULT), files in name order
    #[label(en = "Company Portal errors", pt_PT = "Erros do Portal da Empresa", zh_CN = "公司门户错误")]
    pub const COMPANY_PORTAL_ERRORS: Lines = "device.company_portal.errors";
    /// time of the latest ERROR (or FAULT) line in the Company Portal logs (the Mac's local time, offset from collected_at)
    #[label(en = "Last Company Portal error", pt_PT = "Último erro do Portal da Empresa", zh_CN = "上次公司门户错误时间")]
    pub const COMPANY_PORTAL_LAST_ERROR_AT: Timestamp = "device.company_portal.last_error_at";
    /// the value of the latest `Device status:` line in the Company Portal logs (e.g. `Registered`, `Not registered`), files in name order, last line wins
    #[label(en = "Latest device status in Company Portal", pt_PT = "Último estado do dispositivo no Portal da Empresa", zh_CN = "公司门户中最新的设备状态")]
    pub const COMPANY_PORTAL_LATEST_DEVICE_STATUS: String = "device.company_portal.latest_device_status";
    /// `app-sso platform -s` says `"registrationCompleted" : true` in its Device or User Configuration (false when those sections are `(null)` or say false; absent when they do not have the key)
    #[label(en = "Platform SSO registration completed", pt_PT = "Registo do dispositivo no Platform SSO concluído", zh_CN = "平台 SSO 注册已完成")]
    pub const PSSO_REGISTRATION_COMPLETED: bool = "device.psso.registration_completed";
    /// `app-sso platform -s` names `"extensionIdentifier" : "com.microsoft.CompanyPortalMac.ssoextension"` (never false: the command shows Platform SSO only, and the extension may be deployed without it, so its absence there is unknown)
    #[label(en = "Microsoft Enterprise SSO extension configured", pt_PT = "Extensão SSO Empresarial da Microsoft configurada", zh_CN = "已配置 Microsoft 企业 SSO 扩展")]
    pub const PSSO_SSO_EXTENSION_CONFIGURED: bool = "device.psso.sso_extension_configured";
    /// `alis` (Entra device id) of every login-keychain certificate issued by MS-ORGANIZATION-ACCESS
    #[label(en = "Entra ids of the keychain's Workplace Join certificates", pt_PT = "IDs do Entra dos certificados Workplace Join", zh_CN = "钥匙串 Workplace Join 证书中的 Entra 设备 ID")]
    pub const KEYCHAIN_WPJ_DEVICE_IDS: Vec<String> = "device.keychain.wpj_device_ids";
    /// the login keychain holds a key named `Microsoft Workplace Join Key`
    #[label(en = "Workplace Join key in the login keychain", pt_PT = "Chave Workplace Join no porta-chaves de sessão", zh_CN = "登录钥匙串中的 Workplace Join 密钥")]
    pub const KEYCHAIN_WPJ_KEY_PRESENT: bool = "device.keychain.wpj_key_present";
    /// names of login-keychain items left by a registration (Workplace Join and Session Transport keys, com.microsoft.workplacejoin.*, enterpriseregistration.windows.net, Company Portal)
    #[label(en = "Microsoft items in the login keychain", pt_PT = "Itens da Microsoft no porta-chaves de sessão", zh_CN = "登录钥匙串中的 Microsoft 项目")]
    pub const KEYCHAIN_MICROSOFT_ITEMS: Vec<String> = "device.keychain.microsoft_items";
    /// profiles status says MDM enrollment Yes
    #[label(en = "Enrolled in MDM", pt_PT = "Inscrito na MDM", zh_CN = "已进行 MDM 登记")]
    pub const MDM_ENROLLED: bool = "device.mdm.enrolled";
    /// profiles status says MDM enrollment Yes (User Approved)
    #[label(en = "MDM enrollment approved by the user", pt_PT = "Inscrição na MDM aprovada pelo utilizador", zh_CN = "用户已批准 MDM 登记")]
    pub const MDM_USER_APPROVED: bool = "device.mdm.user_approved";
    /// profiles status says Enrolled via DEP Yes
    #[label(en = "Enrolled through Automated Device Enrollment", pt_PT = "Inscrito através da Inscrição Automática de Dispositivos", zh_CN = "通过自动设备登记进行 MDM 登记")]
    pub const MDM_DEP: bool = "device.mdm.dep";
    /// the MDM server URL from profiles status
    #[label(en = "MDM server", pt_PT = "Servidor de MDM", zh_CN = "MDM 服务器")]
    pub const MDM_SERVER: String = "device.mdm.server";
    /// microsoftCAEnabled in /Library/Preferences/com.jamfsoftware.jamf.plist
    #[label(en = "Conditional Access turned on in the Mac's Jamf settings", pt_PT = "Acesso Condicional ativado nas definições Jamf do Mac", zh_CN = "Mac 的 Jamf 设置中已启用条件访问")]
    pub const JAMF_PREFS_MICROSOFT_CA_ENABLED: bool = "device.jamf_prefs.microsoft_ca_enabled";
    /// microsoftCANativeClientAppId in /Library/Preferences/com.jamfsoftware.jamf.plist
    #[label(en = "Native client app id on the Mac", pt_PT = "ID da aplicação cliente nativa no Mac", zh_CN = "Mac 上的本机客户端应用 ID")]
    pub const JAMF_PREFS_NATIVE_CLIENT_APP_ID: String = "device.jamf_prefs.native_client_app_id";
    /// jss_url in /Library/Preferences/com.jamfsoftware.jamf.plist
    #[label(en = "Jamf Pro URL on the Mac", pt_PT = "URL do Jamf Pro no Mac", zh_CN = "Mac 上的 Jamf Pro URL")]
    pub const JAMF_PREFS_JSS_URL: String = "device.jamf_prefs.jss_url";
    /// clean-up paths that exist on the Mac (leftover-paths.txt)
    #[label(en = "Left-over files on the Mac", pt_PT = "Ficheiros que ficaram no Mac", zh_CN = "Mac 上残留的文件")]
    pub const LEFTOVER_PATHS: Vec<String> = "device.leftover_paths";
    /// every endpoint checked, as host:port
    #[label(en = "Endpoints checked from the Mac", pt_PT = "Pontos finais verificados a partir do Mac", zh_CN = "从 Mac 检查的终结点")]
    pub const CONNECTIVITY_CHECKED: Vec<String> = "device.connectivity.checked";
    /// endpoints whose check failed, as host:port
    #[label(en = "Endpoints the Mac cannot reach", pt_PT = "Pontos finais que o Mac não alcança", zh_CN = "Mac 无法访问的终结点")]
    pub const CONNECTIVITY_FAILED: Vec<String> = "device.connectivity.failed";
    /// the connectivity lines of failed checks, with their reason
    #[label(en = "Failed connection checks", pt_PT = "Verificações de ligação falhadas", zh_CN = "失败的连接检查")]
    pub const CONNECTIVITY_FAILURES: Lines = "device.connectivity.failures";
}

#[cfg(test)]
mod tests {
    use super::DECLARED;

    #[test]
    fn names_are_distinct_device_facts_with_a_meaning() {
        let mut catalog = jamf_triage_evidence::FactCatalog::new();
        catalog
            .extend(jamf_triage_evidence::specs(crate::COLLECTOR, DECLARED))
            .expect("distinct names");
        assert_eq!(catalog.len(), DECLARED.len());
        for spec in catalog.iter() {
            assert!(spec.name.starts_with("device."), "{}", spec.name);
            assert!(!spec.meaning.is_empty(), "{}", spec.name);
            assert_eq!(spec.provider, crate::COLLECTOR);
        }
    }
}
