#!/usr/bin/env bash
# Two claim-scrubber builds side by side: GET /healthz and POST /v1/claims/scrub, alternating between
# the two servers (both pinned to CPU 0, wrk to CPU 1), with each server's CPU time per request. For
# "did this change make requests cost more": on a shared machine only the side-by-side ratio counts.
#
#   Benchmarks/http/compare.sh BASE_BINARY NEW_BINARY      (DURATION=10 ROUNDS=3 CONNECTIONS=32)
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=$1 NEW=$2
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
command -v wrk >/dev/null || flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
WORK=$(mktemp -d /tmp/bench-compare.XXXXXX)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

port=18180
declare -A PORT PID
for name in base new; do
    bin=$BASE; [ "$name" = new ] && bin=$NEW
    SCRUBBER_ACCESS_LOG=false SCRUBBER_MAX_CONNECTIONS=4096 taskset -c 0 "$bin" serve --port "$port" >/dev/null 2>&1 &
    PID[$name]=$!; PIDS+=($!); PORT[$name]=$port
    port=$((port + 1))
done
for name in base new; do
    for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:${PORT[$name]}/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() {
    local name=$1 what=$2
    local url="http://127.0.0.1:${PORT[$name]}" before ticks out="$WORK/out"
    before=$(cpu_ticks "${PID[$name]}")
    if [ "$what" = scrub ]; then
        taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s Benchmarks/http/scrub.lua "$url/v1/claims/scrub" > "$out"
    else
        taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$url/healthz" > "$out"
    fi
    ticks=$(( $(cpu_ticks "${PID[$name]}") - before ))
    python3 - "$name" "$what" "$out" "$ticks" "$(getconf CLK_TCK)" >> "$WORK/results" <<'PY'
import re, sys
name, what, path, ticks, hz = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
text = open(path).read()
requests = int(re.search(r"(\d+) requests in", text).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
print(name, what, rps, ticks * 1e6 / hz / max(1, requests))
PY
    tail -1 "$WORK/results"
}
for _ in $(seq 1 "$ROUNDS"); do
    for what in healthz scrub; do
        run base "$what"
        run new "$what"
    done
done
python3 - "$WORK/results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, what, rps, cpu = line.split()
    rows[(name, what)].append((float(rps), float(cpu)))
print(f"{'':10}{'base req/s':>12}{'new req/s':>12}{'base CPU us':>13}{'new CPU us':>12}{'new/base CPU':>14}")
for what in ("healthz", "scrub"):
    b, n = rows[("base", what)], rows[("new", what)]
    bc, nc = statistics.median(r[1] for r in b), statistics.median(r[1] for r in n)
    print(f"{what:10}{statistics.median(r[0] for r in b):12.0f}{statistics.median(r[0] for r in n):12.0f}{bc:13.2f}{nc:12.2f}{nc / bc:14.3f}")
PY
