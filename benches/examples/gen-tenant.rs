//! Writes a generated fleet bundle: `cargo run --release -p jamf-triage-benches --example
//! gen-tenant -- DIR [MACS]` (100 000 Macs by default).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: gen-tenant DIR [MACS]")?;
    let macs = match args.next() {
        Some(count) => count.parse()?,
        None => 100_000,
    };
    let planted = jamf_triage_benches::generate_tenant(std::path::Path::new(&dir), macs)?;
    println!(
        "{macs} Macs in {dir}: {} with a stale check-in, {} with a duplicated Intune record",
        planted.stale_checkin.len(),
        planted.duplicated_intune.len()
    );
    Ok(())
}
