//! What the renderers know of facts beyond their names: each fact's short label in every locale
//! and the artifacts (bundle file, command or request) that provide it. The engine knows no
//! source; the caller builds a [`FactGuide`] from its registry (its catalog and artifact tables)
//! and passes it in.

use std::collections::BTreeMap;

use jamf_triage_core::Locale;
use jamf_triage_core::evidence::{ArtifactSpec, FactCatalog, FactLabel, Producer};

/// Labels and providing artifacts of the facts a report may name.
///
/// ```
/// use jamf_triage_core::evidence::{ArtifactSpec, FactCatalog, FactSpec, FactType, Producer};
/// use jamf_triage_core::Locale;
/// use jamf_triage_render::FactGuide;
///
/// let mut catalog = FactCatalog::new();
/// catalog.add(
///     FactSpec::new("example.os.version", FactType::String, "macOS version", "example")
///         .with_label("macOS version", "Versão do macOS", "macOS 版本"),
/// )?;
/// const SW_VERS: ArtifactSpec = ArtifactSpec {
///     path: "mac/sw_vers.txt",
///     producer: Producer::Command("sw_vers"),
///     parser: "key: value lines",
///     limit: 1 << 20,
///     facts: &["example.os.version"],
/// };
/// let guide = FactGuide::new(&catalog, [("example", &SW_VERS)]);
/// assert_eq!(guide.label("example.os.version", Locale::PtPt), Some("Versão do macOS"));
/// assert_eq!(guide.artifacts("example.os.version")[0].path, "mac/sw_vers.txt");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct FactGuide {
    facts: BTreeMap<String, GuideEntry>,
}

#[derive(Debug, Clone, Default)]
struct GuideEntry {
    label: Option<FactLabel>,
    artifacts: Vec<Provider>,
}

/// An artifact that provides a fact: its source, its bundle path and what produces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// The source (`device`, `graph`, …).
    pub source: String,
    /// The bundle-relative path (or pattern).
    pub path: &'static str,
    /// The command, request or file that produces it.
    pub producer: Producer,
}

impl FactGuide {
    /// A guide from a catalog (the labels) and the artifact tables of the sources, as
    /// `(source name, row)` pairs (`Registry::artifacts` gives them).
    pub fn new<'a>(
        catalog: &FactCatalog,
        artifacts: impl IntoIterator<Item = (&'a str, &'a ArtifactSpec)>,
    ) -> Self {
        let mut facts: BTreeMap<String, GuideEntry> = BTreeMap::new();
        for spec in catalog.iter() {
            facts.entry(spec.name.clone()).or_default().label = spec.label.clone();
        }
        for (source, row) in artifacts {
            for &fact in row.facts {
                let providers = &mut facts.entry(fact.to_owned()).or_default().artifacts;
                let provider = Provider {
                    source: source.to_owned(),
                    path: row.path,
                    producer: row.producer,
                };
                if !providers.contains(&provider) {
                    providers.push(provider);
                }
            }
        }
        FactGuide { facts }
    }

    /// A fact's short label in `locale`, when its declaration gives one.
    pub fn label(&self, fact: &str, locale: Locale) -> Option<&str> {
        let label = self.facts.get(fact)?.label.as_ref()?;
        Some(match locale {
            Locale::En => &label.en,
            Locale::PtPt => &label.pt_pt,
            Locale::ZhCn => &label.zh_cn,
        })
    }

    /// The artifacts that provide a fact, in table order.
    pub fn artifacts(&self, fact: &str) -> &[Provider] {
        self.facts
            .get(fact)
            .map_or(&[], |entry| entry.artifacts.as_slice())
    }
}
