#!/usr/bin/env bash
# HTTP benchmark (issue 3 "Performance"): claim-scrubber vs nginx (1 worker, fixed 300-byte JSON),
# alternating in one run, wrk 1 thread / 32 keep-alive connections / 15 s with latency percentiles,
# server pinned to CPU 0 and wrk to CPU 1. Only the ratios from one run mean anything on a shared
# machine.
#
#   Benchmarks/http/run.sh            # healthz + scrub vs nginx, then the 1,000-idle-connections variant
#   Benchmarks/http/run.sh --soak     # also 5 minutes of scrub load, sampling the server's RSS every 30 s
#   DURATION=5 ROUNDS=1 Benchmarks/http/run.sh   # quicker smoke run
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH

DURATION=${DURATION:-15}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-32}
IDLE=${IDLE:-1000}
SOAK=0
for arg in "$@"; do
    case "$arg" in
        --soak) SOAK=1 ;;
        *) echo "usage: $0 [--soak]" >&2; exit 2 ;;
    esac
done
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
SCRUBBER_PORT_BENCH=${SCRUBBER_PORT_BENCH:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
WORK=$(mktemp -d /tmp/bench-http.XXXXXX)

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
    flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
ulimit -n 65536 2>/dev/null || ulimit -n 8192

echo "== build (release)"
swift build -c release --product claim-scrubber 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)/claim-scrubber

SERVER_PID=""; NGINX_PID=""; IDLE_PID=""
cleanup() {
    for pid in $IDLE_PID $SERVER_PID $NGINX_PID; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# nginx: one worker, a fixed 300-byte JSON body for every request (GET or POST).
BODY300=$(python3 -c 'import json; b={"status":"clean","claimId":"BENCH-0001","note":"x"}; s=json.dumps(b,separators=(",",":")); b["note"]="x"*(300-len(s)+1); print(json.dumps(b,separators=(",",":")),end="")')
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            default_type application/json;
            return 200 '$BODY300';
        }
    }
}
NGINX
taskset -c "$SERVER_CPU" "$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
NGINX_PID=$!

SCRUBBER_MAX_CONNECTIONS=4096 SCRUBBER_ACCESS_LOG=${ACCESS_LOG:-true} \
    taskset -c "$SERVER_CPU" "$BIN" serve --port "$SCRUBBER_PORT_BENCH" > "$WORK/access.log" 2> "$WORK/server.err" &
SERVER_PID=$!

for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$SCRUBBER_PORT_BENCH/healthz" >/dev/null 2>&1 &&
       curl -fsS "http://127.0.0.1:$NGINX_PORT/" >/dev/null 2>&1; then break; fi
    sleep 0.1
done
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary @Benchmarks/http/claim.json "http://127.0.0.1:$SCRUBBER_PORT_BENCH/v1/claims/scrub")
if [ "$status" != 200 ]; then echo "benchmark claim answered $status, expected 200" >&2; cat "$WORK/server.err" >&2; exit 1; fi

# CPU time (user + system, clock ticks) a process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk NAME URL [lua] -> appends "NAME req/s p50_ms p99_ms non2xx cpu_us_per_request" to $WORK/results.
# Server CPU per request is the steadier number on a shared machine: other load slows a server
# down without making each request cost more of its own CPU.
bench() {
    local name=$1 url=$2 script=${3:-}
    local out="$WORK/$name.$RANDOM.txt"
    local pid=$SERVER_PID
    case "$name" in nginx_*) pid=$(pgrep -P "$NGINX_PID" | head -1) ;; esac
    local before; before=$(cpu_ticks "$pid")
    if [ -n "$script" ]; then
        taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "$url" > "$out"
    else
        taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" > "$out"
    fi
    local ticks=$(( $(cpu_ticks "$pid") - before ))
    python3 - "$name" "$out" "$ticks" "$(getconf CLK_TCK)" >> "$WORK/results" <<'PY'
import re, sys
name, path, ticks, hz = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
text = open(path).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m: return float("nan")
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors:.*", text)
requests = int(re.search(r"(\d+) requests in", text).group(1))
cpu_us = ticks * 1e6 / hz / max(1, requests)
print(name, rps, ms("50%"), ms("99%"), non2xx.group(1) if non2xx else 0, f"{cpu_us:.2f}", "socket-errors" if errors else "")
PY
    tail -1 "$WORK/results"
}

