//! The renderers on a small, hand-built report that holds every kind of finding: snapshots of
//! every form in every locale, and the JSON checked against `docs/report.schema.json`.

use std::borrow::Cow;

use indexmap::IndexMap;
use jamf_triage_core::model::{
    Actor, CauseDef, Condition, GenerationDef, GenerationId, Reference, ResolutionDef, Scope,
    Severity, StepDef, SymptomDef,
};
use jamf_triage_core::report::{
    CauseFinding, Check, CheckOp, EvidenceItem, GenerationPresence, Integration, MatchedLine,
    MissingFact, NotApplicable, SymptomFinding, SymptomStatus, TenantGeneration, TestedValue,
};
use jamf_triage_core::{
    CollectionProblem, Locale, LocalizedText, Provenance, Report, Subject, Truth, Verdict,
};
use jamf_triage_render::{
    FactGuide, TextOptions, render_json, render_json_string, render_markdown, render_markdown_with,
    render_text,
};
use serde_json::Value;

/// Text in the three shipped locales.
fn text(en: &str, pt: &str, zh: &str) -> LocalizedText {
    LocalizedText(IndexMap::from([
        ("en".to_owned(), en.to_owned()),
        ("pt-PT".to_owned(), pt.to_owned()),
        ("zh-CN".to_owned(), zh.to_owned()),
    ]))
}

/// The rule entries the report borrows.
struct Pack {
    symptoms: Vec<SymptomDef>,
    causes: Vec<CauseDef>,
    resolutions: Vec<ResolutionDef>,
}

const ARTICLE: &str = "Troubleshoot integration of Jamf Pro with Microsoft Intune";
const ARTICLE_URL: &str = "https://learn.microsoft.com/intune/intune-service/protect/conditional-access-jamf-cloud-troubleshoot";

fn symptom(id: &str, severity: Severity, title: LocalizedText, causes: &[&str]) -> SymptomDef {
    SymptomDef {
        id: id.to_owned(),
        scope: Scope::Device,
        severity,
        title,
        description: LocalizedText::default(),
        causes: causes.iter().map(|&cause| cause.to_owned()).collect(),
        detect: None,
        references: Vec::new(),
        applies_to: None,
    }
}

