#!/usr/bin/env bash
# CI step: the rule data is valid both as embedded in the binary and as shipped in Config/rules (same
# digest), and a broken copy is refused with exit 2 and the file, line and field of every problem.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH

swift build --product claim-scrubber 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/claim-scrubber"

embedded=$(timeout 60 "$BIN" rules)
disk=$(timeout 60 "$BIN" rules Config/rules)
echo "$embedded"
[ "$embedded" = "$disk" ] || { echo "embedded rule data differs from Config/rules:"; echo "$disk"; exit 1; }

BROKEN=$(mktemp -d /tmp/rule-data-ci.XXXXXX)
trap 'rm -rf "$BROKEN"' EXIT
cp -r Config/rules/. "$BROKEN/"
# modifier indicator 7 on the CMS 97150/97530 row (in force on 2024-07-01, indicator 1), an unknown unit
# method in the Medicare profile
sed -i 's/^\(97150\t97530\t[^\t]*\t[^\t]*\t\)1\t/\17\t/' "$BROKEN/ptp-pairs.tsv"
sed -i 's/"unitMethod": "cms-total-time"/"unitMethod": "cms"/' "$BROKEN/payers/medicare.json"
set +e
out=$(timeout 60 "$BIN" rules "$BROKEN" 2>&1)
status=$?
set -e
echo "$out"
[ "$status" -eq 2 ] || { echo "expected exit 2 for broken rule data, got $status"; exit 1; }
line=$(grep -n "^97150	97530	" "$BROKEN/ptp-pairs.tsv" | cut -d: -f1)
grep -qF "$BROKEN/ptp-pairs.tsv:$line: field \"modifier indicator\": \"7\" is not 0, 1 or 9" <<<"$out" || { echo "PTP problem not reported"; exit 1; }
grep -qF "$BROKEN/payers/medicare.json:" <<<"$out" || { echo "payer problem not reported"; exit 1; }
grep -qF "2 problems in the rule data" <<<"$out" || { echo "expected exactly 2 problems"; exit 1; }
echo "rule data step passed"
