//! The report chrome in every locale: one table of labels per [`Locale`].
//!
//! Rule text (titles, steps, warnings) comes localized from the pack; this module holds only the
//! words the renderers add around it: chrome, tests, units, values and what produces an
//! artifact. Log lines and collector messages are never translated: they stay as the products
//! print them.

use jamf_triage_core::Locale;
use jamf_triage_core::Truth;
use jamf_triage_core::evidence::Producer;
use jamf_triage_core::model::{Actor, GenerationId, Scope, Severity};
use jamf_triage_core::report::{CheckOp, NotApplicable, SymptomStatus, TenantGeneration, Verdict};

/// Every word the text and Markdown renderers add to a report, in one locale.
#[derive(Debug)]
pub(crate) struct Labels {
    /// The report's title.
    pub title: &'static str,
    /// Label of the Mac's serial number.
    pub serial: &'static str,
    /// Label of the user.
    pub user: &'static str,
    /// Label of the time the evidence describes.
    pub observed_at: &'static str,
    /// Said of a value nobody gave.
    pub not_given: &'static str,
    /// Label of the cause counts.
    pub causes: &'static str,
    /// Label of the symptom counts, and heading of the symptom section.
    pub symptoms: &'static str,
    /// Label of the problem count.
    pub problems: &'static str,
    /// Heading of the collection problems.
    pub problems_heading: &'static str,
    /// A verdict as a tag, in the singular: `[confirmed, undetermined, ruled out]`.
    pub verdict: [&'static str; 3],
    /// A verdict as a count label, in the plural.
    pub verdict_count: [&'static str; 3],
    /// The section heading of each verdict.
    pub verdict_heading: [&'static str; 3],
    /// A symptom status as a tag: `[reported, detected, not detected, unknown]`.
    pub status: [&'static str; 4],
    /// A symptom status as a count label, in the plural.
    pub status_count: [&'static str; 4],
    /// Said when no cause is confirmed.
    pub no_confirmed: &'static str,
    /// Label of the severity.
    pub severity: &'static str,
    /// Severity names: `[info, low, medium, high, critical]`.
    pub severities: [&'static str; 5],
    /// Label of the scope.
    pub scope: &'static str,
    /// Scope names: `[tenant, user, device]`.
    pub scopes: [&'static str; 3],
    /// Label of the symptoms a cause explains.
    pub explains: &'static str,
    /// Label of the candidate causes of a symptom.
    pub candidate_causes: &'static str,
    /// Label of the evidence.
    pub evidence: &'static str,
    /// What a test gave: `[true, false, unknown]`.
    pub outcomes: [&'static str; 3],
    /// Label of the resolution.
    pub resolution: &'static str,
    /// Actor names: `[end user, Mac admin, Entra admin, Global Administrator, Intune admin,
    /// network admin]`.
    pub actors: [&'static str; 6],
    /// Label of a console location.
    pub location: &'static str,
    /// Label of a link.
    pub link: &'static str,
    /// Label of a warning.
    pub warning: &'static str,
    /// Label of the references.
    pub references: &'static str,
    /// Introduces the facts that would decide an undetermined cause.
    pub collect: &'static str,
    /// Says how many more tests a short line leaves out; `{}` is the number.
    pub more: &'static str,
    /// Label of the integration the tenant runs.
    pub integration: &'static str,
    /// Introduces the tests that decided the integration.
    pub decided_from: &'static str,
    /// The integration when the tenant runs both; the `{}` are the two titles.
    pub generation_both: &'static str,
    /// The integration when the evidence shows neither.
    pub generation_none: &'static str,
    /// The integration when the evidence cannot tell.
    pub generation_unknown: &'static str,
    /// Why an entry does not apply, the tenant running one generation; `{}` is its title.
    pub not_applicable_runs: &'static str,
    /// Why an entry does not apply otherwise; `{}` is the titles of its generations.
    pub not_applicable_not: &'static str,
    /// Words a test; `{}` is its operand, already in the reader's language.
    pub check_words: fn(CheckOp) -> &'static str,
    /// Separates the items of an inline list.
    pub list: &'static str,
    /// Time units `(one, many)`: seconds, minutes, hours, days.
    pub units: [(&'static str, &'static str); 4],
    /// Between a number and its unit.
    pub unit_space: &'static str,
    /// A count of log lines `(one, many)`; `{}` is the number.
    pub lines: (&'static str, &'static str),
    /// An empty list or text.
    pub none: &'static str,
    /// A value not collected.
    pub not_collected: &'static str,
    /// An instant before the time of the evidence (`older than 0s`).
    pub past: &'static str,
    /// An instant after the time of the evidence (`newer than 0s`).
    pub future: &'static str,
    /// Quotes around quoted text.
    pub quote: (&'static str, &'static str),
    /// Names the elements a test did not expect; `{}` is the list.
    pub unexpected: &'static str,
    /// Introduces the test that decided an item.
    pub tested: &'static str,
    /// Introduces a test as the rule writes it (for rule authors).
    pub rule: &'static str,
    /// Label of the Mac in the header.
    pub mac: &'static str,
    /// Heading of the present symptoms in the short report.
    pub seen_heading: &'static str,
    /// Label of the fix in the short report.
    pub fix: &'static str,
    /// Heading of the undetermined causes in the short report.
    pub open_heading: &'static str,
    /// Says how many causes were ruled out `(one, many)`; `{}` is the number.
    pub ruled_out_line: (&'static str, &'static str),
    /// Display names of the built-in sources: `[device, graph, jamf-pro, context]`.
    pub sources: [&'static str; 4],
    /// How a producer is worded: `[command, request, file, written]`; `{}` is the command,
    /// request or path.
    pub producers: [&'static str; 4],
    /// Separates a label from its value (with the space after it, if the locale puts one).
    pub colon: &'static str,
    /// Separates the items of a list that may hold commas (with the space after it, if the
    /// locale puts one).
    pub semicolon: &'static str,
    /// Opens a parenthesis.
    pub open: &'static str,
    /// Closes a parenthesis.
    pub close: &'static str,
}

const EN: Labels = Labels {
    title: "jamf-triage report",
    serial: "Serial number",
    user: "User",
    observed_at: "Observed at",
    not_given: "not given",
    causes: "Causes",
    symptoms: "Symptoms",
    problems: "Problems",
    problems_heading: "Collection problems",
    verdict: ["Confirmed", "Undetermined", "Ruled out"],
    verdict_count: ["Confirmed", "Undetermined", "Ruled out"],
    verdict_heading: [
        "Confirmed causes",
        "Undetermined causes",
        "Ruled-out causes",
    ],
    status: ["Reported", "Detected", "Not detected", "Unknown"],
    status_count: ["Reported", "Detected", "Not detected", "Unknown"],
    no_confirmed: "No cause is confirmed.",
    severity: "Severity",
    severities: ["Info", "Low", "Medium", "High", "Critical"],
    scope: "Scope",
    scopes: ["Tenant", "User", "Device"],
    explains: "Explains",
    candidate_causes: "Possible causes",
    evidence: "Evidence",
    outcomes: ["yes", "no", "unknown"],
    resolution: "Resolution",
    actors: [
        "End user",
        "Mac admin",
        "Entra ID admin",
        "Global Administrator",
        "Intune admin",
        "Network admin",
    ],
    location: "Where",
    link: "Link",
    warning: "Warning",
    references: "References",
    collect: "To decide this, collect",
    more: "+{} more",
    integration: "Integration",
    decided_from: "Decided from",
    generation_both: "{} and {} (migration in progress)",
    generation_none: "none (the evidence shows neither integration)",
    generation_unknown: "unknown (the evidence cannot tell which)",
    not_applicable_runs: "Not applicable: the tenant runs {}",
    not_applicable_not: "Not applicable: the tenant does not run {}",
    check_words: en_check,
    list: ", ",
    units: [
        ("second", "seconds"),
        ("minute", "minutes"),
        ("hour", "hours"),
        ("day", "days"),
    ],
    unit_space: " ",
    lines: ("{} line", "{} lines"),
    none: "none",
    not_collected: "not collected",
    past: "in the past",
    future: "in the future",
    quote: ("“", "”"),
    unexpected: "not expected: {}",
    tested: "Tested",
    rule: "Rule",
    mac: "Mac",
    seen_heading: "What is seen",
    fix: "Fix",
    open_heading: "Still open",
    ruled_out_line: (
        "1 cause was ruled out: `--all` shows it with the tests that decided it.",
        "{} causes were ruled out: `--all` shows them with the tests that decided each.",
    ),
    sources: [
        "On the Mac",
        "Microsoft Graph (Entra ID, Intune)",
        "Jamf Pro",
        "From the admin",
    ],
    producers: [
        "run `{}`",
        "request `{}`",
        "copy {}",
        "written by the admin or by `jamf-triage collect`",
    ],
    colon: ": ",
    semicolon: "; ",
    open: " (",
    close: ")",
};

const PT_PT: Labels = Labels {
    title: "Relatório do jamf-triage",
    serial: "Número de série",
    user: "Utilizador",
    observed_at: "Observado em",
    not_given: "não indicado",
    causes: "Causas",
    symptoms: "Sintomas",
    problems: "Problemas",
    problems_heading: "Problemas de recolha",
    verdict: ["Confirmada", "Por determinar", "Excluída"],
    verdict_count: ["Confirmadas", "Por determinar", "Excluídas"],
    verdict_heading: [
        "Causas confirmadas",
        "Causas por determinar",
        "Causas excluídas",
    ],
    status: ["Comunicado", "Detetado", "Não detetado", "Desconhecido"],
    status_count: ["Comunicados", "Detetados", "Não detetados", "Desconhecidos"],
    no_confirmed: "Nenhuma causa foi confirmada.",
    severity: "Gravidade",
    severities: ["Informativa", "Baixa", "Média", "Alta", "Crítica"],
    scope: "Âmbito",
    scopes: ["Inquilino", "Utilizador", "Dispositivo"],
    explains: "Explica",
    candidate_causes: "Causas possíveis",
    evidence: "Indícios",
    outcomes: ["sim", "não", "desconhecido"],
    resolution: "Resolução",
    actors: [
        "Utilizador final",
        "Administrador de Macs",
        "Administrador do Entra ID",
        "Administrador Global",
        "Administrador do Intune",
        "Administrador de rede",
    ],
    location: "Onde",
    link: "Ligação",
    warning: "Atenção",
    references: "Referências",
    collect: "Para o decidir, recolha",
    more: "mais {}",
    integration: "Integração",
    decided_from: "Determinada a partir de",
    generation_both: "{} e {} (migração em curso)",
    generation_none: "nenhuma (os indícios não mostram nenhuma das integrações)",
    generation_unknown: "desconhecida (os indícios não permitem saber qual)",
    not_applicable_runs: "Não aplicável: o inquilino utiliza {}",
    not_applicable_not: "Não aplicável: o inquilino não utiliza {}",
    check_words: pt_check,
    list: ", ",
    units: [
        ("segundo", "segundos"),
        ("minuto", "minutos"),
        ("hora", "horas"),
        ("dia", "dias"),
    ],
    unit_space: " ",
    lines: ("{} linha", "{} linhas"),
    none: "nenhum",
    not_collected: "não recolhido",
    past: "no passado",
    future: "no futuro",
    quote: ("«", "»"),
    unexpected: "não esperado: {}",
    tested: "Testado",
    rule: "Regra",
    mac: "Mac",
    seen_heading: "O que se observa",
    fix: "Correção",
    open_heading: "Ainda por decidir",
    ruled_out_line: (
        "Foi excluída 1 causa: `--all` mostra-a com os testes que a decidiram.",
        "Foram excluídas {} causas: `--all` mostra-as com os testes que decidiram cada uma.",
    ),
    sources: [
        "No Mac",
        "Microsoft Graph (Entra ID, Intune)",
        "Jamf Pro",
        "Do administrador",
    ],
    producers: [
        "execute `{}`",
        "pedido `{}`",
        "copie {}",
        "escrito pelo administrador ou pelo `jamf-triage collect`",
    ],
    colon: ": ",
    semicolon: "; ",
    open: " (",
    close: ")",
};

const ZH_CN: Labels = Labels {
    title: "jamf-triage 诊断报告",
    serial: "序列号",
    user: "用户",
    observed_at: "观测时间",
    not_given: "未提供",
    causes: "原因",
    symptoms: "症状",
    problems: "问题",
    problems_heading: "采集问题",
    verdict: ["已确认", "未确定", "已排除"],
    verdict_count: ["已确认", "未确定", "已排除"],
    verdict_heading: ["已确认的原因", "未确定的原因", "已排除的原因"],
    status: ["已报告", "已检测到", "未检测到", "未知"],
    status_count: ["已报告", "已检测到", "未检测到", "未知"],
    no_confirmed: "没有已确认的原因。",
    severity: "严重程度",
    severities: ["提示", "低", "中", "高", "严重"],
    scope: "范围",
    scopes: ["租户", "用户", "设备"],
    explains: "导致的症状",
    candidate_causes: "可能的原因",
    evidence: "证据",
    outcomes: ["是", "否", "未知"],
    resolution: "解决方法",
    actors: [
        "最终用户",
        "Mac 管理员",
        "Entra ID 管理员",
        "全局管理员",
        "Intune 管理员",
        "网络管理员",
    ],
    location: "位置",
    link: "链接",
    warning: "注意",
    references: "参考资料",
    collect: "要确定此原因，请采集",
    more: "另有 {} 项",
    integration: "集成",
    decided_from: "判断依据",
    generation_both: "{}和{}（正在迁移）",
    generation_none: "无（证据表明两种集成均未使用）",
    generation_unknown: "未知（证据不足以判断）",
    not_applicable_runs: "不适用：租户使用的是{}",
    not_applicable_not: "不适用：租户未使用{}",
    check_words: zh_check,
    list: "、",
    units: [
        ("秒", "秒"),
        ("分钟", "分钟"),
        ("小时", "小时"),
        ("天", "天"),
    ],
    unit_space: " ",
    lines: ("{} 行", "{} 行"),
    none: "无",
    not_collected: "未采集",
    past: "已过去",
    future: "尚未到来",
    quote: ("“", "”"),
    unexpected: "不应有：{}",
    tested: "检查",
    rule: "规则",
    mac: "Mac",
    seen_heading: "观察到的现象",
    fix: "解决方法",
    open_heading: "尚待确定",
    ruled_out_line: (
        "已排除 1 个原因；使用 `--all` 可查看该原因及判断依据。",
        "已排除 {} 个原因；使用 `--all` 可查看这些原因及判断依据。",
    ),
    sources: [
        "在 Mac 上",
        "Microsoft Graph（Entra ID、Intune）",
        "Jamf Pro",
        "由管理员提供",
    ],
    producers: [
        "运行 `{}`",
        "请求 `{}`",
        "复制 {}",
        "由管理员或 `jamf-triage collect` 写入",
    ],
    colon: "：",
    semicolon: "；",
    open: "（",
    close: "）",
};

impl Labels {
    /// The labels of a locale.
    pub fn of(locale: Locale) -> &'static Labels {
        match locale {
            Locale::En => &EN,
            Locale::PtPt => &PT_PT,
            Locale::ZhCn => &ZH_CN,
        }
    }

    /// A verdict as a tag.
    pub fn verdict(&self, verdict: Verdict) -> &'static str {
        self.verdict[verdict_index(verdict)]
    }

    /// A verdict as a count label.
    pub fn verdict_count(&self, verdict: Verdict) -> &'static str {
        self.verdict_count[verdict_index(verdict)]
    }

    /// The section heading of a verdict.
    pub fn verdict_heading(&self, verdict: Verdict) -> &'static str {
        self.verdict_heading[verdict_index(verdict)]
    }

    /// A symptom status as a tag.
    pub fn status(&self, status: SymptomStatus) -> &'static str {
        self.status[status_index(status)]
    }

    /// A symptom status as a count label.
    pub fn status_count(&self, status: SymptomStatus) -> &'static str {
        self.status_count[status_index(status)]
    }

    /// A severity's name.
    pub fn severity(&self, severity: Severity) -> &'static str {
        self.severities[match severity {
            Severity::Info => 0,
            Severity::Low => 1,
            Severity::Medium => 2,
            Severity::High => 3,
            Severity::Critical => 4,
        }]
    }

    /// A scope's name.
    pub fn scope(&self, scope: Scope) -> &'static str {
        self.scopes[match scope {
            Scope::Tenant => 0,
            Scope::User => 1,
            Scope::Device => 2,
        }]
    }

    /// An actor's name.
    pub fn actor(&self, actor: Actor) -> &'static str {
        self.actors[match actor {
            Actor::EndUser => 0,
            Actor::MacAdmin => 1,
            Actor::EntraAdmin => 2,
            Actor::GlobalAdmin => 3,
            Actor::IntuneAdmin => 4,
            Actor::NetworkAdmin => 5,
        }]
    }

    /// What a test gave, in words.
    pub fn outcome(&self, outcome: Truth) -> &'static str {
        self.outcomes[match outcome {
            Truth::True => 0,
            Truth::False => 1,
            Truth::Unknown => 2,
        }]
    }

    /// `text (inner)` with the locale's parentheses.
    pub fn paren(&self, inner: &str) -> String {
        format!("{}{inner}{}", self.open, self.close)
    }

    /// A source's display name (its name for a source that is not built in).
    pub fn source<'s>(&self, source: &'s str) -> &'s str {
        match source {
            "device" => self.sources[0],
            "graph" => self.sources[1],
            "jamf-pro" => self.sources[2],
            "context" => self.sources[3],
            other => other,
        }
    }

    /// What produces an artifact, in words.
    pub fn producer(&self, producer: &Producer) -> String {
        match producer {
            Producer::Command(command) => self.producers[0].replacen("{}", command, 1),
            Producer::Endpoint(endpoint) => self.producers[1].replacen("{}", endpoint, 1),
            // A file's path, without the explanation some tables add in parentheses.
            Producer::File(path) => {
                let path = path.split(" (").next().unwrap_or(path);
                self.producers[2].replacen("{}", path, 1)
            }
            Producer::Written(_) => self.producers[3].to_owned(),
            // A producer kind added later: its own English words.
            other => other.to_string(),
        }
    }

    /// How many more tests a short line leaves out, in parentheses.
    pub fn more(&self, count: usize) -> String {
        self.paren(&self.more.replacen("{}", &count.to_string(), 1))
    }
}