fn pack() -> Pack {
    let symptoms = vec![
        SymptomDef {
            description: text(
                "Jamf Pro lists the Mac as unresponsive and reports it so to Intune.",
                "O Jamf Pro apresenta o Mac como sem resposta e comunica-o ao Intune.",
                "Jamf Pro 将该 Mac 列为无响应，并将此状态报告给 Intune。",
            ),
            references: vec![Reference {
                title: ARTICLE.to_owned(),
                section: Some("Devices are marked unresponsive".to_owned()),
                url: Some(ARTICLE_URL.to_owned()),
            }],
            ..symptom(
                "unresponsive-in-jamf",
                Severity::High,
                text(
                    "Jamf Pro marks the Mac unresponsive",
                    "O Jamf Pro marca o Mac como sem resposta",
                    "Jamf Pro 将该 Mac 标记为无响应",
                ),
                &["entra-token-refresh-failed", "jamf-checkin-missed"],
            )
        },
        symptom(
            "registration-fails",
            Severity::High,
            text(
                "The Mac does not register with Entra ID",
                "O Mac não se regista no Entra ID",
                "该 Mac 无法在 Entra ID 中注册",
            ),
            &["intune-license-missing"],
        ),
        symptom(
            "graph-token-failure",
            Severity::Critical,
            text(
                "Jamf Pro cannot get a Microsoft Graph token",
                "O Jamf Pro não consegue obter um token do Microsoft Graph",
                "Jamf Pro 无法获取 Microsoft Graph 令牌",
            ),
            &["intune-license-missing"],
        ),
        symptom(
            "duplicate-intune-records",
            Severity::Medium,
            text(
                "The Mac appears more than once in Intune",
                "O Mac aparece mais do que uma vez no Intune",
                "该 Mac 在 Intune 中出现多次",
            ),
            &[],
        ),
    ];
    let causes = vec![
        CauseDef {
            id: "entra-token-refresh-failed".to_owned(),
            scope: Scope::Device,
            severity: Severity::High,
            title: text(
                "The Entra ID token has not been refreshed for over 24 hours",
                "O token do Entra ID não é renovado há mais de 24 horas",
                "Entra ID 令牌已超过 24 小时未刷新",
            ),
            description: text(
                "jamfAAD refreshes the Mac's Entra ID token every 12 hours. After 24 hours \
                 without a successful refresh, Jamf Pro reports the Mac to Intune as unresponsive.",
                "O jamfAAD renova o token do Entra ID do Mac a cada 12 horas. Ao fim de 24 horas \
                 sem uma renovação bem-sucedida, o Jamf Pro comunica ao Intune que o Mac não \
                 responde.",
                "jamfAAD 每 12 小时刷新一次该 Mac 的 Entra ID 令牌。如果连续 24 小时未能成功刷新，\
                 Jamf Pro 会向 Intune 报告该 Mac 无响应。",
            ),
            resolution: "refresh-entra-token".to_owned(),
            when: Condition::default(),
            references: vec![Reference {
                title: ARTICLE.to_owned(),
                section: Some("Devices are marked unresponsive".to_owned()),
                url: Some(ARTICLE_URL.to_owned()),
            }],
            applies_to: None,
        },
        CauseDef {
            id: "intune-license-missing".to_owned(),
            scope: Scope::User,
            severity: Severity::High,
            title: text(
                "The user has no active Intune licence",
                "O utilizador não tem uma licença do Intune ativa",
                "该用户没有有效的 Intune 许可证",
            ),
            // Only in English: the other locales fall back to it.
            description: LocalizedText::en(
                "Registration needs an active Intune plan and an Entra ID P1 or P2 plan.",
            ),
            resolution: "assign-intune-licence".to_owned(),
            when: Condition::default(),
            references: Vec::new(),
            applies_to: None,
        },
        CauseDef {
            id: "jamf-checkin-missed".to_owned(),
            scope: Scope::Device,
            severity: Severity::High,
            title: text(
                "The Mac stopped checking in with Jamf Pro",
                "O Mac deixou de comunicar com o Jamf Pro",
                "该 Mac 已停止向 Jamf Pro 签入",
            ),
            description: LocalizedText::default(),
            resolution: "restore-jamf-checkin".to_owned(),
            when: Condition::default(),
            references: Vec::new(),
            applies_to: None,
        },
    ];
    let resolutions = vec![
        ResolutionDef {
            id: "refresh-entra-token".to_owned(),
            scope: Scope::Device,
            title: text(
                "Get a fresh Entra ID token on the Mac",
                "Obter um novo token do Entra ID no Mac",
                "在该 Mac 上重新获取 Entra ID 令牌",
            ),
            description: LocalizedText::default(),
            steps: vec![
                StepDef {
                    text: text(
                        "Sign in to the Mac and open Self Service.",
                        "Inicie sessão no Mac e abra o Self Service.",
                        "登录该 Mac 并打开 Self Service。",
                    ),
                    actor: Some(Actor::EndUser),
                    command: None,
                    location: None,
                    link: None,
                    warning: None,
                },
                StepDef {
                    text: text(
                        "Ask jamfAAD for a new token as the signed-in user.",
                        "Peça ao jamfAAD um novo token em nome do utilizador com sessão iniciada.",
                        "以当前登录用户的身份让 jamfAAD 获取新令牌。",
                    ),
                    actor: Some(Actor::MacAdmin),
                    command: Some(
                        "sudo -u \"$(stat -f %Su /dev/console)\" \"/Library/Application \
                         Support/JAMF/Jamf.app/Contents/MacOS/Jamf Conditional \
                         Access.app/Contents/MacOS/Jamf Conditional Access\" gatherAADInfo"
                            .to_owned(),
                    ),
                    location: None,
                    link: None,
                    warning: Some(text(
                        "Do not run it as root: the token would belong to the wrong account.",
                        "Não o execute como root: o token ficaria associado à conta errada.",
                        "请勿以 root 身份运行：否则令牌会归属到错误的账户。",
                    )),
                },
                StepDef {
                    text: text(
                        "Check that the Mac's Conditional Access state is back to Registered.",
                        "Confirme que o estado do Acesso Condicional do Mac voltou a Registado.",
                        "确认该 Mac 的条件访问状态已恢复为“已注册”。",
                    ),
                    actor: Some(Actor::MacAdmin),
                    command: None,
                    location: Some(text(
                        "Computers > (the Mac) > Inventory > Local User Accounts",
                        "Computers > (o Mac) > Inventory > Local User Accounts",
                        "Computers > （该 Mac） > Inventory > Local User Accounts",
                    )),
                    link: Some(ARTICLE_URL.to_owned()),
                    warning: None,
                },
            ],
            references: Vec::new(),
        },
        ResolutionDef {
            id: "assign-intune-licence".to_owned(),
            scope: Scope::User,
            title: text(
                "Assign the user an Intune licence",
                "Atribuir uma licença do Intune ao utilizador",
                "为该用户分配 Intune 许可证",
            ),
            description: LocalizedText::default(),
            steps: vec![StepDef {
                text: text(
                    "Assign an Intune plan and an Entra ID P1 or P2 plan.",
                    "Atribua um plano do Intune e um plano do Entra ID P1 ou P2.",
                    "分配 Intune 计划以及 Entra ID P1 或 P2 计划。",
                ),
                actor: Some(Actor::EntraAdmin),
                command: None,
                location: Some(text(
                    "Microsoft Entra admin center > Users > Licenses",
                    "Centro de administração do Microsoft Entra > Utilizadores > Licenças",
                    "Microsoft Entra 管理中心 > 用户 > 许可证",
                )),
                link: None,
                warning: None,
            }],
            references: Vec::new(),
        },
        ResolutionDef {
            id: "restore-jamf-checkin".to_owned(),
            scope: Scope::Device,
            title: text(
                "Restore the Mac's check-in",
                "Restabelecer a comunicação do Mac",
                "恢复该 Mac 的签入",
            ),
            description: LocalizedText::default(),
            steps: vec![StepDef {
                text: text(
                    "Check that the Mac reaches Jamf Pro.",
                    "Verifique se o Mac chega ao Jamf Pro.",
                    "检查该 Mac 能否连接到 Jamf Pro。",
                ),
                actor: Some(Actor::MacAdmin),
                command: Some("sudo jamf checkJSSConnection".to_owned()),
                location: None,
                link: None,
                warning: None,
            }],
            references: Vec::new(),
        },
    ];
    Pack {
        symptoms,
        causes,
        resolutions,
    }
}

