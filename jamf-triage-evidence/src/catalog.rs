//! The fact catalog: every fact a collector can provide, with its type and meaning.
//!
//! Rules are validated against the union of the catalogs: a rule that names an unknown fact, or
//! tests a fact with an operator that does not fit its type, does not load.

use serde::{Deserialize, Serialize};

use crate::FactType;

/// One fact a collector can provide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactSpec {
    /// The dotted, namespaced name (`jamf.computer.last_contact`).
    pub name: String,
    /// The type of its value.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// What it means, in one line.
    pub meaning: String,
    /// The collector that provides it (`device`, `jamf-pro`, `graph`, `context`, `evidence`).
    #[serde(default)]
    pub provider: String,
    /// Its short label in every shipped locale, shown in reports instead of its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<FactLabel>,
}

/// A fact's short label in every shipped locale: a few words a help-desk engineer reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactLabel {
    /// English.
    pub en: String,
    /// European Portuguese.
    #[serde(rename = "pt-PT")]
    pub pt_pt: String,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
}

impl FactSpec {
    /// A fact specification.
    pub fn new(
        name: impl Into<String>,
        fact_type: FactType,
        meaning: impl Into<String>,
        provider: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            fact_type,
            meaning: meaning.into(),
            provider: provider.into(),
            label: None,
        }
    }

    /// The same specification with a short label.
    pub fn with_label(mut self, en: &str, pt_pt: &str, zh_cn: &str) -> Self {
        self.label = Some(FactLabel {
            en: en.to_owned(),
            pt_pt: pt_pt.to_owned(),
            zh_cn: zh_cn.to_owned(),
        });
        self
    }
}

/// Why a catalog could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The catalog file is not valid.
    #[error("fact catalog of `{provider}`: {message}")]
    Invalid {
        /// The provider whose catalog it is.
        provider: String,
        /// What is wrong.
        message: String,
    },
    /// Two specifications share a name.
    #[error("fact `{name}` is declared by both `{first}` and `{second}`")]
    Duplicate {
        /// The fact name.
        name: String,
        /// The provider that declared it first.
        first: String,
        /// The provider that declared it again.
        second: String,
    },
}

/// A set of fact specifications, sorted by name, with unique names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactCatalog {
    specs: Vec<FactSpec>,
}

/// The name of the built-in fact holding the evidence's `observed_at`.
pub const OBSERVED_AT: &str = "observed_at";

/// The fact listing the catalog ids of the symptoms the admin reported: the engine reads it to
/// tell reported symptoms from detected ones, and the context source provides it.
pub const REPORTED_SYMPTOMS: crate::FactKey<Vec<String>> =
    crate::FactKey::new("context.reported.symptoms");

impl FactCatalog {
    /// An empty catalog.
    pub fn new() -> Self {
        Self::default()
    }

    /// The facts the engine itself reads, whatever the sources: `observed_at` and
    /// [`REPORTED_SYMPTOMS`].
    pub fn builtin() -> Self {
        let specs = [
            FactSpec::new(
                OBSERVED_AT,
                FactType::Timestamp,
                "the time the evidence describes (the \"now\" ages are measured from)",
                "evidence",
            )
            .with_label("Time of the evidence", "Hora dos indícios", "证据时间"),
            FactSpec::new(
                REPORTED_SYMPTOMS.name(),
                REPORTED_SYMPTOMS.fact_type(),
                "catalog ids of the symptoms the admin reported",
                "context",
            )
            .with_label(
                "Symptoms the admin reported",
                "Sintomas comunicados pelo administrador",
                "管理员报告的症状",
            ),
        ];
        let mut catalog = Self::new();
        for spec in specs {
            // The built-in names are distinct by construction.
            let _ = catalog.add(spec);
        }
        catalog
    }

