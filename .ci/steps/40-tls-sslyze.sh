#!/usr/bin/env bash
# CI step: scan the HTTPS port of `claim-scrubber serve` with sslyze (PyPI) and fail on any
# accepted protocol below TLS 1.2, any accepted cipher suite without forward secrecy, TLS
# compression, or insecure (client-initiated / non-secure) renegotiation. Also checks
# `hash-key`, a curl round trip, plain HTTP on the TLS port, and certificate rotation on SIGHUP
# while a keep-alive connection stays open. Bounded: the step gives up after 10 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH

deadline=$(( $(date +%s) + 600 ))
for tool in openssl curl; do
    command -v "$tool" >/dev/null || flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
done
work=$(mktemp -d /tmp/ci-tls.XXXXXX)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

bin=.build/debug/claim-scrubber
if [ ! -x "$bin" ]; then
    echo "-- building claim-scrubber"
    timeout 900 swift build --product claim-scrubber
fi

echo "-- hash-key"
expected=$(printf 'ci-secret-key' | sha256sum | cut -d' ' -f1)
got=$(printf 'ci-secret-key\n' | "$bin" hash-key)
[ "$got" = "$expected" ] || { echo "hash-key printed '$got', expected '$expected'"; exit 1; }
if printf '' | "$bin" hash-key 2>/dev/null; then echo "hash-key accepted an empty key"; exit 1; fi

echo "-- throwaway certificates (RSA 2048 server, so the RSA suites are exercised)"
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/O=CI/CN=CI CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" \
    -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -subj "/O=CI/CN=localhost" \
    -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$work/server.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
    -days 2 -sha256 -extfile "$work/server.ext" -out "$work/server.pem" 2>/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
echo "-- starting claim-scrubber serve with TLS on 127.0.0.1:$port"
SCRUBBER_HOST=127.0.0.1 SCRUBBER_PORT=$port \
SCRUBBER_TLS_CERTIFICATE="$work/server.pem" SCRUBBER_TLS_PRIVATE_KEY="$work/server.key" \
SCRUBBER_ACCESS_LOG=false \
    "$bin" serve > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    if curl -fsS --max-time 2 --cacert "$work/ca.pem" "https://localhost:$port/healthz" > /dev/null 2>&1; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then echo "server exited:"; cat "$work/serve.log"; exit 1; fi
    sleep 0.2
done
curl -fsS --max-time 5 --cacert "$work/ca.pem" "https://localhost:$port/healthz" > /dev/null \
    || { echo "no HTTPS answer from the server"; cat "$work/serve.log"; exit 1; }
echo "HTTPS /healthz answered"

echo "-- plain HTTP on the TLS port is refused"
if curl -fsS --max-time 5 "http://127.0.0.1:$port/healthz" > /dev/null 2>&1; then
    echo "plain HTTP was served on the TLS port"; exit 1
fi

echo "-- sslyze"
venv=/tmp/ci-sslyze-venv
if [ ! -x "$venv/bin/sslyze" ]; then
    rm -rf "$venv"
    if ! python3 -m venv "$venv" 2>/dev/null; then
        flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$venv"
        python3 -m venv "$venv"
    fi
    timeout 300 "$venv/bin/pip" install -q "sslyze==6.3.1"
fi
remaining=$(( deadline - $(date +%s) ))
[ "$remaining" -gt 30 ] || { echo "out of time before the scan"; exit 1; }
timeout "$remaining" "$venv/bin/sslyze" --quiet --mozilla_config disable \
    --sslv2 --sslv3 --tlsv1 --tlsv1_1 --tlsv1_2 --tlsv1_3 --compression --reneg \
    --json_out "$work/scan.json" "localhost:$port{127.0.0.1}"

"$venv/bin/python" - "$work/scan.json" <<'PY'
import json, sys
scan = json.load(open(sys.argv[1]))
failures = []
results = scan["server_scan_results"]
if len(results) != 1 or results[0]["scan_status"] != "COMPLETED":
    sys.exit(f"sslyze could not scan the server: {results}")
r = results[0]["scan_result"]

def result(name):
    entry = r[name]
    if entry["status"] != "COMPLETED":
        failures.append(f"{name}: scan {entry['status']} ({entry.get('error_reason')})")
        return None
    return entry["result"]

