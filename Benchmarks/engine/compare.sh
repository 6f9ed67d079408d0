#!/usr/bin/env bash
# Before/after, side by side: builds engine-bench at BASE (a git revision, default main) in a temporary
# worktree and at the working tree, then runs both binaries alternately, pinned to one core, with the same
# options, and (with valgrind) counts instructions per claim for the modes both have.
# Usage: Benchmarks/engine/compare.sh [BASE] [engine-bench options, e.g. --rounds 3 --seconds 1]
#        CPU=N picks the core; RUNS=N alternations (default 2); MODES="0 2" for the instruction counts.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-main}
shift || true
root=$(pwd)
work=$(mktemp -d /tmp/engine-bench-base.XXXXXX)
cleanup() { git -C "$root" worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
git worktree add --detach "$work/tree" "$base" >/dev/null
(cd "$work/tree" && swift build -c release --product engine-bench >&2)
swift build -c release --product engine-bench >&2
before="$work/tree/.build/release/engine-bench"
after=.build/release/engine-bench
for run in $(seq 1 "${RUNS:-2}"); do
    echo "=== before ($base), run $run"
    taskset -c "${CPU:-1}" "$before" "$@" | sed -n '/^best of/,$p'
    echo "=== after (working tree), run $run"
    taskset -c "${CPU:-1}" "$after" "$@" | sed -n '/^best of/,$p'
done
command -v valgrind >/dev/null || { echo "(valgrind not installed: no instruction counts)"; exit 0; }
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" --only "$2" --iterations "$3" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for m in ${MODES:-0 2}; do
    b=$(( ($(count "$before" "$m" 1200) - $(count "$before" "$m" 200)) / 1000 ))
    a=$(( ($(count "$after" "$m" 1200) - $(count "$after" "$m" 200)) / 1000 ))
    echo "mode $m: $b instructions per claim before, $a after"
done
