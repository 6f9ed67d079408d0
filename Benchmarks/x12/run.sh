#!/usr/bin/env bash
# The X12 benchmark: builds x12-bench in release mode, generates the 10,000-claim file of 4-line claims
# (generate.py), runs the harness pinned to one core, then checks memory on a ~100 MB file streamed through
# `claim-scrubber check` (peak RSS from /usr/bin/time, or /proc when it is missing).
# Usage: Benchmarks/x12/run.sh [--rounds R]     (CPU=N picks the core, default 1; BIG_MB=0 skips the RSS run)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product x12-bench >&2
swift build -c release --product claim-scrubber >&2
BIN="$(swift build -c release --show-bin-path)"
TEN=/tmp/x12-bench-10k.x12
[ -s "$TEN" ] || python3 Benchmarks/x12/generate.py "$TEN" --claims 10000 --lines 4
taskset -c "${CPU:-1}" "$BIN/x12-bench" "$TEN" "$@"

BIG_MB=${BIG_MB:-100}
[ "$BIG_MB" -gt 0 ] || exit 0
BIG=/tmp/x12-bench-${BIG_MB}mb.x12
# About 540 bytes per 4-line claim.
[ -s "$BIG" ] || python3 Benchmarks/x12/generate.py "$BIG" --claims $(( BIG_MB * 1000000 / 540 )) --lines 4
echo ""
echo "streaming $(du -m "$BIG" | cut -f1) MB ($(grep -c '^CLM' "$BIG") claims) through claim-scrubber check:"
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "  %e s wall, %U s user, peak RSS %M KiB" taskset -c "${CPU:-1}" "$BIN/claim-scrubber" check "$BIG" > /dev/null || [ $? -eq 1 ]
else
    start=$(date +%s.%N)
    taskset -c "${CPU:-1}" "$BIN/claim-scrubber" check "$BIG" > /dev/null &
    pid=$!
    peak=0
    while kill -0 $pid 2>/dev/null; do
        rss=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
        [ "${rss:-0}" -gt "$peak" ] && peak=$rss
        sleep 0.05
    done
    wait $pid || true
    echo "  $(echo "$(date +%s.%N) - $start" | bc) s wall, peak RSS >= $peak KiB (sampled)"
fi
