//! The facts this collector declares, read once from `facts.yaml` (the file the rule pack is
//! written against).

use std::sync::LazyLock;

use jamf_triage_core::{FactCatalog, FactSpec};

static CATALOG: LazyLock<FactCatalog> = LazyLock::new(|| {
    // The file is part of the crate and checked by a unit test, so an error cannot happen at run
    // time; an empty catalog is the harmless answer if it ever did.
    FactCatalog::from_yaml(include_str!("../facts.yaml")).unwrap_or_default()
});

/// Every declared fact, sorted by name.
pub(crate) fn specs() -> Vec<FactSpec> {
    CATALOG.iter().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_file_is_valid_and_names_only_device_facts() {
        let catalog =
            FactCatalog::from_yaml(include_str!("../facts.yaml")).expect("valid facts.yaml");
        assert!(!catalog.is_empty());
        for spec in catalog.iter() {
            assert!(spec.name.starts_with("device."), "{}", spec.name);
            assert_eq!(spec.provider, crate::COLLECTOR);
        }
        assert_eq!(specs().len(), catalog.len());
    }
}
