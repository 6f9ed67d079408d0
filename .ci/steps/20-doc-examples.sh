#!/usr/bin/env bash
# CI step: every console example of the manual's opted-in pages (README.md and docs/*.md carrying
# `<!-- examples: checked -->`; see .ci/steps/doc_examples.py) runs as written and prints what the page
# shows: the CLI examples against the built binary, the curl examples against two fresh servers per
# page (open on PORT, with an API key on PORT+1, where the pages say 127.0.0.1:8080 and :8081).
# Then SIGHUP reloads a server without stopping it, SIGTERM stops both with exit 0, and the access
# logs hold no claim data. Bounded: 10 minutes.
#
# After a change to the engine's messages, the rule data or the CLI, rewrite the outputs that differ:
#   REGENERATE=1 bash .ci/steps/20-doc-examples.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
PORT=${DOC_EXAMPLES_PORT:-18480}
KEY_PORT=$((PORT + 1))
deadline=$(( $(date +%s) + 600 ))

swift build --product claim-scrubber 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/claim-scrubber"
mode=check
[ "${REGENERATE:-0}" = 1 ] && mode=write
mapfile -t pages < <(python3 .ci/steps/doc_examples.py pages README.md docs/*.md)
echo "pages with checked examples: ${pages[*]}"

# The API-key examples use the key "example-key-123" (its hash is configured, never the key).
KEY_HASH=$(printf '%s' 'example-key-123' | sha256sum | cut -d' ' -f1)
LOG=$(mktemp /tmp/doc-examples.XXXXXX.log)
KEY_LOG=$(mktemp /tmp/doc-examples-key.XXXXXX.log)
PID=""; KEY_PID=""
trap 'kill $PID $KEY_PID 2>/dev/null || true; rm -f "$LOG" "$KEY_LOG"' EXIT

start_servers() {
    timeout --foreground 300 "$BIN" serve --port "$PORT" >>"$LOG" 2>&1 &
    PID=$!
    SCRUBBER_AUTH_API_KEYS="ehr-gateway:$KEY_HASH" timeout --foreground 300 "$BIN" serve --port "$KEY_PORT" >>"$KEY_LOG" 2>&1 &
    KEY_PID=$!
    for p in "$PORT" "$KEY_PORT"; do
        for _ in $(seq 1 100); do
            curl -fsS "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && break
            kill -0 $PID 2>/dev/null && kill -0 $KEY_PID 2>/dev/null || { echo "server exited"; cat "$LOG" "$KEY_LOG"; exit 1; }
            sleep 0.1
        done
    done
}

stop_servers() {
    kill -TERM $PID $KEY_PID
    wait $PID || { echo "serve did not exit 0 after SIGTERM"; status=1; }
    wait $KEY_PID || { echo "serve (API keys) did not exit 0 after SIGTERM"; status=1; }
    PID=""; KEY_PID=""
}

status=0
for page in "${pages[@]}"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "out of time (10 minutes)"; exit 1; }
    echo "== $page"
    start_servers
    timeout $(( deadline - $(date +%s) )) python3 .ci/steps/doc_examples.py "$mode" "$PORT" "$BIN" "$page" || status=1
    stop_servers
done
if [ "$mode" = write ]; then
    echo "outputs rewritten; checking them again"
    exec env REGENERATE=0 bash "$0"
fi

# SIGHUP reloads (the embedded ruleset and no TLS here: a successful rulesets reload) without
# stopping the service. (`timeout --foreground` passes a signal on to the server only; without it,
# to its whole process group as well, and the server would reload twice.)
start_servers
kill -HUP $PID
reloaded=""
for _ in $(seq 1 50); do
    metrics=$(curl -fsS "http://127.0.0.1:$PORT/metrics" || true)
    if grep -q 'scrubber_reloads_total{component="rulesets"} 1$' <<<"$metrics"; then reloaded=1; break; fi
    sleep 0.1
done
[ -n "$reloaded" ] || { echo "SIGHUP did not reload the rulesets"; status=1; }
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "server down after SIGHUP"; status=1; }
stop_servers

# The access log never holds claim data: the example claims' identifiers must not appear in it.
if grep -E 'claimId|1234567893|DEMO-|EXAMPLE-' "$LOG" "$KEY_LOG"; then echo "log leaked claim data"; status=1; fi
grep -q '"apiKey":"ehr-gateway"' "$KEY_LOG" || { echo "access log lacks the API key name"; status=1; }
exit $status
