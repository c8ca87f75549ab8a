//! The [`Engine`]: a rule pack compiled against a fact catalog, ready to diagnose evidence.

use crate::compile::program::Program;
use crate::diagnose::ReportTables;
use crate::evidence::{LineNeed, LineNeeds};
use crate::{Evidence, FactCatalog, Report, RuleErrors, RulePack, RuleSource, Verdicts};

/// A compiled rule pack. Compile once, then diagnose any number of [`Evidence`]s, from any
/// number of threads (`Engine` is `Send + Sync`).
///
/// ```
/// use jamf_triage_core::{Engine, Evidence, FactCatalog, FactSpec, FactType, Provenance, RulePack, RuleSource, Verdict};
/// let rules = r#"
/// causes:
///   - id: jamf-checkin-missed
///     scope: device
///     severity: high
///     title: { en: The Mac stopped checking in }
///     resolution: restore-jamf-checkin
///     when: { fact: jamf.computer.last_contact, older_than: 24h }
/// resolutions:
///   - id: restore-jamf-checkin
///     scope: device
///     title: { en: Bring the Mac back in contact }
///     steps: []
/// "#;
/// let pack = RulePack::load(&[RuleSource::new("rules/causes.yaml", rules)])?;
/// let mut catalog = FactCatalog::new();
/// catalog.add(FactSpec::new("jamf.computer.last_contact", FactType::Timestamp, "last contact", "jamf-pro"))?;
/// let engine = Engine::compile(pack, &catalog)?;
///
/// let evidence = Evidence::builder()
///     .observed_at("2024-06-03T12:00:00Z".parse()?)
///     .fact("jamf.computer.last_contact", "2024-06-01T08:00:00Z".parse::<jiff::Timestamp>()?, Provenance::new("jamf-pro", "jamf-pro/computer.json"))
///     .build();
/// let report = engine.diagnose(&evidence);
/// assert_eq!(report.cause("jamf-checkin-missed").map(|c| c.verdict), Some(Verdict::Confirmed));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    pack: RulePack,
    catalog: FactCatalog,
    program: Program,
    tables: ReportTables,
}

impl Engine {
    /// Checks `pack` against `catalog` (plus the built-in facts, [`FactCatalog::builtin`]) and
    /// compiles it.
    ///
    /// # Errors
    /// [`RuleErrors`] naming every unknown fact, every operator that does not fit its fact's type
    /// and every literal that does not fit its fact, each at file:line:column.
    pub fn compile(pack: RulePack, catalog: &FactCatalog) -> Result<Engine, RuleErrors> {
        let catalog = with_builtin(catalog);
        match crate::compile::compile(&pack, &catalog) {
            Ok(program) => Ok(Engine {
                tables: ReportTables::new(&pack, &catalog, &program),
                pack,
                catalog,
                program,
            }),
            Err(problems) => Err(pack.errors(problems)),
        }
    }

