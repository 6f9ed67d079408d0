#!/usr/bin/env bash
# TLS benchmark (issue 4 "Performance"): the same claim-scrubber build serving plain HTTP and
# HTTPS side by side, alternating in one run (wrk 1 thread / 32 keep-alive connections, server
# pinned to CPU 0, wrk to CPU 1):
#   - keep-alive GET /healthz: HTTPS req/s as a share of plain HTTP (target >= 70 %)
#   - keep-alive POST /v1/claims/scrub over both
#   - handshake rate: one new TLS connection per request (`Connection: close`), vs the same on
#     plain HTTP (TCP connect per request)
# Only ratios from one run mean anything on a shared machine.
#
#   Benchmarks/http/tls.sh                  # 10 s per measurement, 2 rounds
#   DURATION=5 ROUNDS=1 Benchmarks/http/tls.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH

DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
IDLE=${IDLE:-1000}
PLAIN_PORT=${PLAIN_PORT:-18090}
TLS_PORT=${TLS_PORT:-18443}
WORK=$(mktemp -d /tmp/bench-tls.XXXXXX)

command -v wrk >/dev/null || flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
ulimit -n 65536 2>/dev/null || ulimit -n 8192

if [ -z "${BIN:-}" ]; then
    echo "== build (release)"
    swift build -c release --product claim-scrubber 2>&1 | tail -1
    BIN=$(swift build -c release --show-bin-path)/claim-scrubber
fi

