#!/usr/bin/env bash
# CI step: the ICD-10-CM code set (docs/icd10cm.md) end to end with the CLI, at full size.
#  - scripts/gen-icd10cm.py, run on the pinned PyPI wheel's data files, reproduces the committed
#    Config/icd10cm/icd10cm-codes.txt byte for byte, and writes a full order file (98,186 lines) in the
#    CMS fixed-width layout;
#  - import-icd10cm imports it (FY2026, April 1 update), --verify lists it; a bad line exits 2 naming
#    file:line and field, and writes nothing;
#  - serve with the rulesets directory: /v1/ruleset lists the embedded and the imported release;
#    SIGHUP after another import adds it; SIGHUP with a damaged file is refused (log + /metrics) and the
#    releases in service stay; SIGTERM -> exit 0.
# Budget: about 2 minutes (wheel download and generation ~30 s, imports in a debug build ~15 s each).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
PORT=${ICD10CM_STEP_PORT:-18497}
VENV=/tmp/claim-scrubber-icd10cm-venv

swift build --product claim-scrubber 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/claim-scrubber"
WORK=$(mktemp -d /tmp/icd10cm-step.XXXXXX)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PID=

fail() { echo "icd10cm step: $*"; [ -f "$WORK/serve.log" ] && tail -20 "$WORK/serve.log"; exit 1; }

[ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"
timeout 300 "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps simple-icd-10-cm==1.5.0 -d "$WORK/wheel"
timeout 300 python3 scripts/gen-icd10cm.py "$WORK"/wheel/simple_icd_10_cm-1.5.0-py3-none-any.whl \
    --out "$WORK/icd10cm-codes.txt" --order-file "$WORK/icd10cm-order-2026.txt"
cmp "$WORK/icd10cm-codes.txt" Config/icd10cm/icd10cm-codes.txt || fail "the generator does not reproduce Config/icd10cm/icd10cm-codes.txt"
[ "$(wc -l < "$WORK/icd10cm-order-2026.txt")" -eq 98186 ] || fail "the generated order file does not have 98,186 lines"

start=$(date +%s)
out=$(timeout 300 "$BIN" import-icd10cm "$WORK/icd10cm-order-2026.txt" --fiscal-year 2026 --effective 2026-04-01 \
    --out "$WORK/rulesets/icd10cm-2026-04-01") || fail "import of the full order file"
echo "$out"
echo "full-size import took $(( $(date +%s) - start )) s (debug build)"
grep -q "codes: 98186 (74719 billable, 23467 headers)" <<<"$out" || fail "import counts"
timeout 120 "$BIN" import-icd10cm --verify "$WORK/rulesets" | grep -q "icd10cm-2026-04-01  2026-04-01 through 2026-09-30  codes 98186" \
    || fail "verify"

# A bad line stops the import with file, line and field; nothing is written.
sed '1000s/^\(.\{14\}\)[01]/\19/' "$WORK/icd10cm-order-2026.txt" > "$WORK/bad-order.txt"
set +e
msg=$(timeout 300 "$BIN" import-icd10cm "$WORK/bad-order.txt" --fiscal-year 2027 --out "$WORK/rulesets/icd10cm-2027" 2>&1 >/dev/null)
rc=$?
set -e
[ $rc -eq 2 ] || fail "bad line: exit $rc, expected 2"
grep -q "bad-order.txt:1000: field \"header/billable flag\": \"9\" (column 15)" <<<"$msg" || fail "bad line message: $msg"
[ ! -e "$WORK/rulesets/icd10cm-2027" ] || fail "a failed import left $WORK/rulesets/icd10cm-2027"
[ -z "$(ls -A "$WORK/rulesets" | grep '^\.')" ] || fail "a failed import left a temporary directory"

SCRUBBER_RULESETS_DIR="$WORK/rulesets" "$BIN" serve --port "$PORT" >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    kill -0 $PID 2>/dev/null || fail "server exited"
    sleep 0.1
done
listing() { curl -fsS "http://127.0.0.1:$PORT/v1/ruleset" | python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["icd10cm"]))'; }
[ "$(listing)" = "icd10cm-2026 icd10cm-2026-04-01" ] || fail "/v1/ruleset icd10cm: $(listing)"

timeout 300 "$BIN" import-icd10cm "$WORK/icd10cm-order-2026.txt" --fiscal-year 2027 --out "$WORK/rulesets/icd10cm-2027" >/dev/null
kill -HUP $PID
for _ in $(seq 1 300); do
    [ "$(listing)" = "icd10cm-2026 icd10cm-2026-04-01 icd10cm-2027" ] && break
    sleep 0.1
done
[ "$(listing)" = "icd10cm-2026 icd10cm-2026-04-01 icd10cm-2027" ] || fail "SIGHUP did not add icd10cm-2027: $(listing)"

# A damaged release: the reload is refused and logged, the releases in service stay.
sed -i 's/^M6281\tB$/M6282\tB/' "$WORK/rulesets/icd10cm-2027/icd10cm-codes.txt"
kill -HUP $PID
for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -q 'scrubber_reload_failures_total{component="icd10cm"} 1' && break
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -q 'scrubber_reload_failures_total{component="icd10cm"} 1' || fail "refused reload not counted"
grep -q "reload refused" "$WORK/serve.log" || fail "refused reload not logged"
[ "$(listing)" = "icd10cm-2026 icd10cm-2026-04-01 icd10cm-2027" ] || fail "releases changed after a refused reload: $(listing)"

kill -TERM $PID
wait $PID || fail "serve did not exit 0 on SIGTERM"
PID=
echo "icd10cm step passed"