    /// Adds one specification.
    ///
    /// # Errors
    /// [`CatalogError::Duplicate`] when the name is already declared.
    pub fn add(&mut self, spec: FactSpec) -> Result<(), CatalogError> {
        match self
            .specs
            .binary_search_by(|probe| probe.name.as_str().cmp(&spec.name))
        {
            Ok(index) => Err(CatalogError::Duplicate {
                name: spec.name,
                first: self.specs[index].provider.clone(),
                second: spec.provider,
            }),
            Err(index) => {
                self.specs.insert(index, spec);
                Ok(())
            }
        }
    }

    /// Adds every specification of `specs`.
    ///
    /// # Errors
    /// [`CatalogError::Duplicate`] on the first name already declared.
    pub fn extend(
        &mut self,
        specs: impl IntoIterator<Item = FactSpec>,
    ) -> Result<(), CatalogError> {
        specs.into_iter().try_for_each(|spec| self.add(spec))
    }

    /// Reads a catalog file (`provider` names the provider of every fact that does not name its
    /// own):
    ///
    /// ```yaml
    /// provider: device
    /// facts:
    ///   - name: device.os.version
    ///     type: string
    ///     meaning: the macOS version (sw_vers ProductVersion)
    /// ```
    ///
    /// # Errors
    /// [`CatalogError::Invalid`] when the text is not such a file; [`CatalogError::Duplicate`]
    /// when a name repeats.
    pub fn from_yaml(text: &str) -> Result<Self, CatalogError> {
        let file: CatalogFile =
            crate::yaml::from_str(text).map_err(|message| CatalogError::Invalid {
                provider: "?".to_owned(),
                message,
            })?;
        let mut catalog = Self::new();
        for mut spec in file.facts {
            if spec.provider.is_empty() {
                spec.provider.clone_from(&file.provider);
            }
            catalog.add(spec)?;
        }
        Ok(catalog)
    }

    /// The catalog as a file [`FactCatalog::from_yaml`] reads back, each fact with its provider.
    pub fn to_yaml(&self) -> String {
        let file = CatalogFile {
            provider: String::new(),
            facts: self.specs.clone(),
        };
        crate::yaml::to_string(&file).unwrap_or_else(|error| format!("# {error}\n"))
    }

    /// The specification of `name`.
    pub fn get(&self, name: &str) -> Option<&FactSpec> {
        self.specs
            .binary_search_by(|probe| probe.name.as_str().cmp(name))
            .ok()
            .map(|index| &self.specs[index])
    }

    /// Every specification, sorted by name.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &FactSpec> + '_ {
        self.specs.iter()
    }

    /// The number of specifications.
    pub fn len(&self) -> usize {
        self.specs.len()
    }

    /// Whether the catalog is empty.
    pub fn is_empty(&self) -> bool {
        self.specs.is_empty()
    }

    /// The declared name closest to `name`, for "did you mean" hints.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        crate::suggest::closest(name, self.specs.iter().map(|spec| spec.name.as_str()))
    }
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    provider: String,
    facts: Vec<FactSpec>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_catalog_file_and_fills_the_provider() {
        let catalog = FactCatalog::from_yaml(
            "provider: device\nfacts:\n  - name: device.b\n    type: bool\n    meaning: b\n  - name: device.a\n    type: lines\n    meaning: a\n",
        )
        .expect("valid catalog");
        let names: Vec<_> = catalog.iter().map(|spec| spec.name.as_str()).collect();
        assert_eq!(names, ["device.a", "device.b"]);
        assert_eq!(
            catalog.get("device.a").map(|s| s.provider.as_str()),
            Some("device")
        );
        assert_eq!(catalog.suggest("device.aa"), Some("device.a"));
    }

    #[test]
    fn refuses_duplicates() {
        let mut catalog = FactCatalog::builtin();
        let again = FactSpec::new(OBSERVED_AT, FactType::Timestamp, "again", "device");
        assert!(matches!(
            catalog.add(again),
            Err(CatalogError::Duplicate { .. })
        ));
    }
}
