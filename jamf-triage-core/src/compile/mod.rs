//! Compilation: a loaded [`RulePack`] checked against a [`FactCatalog`] and turned into a
//! [`Program`] that evaluation only reads.
//!
//! Fact names are interned to dense slots sorted by name (so that evidence, whose facts are
//! sorted too, binds to them in one merge pass), every regex is compiled once (the patterns that
//! scan one lines fact go into one [`LineSet`], whose literal automata are built on its first
//! scan), literals are parsed for the type of the fact they are compared with, and `cause:`
//! references become indices evaluated in dependency order.

pub(crate) mod lazy_regex;
mod leaf;
pub(crate) mod needs;
pub(crate) mod program;
mod scan;

use std::collections::HashMap;

use lazy_regex::LazyRegex;

use crate::model::Condition;
use crate::ops::{Form, forms, operators};
use crate::pack::RulePack;
use crate::problem::Problem;
use crate::quotes::fold_pattern;
use crate::yaml::index::child;
use crate::{FactCatalog, OBSERVED_AT, REPORTED_SYMPTOMS};
use program::{Children, Cost, Leaf, LineSet, Node, NodeId, Program, Slot, Test};

/// Compiles `pack`; `catalog` must already hold the built-in facts.
///
/// A pack with load errors may be given too, to find its catalog mistakes: the program is then
/// meaningless, but the problems are right (a test the loader rejected compiles to nothing).
///
/// # Errors
/// Every fact the catalog does not declare and every test that does not fit its fact's type.
pub(crate) fn compile(pack: &RulePack, catalog: &FactCatalog) -> Result<Program, Vec<Problem>> {
    let cause_index: HashMap<&str, usize> = pack
        .causes()
        .iter()
        .enumerate()
        .map(|(index, cause)| (cause.id.as_str(), index))
        .collect();
    let mut compiler = Compiler {
        catalog,
        cause_index,
        slots: Vec::new(),
        slot_index: HashMap::new(),
        nodes: Vec::new(),
        costs: Vec::new(),
        leaves: Vec::new(),
        line_groups: Vec::new(),
        regexes: pack.regexes().clone(),
        problems: Vec::new(),
        dependencies: vec![Vec::new(); pack.causes().len()],
        current_cause: None,
    };
    let observed_at = compiler.slot(OBSERVED_AT).unwrap_or_default();
    let reported = compiler.slot(REPORTED_SYMPTOMS.name()).unwrap_or_default();
    let mut generations = Vec::with_capacity(pack.generations().len());
    for (generation, origin) in pack.generations().iter().zip(pack.generation_origins()) {
        generations.push(compiler.node(
            &generation.when,
            origin.file,
            &child(&origin.path, "when"),
        ));
    }
    // `applies_to` as indices of the generations (ids the pack does not define were load
    // errors: they are left out here).
    let applies = |applies_to: Option<&Vec<crate::model::GenerationId>>| {
        applies_to.map(|ids| {
            ids.iter()
                .filter_map(|id| pack.generations().iter().position(|g| g.id == *id))
                .collect::<Vec<usize>>()
        })
    };
    let cause_applies = pack
        .causes()
        .iter()
        .map(|cause| applies(cause.applies_to.as_ref()))
        .collect();
    let symptom_applies = pack
        .symptoms()
        .iter()
        .map(|symptom| applies(symptom.applies_to.as_ref()))
        .collect();
    let mut causes = Vec::with_capacity(pack.causes().len());
    let mut resolutions = Vec::with_capacity(pack.causes().len());
    for (index, (cause, origin)) in pack.causes().iter().zip(pack.cause_origins()).enumerate() {
        compiler.current_cause = Some(index);
        causes.push(compiler.node(&cause.when, origin.file, &child(&origin.path, "when")));
        let resolution = pack
            .resolutions()
            .iter()
            .position(|r| r.id == cause.resolution);
        resolutions.push(resolution.unwrap_or_default());
    }
    compiler.current_cause = None;
    let mut symptoms = Vec::with_capacity(pack.symptoms().len());
    for (symptom, origin) in pack.symptoms().iter().zip(pack.symptom_origins()) {
        let path = child(&origin.path, "detect");
        symptoms.push(
            symptom
                .detect
                .as_ref()
                .map(|detect| compiler.node(detect, origin.file, &path)),
        );
    }
    // Each symptom's candidate causes, as cause indices (an unknown id is a load error).
    let symptom_causes = pack
        .symptoms()
        .iter()
        .map(|symptom| {
            symptom
                .causes
                .iter()
                .filter_map(|id| pack.causes().iter().position(|cause| &cause.id == id))
                .collect()
        })
        .collect();
    let line_sets = compiler.line_sets();
    if !compiler.problems.is_empty() {
        return Err(compiler.problems);
    }
    let cause_order = dependency_order(&compiler.dependencies);
    let mut program = Program {
        slots: compiler.slots,
        nodes: compiler.nodes,
        leaves: compiler.leaves,
        generations,
        causes,
        cause_applies,
        cause_order,
        symptoms,
        symptom_applies,
        symptom_causes,
        resolutions,
        line_sets,
        observed_at,
        reported,
        line_needs: Vec::new(),
    };
    sort_slots(&mut program);
    program.line_needs = needs::fact_needs(&program);
    Ok(program)
}

