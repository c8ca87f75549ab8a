//! Property tests: the laws of Kleene's three-valued logic, and evaluation of random condition
//! trees on random evidence (agreeing with a reference evaluator, and never turning true into
//! false or back when a fact is removed).

use jamf_triage_core::{Evidence, Truth};
use proptest::prelude::*;

use crate::common::{evidence, one_cause, source, truth_of};

fn truth() -> impl Strategy<Value = Truth> {
    prop_oneof![Just(Truth::True), Just(Truth::False), Just(Truth::Unknown)]
}

proptest! {
    #[test]
    fn de_morgan(a in truth(), b in truth()) {
        prop_assert_eq!(a.and(b).not(), a.not().or(b.not()));
        prop_assert_eq!(a.or(b).not(), a.not().and(b.not()));
    }

    #[test]
    fn identities_and_double_negation(a in truth()) {
        prop_assert_eq!(a.and(Truth::True), a);
        prop_assert_eq!(a.or(Truth::False), a);
        prop_assert_eq!(a.and(Truth::False), Truth::False);
        prop_assert_eq!(a.or(Truth::True), Truth::True);
        prop_assert_eq!(a.not().not(), a);
    }

    #[test]
    fn commutativity_associativity_absorption(a in truth(), b in truth(), c in truth()) {
        prop_assert_eq!(a.and(b), b.and(a));
        prop_assert_eq!(a.or(b), b.or(a));
        prop_assert_eq!(a.and(b).and(c), a.and(b.and(c)));
        prop_assert_eq!(a.or(b).or(c), a.or(b.or(c)));
        prop_assert_eq!(a.and(a.or(b)), a);
        prop_assert_eq!(a.or(a.and(b)), a);
        prop_assert_eq!(Truth::all([a, b, c]), a.and(b).and(c));
        prop_assert_eq!(Truth::any([a, b, c]), a.or(b).or(c));
    }
}

/// The boolean facts random conditions test.
const FACTS: [&str; 3] = [
    "device.aad.have_azure_id",
    "device.os.version",
    "graph.intune.record_count",
];

/// A random condition over [`FACTS`], with the reference truth computed beside it.
#[derive(Debug, Clone)]
enum Cond {
    /// Fact `.0` tested with test `.1`: 0 = equals-ish true test, 1 = false test, 2 = exists.
    Leaf(usize, u8),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// The YAML of a leaf test that is true when the fact has value `true` (see [`value_of`]).
fn leaf_yaml(fact: usize, test: u8) -> String {
    let name = FACTS[fact];
    let operator = match (fact, test) {
        (_, 2) => "exists: true".to_owned(),
        (0, 0) => "equals: true".to_owned(),
        (0, _) => "equals: false".to_owned(),
        (1, 0) => "equals: 'yes'".to_owned(),
        (1, _) => "not_equals: 'yes'".to_owned(),
        (_, 0) => "gt: 0".to_owned(),
        (_, _) => "le: 0".to_owned(),
    };
    format!("{{ fact: {name}, {operator} }}")
}

impl Cond {
    fn yaml(&self) -> String {
        let list = |items: &[Cond]| items.iter().map(Cond::yaml).collect::<Vec<_>>().join(", ");
        match self {
            Cond::Leaf(fact, test) => leaf_yaml(*fact, *test),
            Cond::All(items) => format!("{{ all: [{}] }}", list(items)),
            Cond::Any(items) => format!("{{ any: [{}] }}", list(items)),
            Cond::Not(inner) => format!("{{ not: {} }}", inner.yaml()),
        }
    }

    /// The reference truth, given each fact's value (None = missing).
    fn truth(&self, values: &[Option<bool>]) -> Truth {
        match self {
            Cond::Leaf(fact, 2) => Truth::from(values[*fact].is_some()),
            Cond::Leaf(fact, test) => match values[*fact] {
                None => Truth::Unknown,
                Some(value) => Truth::from(value == (*test == 0)),
            },
            Cond::All(items) => Truth::all(items.iter().map(|item| item.truth(values))),
            Cond::Any(items) => Truth::any(items.iter().map(|item| item.truth(values))),
            Cond::Not(inner) => inner.truth(values).not(),
        }
    }
}

fn condition() -> impl Strategy<Value = Cond> {
    let leaf = (0..FACTS.len(), 0..3_u8).prop_map(|(fact, test)| Cond::Leaf(fact, test));
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Cond::All),
            prop::collection::vec(inner.clone(), 0..4).prop_map(Cond::Any),
            inner.prop_map(|c| Cond::Not(Box::new(c))),
        ]
    })
}

/// Evidence where fact `i` holds the value that makes its "true" test true when `values[i]`
/// is `Some(true)`.
fn value_of(values: &[Option<bool>]) -> Evidence {
    let mut evidence = evidence();
    for (fact, value) in values.iter().enumerate() {
        let Some(value) = *value else { continue };
        let name = FACTS[fact];
        match fact {
            0 => evidence.set(name, value, source("a")),
            1 => evidence.set(name, if value { "yes" } else { "no" }, source("a")),
            _ => evidence.set(name, i64::from(value), source("a")),
        };
    }
    evidence
}

fn values() -> impl Strategy<Value = Vec<Option<bool>>> {
    prop::collection::vec(prop::option::of(any::<bool>()), FACTS.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn evaluation_agrees_with_the_reference(cond in condition(), values in values()) {
        let engine = one_cause(&cond.yaml(), "");
        prop_assert_eq!(truth_of(&engine, &value_of(&values)), cond.truth(&values));
    }

    #[test]
    fn removing_a_fact_never_flips_a_verdict(cond in condition(), values in values(), removed in 0..FACTS.len()) {
        let engine = one_cause(&cond.yaml(), "");
        let before = truth_of(&engine, &value_of(&values));
        let mut fewer = values.clone();
        fewer[removed] = None;
        let after = truth_of(&engine, &value_of(&fewer));
        // `exists` is decided on a missing fact, so only trees without it are monotone.
        if !cond.yaml().contains("exists") && before != Truth::Unknown {
            prop_assert!(after == before || after == Truth::Unknown, "{:?} became {:?}", before, after);
        }
    }
}
