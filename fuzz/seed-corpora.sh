#!/bin/sh
# Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from the example bundles,
# the rule pack and its fixtures. Each seed is named by the SHA-1 of its content, as libFuzzer
# names the inputs it adds, so running this again adds nothing twice.
#
# Run from the repository root: sh fuzz/seed-corpora.sh
set -eu

root=$(pwd)
corpus="$root/fuzz/corpus"
examples="$root/examples/bundles"

seed() { # seed TARGET FILE...
    target=$1
    shift
    mkdir -p "$corpus/$target"
    for file in "$@"; do
        [ -f "$file" ] || continue
        name=$(sha1sum "$file" | cut -d' ' -f1)
        cp "$file" "$corpus/$target/$name"
    done
}

for bundle in "$examples"/*/; do
    seed context_yaml "$bundle/context.yaml"
    seed manifest "$bundle/manifest.yaml"
    seed key_value "$bundle/mac/sw_vers.txt" "$bundle/mac/profiles-enrollment.txt"
    seed jamf_log "$bundle/mac/jamf.log"
    seed jamfaad_log "$bundle/mac/jamfAAD.log"
    seed plist "$bundle"/mac/*.plist
    seed company_portal_log "$bundle"/mac/company-portal/*.log
    seed keychain "$bundle/mac/keychain-certificates.txt" "$bundle/mac/keychain-dump.txt"
    seed leftover_paths "$bundle/mac/leftover-paths.txt"
    seed connectivity "$bundle/mac/connectivity.txt"
    seed jamf_pro_version "$bundle/jamf-pro/jamf-pro-version.json"
    seed notifications "$bundle/jamf-pro/notifications.json"
    seed computers_inventory "$bundle/jamf-pro/computers-inventory.json"
    seed server_log "$bundle"/jamf-pro/JAMFSoftwareServer*
    seed graph_list $(find "$bundle/graph" -name '*.json')
    # The bundle zipped, and its evidence file (YAML and JSON).
    tmp=$(mktemp -d)
    (cd "$bundle" && zip -qr "$tmp/bundle.zip" . -x expected.yaml)
    seed zip "$tmp/bundle.zip"
    if command -v jamf-triage >/dev/null 2>&1; then
        jamf-triage evidence --bundle "$bundle" --now 2024-06-18T09:10:00Z >"$tmp/evidence.yaml"
        jamf-triage evidence --bundle "$bundle" --now 2024-06-18T09:10:00Z --format json >"$tmp/evidence.json"
        seed evidence_file "$tmp/evidence.yaml" "$tmp/evidence.json"
    fi
    rm -rf "$tmp"
done
seed evidence_file "$root/benches/data/record.yaml"
seed rules "$root"/rules/*.yaml
seed fixture $(find "$root/rules/tests" -name '*.yaml')
