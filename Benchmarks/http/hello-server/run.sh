#!/usr/bin/env bash
# Builds hello-server (release) in a scratch package and compares GET /healthz with nginx
# (1 worker, fixed JSON), alternating, wrk -t1 -c32 on loopback; server on cpu0, wrk on cpu1.
# Usage: Benchmarks/http/hello-server/run.sh [seconds] [rounds] [idle-connections]
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
SECS=${1:-10}; ROUNDS=${2:-2}; IDLE=${3:-0}
SCRATCH=/tmp/hello-server-bench
mkdir -p "$SCRATCH/Sources/hello-server"
ln -sfn "$ROOT/Sources/HTTPServer" "$SCRATCH/Sources/HTTPServer"
ln -sfn "$ROOT/Sources/COpenSSL" "$SCRATCH/Sources/COpenSSL"
ln -sfn "$ROOT/Sources/COpenSSLShims" "$SCRATCH/Sources/COpenSSLShims"
cp "$ROOT/Benchmarks/http/hello-server/main.swift" "$SCRATCH/Sources/hello-server/main.swift"
cat > "$SCRATCH/Package.swift" <<'PKG'
// swift-tools-version:6.1
import PackageDescription
let package = Package(name: "hello-server", targets: [
    .systemLibrary(name: "COpenSSL", pkgConfig: "openssl"),
    .target(name: "COpenSSLShims", dependencies: ["COpenSSL"]),
    .target(name: "HTTPServer", dependencies: ["COpenSSL", "COpenSSLShims"],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    .executableTarget(name: "hello-server", dependencies: ["HTTPServer"]),
])
PKG
(cd "$SCRATCH" && swift build -c release --product hello-server 2>&1 | tail -1)
BIN="$SCRATCH/.build/release/hello-server"

NGINX_DIR=/tmp/hello-nginx; mkdir -p "$NGINX_DIR"
cat > "$NGINX_DIR/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $NGINX_DIR/nginx.pid; error_log $NGINX_DIR/error.log;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:8090;
  location /healthz { default_type application/json; return 200 '{"status":"ok"}'; } } }
CONF

taskset -c 0 "$BIN" 8089 >/dev/null & SRV=$!
taskset -c 0 nginx -c "$NGINX_DIR/nginx.conf" & NGX=$!
trap 'kill $SRV $NGX 2>/dev/null || true; [ -n "${HOLD:-}" ] && kill $HOLD 2>/dev/null || true' EXIT
sleep 1
if [ "$IDLE" -gt 0 ]; then
  python3 - "$IDLE" <<'PY' & HOLD=$!
import socket, sys, time
n = int(sys.argv[1]); socks = []
for port in (8089, 8090):
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port)); s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); socks.append(s)
time.sleep(3600)
PY
  sleep 2
fi
run() { taskset -c 1 wrk -t1 -c32 -d"${SECS}s" --latency "http://127.0.0.1:$1/healthz" | awk '/Requests\/sec/{r=$2} /99%/{p=$2} END{print r, p}'; }
for i in $(seq "$ROUNDS"); do
  read -r h hp < <(run 8089); read -r n np < <(run 8090)
  echo "round $i: hello-server $h req/s (p99 $hp) | nginx $n req/s (p99 $np) | ratio $(python3 -c "print(round($h/$n,3))")"
done
echo "hello-server peak RSS: $(grep VmHWM /proc/$SRV/status | awk '{print $2, $3}')"