    /// Loads rule files and compiles them in one step, reporting the mistakes of both steps at
    /// once (so that `rules lint` shows an unknown fact next to a missing `en` text), where
    /// [`RulePack::load`] then [`Engine::compile`] stop after the first step that fails.
    ///
    /// # Errors
    /// [`RuleErrors`] with every mistake of loading and of compiling, each at file:line:column.
    pub fn build(sources: &[RuleSource<'_>], catalog: &FactCatalog) -> Result<Engine, RuleErrors> {
        let (pack, mut problems) = RulePack::read(sources);
        if problems.is_empty() {
            return Engine::compile(pack, catalog);
        }
        if let Err(more) = crate::compile::compile(&pack, &with_builtin(catalog)) {
            // A test the loader rejected may fail to compile too: report it once.
            let known: Vec<String> = problems.iter().map(|p| p.path.clone()).collect();
            problems.extend(more.into_iter().filter(|p| !known.contains(&p.path)));
        }
        Err(pack.errors(problems))
    }

    /// Evaluates the pack on one subject's evidence: the verdict on every cause and the status
    /// of every symptom, without explanations. Never fails: what the evidence lacks makes
    /// verdicts undetermined.
    ///
    /// This is the cheap path for triaging a fleet: it binds the evidence to the compiled slots
    /// and evaluates the conditions, and allocates only the two result vectors and the binding
    /// (scanning lines facts adds a few small vectors of matches). The verdicts are those
    /// [`Engine::diagnose`] gives; run it on the subjects worth explaining.
    ///
    /// ```
    /// use jamf_triage_core::report::SymptomStatus;
    /// use jamf_triage_core::{Engine, Evidence, FactCatalog, FactSpec, FactType, Provenance, RuleSource, Verdict};
    /// let rules = r#"
    /// symptoms:
    ///   - id: unresponsive-in-jamf
    ///     scope: device
    ///     severity: high
    ///     title: { en: The Mac shows as unresponsive }
    ///     causes: [jamf-checkin-missed]
    /// causes:
    ///   - id: jamf-checkin-missed
    ///     scope: device
    ///     severity: high
    ///     title: { en: The Mac stopped checking in }
    ///     resolution: restore-jamf-checkin
    ///     when: { fact: jamf.computer.last_contact, older_than: 24h }
    /// resolutions:
    ///   - id: restore-jamf-checkin
    ///     scope: device
    ///     title: { en: Bring the Mac back in contact }
    ///     steps: []
    /// "#;
    /// let mut catalog = FactCatalog::new();
    /// catalog.add(FactSpec::new("jamf.computer.last_contact", FactType::Timestamp, "last contact", "jamf-pro"))?;
    /// let engine = Engine::build(&[RuleSource::new("rules/pack.yaml", rules)], &catalog)?;
    ///
    /// let observed: jiff::Timestamp = "2024-06-03T12:00:00Z".parse()?;
    /// let mut confirmed = 0;
    /// for last_contact in ["2024-06-01T08:00:00Z", "2024-06-03T11:00:00Z"] {
    ///     let evidence = Evidence::builder()
    ///         .observed_at(observed)
    ///         .fact("jamf.computer.last_contact", last_contact.parse::<jiff::Timestamp>()?, Provenance::new("jamf-pro", "jamf-pro/computer.json"))
    ///         .build();
    ///     let verdicts = engine.evaluate(&evidence);
    ///     assert_eq!(verdicts.symptom("unresponsive-in-jamf"), Some(SymptomStatus::Unknown));
    ///     confirmed += verdicts.confirmed().count();
    ///     // The same verdicts as a full diagnosis.
    ///     let report = engine.diagnose(&evidence);
    ///     assert_eq!(verdicts.cause("jamf-checkin-missed"), report.cause("jamf-checkin-missed").map(|c| c.verdict));
    /// }
    /// assert_eq!(confirmed, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate(&self, evidence: &Evidence) -> Verdicts<'_> {
        crate::diagnose::evaluate(&self.pack, &self.program, evidence)
    }