/// A report with a confirmed cause (with a matched line), an undetermined one (with missing
/// facts), a ruled-out one, a reported, a detected, a not detected and an unknown symptom, and
/// two collection problems.
fn rich(pack: &Pack) -> Report<'_> {
    let [unresponsive, registration, graph_token, duplicates] = &pack.symptoms[..] else {
        unreachable!("four symptoms")
    };
    let [token, licence, checkin] = &pack.causes[..] else {
        unreachable!("three causes")
    };
    let [refresh, assign, restore] = &pack.resolutions[..] else {
        unreachable!("three resolutions")
    };
    Report {
        subject: Subject {
            serial: Some("C02XK1ZZJG5H".to_owned()),
            user: Some("adele@contoso.example".to_owned()),
        },
        observed_at: Some("2024-06-03T12:00:00Z".parse().expect("a time")),
        symptoms: vec![
            SymptomFinding {
                symptom: unresponsive,
                status: SymptomStatus::Reported,
                evidence: Vec::new(),
                causes: vec![
                    ("entra-token-refresh-failed", Verdict::Confirmed),
                    ("jamf-checkin-missed", Verdict::RuledOut),
                ],
                not_applicable: None,
            },
            SymptomFinding {
                symptom: registration,
                status: SymptomStatus::Detected,
                evidence: vec![EvidenceItem {
                    fact: "device.company_portal.registration_state".into(),
                    test: "equals \"Not registered\"".into(),
                    check: Cow::Owned(Check::new(CheckOp::Equals, "\"Not registered\"")),
                    outcome: Truth::True,
                    value: Some(TestedValue::Words("Not registered".into())),
                    source: Some(Cow::Owned(
                        Provenance::new("device", "mac/company-portal-status.txt").at_line(3),
                    )),
                    line: None,
                }],
                causes: vec![("intune-license-missing", Verdict::Undetermined)],
                not_applicable: None,
            },
            SymptomFinding {
                symptom: graph_token,
                status: SymptomStatus::NotDetected,
                evidence: vec![EvidenceItem {
                    fact: "jamf.server_log".into(),
                    test: "has a line matching /Could not retrieve the access token/".into(),
                    check: Cow::Owned(Check::new(
                        CheckOp::LineMatches,
                        "/Could not retrieve the access token/",
                    )),
                    outcome: Truth::False,
                    value: Some(TestedValue::Words("12840 lines".into())),
                    source: Some(Cow::Owned(Provenance::new(
                        "jamf-pro",
                        "jamf-pro/JAMFSoftwareServer.log",
                    ))),
                    line: None,
                }],
                causes: vec![("intune-license-missing", Verdict::Undetermined)],
                not_applicable: None,
            },
            SymptomFinding {
                symptom: duplicates,
                status: SymptomStatus::Unknown,
                evidence: Vec::new(),
                causes: Vec::new(),
                not_applicable: None,
            },
        ],
        causes: vec![
            CauseFinding {
                cause: token,
                resolution: refresh,
                verdict: Verdict::Confirmed,
                explains: vec!["unresponsive-in-jamf"],
                evidence: vec![
                    EvidenceItem {
                        fact: "device.jamfaad.last_token_at".into(),
                        test: "older than 24h".into(),
                        check: Cow::Owned(Check::new(CheckOp::OlderThan, "24h")),
                        outcome: Truth::True,
                        value: Some(TestedValue::Words("2024-05-31T08:14:09Z".into())),
                        source: Some(Cow::Owned(
                            Provenance::new("device", "mac/com.jamf.management.jamfAAD.plist")
                                .at_pointer("last_aad_token_timestamp"),
                        )),
                        line: None,
                    },
                    EvidenceItem {
                        fact: "device.jamfaad.log".into(),
                        test: "has a line matching /AADSTS\\d+/".into(),
                        check: Cow::Owned(Check::new(CheckOp::LineMatches, "/AADSTS\\d+/")),
                        outcome: Truth::True,
                        value: Some(TestedValue::Words("3 412 lines".into())),
                        source: Some(Cow::Owned(Provenance::new("device", "mac/jamfAAD.log"))),
                        line: Some(MatchedLine {
                            artifact: "mac/jamfAAD.log".into(),
                            line: 2841,
                            text: "2024-06-03 09:41:07.118 jamfAAD[1187:2f03] ERROR: Token \
                                   refresh failed: AADSTS700082: The refresh token has expired \
                                   due to inactivity."
                                .into(),
                        }),
                    },
                ],
                missing: Vec::new(),
                not_applicable: None,
            },
            CauseFinding {
                cause: licence,
                resolution: assign,
                verdict: Verdict::Undetermined,
                explains: vec!["registration-fails"],
                evidence: vec![
                    EvidenceItem {
                        fact: "graph.user.account_enabled".into(),
                        test: "equals true".into(),
                        check: Cow::Owned(Check::new(CheckOp::Equals, "true")),
                        outcome: Truth::True,
                        value: Some(TestedValue::Words("true".into())),
                        source: Some(Cow::Owned(
                            Provenance::new("graph", "graph/users/adele@contoso.example.json")
                                .at_pointer("/accountEnabled"),
                        )),
                        line: None,
                    },
                    EvidenceItem {
                        fact: "graph.user.licenses".into(),
                        test: "contains \"INTUNE_A\"".into(),
                        check: Cow::Owned(Check::new(CheckOp::Contains, "\"INTUNE_A\"")),
                        outcome: Truth::Unknown,
                        value: None,
                        source: None,
                        line: None,
                    },
                ],
                missing: vec![
                    MissingFact {
                        fact: "graph.user.licenses".into(),
                        provider: "graph".into(),
                        meaning: "the user's licence plans and their provisioning status".into(),
                    },
                    MissingFact {
                        fact: "graph.user.assigned_plans".into(),
                        provider: "graph".into(),
                        meaning: "the service plans assigned to the user, with their status".into(),
                    },
                ],
                not_applicable: None,
            },
            CauseFinding {
                cause: checkin,
                resolution: restore,
                verdict: Verdict::RuledOut,
                explains: Vec::new(),
                evidence: vec![EvidenceItem {
                    fact: "jamf.computer.last_contact".into(),
                    test: "older than 24h".into(),
                    check: Cow::Owned(Check::new(CheckOp::OlderThan, "24h")),
                    outcome: Truth::False,
                    value: Some(TestedValue::Words("2024-06-03T11:52:10Z".into())),
                    source: Some(Cow::Owned(
                        Provenance::new("jamf-pro", "jamf-pro/computers-inventory.json")
                            .at_pointer("/results/0/general/lastContactTime"),
                    )),
                    line: None,
                }],
                missing: Vec::new(),
                not_applicable: None,
            },
        ],
        problems: vec![
            CollectionProblem::new(
                "graph",
                "graph/users/adele@contoso.example/licenseDetails.json",
                "HTTP 403 Authorization_RequestDenied: Insufficient privileges to complete the \
                 operation.",
            ),
            CollectionProblem::new("device", "mac/jamf.log", "invalid UTF-8, read as Latin-1")
                .at_line(17),
        ],
        integration: None,
    }
}