impl Labels {
    /// The integration a report names, in words; `title` gives a generation's title.
    pub fn generation<'t>(
        &self,
        generation: TenantGeneration,
        title: impl Fn(GenerationId) -> &'t str,
    ) -> String {
        match generation {
            TenantGeneration::DeviceCompliance => title(GenerationId::DeviceCompliance).to_owned(),
            TenantGeneration::Legacy => title(GenerationId::Legacy).to_owned(),
            TenantGeneration::Both => self
                .generation_both
                .replacen("{}", title(GenerationId::DeviceCompliance), 1)
                .replacen("{}", title(GenerationId::Legacy), 1),
            TenantGeneration::None => self.generation_none.to_owned(),
            TenantGeneration::Unknown => self.generation_unknown.to_owned(),
        }
    }

    /// Why an entry does not apply, in words; `title` gives a generation's title.
    pub fn not_applicable<'t>(
        &self,
        not_applicable: &NotApplicable,
        title: impl Fn(GenerationId) -> &'t str,
    ) -> String {
        match not_applicable.generation.single() {
            Some(runs) => self.not_applicable_runs.replacen("{}", title(runs), 1),
            None => {
                let titles: Vec<&str> = not_applicable
                    .applies_to
                    .iter()
                    .map(|&id| title(id))
                    .collect();
                self.not_applicable_not
                    .replacen("{}", &titles.join(self.list), 1)
            }
        }
    }
}