/// The form in which a rule's pattern is compiled: matched line by line (`(?m)`), each quote
/// matching its whole family ([`fold_pattern`]).
pub(crate) fn compiled_form(pattern: &str) -> String {
    line_by_line(&fold_pattern(pattern))
}

/// A folded pattern (or escaped literal) matched line by line: `^` and `$` at every line.
pub(crate) fn line_by_line(folded: &str) -> String {
    format!("(?m){folded}")
}

/// The line patterns applied to one lines fact, compiled, in the order of their set members.
struct LineGroup {
    slot: usize,
    regexes: Vec<LazyRegex>,
}

struct Compiler<'c> {
    catalog: &'c FactCatalog,
    cause_index: HashMap<&'c str, usize>,
    slots: Vec<Slot>,
    slot_index: HashMap<String, usize>,
    nodes: Vec<Node>,
    /// The cost of each node of `nodes`.
    costs: Vec<Cost>,
    leaves: Vec<Leaf>,
    line_groups: Vec<LineGroup>,
    /// Every regex compiled so far, by pattern (from the pack's, checked when it loaded): a
    /// pattern written twice is compiled once.
    regexes: HashMap<String, LazyRegex>,
    problems: Vec<Problem>,
    dependencies: Vec<Vec<usize>>,
    current_cause: Option<usize>,
}

