//! Reading rule files: the YAML of rules with the position of every node, so that a mistake is
//! reported at file:line:column.

pub(crate) mod index;
pub(crate) mod rules;
