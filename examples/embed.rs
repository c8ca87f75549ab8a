//! Embedding jamf-triage in another tool: a source written on the spot turns that tool's own
//! data into facts, and the built-in rule pack diagnoses them.
//!
//! Run it with `cargo run -p jamf-triage-rules --example embed`.

use jamf_triage_core::evidence::{
    ArtifactSpec, CollectInput, EveryLine, LIMIT_SMALL, MemoryArtifacts, Producer, Source,
    decode_text, read_artifact,
};
use jamf_triage_core::{Evidence, FactKey, FactSpec, Locale, Provenance, Subject};
use jamf_triage_render::{TextOptions, render_text};

/// A fact the built-in pack already knows, so that its rules apply to what this source finds.
const LAST_CONTACT: FactKey<jiff::Timestamp> = FactKey::new("jamf.computer.last_contact");

/// The one artifact this source reads.
const INVENTORY: ArtifactSpec = ArtifactSpec {
    path: "inventory.csv",
    producer: Producer::File("the inventory tool's export"),
    parser: "one `serial,last_check_in` line per Mac",
    limit: LIMIT_SMALL,
    facts: &[LAST_CONTACT.name()],
};

/// A source for a made-up inventory export: one `serial,last_check_in` line per Mac.
struct InventoryCsv;

impl Source for InventoryCsv {
    fn name(&self) -> &str {
        "inventory-csv"
    }

    fn facts(&self) -> Vec<FactSpec> {
        vec![FactSpec::new(
            LAST_CONTACT.name(),
            LAST_CONTACT.fact_type(),
            "last check-in, from the inventory export",
            self.name(),
        )]
    }

    fn artifacts(&self) -> &[ArtifactSpec] {
        &[INVENTORY]
    }

    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        let Some(bytes) = read_artifact(self.name(), input, &INVENTORY, INVENTORY.path, out) else {
            return;
        };
        let text = decode_text(&bytes).text;
        for (number, line) in text.lines().enumerate() {
            let Some((serial, last)) = line.split_once(',') else {
                continue;
            };
            if Some(serial) != input.subject.serial.as_deref() {
                continue;
            }
            let line_number = u32::try_from(number + 1).unwrap_or(u32::MAX);
            let provenance = Provenance::new(self.name(), INVENTORY.path).at_line(line_number);
            match last.trim().parse::<jiff::Timestamp>() {
                Ok(at) => {
                    out.record(LAST_CONTACT, at, provenance);
                }
                Err(error) => out.add_problem(
                    jamf_triage_core::CollectionProblem::new(
                        self.name(),
                        INVENTORY.path,
                        error.to_string(),
                    )
                    .at_line(line_number),
                ),
            }
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let artifacts = MemoryArtifacts::new().with(
        INVENTORY.path,
        "C02XK1ABJGH5,2024-05-30T08:00:00Z\nC02OTHER000,2024-06-03T11:00:00Z\n",
    );
    let subject = Subject {
        serial: Some("C02XK1ABJGH5".to_owned()),
        user: None,
    };
    let mut evidence = Evidence::builder()
        .subject(subject.clone())
        .observed_at("2024-06-03T12:00:00Z".parse()?)
        .build();
    let input = CollectInput {
        artifacts: &artifacts,
        subject: &subject,
        collected_at: None,
        lines: &EveryLine,
    };
    InventoryCsv.collect(&input, &mut evidence);

    let report = jamf_triage_rules::diagnose(&evidence);
    for finding in report.confirmed() {
        println!("confirmed: {}", finding.cause.id);
    }
    print!(
        "{}",
        render_text(
            &report,
            &TextOptions {
                locale: Locale::En,
                color: false,
                all: false,
                width: None,
            }
        )
    );
    Ok(())
}
