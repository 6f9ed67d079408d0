#!/usr/bin/env bash
# CI step: GET /docs, the API reference rendered from openapi.yaml at build time, in a real browser:
# Debian's chromium and chromium-driver driven by selenium (PyPI, in a venv under /tmp). The page must
# load with no console error and no other resource, list every path (and operation) of openapi.yaml,
# and fit a 360 px-wide phone viewport (.ci/steps/docs_browser.py). Also: the build's YAML-subset
# reader reads openapi.yaml exactly as PyYAML, a full YAML reader, does.
# Budget: 5 minutes in all, apt included (the step gives up after that).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
deadline=$(( $(date +%s) + 300 ))
left() { echo $(( deadline - $(date +%s) )); }
PORT=${DOCS_PAGE_PORT:-18470}
VENV=/tmp/claim-scrubber-docs-browser-venv

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    echo "== installing chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    timeout "$(left)" apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import selenium, yaml' 2>/dev/null; then
    echo "== installing selenium and PyYAML into $VENV"
    python3 -m venv "$VENV"
    timeout "$(left)" "$VENV/bin/pip" install -q --disable-pip-version-check selenium pyyaml
fi

timeout "$(left)" swift build --product claim-scrubber 2>&1 | tail -1
timeout "$(left)" swift build --product EmbedConfigTool 2>&1 | tail -1
BIN_DIR="$(swift build --show-bin-path)"

echo "== the YAML-subset reader and PyYAML read openapi.yaml alike"
"$BIN_DIR/EmbedConfigTool" --yaml-to-json openapi.yaml > /tmp/claim-scrubber-openapi-subset.json
"$VENV/bin/python" - <<'EOF'
import json, sys, yaml
ours = json.load(open("/tmp/claim-scrubber-openapi-subset.json"))
full = yaml.safe_load(open("openapi.yaml", encoding="utf-8"))
if ours != full:
    print("FAIL the build's YAML reader and PyYAML read openapi.yaml differently")
    sys.exit(1)
print("ok   same document")
EOF

echo "== GET /docs in headless Chromium"
LOG=$(mktemp /tmp/docs-page.XXXXXX.log)
timeout --foreground "$(left)" "$BIN_DIR/claim-scrubber" serve --port "$PORT" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    kill -0 $PID 2>/dev/null || { echo "server exited"; cat "$LOG"; exit 1; }
    sleep 0.1
done
status=0
timeout "$(left)" "$VENV/bin/python" .ci/steps/docs_browser.py "http://127.0.0.1:$PORT/docs" openapi.yaml || status=1
kill -TERM $PID
wait $PID || { echo "serve did not exit 0 after SIGTERM"; status=1; }
trap - EXIT
rm -f "$LOG"
exit $status
