//! The truth of one compiled test on the evidence (see the module documentation of
//! [`super`] for the semantics).

use super::Run;
use super::lines::{count_matching_lines, first_matching_line};
use crate::compile::program::{Bound, Leaf, LinePattern, Literal, Test};
use crate::{FactValue, Truth};

/// The truth of `leaf`.
pub(super) fn test(run: &Run<'_, '_>, leaf: &Leaf) -> Truth {
    let fact = run.fact(leaf.slot);
    if let Test::Exists(wanted) = leaf.test {
        return Truth::from(fact.is_some() == wanted);
    }
    let Some(fact) = fact else {
        return Truth::Unknown;
    };
    let value = &fact.value;
    match &leaf.test {
        Test::Exists(_) => Truth::True,
        Test::Equals(literal) => equals(value, literal),
        Test::NotEquals(literal) => equals(value, literal).not(),
        Test::OneOf(literals) => Truth::any(literals.iter().map(|literal| equals(value, literal))),
        Test::Contains(text) => match value {
            FactValue::String(string) => Truth::from(text.test(string)),
            FactValue::List(items) => Truth::from(items.iter().any(|item| text.test(item))),
            _ => Truth::Unknown,
        },
        Test::Lines(pattern) => lines_match(run, value, pattern),
        Test::Matches(pattern) => match value {
            FactValue::String(string) => Truth::from(pattern.is_match(string)),
            FactValue::List(items) => Truth::from(items.iter().any(|item| pattern.is_match(item))),
            _ => Truth::Unknown,
        },
        Test::AllIn(allowed) => match value {
            FactValue::List(items) => Truth::from(
                items
                    .iter()
                    .all(|item| allowed.iter().any(|text| text.test(item))),
            ),
            _ => Truth::Unknown,
        },
        Test::Compare(cmp, bound) => match (value, bound) {
            (FactValue::Integer(value), Bound::Integer(bound)) => {
                Truth::from(cmp.holds(value.cmp(bound)))
            }
            (FactValue::Duration(value), Bound::Duration(bound)) => {
                Truth::from(cmp.holds(value.cmp(bound)))
            }
            _ => Truth::Unknown,
        },
        Test::Count {
            matching,
            cmp,
            bound,
        } => {
            let count = match (value, matching) {
                (FactValue::List(items), None) => items.len(),
                // Every line read, kept or not: a source keeps only the lines the pack tests.
                (FactValue::Lines(lines), None) => {
                    usize::try_from(lines.total()).unwrap_or(usize::MAX)
                }
                (FactValue::List(items), Some(regex)) => {
                    items.iter().filter(|item| regex.is_match(item)).count()
                }
                (FactValue::Lines(lines), Some(regex)) => count_matching_lines(regex, lines),
                _ => return Truth::Unknown,
            };
            let count = i64::try_from(count).unwrap_or(i64::MAX);
            Truth::from(cmp.holds(count.cmp(bound)))
        }
        Test::Age { older, by } => {
            let (FactValue::Timestamp(at), Some(now)) = (value, run.now) else {
                return Truth::Unknown;
            };
            match now.checked_sub(*by) {
                Ok(limit) if *older => Truth::from(*at <= limit),
                Ok(limit) => Truth::from(*at > limit),
                Err(_) => Truth::Unknown,
            }
        }
        Test::Instant { before, at } => match value {
            FactValue::Timestamp(value) if *before => Truth::from(value < at),
            FactValue::Timestamp(value) => Truth::from(value >= at),
            _ => Truth::Unknown,
        },
        Test::EqualsFact(other) => match run.fact(*other) {
            Some(other) => Truth::from(*value == other.value),
            None => Truth::Unknown,
        },
        Test::InFact(other) => match (value, run.fact(*other).map(|fact| &fact.value)) {
            (FactValue::String(item), Some(FactValue::List(set))) => {
                Truth::from(set.contains(item))
            }
            (FactValue::List(items), Some(FactValue::List(set))) => {
                Truth::from(items.iter().all(|item| set.contains(item)))
            }
            _ => Truth::Unknown,
        },
        Test::IntersectsFact(other) => match (value, run.fact(*other).map(|fact| &fact.value)) {
            (FactValue::List(items), Some(FactValue::List(set))) => {
                Truth::from(items.iter().any(|item| set.contains(item)))
            }
            _ => Truth::Unknown,
        },
    }
}

/// Whether a value equals a literal of its type.
fn equals(value: &FactValue, literal: &Literal) -> Truth {
    match (value, literal) {
        (FactValue::Bool(value), Literal::Bool(literal)) => Truth::from(value == literal),
        (FactValue::Integer(value), Literal::Integer(literal)) => Truth::from(value == literal),
        (FactValue::String(value), Literal::Text(text)) => Truth::from(text.test(value)),
        (FactValue::Timestamp(value), Literal::Timestamp(literal)) => Truth::from(value == literal),
        (FactValue::Duration(value), Literal::Duration(literal)) => Truth::from(value == literal),
        _ => Truth::Unknown,
    }
}

/// Whether some line of a lines fact matches: the line set's single pass says where nothing
/// matches; a hit is confirmed line by line only when the pattern could span lines.
fn lines_match(run: &Run<'_, '_>, value: &FactValue, pattern: &LinePattern) -> Truth {
    let FactValue::Lines(lines) = value else {
        return Truth::Unknown;
    };
    match run.hit(pattern.set, pattern.member) {
        None | Some(false) => Truth::False,
        Some(true) if !pattern.may_span => Truth::True,
        Some(true) => Truth::from(first_matching_line(&pattern.regex, lines).is_some()),
    }
}
