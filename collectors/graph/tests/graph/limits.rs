//! Size limits: an artifact larger than its row's limit is a problem naming the file and the
//! limit, and every other artifact is still collected.

use jamf_triage_collector_graph::{artifacts, declared};
use jamf_triage_evidence::{ArtifactError, ArtifactReader, ArtifactSource, MemoryArtifacts};

use crate::support::{collect, in_memory, list, open_bundle, subject_of, value};

/// A bundle in memory with one artifact replaced by an endless stream of spaces, never held
/// whole.
struct Endless {
    others: MemoryArtifacts,
    path: String,
}

impl ArtifactSource for Endless {
    fn paths(&self) -> Vec<String> {
        let mut paths = self.others.paths();
        if !paths.contains(&self.path) {
            paths.push(self.path.clone());
            paths.sort();
        }
        paths
    }

    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError> {
        if path == self.path {
            return Ok(Box::new(std::io::repeat(b' ')));
        }
        self.others.open(path)
    }
}

#[test]
fn an_artifact_over_its_limit_is_a_problem_and_the_rest_is_collected() {
    let bundle = open_bundle("healthy");
    let subject = subject_of(&bundle);
    let whole = collect(&bundle, &subject);
    let spec = artifacts::MANAGED_DEVICES;
    let artifacts = Endless {
        others: in_memory(&bundle),
        path: spec.path.to_owned(),
    };
    let evidence = collect(&artifacts, &subject);

    assert_eq!(evidence.problems().len(), 1, "{:?}", evidence.problems());
    let problem = &evidence.problems()[0];
    assert_eq!(problem.path, spec.path);
    assert_eq!(problem.collector, "graph");
    assert!(
        problem
            .message
            .contains(&format!("limit of {} bytes", spec.limit)),
        "{problem}"
    );

    // The facts of the large file are absent, all the others are as in the whole bundle.
    for fact in spec.facts {
        assert!(evidence.get(fact).is_none(), "{fact}");
    }
    assert_eq!(
        value(&evidence, declared::PARTNER_STATE.name()).as_deref(),
        Some("enabled")
    );
    assert_eq!(
        list(&evidence, declared::ENTRA_DEVICE_IDS.name()),
        list(&whole, declared::ENTRA_DEVICE_IDS.name())
    );
    assert_eq!(
        list(&evidence, declared::USER_LICENSED_PLANS.name()),
        list(&whole, declared::USER_LICENSED_PLANS.name())
    );
    let untouched = whole
        .facts()
        .filter(|(name, _)| !spec.facts.contains(name))
        .count();
    assert_eq!(evidence.fact_count(), untouched);
}

#[test]
fn a_family_member_over_its_limit_names_its_own_file() {
    let bundle = open_bundle("healthy");
    let subject = subject_of(&bundle);
    let user = subject.user.clone().expect("a subject user");
    let path = format!("graph/licenseDetails/{user}.json");
    assert!(artifacts::LICENSE_DETAILS.matches(&path));
    let artifacts = Endless {
        others: in_memory(&bundle),
        path: path.clone(),
    };
    let evidence = collect(&artifacts, &subject);
    let problems: Vec<String> = evidence
        .problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [format!(
            "{path}: larger than its limit of {} bytes; it was not read (graph)",
            artifacts::LICENSE_DETAILS.limit
        )]
    );
    assert!(evidence.get(declared::USER_LICENSED_PLANS.name()).is_none());
    assert!(evidence.get(declared::PARTNER_STATE.name()).is_some());
}