/// The generations and the legacy-only entries of the Device Compliance report.
struct Generations {
    generations: Vec<GenerationDef>,
    symptom: SymptomDef,
    cause: CauseDef,
    resolution: ResolutionDef,
}

fn generations() -> Generations {
    let legacy = Some(vec![GenerationId::Legacy]);
    Generations {
        generations: vec![
            GenerationDef {
                id: GenerationId::DeviceCompliance,
                title: text(
                    "Device Compliance",
                    "Conformidade do Dispositivo",
                    "设备合规性",
                ),
                when: Condition::default(),
            },
            GenerationDef {
                id: GenerationId::Legacy,
                title: text(
                    "legacy Conditional Access",
                    "Acesso Condicional legado",
                    "旧版条件访问",
                ),
                when: Condition::default(),
            },
        ],
        symptom: SymptomDef {
            applies_to: legacy.clone(),
            ..symptom(
                "compliant-in-intune-not-in-entra",
                Severity::High,
                text(
                    "Intune says compliant, Entra ID says not compliant",
                    "O Intune indica conforme, o Entra ID indica não conforme",
                    "Intune 显示合规，而 Entra ID 显示不合规",
                ),
                &[],
            )
        },
        cause: CauseDef {
            id: "macos-connector-missing".to_owned(),
            scope: Scope::Tenant,
            severity: Severity::Critical,
            title: text(
                "The Jamf Native macOS Connector is missing",
                "O Jamf Native macOS Connector está em falta",
                "缺少 Jamf Native macOS Connector",
            ),
            description: LocalizedText::default(),
            resolution: "recreate-macos-connector".to_owned(),
            when: Condition::default(),
            references: Vec::new(),
            applies_to: legacy,
        },
        resolution: ResolutionDef {
            id: "recreate-macos-connector".to_owned(),
            scope: Scope::Tenant,
            title: text(
                "Recreate the macOS connector",
                "Recriar o conector do macOS",
                "重新创建 macOS 连接器",
            ),
            description: LocalizedText::default(),
            steps: Vec::new(),
            references: Vec::new(),
        },
    }
}

/// The integration of a tenant that runs `generation`, the presence of each generation given.
fn integration(
    defs: &Generations,
    generation: TenantGeneration,
    present: [Truth; 2],
) -> Integration<'_> {
    let onboarded = EvidenceItem {
        fact: "graph.compliance_partner.macos_onboarded".into(),
        test: "equals true".into(),
        check: Cow::Owned(Check::new(CheckOp::Equals, "true")),
        outcome: Truth::True,
        value: Some(TestedValue::Words("true".into())),
        source: Some(Cow::Owned(
            Provenance::new("graph", "graph/complianceManagementPartners.json")
                .at_pointer("/value/0/macOsOnboarded"),
        )),
        line: None,
    };
    let missing = MissingFact {
        fact: "graph.partner.configured".into(),
        provider: "graph".into(),
        meaning: "whether the tenant has a configured device management partner".into(),
    };
    Integration {
        generation,
        generations: defs
            .generations
            .iter()
            .zip(present)
            .map(|(generation, present)| GenerationPresence {
                generation,
                present,
            })
            .collect(),
        evidence: if present[0] == Truth::True {
            vec![onboarded]
        } else {
            Vec::new()
        },
        missing: if present.contains(&Truth::Unknown) {
            vec![missing]
        } else {
            Vec::new()
        },
    }
}

/// A Device Compliance tenant: the integration and the evidence that decided it, a legacy-only
/// cause ruled out as not applicable and a legacy-only symptom not detected for that reason.
fn device_compliance<'p>(pack: &'p Pack, defs: &'p Generations) -> Report<'p> {
    let not_applicable = NotApplicable {
        generation: TenantGeneration::DeviceCompliance,
        applies_to: vec![GenerationId::Legacy],
    };
    let mut report = rich(pack);
    report.integration = Some(integration(
        defs,
        TenantGeneration::DeviceCompliance,
        [Truth::True, Truth::False],
    ));
    report.symptoms.push(SymptomFinding {
        symptom: &defs.symptom,
        status: SymptomStatus::NotDetected,
        evidence: Vec::new(),
        causes: Vec::new(),
        not_applicable: Some(not_applicable.clone()),
    });
    report.causes.push(CauseFinding {
        cause: &defs.cause,
        resolution: &defs.resolution,
        verdict: Verdict::RuledOut,
        explains: Vec::new(),
        evidence: Vec::new(),
        missing: Vec::new(),
        not_applicable: Some(not_applicable),
    });
    report
}

