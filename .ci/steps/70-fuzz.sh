#!/usr/bin/env bash
# CI step: every libFuzzer target in Fuzzing/ (docs/fuzzing.md) for a bounded time, starting from the
# committed seeds, then the HTTP differential check against h11 (docs/http-conformance.md). Fails on any
# crash, failed property, sanitizer report, leak, timeout or out-of-memory, and on any disagreement with
# h11 that docs/http-conformance.md does not list.
# Budget: 8 minutes (build about 3, fuzzing 5 targets x 45 s two at a time about 2.5, h11 check < 0.5).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
started=$(date +%s)
SECONDS_EACH=${FUZZ_SECONDS:-45}
VENV=/tmp/claim-scrubber-h11-venv
# Optimized: several times more inputs per second than a debug build, for a minute more of building.
export FUZZ_CONFIG=${FUZZ_CONFIG:-release}
FUZZ_WORK=$(mktemp -d /tmp/ci-fuzz.XXXXXX)
export FUZZ_WORK
trap 'rm -rf "$FUZZ_WORK"' EXIT

echo "-- build ($FUZZ_CONFIG)"
timeout 480 scripts/fuzz.sh build
echo "-- fuzz ($(( $(date +%s) - started )) s so far)"
targets=$(scripts/fuzz.sh list | wc -l)
timeout $(( (targets + 1) / 2 * (SECONDS_EACH + 30) + 120 )) scripts/fuzz.sh all "$SECONDS_EACH"

echo "-- HTTP differential check against h11 ($(( $(date +%s) - started )) s so far)"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import h11' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check h11
fi
timeout 300 "$VENV/bin/python" scripts/http-differential.py --ours ".build-fuzz/$FUZZ_CONFIG/http-verdict"
echo "-- fuzzing step done in $(( $(date +%s) - started )) s"
