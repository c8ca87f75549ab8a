//! Fact names spelled once: each source declares its facts with [`declare_facts!`](crate::declare_facts), which gives
//! a typed [`FactKey`] constant per fact and the source's catalog, so that a misspelt fact name
//! does not compile and a value of the wrong type is not recorded.

use std::marker::PhantomData;

use jiff::{SignedDuration, Timestamp};

use crate::{FactLabel, FactSpec, FactType, FactValue, Lines};

/// A Rust type that holds the value of facts of one [`FactType`].
pub trait FactKind: Into<FactValue> {
    /// The fact type of values of this Rust type.
    const TYPE: FactType;
}

impl FactKind for bool {
    const TYPE: FactType = FactType::Bool;
}
impl FactKind for i64 {
    const TYPE: FactType = FactType::Integer;
}
impl FactKind for String {
    const TYPE: FactType = FactType::String;
}
impl FactKind for Timestamp {
    const TYPE: FactType = FactType::Timestamp;
}
impl FactKind for SignedDuration {
    const TYPE: FactType = FactType::Duration;
}
impl FactKind for Vec<String> {
    const TYPE: FactType = FactType::List;
}
impl FactKind for Lines {
    const TYPE: FactType = FactType::Lines;
}

/// The name of a declared fact, with the Rust type of its value.
///
/// ```
/// use jamf_triage_evidence::{Evidence, FactKey, FactType, Provenance};
/// const MANAGED: FactKey<bool> = FactKey::new("example.managed");
/// assert_eq!(MANAGED.fact_type(), FactType::Bool);
/// let mut evidence = Evidence::default();
/// evidence.record(MANAGED, true, Provenance::new("example", "inventory.json"));
/// assert!(evidence.get(MANAGED.name()).is_some());
/// ```
pub struct FactKey<V> {
    name: &'static str,
    value: PhantomData<fn() -> V>,
}

impl<V> FactKey<V> {
    /// The key of the fact named `name`. Sources declare their keys with [`declare_facts!`](crate::declare_facts).
    pub const fn new(name: &'static str) -> Self {
        Self {
            name,
            value: PhantomData,
        }
    }

    /// The fact's dotted name (`graph.partner.state`).
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

impl<V: FactKind> FactKey<V> {
    /// The fact's type.
    pub const fn fact_type(&self) -> FactType {
        V::TYPE
    }
}

impl<V> Clone for FactKey<V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<V> Copy for FactKey<V> {}
impl<V> std::fmt::Debug for FactKey<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FactKey({})", self.name)
    }
}
impl<V> PartialEq for FactKey<V> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl<V> Eq for FactKey<V> {}

/// One fact as [`declare_facts!`](crate::declare_facts) declares it: name, type, and its meaning (the doc comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactDecl {
    /// The dotted name.
    pub name: &'static str,
    /// The type.
    pub fact_type: FactType,
    /// The doc comment's lines, each ending with `\n`.
    pub doc: &'static str,
    /// The short label a report shows for it, per locale (`#[label(...)]`).
    pub label: Option<DeclLabel>,
}

/// A fact's short label as [`declare_facts!`](crate::declare_facts) declares it: a few words a
/// help-desk engineer reads in a report, in every shipped locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeclLabel {
    /// English.
    pub en: &'static str,
    /// European Portuguese.
    pub pt_pt: &'static str,
    /// Simplified Chinese.
    pub zh_cn: &'static str,
}

impl FactDecl {
    /// The catalog entry of this fact, provided by `provider`: its meaning is the doc comment on
    /// one line.
    pub fn spec(&self, provider: &str) -> FactSpec {
        let meaning = self
            .doc
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let mut spec = FactSpec::new(self.name, self.fact_type, meaning, provider);
        spec.label = self.label.map(|label| FactLabel {
            en: label.en.to_owned(),
            pt_pt: label.pt_pt.to_owned(),
            zh_cn: label.zh_cn.to_owned(),
        });
        spec
    }
}

/// The catalog entries of `declared`, provided by `provider`.
pub fn specs(provider: &str, declared: &[FactDecl]) -> Vec<FactSpec> {
    declared.iter().map(|decl| decl.spec(provider)).collect()
}

/// Declares a source's facts: a typed [`FactKey`] constant per fact, documented by its meaning,
/// and `DECLARED`, the list of them all (turn it into catalog entries with [`specs`]).
///
/// An optional `#[label(en = "…", pt_PT = "…", zh_CN = "…")]` line after the doc comment gives
/// the fact's short label in every shipped locale: the words a report shows for it instead of its
/// name. Every built-in fact has one (a test in `jamf-triage-sources` checks it).
///
/// ```
/// mod facts {
///     jamf_triage_evidence::declare_facts! {
///         /// macOS version (sw_vers ProductVersion)
///         #[label(en = "macOS version", pt_PT = "Versão do macOS", zh_CN = "macOS 版本")]
///         pub const OS_VERSION: String = "example.os.version";
///         /// whether the Mac is managed
///         pub const MANAGED: bool = "example.managed";
///     }
/// }
/// assert_eq!(facts::OS_VERSION.name(), "example.os.version");
/// let specs = jamf_triage_evidence::specs("example", facts::DECLARED);
/// assert_eq!(specs[1].meaning, "whether the Mac is managed");
/// assert_eq!(specs[0].label.as_ref().map(|label| label.zh_cn.as_str()), Some("macOS 版本"));
/// assert!(specs[1].label.is_none());
/// ```
#[macro_export]
macro_rules! declare_facts {
    ($(
        $(#[doc = $doc:literal])+
        $(#[label(en = $en:literal, pt_PT = $pt:literal, zh_CN = $zh:literal $(,)?)])?
        $vis:vis const $key:ident: $value:ty = $name:literal;
    )*) => {
        $(
            $(#[doc = $doc])+
            $vis const $key: $crate::FactKey<$value> = $crate::FactKey::new($name);
        )*
        /// Every fact declared here, in order.
        pub const DECLARED: &[$crate::FactDecl] = &[$(
            $crate::FactDecl {
                name: $name,
                fact_type: <$value as $crate::FactKind>::TYPE,
                doc: concat!($($doc, "\n"),+),
                label: $crate::declare_facts!(@label $($en, $pt, $zh)?),
            },
        )*];
    };
    (@label) => { None };
    (@label $en:literal, $pt:literal, $zh:literal) => {
        Some($crate::DeclLabel { en: $en, pt_pt: $pt, zh_cn: $zh })
    };
}