fn verdict_index(verdict: Verdict) -> usize {
    match verdict {
        Verdict::Confirmed => 0,
        Verdict::Undetermined => 1,
        Verdict::RuledOut => 2,
    }
}

fn status_index(status: SymptomStatus) -> usize {
    match status {
        SymptomStatus::Reported => 0,
        SymptomStatus::Detected => 1,
        SymptomStatus::NotDetected => 2,
        SymptomStatus::Unknown => 3,
    }
}

fn en_check(op: CheckOp) -> &'static str {
    match op {
        CheckOp::Exists => "collected",
        CheckOp::Missing => "not collected",
        CheckOp::Equals => "= {}",
        CheckOp::NotEquals => "≠ {}",
        CheckOp::OneOf => "one of {}",
        CheckOp::Contains => "contains {}",
        CheckOp::LineContains => "a line contains {}",
        CheckOp::Matches => "matches {}",
        CheckOp::LineMatches => "a line matches {}",
        CheckOp::ElementMatches => "an item matches {}",
        CheckOp::AllIn => "only items among {}",
        CheckOp::Compare => "{}",
        CheckOp::Count => "number of items {}",
        CheckOp::CountMatching => "number of lines matching {}",
        CheckOp::OlderThan => "more than {} ago",
        CheckOp::NewerThan => "less than {} ago",
        CheckOp::Before => "before {}",
        CheckOp::AtOrAfter => "on or after {}",
        CheckOp::EqualsFact => "same as: {}",
        CheckOp::InFact => "all found in: {}",
        CheckOp::IntersectsFact => "shares an item with: {}",
        CheckOp::CauseConfirmed => "confirmed",
    }
}

