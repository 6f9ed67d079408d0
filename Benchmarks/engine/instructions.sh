#!/usr/bin/env bash
# Instructions per claim for each benchmark mode, counted by callgrind: stable on a noisy shared
# machine where wall-clock rates swing. Needs valgrind and a release build (run.sh builds one).
# Usage: Benchmarks/engine/instructions.sh [MODE...]   (mode indexes as printed by engine-bench; default 0 2 3 8 9:
#        the 4-line claim's engine, whole path and Foundation path, the 20-line 8-date claim's engine and whole path)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=.build/release/engine-bench
[ -x "$bin" ] || swift build -c release --product engine-bench >&2
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --only "$1" --iterations "$2" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for mode in "${@:-0 2 3 8 9}"; do
    for m in $mode; do
        low=$(count "$m" 200)
        high=$(count "$m" 1200)
        echo "mode $m: $(( (high - low) / 1000 )) instructions per claim"
    done
done
