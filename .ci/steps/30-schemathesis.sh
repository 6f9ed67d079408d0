#!/usr/bin/env bash
# CI step: schemathesis (PyPI, in a venv under /tmp) against openapi.yaml and the live server, with its
# default checks; bounded in time. Fails on any check failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
PORT=${SCHEMATHESIS_PORT:-18490}
VENV=/tmp/claim-scrubber-schemathesis-venv
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-100}

if [ ! -x "$VENV/bin/st" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check schemathesis
fi
"$VENV/bin/st" --version

swift build --product claim-scrubber 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/claim-scrubber"
LOG=$(mktemp /tmp/schemathesis-server.XXXXXX.log)
timeout 600 "$BIN" serve --port "$PORT" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    kill -0 $PID 2>/dev/null || { echo "server exited"; cat "$LOG"; exit 1; }
    sleep 0.1
done

# The schema served by the server must be the one in the repository.
curl -fsS "http://127.0.0.1:$PORT/openapi.yaml" | cmp - openapi.yaml

status=0
# The hooks make generated claims respect the two cross-field rules JSON Schema cannot express and
# write integral numbers as integers (see the file); every default check stays on.
# Run from a scratch directory: schemathesis keeps a .schemathesis cache in its working directory.
ROOT=$(pwd)
SCRATCH=$(mktemp -d /tmp/schemathesis-run.XXXXXX)
run_schemathesis() {
    (cd "$SCRATCH" && SCHEMATHESIS_HOOKS="$ROOT/.ci/steps/schemathesis_hooks.py" \
    timeout 300 "$VENV/bin/st" run "$ROOT/openapi.yaml" --url "http://127.0.0.1:$PORT" \
        --max-examples "$MAX_EXAMPLES" --workers 2 --request-timeout 5 \
        --seed 20260301 --no-color) 2>&1 | tee "$SCRATCH/output.txt"
    return "${PIPESTATUS[0]}"
}
run_schemathesis || status=$?
# Schemathesis can fail inside itself while it generates a case (seen: Hypothesis's FlakyFailure
# around CPython 3.11's "AST constructor recursion depth mismatch" for the FHIR $validate body), which
# it reports as a "Runtime Error" with no check failing against the server. Only such a run is
# repeated, once; any check failure (a FAILURES section) fails the step at once.
if [ "$status" != 0 ] && grep -q "Runtime Error" "$SCRATCH/output.txt" && ! grep -qE "^=+ FAILURES =+$" "$SCRATCH/output.txt"; then
    echo "!! schemathesis failed inside itself, with no check failing against the server: running it once more"
    status=0
    run_schemathesis || status=$?
fi
rm -rf "$SCRATCH"

# Schemathesis sends arbitrary strings; none may crash or hang the server.
if ! kill -0 $PID 2>/dev/null; then echo "server died during schemathesis"; cat "$LOG" | tail -20; status=1; fi
kill -TERM $PID; wait $PID || { echo "serve did not exit 0 after SIGTERM"; status=1; }
trap - EXIT
rm -f "$LOG"
exit $status
