#!/usr/bin/env bash
# CI step: the operator's quarterly NCCI update (docs/ncci-update.md) end to end with the
# CLI: generate small synthetic files in the CMS layout (zip parts with the 2-line preamble, the 4-row
# header and repeated keys; MUE zip with the quoted multi-line notice), import two
# quarters, verify, serve with the rulesets directory, check /v1/ruleset and a scrub result's ruleset,
# SIGHUP after adding a quarter (accepted), SIGHUP with a damaged file (refused: log + /metrics, old
# rulesets stay), a bad input row (exit 2 naming file:line, nothing written), then SIGTERM -> exit 0.
set -euo pipefail
# A pipe ends in `grep PATTERN >/dev/null`, not `grep -q`: under pipefail, grep -q leaving at its first match can kill the
# command writing into the pipe (SIGPIPE) and fail the check that matched.
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
PORT=${NCCI_STEP_PORT:-18495}

swift build --product claim-scrubber 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/claim-scrubber"
WORK=$(mktemp -d /tmp/ncci-step.XXXXXX)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PID=

fail() { echo "ncci step: $*"; [ -f "$WORK/serve.log" ] && tail -20 "$WORK/serve.log"; exit 1; }

python3 scripts/gen-ncci-synthetic.py --out "$WORK/in" --ptp-rows 30000 --codes 2500 --mue-rows 600 --zip >/dev/null
MUE="$WORK/in/MCR_MUE_PractitionerServices_Eff_04-01-2026.zip"
timeout 120 "$BIN" import-ncci --ptp "$WORK"/in/ccipra-v322r0-f*.zip --mue "$MUE" --quarter 2026Q1 --out "$WORK/rulesets/2026Q1" \
    | grep "PTP files: 4" >/dev/null || fail "import 2026Q1"
timeout 60 "$BIN" import-ncci --verify "$WORK/rulesets" | grep "ncci-2026Q1" >/dev/null || fail "verify"

# A bad row stops the import with file and line; nothing is written.
python3 -c "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(\"ccipra-v322r0-f1.txt\"))" "$WORK/in/ccipra-v322r0-f1.zip" > "$WORK/f1.txt"
# The first data row with modifier indicator 0 or 1 (after the 2 preamble lines and the 4-row header).
bad=$(awk -F'\t' 'NR > 6 && ($6 == "0" || $6 == "1") { print NR; exit }' "$WORK/f1.txt")
sed -i "${bad}s/\t\([01]\)\t/\t7\t/" "$WORK/f1.txt"
set +e
msg=$("$BIN" import-ncci --ptp "$WORK/f1.txt" --mue "$MUE" --quarter 2026Q3 --out "$WORK/rulesets/2026Q3" 2>&1 >/dev/null)
rc=$?
set -e
[ $rc -eq 2 ] || fail "bad row: exit $rc, expected 2"
echo "$msg" | grep "f1.txt:$bad: Modifier indicator \"7\" is not 0, 1 or 9" >/dev/null || fail "bad row message: $msg"
[ ! -e "$WORK/rulesets/2026Q3" ] || fail "a failed import left $WORK/rulesets/2026Q3"
[ -z "$(ls -A "$WORK/rulesets" | grep '^\.')" ] || fail "a failed import left a temporary directory"

SCRUBBER_RULESETS_DIR="$WORK/rulesets" "$BIN" serve --port "$PORT" >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    kill -0 $PID 2>/dev/null || fail "server exited"
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/v1/ruleset" | grep '"id":"ncci-2026Q1"' >/dev/null || fail "/v1/ruleset lacks ncci-2026Q1"

claim() {
    curl -fsS -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/v1/claims/scrub" \
        -d "{\"payer\":\"medicare\",\"dateOfService\":\"$1\",\"provider\":{\"role\":\"PT\"},\"lines\":[{\"code\":\"97110\",\"minutes\":15,\"modifiers\":[\"GP\"]}]}"
}
claim 2026-02-02 | grep '"quarter":"2026Q1"' >/dev/null || fail "Q1 claim not scrubbed with 2026Q1"
# 2026Q2 not imported yet: nearest quarter plus the RULESET_NOT_IN_FORCE warning.
claim 2026-05-04 | grep 'RULESET_NOT_IN_FORCE' >/dev/null || fail "uncovered date without warning"

timeout 120 "$BIN" import-ncci --ptp "$WORK"/in/ccipra-v322r0-f*.zip --mue "$MUE" --quarter 2026Q2 --out "$WORK/rulesets/2026Q2" >/dev/null
kill -HUP $PID
for _ in $(seq 1 100); do
    claim 2026-05-04 | grep '"quarter":"2026Q2"' >/dev/null && break
    sleep 0.1
done
claim 2026-05-04 | grep '"quarter":"2026Q2"' >/dev/null || fail "SIGHUP did not bring in 2026Q2"
claim 2026-05-04 | grep 'RULESET_NOT_IN_FORCE' >/dev/null && fail "covered date still warned"

mkdir -p "$WORK/rulesets/2026Q3" && head -c 100 "$WORK/rulesets/2026Q2/ruleset.ncci" > "$WORK/rulesets/2026Q3/ruleset.ncci"
kill -HUP $PID
for _ in $(seq 1 100); do
    grep -q "reload refused" "$WORK/serve.log" && break
    sleep 0.1
done
grep -q "reload refused.*2026Q3" "$WORK/serve.log" || fail "refused reload not logged"
curl -fsS "http://127.0.0.1:$PORT/metrics" | grep 'scrubber_reload_failures_total{component="rulesets"} 1' >/dev/null || fail "refusal not in /metrics"
claim 2026-05-04 | grep '"quarter":"2026Q2"' >/dev/null || fail "old rulesets did not stay after a refused reload"

kill -TERM $PID
wait $PID || fail "serve did not exit 0 after SIGTERM"
PID=
echo "ncci quarterly update step: ok"