/// A report with nothing in it and no `observed_at`.
fn empty() -> Report<'static> {
    Report {
        subject: Subject::default(),
        observed_at: None,
        symptoms: Vec::new(),
        causes: Vec::new(),
        problems: Vec::new(),
        integration: None,
    }
}

/// The whole report (`--all`) as Markdown.
fn markdown_all(report: &Report<'_>, locale: Locale) -> String {
    render_markdown_with(report, &plain(locale), &FactGuide::default())
}

/// The whole report (`--all`), without colour.
fn plain(locale: Locale) -> TextOptions {
    TextOptions {
        locale,
        color: false,
        all: true,
        width: None,
    }
}

mod snapshots {
    use super::*;

    #[test]
    fn text_in_every_locale() {
        let pack = pack();
        let report = rich(&pack);
        for locale in Locale::ALL {
            insta::assert_snapshot!(
                format!("text-{locale}"),
                render_text(&report, &plain(locale))
            );
        }
    }

    #[test]
    fn text_in_colour() {
        let pack = pack();
        let report = rich(&pack);
        let options = TextOptions {
            locale: Locale::En,
            color: true,
            all: true,
            width: None,
        };
        insta::assert_snapshot!("text-en-colour", render_text(&report, &options));
    }

    #[test]
    fn markdown_in_every_locale() {
        let pack = pack();
        let report = rich(&pack);
        for locale in Locale::ALL {
            insta::assert_snapshot!(format!("markdown-{locale}"), markdown_all(&report, locale));
        }
    }

    #[test]
    fn json_in_every_locale() {
        let pack = pack();
        let report = rich(&pack);
        for locale in Locale::ALL {
            insta::assert_snapshot!(
                format!("json-{locale}"),
                render_json_string(&report, locale)
            );
        }
    }

    #[test]
    fn device_compliance_in_every_locale() {
        let pack = pack();
        let defs = generations();
        let report = device_compliance(&pack, &defs);
        for locale in Locale::ALL {
            insta::assert_snapshot!(
                format!("dc-text-{locale}"),
                render_text(&report, &plain(locale))
            );
            insta::assert_snapshot!(
                format!("dc-markdown-{locale}"),
                markdown_all(&report, locale)
            );
            insta::assert_snapshot!(
                format!("dc-json-{locale}"),
                render_json_string(&report, locale)
            );
        }
    }

    /// The short report (the default): what was diagnosed, what is seen, the confirmed causes
    /// with their evidence in words and the fix, what is still open, the ruled-out count.
    #[test]
    fn short_report_in_every_locale() {
        let pack = pack();
        let defs = generations();
        for locale in Locale::ALL {
            let options = TextOptions {
                locale,
                ..TextOptions::default()
            };
            insta::assert_snapshot!(
                format!("short-text-{locale}"),
                render_text(&rich(&pack), &options)
            );
            insta::assert_snapshot!(
                format!("short-dc-markdown-{locale}"),
                render_markdown(&device_compliance(&pack, &defs), locale)
            );
        }
    }

    #[test]
    fn empty_report() {
        insta::assert_snapshot!("text-empty", render_text(&empty(), &plain(Locale::En)));
        insta::assert_snapshot!("markdown-empty", markdown_all(&empty(), Locale::En));
    }
}

mod text {
    use super::*;

    /// The text without its ANSI escape sequences (`ESC [ … m`).
    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for next in chars.by_ref() {
                    if next == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn colour_changes_nothing_but_colour() {
        let pack = pack();
        let report = rich(&pack);
        for locale in Locale::ALL {
            let plain_text = render_text(&report, &plain(locale));
            assert!(!plain_text.contains('\u{1b}'));
            let coloured = render_text(
                &report,
                &TextOptions {
                    locale,
                    color: true,
                    all: true,
                    width: None,
                },
            );
            assert!(coloured.contains("\u{1b}[31m") || coloured.contains("\u{1b}[1m\u{1b}[31m"));
            assert_eq!(strip_ansi(&coloured), plain_text, "{locale}");
        }
    }

    #[test]
    fn sections_come_in_order() {
        let pack = pack();
        let report = rich(&pack);
        let text = render_text(&report, &plain(Locale::En));
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle} in {text}"))
        };
        assert!(at("Confirmed causes (1)") < at("Undetermined causes (1)"));
        assert!(at("Undetermined causes (1)") < at("Ruled-out causes (1)"));
        assert!(at("Ruled-out causes (1)") < at("Symptoms (4)"));
        assert!(at("Symptoms (4)") < at("Collection problems (2)"));
        assert!(text.contains("mac/jamf.log:17: invalid UTF-8, read as Latin-1 (device)"));
        assert!(text.contains("> 2024-06-03 09:41:07.118 jamfAAD[1187:2f03] ERROR"));
        assert!(text.contains("$ sudo -u"));
        assert!(text.contains("⚠ Warning: Do not run it as root"));
    }

    #[test]
    fn nothing_confirmed_is_said() {
        for (locale, said) in [
            (Locale::En, "No cause is confirmed."),
            (Locale::PtPt, "Nenhuma causa foi confirmada."),
            (Locale::ZhCn, "没有已确认的原因。"),
        ] {
            assert!(
                render_text(&empty(), &plain(locale)).contains(said),
                "{locale}"
            );
            assert!(render_markdown(&empty(), locale).contains(said), "{locale}");
        }
    }

    #[test]
    fn missing_translations_fall_back_to_english() {
        let pack = pack();
        let report = rich(&pack);
        let text = render_text(&report, &plain(Locale::PtPt));
        assert!(text.contains("Registration needs an active Intune plan"));
        assert!(text.contains("O utilizador não tem uma licença do Intune ativa"));
    }

    #[test]
    fn rendering_is_deterministic() {
        let pack = pack();
        for locale in Locale::ALL {
            let once = (
                render_text(&rich(&pack), &plain(locale)),
                markdown_all(&rich(&pack), locale),
                render_json_string(&rich(&pack), locale),
            );
            let again = (
                render_text(&rich(&pack), &plain(locale)),
                markdown_all(&rich(&pack), locale),
                render_json_string(&rich(&pack), locale),
            );
            assert_eq!(once, again);
        }
    }
}

