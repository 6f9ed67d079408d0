#!/usr/bin/env bash
# CI step: the 837P reader and the 999 writer against pyx12 4.0.0 (PyPI, in a venv under /tmp).
# .ci/steps/x12_pyx12.py writes the constructed 837P files and every mutation of them (envelope counts
# and control numbers, LX and HL order, missing and repeated segments, code-list values, formats, and
# the checks pyx12 does not make), plus a generated 60-claim file; pyx12 and `claim-scrubber check` read
# each one, and pyx12 validates the 999 the server answers for each. Fails when we disagree with pyx12
# on a check it makes, miss one of our own checks, write a 999 pyx12 rejects, or when the table in
# docs/x12-837p.md is not the one the run produces. Bounded: 10 minutes.
#
# After a change to the reader or the engine, rewrite the table:
#   REGENERATE=1 bash .ci/steps/65-x12-pyx12.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
PORT=${X12_PYX12_PORT:-18495}
VENV=/tmp/claim-scrubber-pyx12-venv

if ! "$VENV/bin/python" -c 'import pyx12' 2>/dev/null; then
    python3 -m venv "$VENV"
    timeout 300 "$VENV/bin/pip" install -q --disable-pip-version-check pyx12==4.0.0
fi
"$VENV/bin/python" -c 'import pyx12; print("pyx12", pyx12.__version__)'

swift build --product claim-scrubber 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/claim-scrubber"
DIR=$(mktemp -d /tmp/x12-mutations.XXXXXX)
LOG=$(mktemp /tmp/x12-pyx12-server.XXXXXX.log)
timeout 600 "$BIN" serve --port "$PORT" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$DIR" "$LOG"' EXIT
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    kill -0 $PID 2>/dev/null || { echo "server exited"; cat "$LOG"; exit 1; }
    sleep 0.1
done

"$VENV/bin/python" .ci/steps/x12_pyx12.py generate "$DIR"
# Many claims, several transaction sets, two dates of service per claim (the benchmark's generator).
python3 Benchmarks/x12/generate.py "$DIR/generated-60-claims.x12" --claims 60 --per-transaction 25 --lines 4 --dates 2

mode=--check
[ "${REGENERATE:-0}" = 1 ] && mode=""
status=0
timeout 540 "$VENV/bin/python" .ci/steps/x12_pyx12.py table "$DIR" "$BIN" "$PORT" $mode docs/x12-837p.md || status=1

if ! kill -0 $PID 2>/dev/null; then echo "server died"; tail -20 "$LOG"; status=1; fi
kill -TERM $PID; wait $PID || { echo "serve did not exit 0 after SIGTERM"; status=1; }
exit $status
