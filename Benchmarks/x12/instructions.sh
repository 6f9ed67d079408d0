#!/usr/bin/env bash
# Instructions per claim of each x12-bench mode, counted by callgrind: stable on a shared machine where
# wall-clock rates swing. Per claim = the difference between a 1,000- and a 2,000-claim file / 1,000.
# Every mode but 4 reads the file once before it is timed, so that read (half of mode 0's count, which
# reads twice) is taken off; mode 4 reads, maps and JSON-encodes the claims before timing, and its count
# includes that. Needs valgrind and a release build (run.sh builds one).
# Usage: Benchmarks/x12/instructions.sh [MODE...]   (default: 0 1 2 3 4)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=.build/release/x12-bench
[ -x "$bin" ] || swift build -c release --product x12-bench >&2
for n in 1000 2000; do
    [ -s "/tmp/x12-bench-$n.x12" ] || python3 Benchmarks/x12/generate.py "/tmp/x12-bench-$n.x12" --claims "$n" --lines 4
done
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "/tmp/x12-bench-$2.x12" --only "$1" --rounds 1 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_claim() { echo $(( ($(count "$1" 2000) - $(count "$1" 1000)) / 1000 )); }
read_once=$(( $(per_claim 0) / 2 ))
for mode in ${@:-0 1 2 3 4}; do
    case $mode in
        0) echo "mode 0: $read_once instructions per claim" ;;
        4) echo "mode 4: $(per_claim 4) instructions per claim (with the read, map and JSON encoding before timing)" ;;
        *) echo "mode $mode: $(( $(per_claim "$mode") - read_once )) instructions per claim" ;;
    esac
done