impl Compiler<'_> {
    /// The slot of a declared fact (interned on first use).
    fn slot(&mut self, name: &str) -> Option<usize> {
        if let Some(&slot) = self.slot_index.get(name) {
            return Some(slot);
        }
        let spec = self.catalog.get(name)?;
        let slot = self.slots.len();
        self.slots.push(Slot {
            name: name.into(),
            fact_type: spec.fact_type,
        });
        self.slot_index.insert(name.to_owned(), slot);
        Some(slot)
    }

    /// `pattern` compiled, once per distinct pattern (a `Regex` clone shares the compiled form).
    fn regex(&mut self, pattern: String) -> Result<LazyRegex, regex::Error> {
        if let Some(regex) = self.regexes.get(&pattern) {
            return Ok(regex.clone());
        }
        let regex = LazyRegex::new(pattern.clone())?;
        self.regexes.insert(pattern, regex.clone());
        Ok(regex)
    }

    fn push(&mut self, node: Node, cost: Cost) -> NodeId {
        self.nodes.push(node);
        self.costs.push(cost);
        self.nodes.len() - 1
    }

    /// The cost of node `id`, compiled already.
    fn cost(&self, id: NodeId) -> Cost {
        self.costs.get(id).copied().unwrap_or_default()
    }

    /// Compiles a condition the loader has checked (one form per node, one operator per leaf).
    fn node(&mut self, condition: &Condition, file: usize, path: &str) -> NodeId {
        let Some(form) = forms(condition).into_iter().next() else {
            return self.push(Node::All(Children::default()), Cost::Cheap);
        };
        match form {
            Form::All(children) | Form::Any(children) => {
                let ids: Vec<NodeId> = children
                    .iter()
                    .enumerate()
                    .map(|(index, child)| {
                        self.node(child, file, &format!("{path}.{}[{index}]", form.key()))
                    })
                    .collect();
                let cost = ids
                    .iter()
                    .map(|&id| self.cost(id))
                    .max()
                    .unwrap_or_default();
                let children = Children::new(ids, |id| self.cost(id));
                let node = if matches!(form, Form::All(_)) {
                    Node::All(children)
                } else {
                    Node::Any(children)
                };
                self.push(node, cost)
            }
            Form::Not(inner) => {
                let inner = self.node(inner, file, &child(path, "not"));
                let cost = self.cost(inner);
                self.push(Node::Not(inner), cost)
            }
            Form::Cause(id) => {
                let index = self.cause_index.get(id).copied().unwrap_or_default();
                if let Some(current) = self.current_cause {
                    self.dependencies[current].push(index);
                }
                self.push(Node::Cause(index), Cost::Cheap)
            }
            Form::Fact(name) => {
                let leaf = operators(condition)
                    .first()
                    .and_then(|op| self.leaf(name, op, file, path));
                // A leaf that did not compile is reported; the placeholder is never evaluated.
                let leaf = leaf.unwrap_or(Leaf {
                    slot: 0,
                    test: Test::Exists(true),
                    check: crate::report::Check::new(crate::report::CheckOp::Exists, ""),
                    words: String::new(),
                });
                let fact_type = self.slots.get(leaf.slot).map(|slot| slot.fact_type);
                let cost = fact_type.map_or(Cost::Cheap, |fact_type| leaf.cost(fact_type));
                self.leaves.push(leaf);
                self.push(Node::Leaf(self.leaves.len() - 1), cost)
            }
        }
    }

    /// One [`LineSet`] per lines fact, over every line pattern that scans it.
    fn line_sets(&mut self) -> Vec<LineSet> {
        std::mem::take(&mut self.line_groups)
            .into_iter()
            .map(|group| LineSet::new(group.slot, group.regexes))
            .collect()
    }
}

/// Cause indices, each after the causes its condition tests (the loader rejected cycles).
fn dependency_order(dependencies: &[Vec<usize>]) -> Vec<usize> {
    fn visit(cause: usize, dependencies: &[Vec<usize>], done: &mut [bool], order: &mut Vec<usize>) {
        if done.get(cause).copied().unwrap_or(true) {
            return;
        }
        done[cause] = true;
        for &dependency in dependencies.get(cause).map_or(&[][..], Vec::as_slice) {
            visit(dependency, dependencies, done, order);
        }
        order.push(cause);
    }
    let mut done = vec![false; dependencies.len()];
    let mut order = Vec::with_capacity(dependencies.len());
    for cause in 0..dependencies.len() {
        visit(cause, dependencies, &mut done, &mut order);
    }
    order
}

/// Renumbers the slots in name order, so that evidence binds to them in one merge pass.
fn sort_slots(program: &mut Program) {
    let mut order: Vec<usize> = (0..program.slots.len()).collect();
    order.sort_by(|&a, &b| program.slots[a].name.cmp(&program.slots[b].name));
    let mut renumber = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        renumber[old] = new;
    }
    let new = |old: usize| renumber.get(old).copied().unwrap_or(old);
    program.slots = order
        .iter()
        .map(|&old| program.slots[old].clone())
        .collect();
    for leaf in &mut program.leaves {
        leaf.slot = new(leaf.slot);
        if let Test::EqualsFact(other) | Test::InFact(other) | Test::IntersectsFact(other) =
            &mut leaf.test
        {
            *other = new(*other);
        }
    }
    for set in &mut program.line_sets {
        set.slot = new(set.slot);
    }
    program.observed_at = new(program.observed_at);
    program.reported = new(program.reported);
}