PLAIN_PID=""; TLS_PID=""; IDLE_PID=""
cleanup() {
    for pid in $IDLE_PID $PLAIN_PID $TLS_PID; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# Throwaway ECDSA P-256 certificate (what most HTTPS deployments use today).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 2 \
    -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

SCRUBBER_MAX_CONNECTIONS=4096 SCRUBBER_ACCESS_LOG=false \
    taskset -c "$SERVER_CPU" "$BIN" serve --port "$PLAIN_PORT" > "$WORK/plain.log" 2>&1 &
PLAIN_PID=$!
SCRUBBER_MAX_CONNECTIONS=4096 SCRUBBER_ACCESS_LOG=false \
SCRUBBER_TLS_CERTIFICATE="$WORK/cert.pem" SCRUBBER_TLS_PRIVATE_KEY="$WORK/key.pem" \
    taskset -c "$SERVER_CPU" "$BIN" serve --port "$TLS_PORT" > "$WORK/tls.log" 2>&1 &
TLS_PID=$!
for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$PLAIN_PORT/healthz" >/dev/null 2>&1 &&
       curl -fsS --cacert "$WORK/cert.pem" "https://localhost:$TLS_PORT/healthz" >/dev/null 2>&1; then break; fi
    sleep 0.1
done
curl -fsS --cacert "$WORK/cert.pem" "https://localhost:$TLS_PORT/healthz" >/dev/null \
    || { echo "HTTPS server did not come up" >&2; cat "$WORK/tls.log" >&2; exit 1; }
echo "negotiated: $(openssl s_client -connect 127.0.0.1:$TLS_PORT -servername localhost -alpn http/1.1 </dev/null 2>/dev/null | grep -E '^(New|ALPN)' | tr '\n' ' ')"

# CPU time (user+system, in clock ticks) a process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# bench NAME PID URL [extra wrk args...] -> appends
# "NAME req/s p50_ms p99_ms non2xx errors server_cpu_us_per_request" to results. The server CPU
# per request (from /proc/PID/stat) is less sensitive to the other load on a shared machine than
# req/s, and does not depend on how fast wrk's own TLS is.
bench() {
    local name=$1 pid=$2 url=$3; shift 3
    local out="$WORK/$name.$RANDOM.txt"
    local before; before=$(cpu_ticks "$pid")
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" > "$out" 2>&1 || true
    local after; after=$(cpu_ticks "$pid")
    python3 - "$name" "$out" "$(( after - before ))" "$(getconf CLK_TCK)" >> "$WORK/results" <<'PY'
import re, sys
name, path, ticks, hz = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
text = open(path).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m: return float("nan")
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
m = re.search(r"Requests/sec:\s+([\d.]+)", text)
rps = float(m.group(1)) if m else 0.0
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors:(.*)", text)
total = re.search(r"(\d+) requests in", text)
requests = int(total.group(1)) if total else 0
cpu_us = (ticks / hz) * 1e6 / requests if requests else float("nan")
print(name, rps, round(ms("50%"), 3), round(ms("99%"), 3), non2xx.group(1) if non2xx else 0,
      (errors.group(1).strip().replace(" ", "") if errors else "none"), round(cpu_us, 1))
PY
    tail -1 "$WORK/results"
}

# Memory, first (before any load has grown the heap): the HTTPS server's RSS before and while
# $IDLE idle TLS keep-alive connections (each after one request) are held open.
echo "== $IDLE idle TLS keep-alive connections"
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
before=$(rss "$TLS_PID")
python3 - "$TLS_PORT" "$IDLE" "$WORK/cert.pem" > "$WORK/idle.out" 2>&1 <<'PY' &
import socket, ssl, sys, time
port, n, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
context = ssl.create_default_context(cafile=cafile)
held = []
for _ in range(n):
    raw = socket.create_connection(("127.0.0.1", port))
    conn = context.wrap_socket(raw, server_hostname="localhost")
    conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
    conn.recv(4096)
    held.append(conn)
print("ready", flush=True)
time.sleep(120)
PY
IDLE_PID=$!
for _ in $(seq 1 600); do grep -q ready "$WORK/idle.out" 2>/dev/null && break; sleep 0.1; done
after=$(rss "$TLS_PID")
echo "server RSS: ${before} kB before, ${after} kB with $IDLE idle TLS connections ($(( (after - before) / IDLE )) kB per connection)"
kill "$IDLE_PID" 2>/dev/null || true; wait "$IDLE_PID" 2>/dev/null || true; IDLE_PID=""

POST=(-s Benchmarks/http/scrub.lua)
[ -f Benchmarks/http/scrub.lua ] || POST=()
echo "== $ROUNDS rounds, ${DURATION}s each, $CONNECTIONS connections (columns: name req/s p50_ms p99_ms non2xx socket_errors server_cpu_us_per_request)"
for round in $(seq 1 "$ROUNDS"); do
    bench plain_keepalive_healthz "$PLAIN_PID" "http://127.0.0.1:$PLAIN_PORT/healthz"
    bench tls_keepalive_healthz "$TLS_PID" "https://localhost:$TLS_PORT/healthz"
    if [ ${#POST[@]} -gt 0 ]; then
        bench plain_keepalive_scrub "$PLAIN_PID" "http://127.0.0.1:$PLAIN_PORT/v1/claims/scrub" "${POST[@]}"
        bench tls_keepalive_scrub "$TLS_PID" "https://localhost:$TLS_PORT/v1/claims/scrub" "${POST[@]}"
    fi
    bench plain_new_connection "$PLAIN_PID" "http://127.0.0.1:$PLAIN_PORT/healthz" -H "Connection: close"
    bench tls_handshake_per_request "$TLS_PID" "https://localhost:$TLS_PORT/healthz" -H "Connection: close"
done

echo "== summary (mean req/s over rounds)"
python3 - "$WORK/results" <<'PY'
import sys, collections
rows = collections.defaultdict(list)
cpu = collections.defaultdict(list)
for line in open(sys.argv[1]):
    parts = line.split()
    if parts[0].startswith("handshake_"):
        continue
    rows[parts[0]].append(float(parts[1]))
    cpu[parts[0]].append(float(parts[6]))
mean = {k: sum(v) / len(v) for k, v in rows.items()}
for k, v in mean.items():
    c = sum(cpu[k]) / len(cpu[k])
    print(f"{k:28s} {v:10.0f} req/s   server CPU {c:7.1f} us/request")
def ratio(a, b, label):
    if a in mean and b in mean and mean[b] > 0:
        print(f"{label:46s} {100 * mean[a] / mean[b]:5.1f} %")
ratio("tls_keepalive_healthz", "plain_keepalive_healthz", "HTTPS/HTTP keep-alive GET /healthz (target >= 70)")
ratio("tls_keepalive_scrub", "plain_keepalive_scrub", "HTTPS/HTTP keep-alive POST /v1/claims/scrub")
ratio("tls_handshake_per_request", "plain_new_connection", "TLS handshake per request vs TCP connect per request")
def cpu_ratio(a, b, label):
    if a in cpu and b in cpu:
        ca, cb = sum(cpu[a]) / len(cpu[a]), sum(cpu[b]) / len(cpu[b])
        print(f"{label:46s} {100 * cb / ca:5.1f} %")
cpu_ratio("tls_keepalive_healthz", "plain_keepalive_healthz", "same, by server CPU per request (HTTP/HTTPS)")
PY

# Handshake rate against a baseline: `openssl s_time -new` (full handshake, no resumption, then
# close) against our server and against `openssl s_server` (OpenSSL's own server, same key,
# same core) in the same run.
echo "== handshakes: openssl s_time -new, ${DURATION}s each"
taskset -c "$SERVER_CPU" openssl s_server -accept "127.0.0.1:$((TLS_PORT + 1))" -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
    -no_ticket -quiet -naccept 1000000 > /dev/null 2>&1 &
SSERVER_PID=$!
sleep 0.5
for target in "claim-scrubber $TLS_PORT $TLS_PID" "openssl-s_server $((TLS_PORT + 1)) $SSERVER_PID"; do
    set -- $target
    before=$(cpu_ticks "$3")
    line=$(taskset -c "$CLIENT_CPU" openssl s_time -connect "127.0.0.1:$2" -new -time "$DURATION" 2>/dev/null |
        grep -E "connections in [0-9]+ real seconds" || true)
    after=$(cpu_ticks "$3")
    python3 - "$1" "$line" "$(( after - before ))" "$(getconf CLK_TCK)" <<'PY'
import sys
name, line, ticks, hz = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
parts = line.split()
count, seconds = (int(parts[0]), int(parts[3])) if len(parts) > 3 else (0, 1)
cpu = (ticks / hz) * 1e6 / count if count else float("nan")
print(f"{name:18s} {count / seconds:7.0f} handshakes/s   server CPU {cpu:6.0f} us/handshake")
PY
done
kill "$SSERVER_PID" 2>/dev/null || true; wait "$SSERVER_PID" 2>/dev/null || true
