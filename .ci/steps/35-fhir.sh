#!/usr/bin/env bash
# CI step: the FHIR interface. fhir.resources 8.3.0 (PyPI, module R4B, in a venv under /tmp) validates
# every OperationOutcome, CapabilityStatement, OperationDefinition, CodeSystem and StructureDefinition the
# live server emits; the HL7 FHIR R4 example Claims each get a 200 OperationOutcome (the examples of
# docs/fhir.md run in 20-doc-examples.sh). Budget: about 2 minutes (venv install, one build the other steps share, ~10 s of
# requests); bounded by timeouts.
#
# The HL7 examples (claim-example*.json, FHIR R4 4.0.1, CC0) are read from $FHIR_R4_EXAMPLES_DIR, by
# default Tests/Fixtures/fhir-r4-examples in the repository; the step fails when there are none.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
PORT=${FHIR_CHECK_PORT:-18500}
KEY_PORT=$((PORT + 1))
VENV=/tmp/claim-scrubber-fhir-venv
EXAMPLES=${FHIR_R4_EXAMPLES_DIR:-$(pwd)/Tests/Fixtures/fhir-r4-examples}
if ! compgen -G "$EXAMPLES/claim-example*.json" >/dev/null; then
    echo "no HL7 R4 example Claims (claim-example*.json) in $EXAMPLES"; exit 1
fi

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import fhir.resources' 2>/dev/null; then
    python3 -m venv "$VENV"
    timeout 300 "$VENV/bin/pip" install -q --disable-pip-version-check "fhir.resources==8.3.0"
fi

swift build --product claim-scrubber 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/claim-scrubber"
LOG=$(mktemp /tmp/fhir-check.XXXXXX.log)
KEY_HASH=$(printf '%s' 'fhir-check-key' | sha256sum | cut -d' ' -f1)
timeout 300 "$BIN" serve --port "$PORT" >"$LOG" 2>&1 &
PID=$!
SCRUBBER_AUTH_API_KEYS="ci:$KEY_HASH" timeout 300 "$BIN" serve --port "$KEY_PORT" >>"$LOG" 2>&1 &
KEY_PID=$!
trap 'kill $PID $KEY_PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for p in "$PORT" "$KEY_PORT"; do
    for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && break
        kill -0 $PID 2>/dev/null && kill -0 $KEY_PID 2>/dev/null || { echo "server exited"; cat "$LOG"; exit 1; }
        sleep 0.1
    done
done

status=0
timeout 120 "$VENV/bin/python" .ci/steps/fhir_check.py "$PORT" "$KEY_PORT" "$EXAMPLES" || status=1

if ! kill -0 $PID 2>/dev/null; then echo "server died"; tail -20 "$LOG"; status=1; fi
kill -TERM $PID $KEY_PID
wait $PID || { echo "serve did not exit 0 after SIGTERM"; status=1; }
wait $KEY_PID || { echo "serve (API keys) did not exit 0 after SIGTERM"; status=1; }
trap - EXIT
# The access log never holds claim data: the example claims' identifiers must not appear in it.
if grep -E 'CONSTRUCTED-F0|1765432103|1EG4TE5MK73' "$LOG"; then echo "log leaked claim data"; status=1; fi
rm -f "$LOG"
exit $status
