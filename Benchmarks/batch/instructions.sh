#!/usr/bin/env bash
# Instructions per claim of the batch path (`check --batch --jobs 1`), counted by callgrind: stable on a
# noisy shared machine where wall-clock rates swing. The difference between runs on the first 2,000 and
# 20,000 lines of the benchmark batch, divided by 18,000, leaves out start-up (rule data, code tables).
# Prints the total and four stages: decode (validation not included), the checks across claims, scrub,
# result writing.
# Needs valgrind, python3 and a release build (run.sh builds one) and the batch input (run.sh makes it).
# Usage: Benchmarks/batch/instructions.sh [INPUT]   (default: $BATCH_BENCH_DIR/claims-1000000.ndjson)
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${BATCH_BENCH_DIR:-/tmp/claim-scrubber-batch-bench}
INPUT=${1:-$DIR/claims-1000000.ndjson}
bin=.build/release/claim-scrubber
[ -x "$bin" ] || swift build -c release --product claim-scrubber >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the DWARF 5 debug info of a Swift 6 release build: count a stripped copy.
objcopy --strip-debug "$bin" "$work/claim-scrubber"
for n in 2000 20000; do
    head -n "$n" "$INPUT" > "$work/in.ndjson"
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.$n" "$work/claim-scrubber" check --batch "$work/in.ndjson" --jobs 1 \
        > /dev/null 2>&1 || true
done
python3 - "$work" <<'PY'
import re, subprocess, sys
work = sys.argv[1]
def inclusive(path):
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", "--auto=no", path],
                         capture_output=True, text=True, check=True).stdout
    costs, total = {}, 0
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(.*)", line)
        if not m:
            continue
        value = int(m.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in line:
            total = value
        else:
            costs[m.group(2)] = max(costs.get(m.group(2), 0), value)
    return total, costs
(t0, a), (t1, b) = inclusive(f"{work}/cg.2000"), inclusive(f"{work}/cg.20000")
print(f"batch path: {(t1 - t0) // 18000} instructions per claim")
stages = [("decode", "ClaimWire0A7DecoderV06decodeA0"), ("checks across claims", "CrossA7CheckerV5admit"),
          ("scrub", "ScrubberO5scrub_14diagnosisCodes05crossA0"), ("result writing", "BatchLineO11writeResult")]
for label, needle in stages:
    def cost(costs):
        return max([v for k, v in costs.items() if needle in k] or [0])
    print(f"  {label:<22} {(cost(b) - cost(a)) // 18000}")
PY
