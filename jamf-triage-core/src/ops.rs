//! A typed view of a [`Condition`]: its forms (`all`, `any`, `not`, `cause`, `fact`) and the
//! operators set on it, so that checking and compiling need not inspect the flat struct field
//! by field.

use crate::model::{Condition, CountDef, Scalar};

/// One of the forms a condition node takes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Form<'a> {
    All(&'a [Condition]),
    Any(&'a [Condition]),
    Not(&'a Condition),
    Cause(&'a str),
    Fact(&'a str),
}

impl Form<'_> {
    /// The YAML key of the form.
    pub fn key(&self) -> &'static str {
        match self {
            Form::All(_) => "all",
            Form::Any(_) => "any",
            Form::Not(_) => "not",
            Form::Cause(_) => "cause",
            Form::Fact(_) => "fact",
        }
    }
}

/// The forms set on `condition`, in field order.
pub(crate) fn forms(condition: &Condition) -> Vec<Form<'_>> {
    let mut forms = Vec::with_capacity(1);
    if let Some(children) = &condition.all {
        forms.push(Form::All(children));
    }
    if let Some(children) = &condition.any {
        forms.push(Form::Any(children));
    }
    if let Some(child) = &condition.not {
        forms.push(Form::Not(child));
    }
    if let Some(id) = &condition.cause {
        forms.push(Form::Cause(id));
    }
    if let Some(fact) = &condition.fact {
        forms.push(Form::Fact(fact));
    }
    forms
}

/// An ordering comparison on a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Cmp {
    /// The symbol (`>`, `≥`, ...).
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Gt => ">",
            Cmp::Ge => "≥",
            Cmp::Lt => "<",
            Cmp::Le => "≤",
        }
    }

    /// Whether `ordering` (of the value against the bound) satisfies the comparison.
    pub fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            Cmp::Eq => ordering == Equal,
            Cmp::Gt => ordering == Greater,
            Cmp::Ge => ordering != Less,
            Cmp::Lt => ordering == Less,
            Cmp::Le => ordering != Greater,
        }
    }
}

/// The comparisons set on a count, with their keys.
pub(crate) fn count_comparisons(count: &CountDef) -> Vec<(&'static str, Cmp, i64)> {
    [
        ("eq", Cmp::Eq, count.eq),
        ("gt", Cmp::Gt, count.gt),
        ("ge", Cmp::Ge, count.ge),
    ]
    .into_iter()
    .chain([("lt", Cmp::Lt, count.lt), ("le", Cmp::Le, count.le)])
    .filter_map(|(key, cmp, bound)| bound.map(|bound| (key, cmp, bound)))
    .collect()
}

/// An operator of a `fact:` leaf, borrowing its argument.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Op<'a> {
    Exists(bool),
    Equals(&'a Scalar),
    NotEquals(&'a Scalar),
    OneOf(&'a [Scalar]),
    Contains(&'a str),
    Matches(&'a str),
    AnyLineMatches(&'a str),
    AllIn(&'a [String]),
    Compare(Cmp, &'a Scalar),
    Count(&'a CountDef),
    CountMatching(&'a CountDef),
    OlderThan(&'a str),
    NewerThan(&'a str),
    Before(&'a str),
    After(&'a str),
    EqualsFact(&'a str),
    InFact(&'a str),
    IntersectsFact(&'a str),
}

impl Op<'_> {
    /// The YAML key of the operator.
    pub fn key(&self) -> &'static str {
        match self {
            Op::Exists(_) => "exists",
            Op::Equals(_) => "equals",
            Op::NotEquals(_) => "not_equals",
            Op::OneOf(_) => "one_of",
            Op::Contains(_) => "contains",
            Op::Matches(_) => "matches",
            Op::AnyLineMatches(_) => "any_line_matches",
            Op::AllIn(_) => "all_in",
            Op::Compare(Cmp::Gt, _) => "gt",
            Op::Compare(Cmp::Ge, _) => "ge",
            Op::Compare(Cmp::Lt, _) => "lt",
            Op::Compare(Cmp::Le, _) => "le",
            Op::Compare(Cmp::Eq, _) => "eq",
            Op::Count(_) => "count",
            Op::CountMatching(_) => "count_matching",
            Op::OlderThan(_) => "older_than",
            Op::NewerThan(_) => "newer_than",
            Op::Before(_) => "before",
            Op::After(_) => "after",
            Op::EqualsFact(_) => "equals_fact",
            Op::InFact(_) => "in_fact",
            Op::IntersectsFact(_) => "intersects_fact",
        }
    }
}

/// The operators set on `condition`, in field order.
pub(crate) fn operators(c: &Condition) -> Vec<Op<'_>> {
    let mut ops: Vec<Op<'_>> = Vec::with_capacity(1);
    let mut add = |op| ops.extend(op);
    add(c.exists.map(Op::Exists));
    add(c.equals.as_ref().map(Op::Equals));
    add(c.not_equals.as_ref().map(Op::NotEquals));
    add(c.one_of.as_deref().map(Op::OneOf));
    add(c.contains.as_deref().map(Op::Contains));
    add(c.matches.as_deref().map(Op::Matches));
    add(c.any_line_matches.as_deref().map(Op::AnyLineMatches));
    add(c.all_in.as_deref().map(Op::AllIn));
    add(c.gt.as_ref().map(|v| Op::Compare(Cmp::Gt, v)));
    add(c.ge.as_ref().map(|v| Op::Compare(Cmp::Ge, v)));
    add(c.lt.as_ref().map(|v| Op::Compare(Cmp::Lt, v)));
    add(c.le.as_ref().map(|v| Op::Compare(Cmp::Le, v)));
    add(c.count.as_ref().map(Op::Count));
    add(c.count_matching.as_ref().map(Op::CountMatching));
    add(c.older_than.as_deref().map(Op::OlderThan));
    add(c.newer_than.as_deref().map(Op::NewerThan));
    add(c.before.as_deref().map(Op::Before));
    add(c.after.as_deref().map(Op::After));
    add(c.equals_fact.as_deref().map(Op::EqualsFact));
    add(c.in_fact.as_deref().map(Op::InFact));
    add(c.intersects_fact.as_deref().map(Op::IntersectsFact));
    ops
}
