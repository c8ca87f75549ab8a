#!/bin/sh
# jamf-triage extension attribute for Jamf Pro: prints one line, <result>…</result>, with the
# confirmed cause ids of this Mac (rank order, comma-separated), OK, or UNDETERMINED: n.
# Data type String, input type Script. Needs jamf-triage installed on the Mac; collects from
# the Mac only, so the server-side causes stay undetermined unless it is given API access.
TRIAGE="${JAMF_TRIAGE:-/usr/local/bin/jamf-triage}"
if [ ! -x "$TRIAGE" ]; then
  echo "<result>NOT INSTALLED</result>"
  exit 0
fi
DIR=$(mktemp -d "${TMPDIR:-/tmp}/jamf-triage-ea.XXXXXX") || {
  echo "<result>ERROR: no temporary folder</result>"
  exit 0
}
trap 'rm -rf "$DIR"' EXIT INT TERM
SERIAL=$(/usr/sbin/ioreg -rd1 -c IOPlatformExpertDevice 2>/dev/null |
  /usr/bin/awk -F'"' '/IOPlatformSerialNumber/ {print $4}')
BUNDLE="$DIR/bundle"
# A partial collection (exit 1) still leaves a bundle worth diagnosing.
if "$TRIAGE" collect --out "$BUNDLE" ${SERIAL:+--serial "$SERIAL"} --quiet >/dev/null 2>&1 ||
  [ -d "$BUNDLE/mac" ]; then
  "$TRIAGE" diagnose --bundle "$BUNDLE" ${SERIAL:+--serial "$SERIAL"} --format jamf-ea 2>/dev/null ||
    echo "<result>ERROR: diagnosis failed</result>"
else
  echo "<result>ERROR: collection failed</result>"
fi
exit 0
