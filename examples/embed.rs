//! Embedding jamf-triage in another tool: a collector written on the spot turns that tool's own
//! data into facts, and the built-in rule pack diagnoses them.
//!
//! Run it with `cargo run -p jamf-triage-rules --example embed`.

use jamf_triage_core::render::{TextOptions, render_text};
use jamf_triage_core::{
    CollectInput, Collector, Evidence, FactSpec, FactType, Locale, MemoryArtifacts, Provenance,
    Subject,
};

/// A collector for a made-up inventory export: one `serial,last_check_in` line per Mac.
struct InventoryCsv;

impl Collector for InventoryCsv {
    fn name(&self) -> &str {
        "inventory-csv"
    }

    fn facts(&self) -> Vec<FactSpec> {
        // The facts it provides are ones the built-in pack already knows, so its rules apply.
        vec![FactSpec::new(
            "jamf.computer.last_contact",
            FactType::Timestamp,
            "last check-in, from the inventory export",
            self.name(),
        )]
    }

    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        let Ok(bytes) = input.artifacts.read("inventory.csv") else {
            return;
        };
        let text = jamf_triage_core::decode_text(&bytes).text;
        for (number, line) in text.lines().enumerate() {
            let Some((serial, last)) = line.split_once(',') else {
                continue;
            };
            if Some(serial) != input.subject.serial.as_deref() {
                continue;
            }
            let line_number = u32::try_from(number + 1).unwrap_or(u32::MAX);
            let provenance = Provenance::new(self.name(), "inventory.csv").at_line(line_number);
            match last.trim().parse::<jiff::Timestamp>() {
                Ok(at) => {
                    out.set("jamf.computer.last_contact", at, provenance);
                }
                Err(error) => out.add_problem(
                    jamf_triage_core::CollectionProblem::new(
                        self.name(),
                        "inventory.csv",
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
        "inventory.csv",
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
                color: false
            }
        )
    );
    Ok(())
}
