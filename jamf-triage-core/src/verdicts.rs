//! [`Verdicts`]: the outcome of [`crate::Engine::evaluate`], a verdict per cause and a status per
//! symptom with no explanation, for triaging many subjects cheaply.

use crate::RulePack;
use crate::model::{CauseDef, SymptomDef};
use crate::report::{SymptomStatus, Verdict};

/// The verdict on every cause and the status of every symptom of one evaluation, in pack order,
/// without the evidence that decided them (see [`crate::Engine::evaluate`]).
///
/// It borrows the rule pack from the engine, so that ids and definitions come for free; it holds
/// two small vectors and nothing else.
#[derive(Debug, Clone)]
pub struct Verdicts<'e> {
    pack: &'e RulePack,
    symptoms: Vec<SymptomStatus>,
    causes: Vec<Verdict>,
}

impl<'e> Verdicts<'e> {
    /// `symptoms` and `causes` are in the order of `pack`.
    pub(crate) fn new(
        pack: &'e RulePack,
        symptoms: Vec<SymptomStatus>,
        causes: Vec<Verdict>,
    ) -> Self {
        Verdicts {
            pack,
            symptoms,
            causes,
        }
    }

    /// Every cause with its verdict, in pack order.
    pub fn causes(&self) -> impl ExactSizeIterator<Item = (&'e CauseDef, Verdict)> + '_ {
        self.pack.causes().iter().zip(self.causes.iter().copied())
    }

    /// Every symptom with its status, in pack order.
    pub fn symptoms(&self) -> impl ExactSizeIterator<Item = (&'e SymptomDef, SymptomStatus)> + '_ {
        self.pack
            .symptoms()
            .iter()
            .zip(self.symptoms.iter().copied())
    }

    /// The verdict on the cause `id`, if the pack has it.
    pub fn cause(&self, id: &str) -> Option<Verdict> {
        self.causes()
            .find(|(cause, _)| cause.id == id)
            .map(|(_, verdict)| verdict)
    }

    /// The status of the symptom `id`, if the pack has it.
    pub fn symptom(&self, id: &str) -> Option<SymptomStatus> {
        self.symptoms()
            .find(|(symptom, _)| symptom.id == id)
            .map(|(_, status)| status)
    }

    /// The confirmed causes, in pack order (a [`crate::Report`] ranks them).
    pub fn confirmed(&self) -> impl Iterator<Item = &'e CauseDef> + '_ {
        self.causes()
            .filter(|(_, verdict)| *verdict == Verdict::Confirmed)
            .map(|(cause, _)| cause)
    }

    /// The verdict on cause number `index` of the pack.
    pub(crate) fn verdict_at(&self, index: usize) -> Option<Verdict> {
        self.causes.get(index).copied()
    }
}