mod integration {
    use super::*;

    #[test]
    fn not_applicable_is_said_in_words_in_every_locale() {
        let pack = pack();
        let defs = generations();
        let report = device_compliance(&pack, &defs);
        for (locale, integration, said) in [
            (
                Locale::En,
                "Integration: Device Compliance",
                "Not applicable: the tenant runs Device Compliance",
            ),
            (
                Locale::PtPt,
                "Integração: Conformidade do Dispositivo",
                "Não aplicável: o inquilino utiliza Conformidade do Dispositivo",
            ),
            (
                Locale::ZhCn,
                "集成：设备合规性",
                "不适用：租户使用的是设备合规性",
            ),
        ] {
            let text = render_text(&report, &plain(locale));
            assert!(text.contains(integration), "{locale}: {text}");
            assert!(text.contains(said), "{locale}: {text}");
            let markdown = markdown_all(&report, locale);
            assert!(markdown.contains(said), "{locale}: {markdown}");
            let json = render_json(&report, locale);
            assert_eq!(json["integration"]["generation"], "device-compliance");
            let cause = json["causes"]
                .as_array()
                .and_then(|causes| causes.iter().find(|c| c["id"] == "macos-connector-missing"))
                .expect("the legacy cause");
            assert_eq!(cause["verdict"], "ruled_out");
            assert_eq!(
                cause["not_applicable"],
                serde_json::json!({ "generation": "device-compliance", "applies_to": ["legacy"] })
            );
        }
    }

    #[test]
    fn the_integration_comes_first_and_only_when_the_pack_has_generations() {
        let pack = pack();
        let defs = generations();
        let text = render_text(&device_compliance(&pack, &defs), &plain(Locale::En));
        let integration = text.find("Integration: Device Compliance").expect("said");
        assert!(integration < text.find("Confirmed causes").expect("heading"));
        assert!(
            text.contains("Rule: graph.compliance_partner.macos_onboarded equals true"),
            "{text}"
        );
        assert!(text.contains("Tested: = yes → yes"), "{text}");
        let without = render_text(&rich(&pack), &plain(Locale::En));
        assert!(!without.contains("Integration"), "{without}");
        assert!(render_json(&rich(&pack), Locale::En)["integration"].is_null());
    }