echo "== rounds: $ROUNDS x (nginx GET, scrubber GET /healthz, nginx POST, scrubber POST /v1/claims/scrub), ${DURATION}s each, $CONNECTIONS connections"
for round in $(seq 1 "$ROUNDS"); do
    bench nginx_get "http://127.0.0.1:$NGINX_PORT/healthz"
    bench scrubber_healthz "http://127.0.0.1:$SCRUBBER_PORT_BENCH/healthz"
    bench nginx_post "http://127.0.0.1:$NGINX_PORT/v1/claims/scrub" Benchmarks/http/scrub.lua
    bench scrubber_scrub "http://127.0.0.1:$SCRUBBER_PORT_BENCH/v1/claims/scrub" Benchmarks/http/scrub.lua
done

echo "== $IDLE idle keep-alive connections held open during the run"
python3 Benchmarks/http/idle_connections.py 127.0.0.1 "$SCRUBBER_PORT_BENCH" "$IDLE" 3600 > "$WORK/idle.out" &
IDLE_PID=$!
for _ in $(seq 1 200); do grep -q ready "$WORK/idle.out" 2>/dev/null && break; sleep 0.1; done
cat "$WORK/idle.out"
open=$(curl -s "http://127.0.0.1:$SCRUBBER_PORT_BENCH/metrics" | awk '/^scrubber_http_open_connections /{print $2}')
echo "server reports open connections: $open"
bench scrubber_healthz_idle "http://127.0.0.1:$SCRUBBER_PORT_BENCH/healthz"
bench scrubber_scrub_idle "http://127.0.0.1:$SCRUBBER_PORT_BENCH/v1/claims/scrub" Benchmarks/http/scrub.lua
kill "$IDLE_PID" 2>/dev/null || true; wait "$IDLE_PID" 2>/dev/null || true; IDLE_PID=""

if [ "$SOAK" = 1 ]; then
    echo "== soak: 5 minutes of scrub load, RSS every 30 s"
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d300s -s Benchmarks/http/scrub.lua \
        "http://127.0.0.1:$SCRUBBER_PORT_BENCH/v1/claims/scrub" > "$WORK/soak.txt" &
    WRK_PID=$!
    for i in $(seq 0 10); do
        echo "t=$((i * 30))s $(grep -E 'VmRSS' /proc/$SERVER_PID/status)"
        [ "$i" -lt 10 ] && sleep 30
    done
    wait "$WRK_PID" || true
    grep -E "Requests/sec|Non-2xx" "$WORK/soak.txt" || true
fi

HWM_KB=$(awk '/VmHWM/{print $2}' "/proc/$SERVER_PID/status")
RSS_KB=$(awk '/VmRSS/{print $2}' "/proc/$SERVER_PID/status")

echo "== summary"
python3 - "$WORK/results" "$HWM_KB" "$RSS_KB" <<'PY'
import sys, collections, statistics
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    parts = line.split()
    rows[parts[0]].append((float(parts[1]), float(parts[2]), float(parts[3]), int(parts[4]), float(parts[5])))
def mean(name, i): return statistics.mean(r[i] for r in rows[name]) if rows[name] else float("nan")
print(f"{'run':24} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'CPU us/req':>11}")
for name in ["nginx_get", "scrubber_healthz", "nginx_post", "scrubber_scrub", "scrubber_healthz_idle", "scrubber_scrub_idle"]:
    if rows[name]:
        print(f"{name:24} {mean(name,0):10.0f} {mean(name,1):8.3f} {max(r[2] for r in rows[name]):8.3f} {sum(r[3] for r in rows[name]):8d} {mean(name,4):11.2f}")
hz = mean("scrubber_healthz", 0) / mean("nginx_get", 0)
sc = mean("scrubber_scrub", 0) / mean("nginx_post", 0)
hz_idle = mean("scrubber_healthz_idle", 0) / mean("scrubber_healthz", 0)
sc_idle = mean("scrubber_scrub_idle", 0) / mean("scrubber_scrub", 0)
print(f"ratio healthz / nginx          {hz:.2f}  (target >= 0.50)")
print(f"ratio scrub / nginx            {sc:.2f}  (target >= 0.25)")
print(f"healthz with idle conns / without  {hz_idle:.2f}  (target >= 0.80)")
print(f"scrub with idle conns / without    {sc_idle:.2f}  (target >= 0.80)")
# The same comparison by server CPU per request (nginx's / ours): what the req/s ratio would be
# if both servers had their CPU to themselves.
print(f"by CPU per request: healthz {mean('nginx_get',4) / mean('scrubber_healthz',4):.2f}, scrub {mean('nginx_post',4) / mean('scrubber_scrub',4):.2f}")
p99 = max(max(r[2] for r in rows[n]) for n in ["scrubber_healthz", "scrubber_scrub"] if rows[n])
print(f"scrubber worst p99             {p99:.3f} ms  (target < 5 ms)")
print(f"server peak RSS (VmHWM)        {int(sys.argv[2]) / 1024:.1f} MiB  (target < 64 MiB); RSS now {int(sys.argv[3]) / 1024:.1f} MiB")
PY
