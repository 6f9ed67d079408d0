#!/usr/bin/env bash
# CI step: start `claim-scrubber serve` twice from the build CI already made (open on PORT, with an API
# key on PORT+1), wait for /healthz, run every curl example of docs/api.md and check the
# output matches what the README shows (status lines, headers, JSON bodies), then stop both servers
# with SIGTERM and expect exit 0.
#
# After a change to the engine's messages or the rule data, regenerate the README's outputs with
#   REGENERATE=1 bash .ci/steps/20-curl-examples.sh
# (it rewrites the outputs in docs/api.md from the live server, then checks them).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
PORT=${CURL_EXAMPLES_PORT:-18480}
KEY_PORT=$((PORT + 1))

swift build --product claim-scrubber 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/claim-scrubber"
LOG=$(mktemp /tmp/curl-examples.XXXXXX.log)
KEY_LOG=$(mktemp /tmp/curl-examples-key.XXXXXX.log)

# The README's API-key examples use the key "example-key-123" (hash configured, never the key).
KEY_HASH=$(printf '%s' 'example-key-123' | sha256sum | cut -d' ' -f1)
timeout 300 "$BIN" serve --port "$PORT" >"$LOG" 2>&1 &
PID=$!
SCRUBBER_AUTH_API_KEYS="ehr-gateway:$KEY_HASH" timeout 300 "$BIN" serve --port "$KEY_PORT" >"$KEY_LOG" 2>&1 &
KEY_PID=$!
trap 'kill $PID $KEY_PID 2>/dev/null || true' EXIT

for p in "$PORT" "$KEY_PORT"; do
    for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && break
        kill -0 $PID 2>/dev/null && kill -0 $KEY_PID 2>/dev/null || { echo "server exited"; cat "$LOG" "$KEY_LOG"; exit 1; }
        sleep 0.1
    done
done

status=0
if [ "${REGENERATE:-0}" = 1 ]; then
    python3 .ci/steps/curl_examples.py write docs/api.md "$PORT"
    # Restart both servers so the metrics example starts from fresh counters like CI does.
    kill -TERM $PID $KEY_PID; wait $PID $KEY_PID || true
    exec env REGENERATE=0 bash "$0"
fi
python3 .ci/steps/curl_examples.py check docs/api.md "$PORT" || status=1

# SIGHUP reloads (the embedded ruleset and no TLS here: one successful rulesets reload) without
# stopping the service.
kill -HUP $PID
reloaded=""
for _ in $(seq 1 50); do
    metrics=$(curl -fsS "http://127.0.0.1:$PORT/metrics" || true)
    if grep -q 'scrubber_reloads_total{component="rulesets"} 1' <<<"$metrics"; then reloaded=1; break; fi
    sleep 0.1
done
[ -n "$reloaded" ] || { echo "SIGHUP did not reload the rulesets"; status=1; }
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "server down after SIGHUP"; status=1; }

kill -TERM $PID $KEY_PID
wait $PID || { echo "serve did not exit 0 after SIGTERM"; status=1; }
wait $KEY_PID || { echo "serve (API keys) did not exit 0 after SIGTERM"; status=1; }
trap - EXIT
# The access log never holds claim data: the example claims' identifiers must not appear in it.
if grep -E 'claimId|1234567893|DEMO-' "$LOG" "$KEY_LOG"; then echo "log leaked claim data"; status=1; fi
grep -q '"apiKey":"ehr-gateway"' "$KEY_LOG" || { echo "access log lacks the API key name"; status=1; }
rm -f "$LOG" "$KEY_LOG"
exit $status