    #[test]
    fn both_none_and_unknown_are_worded() {
        let pack = pack();
        let defs = generations();
        let cases = [
            (
                TenantGeneration::Both,
                [Truth::True, Truth::True],
                [
                    "Device Compliance and legacy Conditional Access (migration in progress)",
                    "Conformidade do Dispositivo e Acesso Condicional legado (migração em curso)",
                    "设备合规性和旧版条件访问（正在迁移）",
                ],
            ),
            (
                TenantGeneration::None,
                [Truth::False, Truth::False],
                [
                    "none (the evidence shows neither integration)",
                    "nenhuma (os indícios não mostram nenhuma das integrações)",
                    "无（证据表明两种集成均未使用）",
                ],
            ),
            (
                TenantGeneration::Unknown,
                [Truth::Unknown, Truth::Unknown],
                [
                    "unknown (the evidence cannot tell which)",
                    "desconhecida (os indícios não permitem saber qual)",
                    "未知（证据不足以判断）",
                ],
            ),
        ];
        for (generation, present, words) in cases {
            let mut report = rich(&pack);
            report.integration = Some(integration(&defs, generation, present));
            for (locale, said) in Locale::ALL.into_iter().zip(words) {
                let text = render_text(&report, &plain(locale));
                assert!(text.contains(said), "{locale}: {text}");
                let json = render_json(&report, locale);
                json::assert_valid(&json);
                assert_eq!(json["integration"]["generation"], generation.name());
            }
            if generation == TenantGeneration::Unknown {
                let text = render_text(&report, &plain(Locale::En));
                assert!(
                    text.contains("To decide this, collect:\n- Microsoft Graph (Entra ID, Intune)\n  - graph.partner.configured\n"),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn a_tenant_running_neither_is_worded_by_the_entry_s_generations() {
        let pack = pack();
        let defs = generations();
        let mut report = device_compliance(&pack, &defs);
        report.integration = Some(integration(
            &defs,
            TenantGeneration::None,
            [Truth::False, Truth::False],
        ));
        for finding in &mut report.causes {
            if let Some(not_applicable) = finding.not_applicable.as_mut() {
                not_applicable.generation = TenantGeneration::None;
            }
        }
        for (locale, said) in [
            (
                Locale::En,
                "Not applicable: the tenant does not run legacy Conditional Access",
            ),
            (
                Locale::PtPt,
                "Não aplicável: o inquilino não utiliza Acesso Condicional legado",
            ),
            (Locale::ZhCn, "不适用：租户未使用旧版条件访问"),
        ] {
            let text = render_text(&report, &plain(locale));
            assert!(text.contains(said), "{locale}: {text}");
        }
    }
}

mod markdown {
    use super::*;

    #[test]
    fn warnings_commands_and_log_lines_stand_out() {
        let pack = pack();
        let markdown = markdown_all(&rich(&pack), Locale::En);
        assert!(markdown.contains("   > ⚠️ **Warning**: Do not run it as root"));
        assert!(markdown.contains("   ```sh\n   sudo -u \"$(stat -f %Su /dev/console)\""));
        assert!(markdown.contains("> `2024-06-03 09:41:07.118 jamfAAD[1187:2f03] ERROR"));
        assert!(markdown.contains("## Confirmed causes (1)"));
    }
}

mod json {
    use super::*;

    const SCHEMA: &str = include_str!("../../docs/report.schema.json");
    const DOCUMENTATION: &str = include_str!("../../docs/REPORT.md");

    fn schema() -> Value {
        serde_json::from_str(SCHEMA).expect("docs/report.schema.json is JSON")
    }

    /// Checks `value` against the part of JSON Schema that `docs/report.schema.json` uses
    /// (`$ref`, `anyOf`, `type`, `const`, `enum`, `properties`, `required`, `items`), and also that
    /// every key the renderer writes is documented.
    fn check(root: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.trim_start_matches("#/$defs/");
            let target = &root["$defs"][name];
            assert!(target.is_object(), "unknown $ref {reference}");
            return check(root, target, value, path, errors);
        }
        if let Some(Value::Array(alternatives)) = schema.get("anyOf") {
            let fits = alternatives.iter().any(|alternative| {
                let mut found = Vec::new();
                check(root, alternative, value, path, &mut found);
                found.is_empty()
            });
            if !fits {
                errors.push(format!("{path}: {value} fits none of the alternatives"));
            }
            return;
        }
        if let Some(types) = schema.get("type") {
            let types: Vec<&str> = match types {
                Value::String(one) => vec![one.as_str()],
                Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                _ => panic!("bad type at {path}"),
            };
            let actual = match value {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Number(number) if number.is_u64() || number.is_i64() => "integer",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
            };
            if !types.contains(&actual) {
                errors.push(format!("{path}: {actual} is not one of {types:?}"));
                return;
            }
        }
        if let Some(constant) = schema.get("const") {
            if value != constant {
                errors.push(format!("{path}: {value} is not {constant}"));
            }
        }
        if let Some(Value::Array(allowed)) = schema.get("enum") {
            if !allowed.contains(value) {
                errors.push(format!("{path}: {value} is not in {allowed:?}"));
            }
        }
        if let Some(Value::Object(object)) = Some(value) {
            let properties = schema.get("properties").and_then(Value::as_object);
            if let Some(Value::Array(required)) = schema.get("required") {
                for key in required.iter().filter_map(Value::as_str) {
                    if !object.contains_key(key) {
                        errors.push(format!("{path}: `{key}` is missing"));
                    }
                }
            }
            for (key, item) in object {
                match properties.and_then(|properties| properties.get(key)) {
                    Some(property) => check(root, property, item, &format!("{path}/{key}"), errors),
                    None => errors.push(format!("{path}: `{key}` is not documented")),
                }
            }
        }
        if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
            for (index, item) in items.iter().enumerate() {
                check(root, item_schema, item, &format!("{path}/{index}"), errors);
            }
        }
    }

    pub(super) fn assert_valid(value: &Value) {
        let schema = schema();
        let mut errors = Vec::new();
        check(&schema, &schema, value, "", &mut errors);
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }

    #[test]
    fn rich_report_matches_the_schema() {
        let pack = pack();
        let report = rich(&pack);
        let defs = generations();
        let dc = device_compliance(&pack, &defs);
        for locale in Locale::ALL {
            assert_valid(&render_json(&report, locale));
            assert_valid(&render_json(&dc, locale));
        }
    }

    #[test]
    fn empty_report_matches_the_schema() {
        let json = render_json(&empty(), Locale::En);
        assert_valid(&json);
        assert!(json["observed_at"].is_null());
        assert_eq!(
            json["subject"],
            serde_json::json!({ "serial": null, "user": null })
        );
    }

    #[test]
    fn every_top_level_key_is_there_in_order() {
        let pack = pack();
        let json = render_json(&rich(&pack), Locale::En);
        let keys: Vec<&str> = json
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        let schema = schema();
        let required: Vec<&str> = schema["required"]
            .as_array()
            .expect("required keys")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(keys, required);
        assert_eq!(json["schema"], jamf_triage_core::report::REPORT_SCHEMA);
    }

    #[test]
    fn the_schema_checker_catches_mistakes() {
        let pack = pack();
        let mut json = render_json(&rich(&pack), Locale::En);
        json["causes"][0]["verdict"] = "maybe".into();
        json["symptoms"][0]["surprise"] = true.into();
        json.as_object_mut().expect("an object").remove("problems");
        let schema = schema();
        let mut errors = Vec::new();
        check(&schema, &schema, &json, "", &mut errors);
        assert_eq!(errors.len(), 3, "{errors:#?}");
    }

    /// Every property the schema names, at any depth.
    fn property_names(schema: &Value, names: &mut Vec<String>) {
        match schema {
            Value::Object(object) => {
                if let Some(Value::Object(properties)) = object.get("properties") {
                    names.extend(properties.keys().cloned());
                }
                object
                    .values()
                    .for_each(|value| property_names(value, names));
            }
            Value::Array(items) => items.iter().for_each(|value| property_names(value, names)),
            _ => {}
        }
    }

    #[test]
    fn every_field_is_documented() {
        let mut names = Vec::new();
        property_names(&schema(), &mut names);
        names.sort();
        names.dedup();
        let undocumented: Vec<&String> = names
            .iter()
            .filter(|name| !DOCUMENTATION.contains(&format!("`{name}`")))
            .collect();
        assert!(
            undocumented.is_empty(),
            "not in docs/REPORT.md: {undocumented:?}"
        );
    }

    #[test]
    fn causes_keep_rank_order_and_texts_are_localized() {
        let pack = pack();
        let json = render_json(&rich(&pack), Locale::ZhCn);
        let causes = json["causes"].as_array().expect("causes");
        let ids: Vec<&str> = causes
            .iter()
            .filter_map(|cause| cause["id"].as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "entra-token-refresh-failed",
                "intune-license-missing",
                "jamf-checkin-missed"
            ]
        );
        let ranks: Vec<u64> = causes
            .iter()
            .filter_map(|cause| cause["rank"].as_u64())
            .collect();
        assert_eq!(ranks, [1, 2, 3]);
        assert_eq!(causes[0]["title"], "Entra ID 令牌已超过 24 小时未刷新");
        assert_eq!(causes[0]["resolution"]["steps"][1]["actor"], "mac-admin");
        assert_eq!(json["summary"]["symptoms"]["not_detected"], 1);
        assert_eq!(json["problems"][1]["line"], 17);
    }
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 64,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Whatever a rule author writes or a log holds, the renderers do not panic, the
        /// terminal gets no control character, and a log line stays on its own line.
        #[test]
        fn arbitrary_text_keeps_the_layout(title in "\\PC*|.*[\\x00-\\x1f\\x7f].*", line in ".*") {
            let mut pack = pack();
            pack.causes[0].title = LocalizedText::en(title.clone());
            let mut report = rich(&pack);
            if let Some(matched) = report.causes[0].evidence[1].line.as_mut() {
                matched.text = format!("{line}\nINJECTED").into();
            }
            for locale in Locale::ALL {
                let text = render_text(&report, &plain(locale));
                prop_assert!(!text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
                prop_assert!(!text.lines().any(|row| row.starts_with("INJECTED")));
                let markdown = markdown_all(&report, locale);
                prop_assert!(!markdown.lines().any(|row| row.starts_with("INJECTED")));
                let json = render_json(&report, locale);
                prop_assert_eq!(json["causes"][0]["title"].as_str(), Some(title.as_str()));
            }
        }
    }
}

/// The renderers on what the engine really produces (the engine tests' small pack and catalog).
mod engine_output {
    use super::*;
    use jamf_triage_core::{Engine, FactCatalog, FactValue, Lines, RulePack, RuleSource};