fn pt_check(op: CheckOp) -> &'static str {
    match op {
        CheckOp::Exists => "recolhido",
        CheckOp::Missing => "não recolhido",
        CheckOp::Equals => "= {}",
        CheckOp::NotEquals => "≠ {}",
        CheckOp::OneOf => "um de {}",
        CheckOp::Contains => "contém {}",
        CheckOp::LineContains => "uma linha contém {}",
        CheckOp::Matches => "corresponde a {}",
        CheckOp::LineMatches => "uma linha corresponde a {}",
        CheckOp::ElementMatches => "um item corresponde a {}",
        CheckOp::AllIn => "só itens entre {}",
        CheckOp::Compare => "{}",
        CheckOp::Count => "número de itens {}",
        CheckOp::CountMatching => "número de linhas que correspondem a {}",
        CheckOp::OlderThan => "há mais de {}",
        CheckOp::NewerThan => "há menos de {}",
        CheckOp::Before => "antes de {}",
        CheckOp::AtOrAfter => "em ou após {}",
        CheckOp::EqualsFact => "igual a: {}",
        CheckOp::InFact => "todos presentes em: {}",
        CheckOp::IntersectsFact => "partilha um item com: {}",
        CheckOp::CauseConfirmed => "confirmada",
    }
}

fn zh_check(op: CheckOp) -> &'static str {
    match op {
        CheckOp::Exists => "已采集",
        CheckOp::Missing => "未采集",
        CheckOp::Equals => "= {}",
        CheckOp::NotEquals => "≠ {}",
        CheckOp::OneOf => "属于 {} 之一",
        CheckOp::Contains => "包含 {}",
        CheckOp::LineContains => "有一行包含 {}",
        CheckOp::Matches => "匹配 {}",
        CheckOp::LineMatches => "有一行匹配 {}",
        CheckOp::ElementMatches => "有一项匹配 {}",
        CheckOp::AllIn => "只包含以下各项：{}",
        CheckOp::Compare => "{}",
        CheckOp::Count => "项数 {}",
        CheckOp::CountMatching => "匹配 {} 的行数",
        CheckOp::OlderThan => "距今超过 {}",
        CheckOp::NewerThan => "距今不到 {}",
        CheckOp::Before => "早于 {}",
        CheckOp::AtOrAfter => "不早于 {}",
        CheckOp::EqualsFact => "与“{}”相同",
        CheckOp::InFact => "全部包含在“{}”中",
        CheckOp::IntersectsFact => "与“{}”有共同项",
        CheckOp::CauseConfirmed => "已确认",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_every_label() {
        for locale in Locale::ALL {
            let labels = Labels::of(locale);
            let all = [
                labels.title,
                labels.serial,
                labels.no_confirmed,
                labels.collect,
                labels.integration,
                labels.decided_from,
                labels.generation_none,
                labels.generation_unknown,
            ];
            assert_eq!(labels.generation_both.matches("{}").count(), 2, "{locale}");
            assert!(labels.not_applicable_runs.contains("{}"), "{locale}");
            assert!(labels.not_applicable_not.contains("{}"), "{locale}");
            assert!(all.iter().all(|label| !label.is_empty()), "{locale}");
            assert!(labels.ruled_out_line.1.contains("{}"), "{locale}");
            assert!(
                labels.producers.iter().take(3).all(|p| p.contains("{}")),
                "{locale}"
            );
            assert!(
                labels.actors.iter().all(|actor| !actor.is_empty()),
                "{locale}"
            );
        }
    }

    #[test]
    fn chinese_uses_full_width_punctuation() {
        let zh = Labels::of(Locale::ZhCn);
        assert_eq!(zh.colon, "：");
        assert_eq!(zh.paren("1"), "（1）");
        let en = Labels::of(Locale::En);
        assert_eq!(en.colon, ": ");
        assert_eq!(en.paren("1"), " (1)");
    }

    #[test]
    fn european_portuguese_spelling() {
        let pt = Labels::of(Locale::PtPt);
        assert_eq!(pt.status(SymptomStatus::Detected), "Detetado");
        assert_eq!(pt.user, "Utilizador");
        assert_eq!(pt.verdict(Verdict::RuledOut), "Excluída");
    }
}
