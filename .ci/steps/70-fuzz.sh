#!/usr/bin/env bash
# CI step: every libFuzzer target in Fuzzing/ (docs/fuzzing.md) for a bounded time, starting from the
# committed seeds, then the HTTP differential check against h11 (docs/http-conformance.md). Fails on any
# crash, failed property, sanitizer report, leak, timeout or out-of-memory, and on any disagreement with
# h11 that docs/http-conformance.md does not list.
# Budget: 8 minutes: the build about 4, fuzzing 150 s of wall time shared by the targets (two run at a
# time, so each gets 2 x 150 s / targets, at least 20 s: 27 s for 11), the h11 check well under 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
started=$(date +%s)
VENV=/tmp/claim-scrubber-h11-venv
# Optimized: several times more inputs per second than a debug build, for a minute more of building.
export FUZZ_CONFIG=${FUZZ_CONFIG:-release}
FUZZ_WORK=$(mktemp -d /tmp/ci-fuzz.XXXXXX)
export FUZZ_WORK
trap 'rm -rf "$FUZZ_WORK"' EXIT

echo "-- build ($FUZZ_CONFIG)"
timeout 480 scripts/fuzz.sh build
targets=$(scripts/fuzz.sh list | wc -l)
parallel=2
seconds_each=${FUZZ_SECONDS:-$(( 150 * parallel / targets > 20 ? 150 * parallel / targets : 20 ))}
echo "-- fuzz: $targets targets, $seconds_each s each ($(( $(date +%s) - started )) s so far)"
FUZZ_PARALLEL=$parallel timeout $(( (targets + 1) / 2 * (seconds_each + 30) + 120 )) scripts/fuzz.sh all "$seconds_each"

echo "-- HTTP differential check against h11 ($(( $(date +%s) - started )) s so far)"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import h11' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check h11
fi
timeout 300 "$VENV/bin/python" scripts/http-differential.py --ours ".build-fuzz/$FUZZ_CONFIG/http-verdict"
echo "-- fuzzing step done in $(( $(date +%s) - started )) s"