    fn diagnose_and_check(check: impl Fn(&Report<'_>)) {
        let catalog = FactCatalog::from_yaml(include_str!(
            "../../jamf-triage-core/tests/data/catalog.yaml"
        ))
        .expect("catalog");
        let pack = RulePack::load(&[RuleSource::new(
            "rules/test.yaml",
            include_str!("../../jamf-triage-core/tests/data/valid/pack.yaml"),
        )])
        .expect("pack");
        let engine = Engine::compile(pack, &catalog).expect("compiles");
        let mut log = Lines::default();
        log.push("mac/CompanyPortal.log", 1, "starting");
        log.push(
            "mac/CompanyPortal.log",
            2,
            "Portal launched without WPJ only arg while account is under partner management",
        );
        let mut evidence = jamf_triage_core::Evidence::builder()
            .observed_at("2024-06-03T12:00:00Z".parse().expect("a time"))
            .fact(
                "jamf.computer.last_contact",
                "2024-06-01T08:00:00Z"
                    .parse::<jiff::Timestamp>()
                    .expect("a time"),
                Provenance::new("jamf-pro", "jamf-pro/computers-inventory.json")
                    .at_pointer("/results/0/general/lastContactTime"),
            )
            .fact(
                "device.company_portal.log",
                FactValue::Lines(log),
                Provenance::new("device", "mac/CompanyPortal.log"),
            )
            .build();
        evidence.add_problem(CollectionProblem::new(
            "device",
            "mac/jamfAAD.log",
            "not in the bundle",
        ));
        check(&engine.diagnose(&evidence));
    }

    #[test]
    fn every_form_renders_a_real_diagnosis() {
        diagnose_and_check(|report| {
            for locale in Locale::ALL {
                let json = render_json(report, locale);
                json::assert_valid(&json);
                let ids: Vec<&str> = json["causes"]
                    .as_array()
                    .expect("causes")
                    .iter()
                    .filter_map(|cause| cause["id"].as_str())
                    .collect();
                let ranked: Vec<&str> = report
                    .causes
                    .iter()
                    .map(|finding| finding.cause.id.as_str())
                    .collect();
                assert_eq!(ids, ranked);
                let text = render_text(report, &plain(locale));
                assert!(text.contains("$ sudo jamf checkJSSConnection"), "{text}");
                assert!(
                    text.contains("mac/jamfAAD.log: not in the bundle (device)"),
                    "{text}"
                );
                let markdown = render_markdown(report, locale);
                assert!(
                    markdown.contains("Portal launched without WPJ only arg"),
                    "{markdown}"
                );
            }
            let text = render_text(report, &plain(Locale::En));
            let confirmed = text
                .find("Confirmed causes (2)")
                .expect("two confirmed causes");
            let undetermined = text
                .find("Undetermined causes (1)")
                .expect("one undetermined");
            assert!(confirmed < undetermined);
        });
    }
}