for name, label in [("ssl_2_0_cipher_suites", "SSL 2.0"), ("ssl_3_0_cipher_suites", "SSL 3.0"),
                    ("tls_1_0_cipher_suites", "TLS 1.0"), ("tls_1_1_cipher_suites", "TLS 1.1")]:
    res = result(name)
    if res and res["accepted_cipher_suites"]:
        failures.append(f"{label} accepted: " + ", ".join(s["cipher_suite"]["name"] for s in res["accepted_cipher_suites"]))
    elif res is not None:
        print(f"ok  {label} refused")

for name, label in [("tls_1_2_cipher_suites", "TLS 1.2"), ("tls_1_3_cipher_suites", "TLS 1.3")]:
    res = result(name)
    if res is None:
        continue
    accepted = res["accepted_cipher_suites"]
    for suite in accepted:
        cipher = suite["cipher_suite"]["name"]
        # TLS 1.3 key exchange is always ephemeral (RFC 8446 §2); for 1.2 the suite must be (EC)DHE.
        forward_secret = label == "TLS 1.3" or "_DHE_" in cipher or "_ECDHE_" in cipher
        if not forward_secret or (label == "TLS 1.2" and suite.get("ephemeral_key") is None):
            failures.append(f"{label} suite without forward secrecy accepted: {cipher}")
    print(f"ok  {label}: {len(accepted)} suites accepted: " + ", ".join(s["cipher_suite"]["name"] for s in accepted))
    if label == "TLS 1.3" and not accepted:
        failures.append("TLS 1.3 not supported")

res = result("tls_compression")
if res is not None:
    if res["supports_compression"]:
        failures.append("TLS compression supported (CRIME)")
    else:
        print("ok  no TLS compression")

res = result("session_renegotiation")
if res is not None:
    if res["is_vulnerable_to_client_renegotiation_dos"]:
        failures.append("client-initiated renegotiation accepted")
    if not res["supports_secure_renegotiation"]:
        failures.append("no secure renegotiation indication (RFC 5746)")
    print(f"ok  renegotiation: client-initiated refused, secure_renegotiation={res['supports_secure_renegotiation']}")

if failures:
    print("sslyze found problems:")
    for f in failures:
        print("  FAIL", f)
    sys.exit(1)
print("sslyze: TLS policy ok")
PY
echo "-- rotation on SIGHUP while a keep-alive connection stays open"
python3 - "$server_pid" "$port" "$work" <<'PY'
import hashlib, os, signal, socket, ssl, subprocess, sys, time
pid, port, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
context = ssl.create_default_context(cafile=f"{work}/ca.pem")

def connect():
    raw = socket.create_connection(("127.0.0.1", port), timeout=5)
    conn = context.wrap_socket(raw, server_hostname="localhost")
    return conn, hashlib.sha256(conn.getpeercert(binary_form=True)).hexdigest()

def get(conn, path):
    conn.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk: raise SystemExit(f"connection closed while waiting for {path}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:"))
    while len(body) < length:
        body += conn.recv(65536)
    return int(head.split()[1])

kept, old = connect()
assert get(kept, "/healthz") == 200
# New key and certificate (ECDSA this time) from the same CA, written to new names and moved
# into place so the reload never sees a half-written pair.
subprocess.run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/O=CI/CN=localhost", "-keyout", f"{work}/new.key", "-out", f"{work}/new.csr"],
               check=True, capture_output=True)
subprocess.run(["openssl", "x509", "-req", "-in", f"{work}/new.csr", "-CA", f"{work}/ca.pem", "-CAkey", f"{work}/ca.key",
                "-CAcreateserial", "-days", "2", "-sha256", "-extfile", f"{work}/server.ext", "-out", f"{work}/new.pem"],
               check=True, capture_output=True)
os.replace(f"{work}/new.key", f"{work}/server.key")
os.replace(f"{work}/new.pem", f"{work}/server.pem")
os.kill(pid, signal.SIGHUP)
deadline = time.time() + 10
while True:
    fresh, new = connect()
    status = get(fresh, "/healthz")
    fresh.close()
    if new != old: break
    if time.time() > deadline: raise SystemExit("new connections still get the old certificate 10 s after SIGHUP")
    time.sleep(0.2)
assert status == 200
assert get(kept, "/healthz") == 200, "the connection opened before the rotation was dropped"
kept.close()
print(f"ok  certificate rotated ({old[:16]}... -> {new[:16]}...), the open keep-alive connection kept working")
PY

echo "-- 40-tls-sslyze passed"