    /// [`Engine::evaluate`] on one subject's `own` evidence laid over `base`, evidence shared by
    /// many subjects (a fleet's tenant facts): a fact of `own` replaces the fact of the same
    /// name in `base`, and `own`'s `observed_at` is the "now". The verdicts are those of
    /// [`Engine::evaluate`] on `base` merged with `own`, without copying `base` per subject.
    ///
    /// ```
    /// use jamf_triage_core::{Engine, Evidence, FactCatalog, FactSpec, FactType, Provenance, RuleSource, Verdict};
    /// let rules = r#"
    /// causes:
    ///   - id: jamf-checkin-missed
    ///     scope: device
    ///     severity: high
    ///     title: { en: The Mac stopped checking in }
    ///     resolution: restore-jamf-checkin
    ///     when: { fact: jamf.computer.last_contact, older_than: 24h }
    /// resolutions:
    ///   - id: restore-jamf-checkin
    ///     scope: device
    ///     title: { en: Bring the Mac back in contact }
    ///     steps: []
    /// "#;
    /// let mut catalog = FactCatalog::new();
    /// catalog.add(FactSpec::new("jamf.computer.last_contact", FactType::Timestamp, "last contact", "jamf-pro"))?;
    /// let engine = Engine::build(&[RuleSource::new("rules/pack.yaml", rules)], &catalog)?;
    /// let tenant = Evidence::default();
    /// let mac = Evidence::builder()
    ///     .observed_at("2024-06-03T12:00:00Z".parse()?)
    ///     .fact("jamf.computer.last_contact", "2024-06-01T08:00:00Z".parse::<jiff::Timestamp>()?, Provenance::new("jamf-pro", "jamf-pro/computers-inventory.json"))
    ///     .build();
    /// assert_eq!(engine.evaluate_over(&tenant, &mac).cause("jamf-checkin-missed"), Some(Verdict::Confirmed));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_over(&self, base: &Evidence, own: &Evidence) -> Verdicts<'_> {
        crate::diagnose::evaluate_over(&self.pack, &self.program, base, own)
    }

    /// Diagnoses one subject's evidence: [`Engine::evaluate`], then the explanation of every
    /// verdict and status, and the ranking. Never fails: what the evidence lacks makes verdicts
    /// undetermined.
    pub fn diagnose<'e>(&'e self, evidence: &'e Evidence) -> Report<'e> {
        crate::diagnose::diagnose(&self.pack, &self.tables, &self.program, evidence)
    }

    /// The rule pack.
    pub fn pack(&self) -> &RulePack {
        &self.pack
    }

    /// The catalog the pack was checked against (with the built-in facts).
    pub fn catalog(&self) -> &FactCatalog {
        &self.catalog
    }
}

/// What the pack needs of each lines fact: the lines one of the regexes its rules apply to the
/// fact matches ([`LineNeed::Matching`]), every line when a regex is anchored to the whole text
/// (`\A`, `\z`), and no line ([`LineNeed::CountOnly`]) of a fact the rules read only with
/// `count` or `exists`, or not at all. Evidence kept this way gives the verdicts of the whole
/// evidence.
///
/// ```
/// use jamf_triage_core::evidence::{LineNeed, LineNeeds, LineSink};
/// use jamf_triage_core::{Engine, Evidence, FactCatalog, FactSpec, FactType, Provenance, RuleSource, Verdict};
/// let rules = r#"
/// causes:
///   - id: mfa-required
///     scope: device
///     severity: high
///     title: { en: Entra ID asks for MFA }
///     resolution: exclude-from-mfa
///     when: { fact: device.aad.log, any_line_matches: 'AADSTS50076' }
/// resolutions:
///   - id: exclude-from-mfa
///     scope: device
///     title: { en: Exclude the registration from MFA }
///     steps: []
/// "#;
/// let mut catalog = FactCatalog::new();
/// catalog.add(FactSpec::new("device.aad.log", FactType::Lines, "the jamfAAD log", "device"))?;
/// catalog.add(FactSpec::new("device.jamf.log", FactType::Lines, "the jamf log", "device"))?;
/// let engine = Engine::build(&[RuleSource::new("rules/pack.yaml", rules)], &catalog)?;
/// assert!(matches!(engine.need("device.jamf.log"), LineNeed::CountOnly));
///
/// let mut sink = LineSink::new(engine.need("device.aad.log"));
/// sink.offer("mac/jamfAAD.log", 1, "token acquired");
/// sink.offer("mac/jamfAAD.log", 2, "error: AADSTS50076 MFA required");
/// let lines = sink.finish();
/// assert_eq!((lines.len(), lines.total()), (1, 2));
/// let evidence = Evidence::builder().fact("device.aad.log", lines, Provenance::new("device", "mac/jamfAAD.log")).build();
/// assert_eq!(engine.evaluate(&evidence).cause("mfa-required"), Some(Verdict::Confirmed));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl LineNeeds for Engine {
    fn need(&self, fact: &str) -> LineNeed<'_> {
        crate::compile::needs::need(&self.program.line_needs, fact)
    }
}

/// `catalog` with the built-in facts it does not declare itself.
fn with_builtin(catalog: &FactCatalog) -> FactCatalog {
    let mut full = catalog.clone();
    for spec in FactCatalog::builtin().iter() {
        if full.get(&spec.name).is_none() {
            // An absent name cannot clash.
            let _ = full.add(spec.clone());
        }
    }
    full
}
