#!/usr/bin/env bash
# Runs a built image the way a container runtime would, without one, and checks it.
#
# The image's root filesystem (a buildah working container) is mounted read-only in a new mount
# namespace, with a fresh /proc, a minimal /dev and nothing else writable; the image's entrypoint
# runs there under chroot as the image's USER, with the image's ENV and WORKDIR, as PID 1 of a new
# PID namespace and in a new network namespace (its own loopback only, so port 8080 collides with
# nothing and no traffic leaves the machine). Then:
#   - GET /healthz answers 200 (curl from the host, entering the network namespace)
#   - every Config/examples/*.json claim (else Benchmarks/http/claim.json) scrubs via POST
#     /v1/claims/scrub with 200 and the right result: its claimId and one line per claim line, the
#     fields a `<name>.expected.json` beside it lists, and, when the image has the `check`
#     subcommand, the same result as the image's offline engine gives for that claim
#   - the process runs as the image's non-root uid (/proc/PID/status)
#   - the image's HEALTHCHECK command exits 0 (run inside the same namespaces and chroot)
#   - the root filesystem is read-only to it
#   - SIGTERM (the image's STOPSIGNAL) with a request in flight: the request is answered, the
#     process exits 0 within the drain timeout
# and again with TLS on, configured as deploy/ does (SCRUBBER_TLS_* and a read-only volume holding
# a throwaway self-signed certificate): HTTPS /readyz and a scrub with the certificate verified,
# the HEALTHCHECK command, SIGTERM.
#
# Usage: run-checks.sh IMAGE DRAIN_TIMEOUT_SECONDS
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/container/lib.sh

image=$1
drain=${2:-10}
name=cs-run-check
work=$CONTAINER_WORK/run
mkdir -p "$work"
rm -f "$work"/*

bh rm "$name" >/dev/null 2>&1 || true
bh from --pull=never --name "$name" "$image" >/dev/null
launcher=""
cleanup() {
    if [ -n "$launcher" ] && kill -0 "$launcher" 2>/dev/null; then
        kill -KILL "$launcher" 2>/dev/null || true   # --kill-child takes the server with it
        wait "$launcher" 2>/dev/null || true
    fi
    bh umount "$name" >/dev/null 2>&1 || true
    bh rm "$name" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 143' TERM INT   # a timeout above us: still clean up (the EXIT trap)
root=$(bh mount "$name")

# What the image says about how to run it.
bh inspect --type image "$image" >"$work/image.json"
eval "$(python3 - "$work/image.json" <<'EOF'
import json, shlex, sys
image = json.load(open(sys.argv[1]))
config = (image.get("Docker") or {}).get("config") or {}
def out(name, value):
    print(f"{name}={shlex.quote(value)}")
user = config.get("User") or ""
out("img_user", user)
out("img_workdir", config.get("WorkingDir") or "/")
out("img_stopsignal", config.get("StopSignal") or "SIGTERM")
cmd = (config.get("Entrypoint") or []) + (config.get("Cmd") or [])
out("img_command", " ".join(shlex.quote(c) for c in cmd))
out("img_env", " ".join(shlex.quote(e) for e in config.get("Env") or []))
health = (config.get("Healthcheck") or {}).get("Test") or []
if health[:1] == ["CMD"]:
    out("img_health", " ".join(shlex.quote(c) for c in health[1:]))
elif health[:1] == ["CMD-SHELL"]:
    out("img_health", "/bin/sh -c " + shlex.quote(health[1]))
else:
    out("img_health", "")
ports = sorted((config.get("ExposedPorts") or {}).keys())
out("img_port", ports[0].split("/")[0] if ports else "8080")
EOF
)"
log "image: user=$img_user workdir=$img_workdir entrypoint+cmd=[$img_command] stopsignal=$img_stopsignal port=$img_port"
log "image healthcheck: [$img_health]"
[ -n "$img_user" ] || die "the image sets no USER"
uid=${img_user%%:*}
gid=${img_user#*:}; [ "$gid" = "$img_user" ] && gid=$uid
case "$uid" in ''|*[!0-9]*) die "USER must be a numeric uid (Kubernetes runAsNonRoot needs one), got $img_user";; esac
[ "$uid" != 0 ] || die "the image runs as root"
[ -n "$img_health" ] || die "the image has no HEALTHCHECK (built without --format docker?)"

# Runs inside the new namespaces: builds the container's view, then execs the entrypoint.
cat >"$work/enter.sh" <<'EOF'
set -eu
root=$1; shift
ip link set lo up
mount --make-rprivate /
mount --bind "$root" "$root"
mount -o remount,bind,ro "$root"
# A volume, as Kubernetes mounts a Secret: BIND_MOUNT=SOURCE:TARGET (TARGET exists in the image).
if [ -n "${BIND_MOUNT:-}" ]; then
    mount --bind -o ro "${BIND_MOUNT%%:*}" "$root${BIND_MOUNT#*:}"
    mount -o remount,bind,ro "$root${BIND_MOUNT#*:}"
fi
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
mount -t tmpfs -o nosuid,mode=0755,size=64k tmpfs "$root/dev"
for node in null zero full random urandom; do
    touch "$root/dev/$node"
    mount --bind "/dev/$node" "$root/dev/$node"
done
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"; ln -s /proc/self/fd/1 "$root/dev/stdout"; ln -s /proc/self/fd/2 "$root/dev/stderr"
mount -o remount,ro "$root/dev"
exec "$@"
EOF

eval "entry=($img_command)"
[ ${#entry[@]} -gt 0 ] || die "the image has no ENTRYPOINT/CMD"
eval "env_args=($img_env)"

# start_server LABEL [BIND_SOURCE:TARGET] [VAR=VALUE...]: the image's entrypoint as described above;
# sets launcher (the unshare process) and server (PID 1 of the namespace, as seen from here).
start_server() {
    local label=$1; shift
    local bind=""
    case "${1:-}" in *:/*) bind=$1; shift;; esac
    log "starting the entrypoint ($label; read-only root, uid $uid, PID 1 of its own PID namespace)"
    BIND_MOUNT=$bind unshare --mount --net --pid --fork --kill-child \
        bash "$work/enter.sh" "$root" \
        chroot --userspec="$uid:$gid" --groups="$gid" "$root" \
        /usr/bin/env -i -C "$img_workdir" "${env_args[@]}" "$@" "${entry[@]}" \
        >"$work/server-$label.out" 2>"$work/server-$label.err" </dev/null &
    launcher=$!
    # The server is the launcher's only child (enter.sh execs chroot, which execs env, which execs it).
    server=""
    for _ in $(seq 1 50); do
        server=$(awk '{print $1}' "/proc/$launcher/task/$launcher/children" 2>/dev/null || true)
        [ -n "$server" ] && break
        sleep 0.1
    done
    [ -n "$server" ] || { cat "$work/server-$label.err"; die "the entrypoint did not start"; }
}

# wait_ready URL [CURL OPTION...]: until the URL answers, at most 10 s.
wait_ready() {
    local url=$1; shift
    for _ in $(seq 1 100); do
        kill -0 "$launcher" 2>/dev/null || break
        if in_ns curl -s -o /dev/null --max-time 1 "$@" "$url"; then return 0; fi
        sleep 0.1
    done
    echo "--- server stderr"; tail -20 "$work/server-$server_label.err"; echo "--- server stdout"; tail -20 "$work/server-$server_label.out"
    die "the server did not answer $url within 10 s"
}

# stop_server: the image's STOPSIGNAL to PID 1; sets exit_status and elapsed (seconds).
stop_server() {
    local signal=${img_stopsignal#SIG} started
    started=$(date +%s.%N)
    kill "-$signal" "$server"
    local polls=$(((drain + 5) * 20))
    while kill -0 "$launcher" 2>/dev/null && [ $polls -gt 0 ]; do
        # A zombie counts as alive for kill -0: look at the state.
        [ "$(awk '{print $3}' "/proc/$launcher/stat" 2>/dev/null)" = Z ] && break
        sleep 0.05
        polls=$((polls - 1))
    done
    set +e
    if [ $polls -gt 0 ]; then
        wait "$launcher"
        exit_status=$?
    else
        kill -KILL "$launcher" 2>/dev/null
        wait "$launcher"
        exit_status="still-running"
    fi
    set -e
    elapsed=$(python3 -c "import time; print(f'{time.time() - $started:.2f}')")
    launcher=""
}

# in_container COMMAND...: like `docker exec`: the container's network, mount and PID namespaces,
# its root, user, environment and working directory (the Swift runtime reads its arguments from
# /proc/self, which only resolves inside the PID namespace that /proc belongs to).
in_container() {
    nsenter --target "$server" --net --mount --pid -- chroot --userspec="$uid:$gid" "$root" \
        /usr/bin/env -i -C "$img_workdir" "${env_args[@]}" "$@"
}

in_ns() { nsenter --target "$server" --net -- "$@"; }
base="http://127.0.0.1:$img_port"

failures=0
check() {   # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then log "ok   $what"; else log "FAIL $what"; failures=$((failures + 1)); fi
}

# --- plain HTTP, the image as it is --------------------------------------------------------------
server_label=plain
start_server plain
wait_ready "$base/healthz"

health_status=$(in_ns curl -s -o "$work/healthz.body" -w '%{http_code}' --max-time 5 "$base/healthz" || true)
check "GET /healthz answers 200 (got $health_status)" test "$health_status" = 200

ready_status=$(in_ns curl -s -o "$work/readyz.body" -w '%{http_code}' --max-time 5 "$base/readyz" || true)
check "GET /readyz answers 200 (got $ready_status)" test "$ready_status" = 200

uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$server/status")
check "the server runs as uid $uid (real, effective, saved, fs: $uids)" test "$uids" = "$uid $uid $uid $uid"
pid_in_ns=$(awk '/^NSpid:/ {print $NF}' "/proc/$server/status")
check "the server is PID 1 of its PID namespace, as in a container (NSpid $pid_in_ns)" test "$pid_in_ns" = 1

write_probe=$(in_container /bin/sh -c 'touch /tmp/probe 2>&1 || true')
check "the root filesystem is read-only for it ($write_probe)" grep -q "Read-only file system" <<<"$write_probe"

# The example claims the repository ships (Config/examples), else the benchmark claim.
claims=()
for claim in Config/examples/*.json; do
    [ -e "$claim" ] || continue
    case "$claim" in *.expected.json) continue;; esac
    claims+=("$claim")
done
[ ${#claims[@]} -gt 0 ] || claims=(Benchmarks/http/claim.json)
has_check=0
grep -q "^  check " <(in_container /usr/local/bin/claim-scrubber --help 2>&1 || true) && has_check=1
scrubbed=0
for claim in "${claims[@]}"; do
    [ -e "$claim" ] || continue
    status=$(in_ns curl -s -o "$work/scrub.json" -w '%{http_code}' --max-time 10 \
        -H 'Content-Type: application/json' --data-binary "@$claim" "$base/v1/claims/scrub" || true)
    expected=${claim%.json}.expected.json
    [ -e "$expected" ] || expected=-
    offline=-
    if [ $has_check = 1 ]; then
        # The same image's offline engine (`check -`): the served result must be the same.
        in_container /usr/local/bin/claim-scrubber check - <"$claim" >"$work/offline.json" 2>"$work/offline.err" || true
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/offline.json" 2>/dev/null && offline=$work/offline.json
    fi
    check "POST /v1/claims/scrub $claim answers 200 (got $status)" test "$status" = 200
    check "  its result is right (expected: $(basename "$expected"), offline check: $([ "$offline" = - ] && echo no || echo yes))" \
        python3 scripts/container/verify-scrub.py "$claim" "$work/scrub.json" "$expected" "$offline"
    scrubbed=$((scrubbed + 1))
done
check "at least one example claim scrubbed ($scrubbed)" test "$scrubbed" -gt 0

eval "health_cmd=($img_health)"
set +e
in_container "${health_cmd[@]}" >"$work/healthcheck.out" 2>&1
health_rc=$?
# A wrong port must make the healthcheck fail, or it proves nothing.
in_container SCRUBBER_PORT=1 "${health_cmd[@]}" >/dev/null 2>&1
wrong_rc=$?
set -e
check "the image's HEALTHCHECK command exits 0 (got $health_rc)" test $health_rc = 0
check "the HEALTHCHECK command exits 1 when nothing listens (got $wrong_rc)" test $wrong_rc = 1

# The image's binary says what it was built from: the revision container-check built.
in_container /usr/local/bin/claim-scrubber --version >"$work/version.out" 2>&1 || true
check "claim-scrubber --version names revision ${EXPECTED_REVISION:-unknown} ($(tr '\n' ' ' <"$work/version.out"))" \
    grep -qx "revision ${EXPECTED_REVISION:-unknown}" "$work/version.out"

# Graceful stop with a request in flight: a client sends the headers and half the body of a scrub,
# SIGTERM arrives, then the rest of the body: the request must still be answered (200), and the
# server must exit 0 within the drain timeout.
rm -f "$work/inflight.ready" "$work/inflight.result"
in_ns python3 scripts/container/inflight-client.py 127.0.0.1 "$img_port" Benchmarks/http/claim.json \
    "$work/inflight.ready" >"$work/inflight.result" 2>&1 &
client=$!
for _ in $(seq 1 50); do [ -e "$work/inflight.ready" ] && break; sleep 0.1; done
stop_server
wait "$client" || true
inflight=$(head -1 "$work/inflight.result")
check "a request in flight at SIG${img_stopsignal#SIG} is still answered ($inflight)" grep -q "^HTTP/1.1 200" "$work/inflight.result"
check "SIG${img_stopsignal#SIG} stops it with exit status 0 (got $exit_status) in ${elapsed} s (drain timeout ${drain} s)" \
    python3 -c "import sys; sys.exit(0 if '$exit_status' == '0' and $elapsed <= $drain else 1)"
echo "--- server stderr (last lines)"; tail -4 "$work/server-plain.err" || true

# --- TLS, configured as deploy/ does it (a Secret volume and SCRUBBER_TLS_* variables) -----------
tls_dir=$work/tls
mkdir -p "$tls_dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
    -keyout "$tls_dir/tls.key" -out "$tls_dir/tls.crt" 2>/dev/null
# What a Secret volume with fsGroup 10001 and defaultMode 0440 looks like to the pod.
chgrp "$gid" "$tls_dir/tls.key" "$tls_dir/tls.crt"
chmod 0440 "$tls_dir/tls.key" "$tls_dir/tls.crt"
chmod 0755 "$tls_dir"
server_label=tls
start_server tls "$tls_dir:/mnt" SCRUBBER_TLS_CERTIFICATE=/mnt/tls.crt SCRUBBER_TLS_PRIVATE_KEY=/mnt/tls.key
tls_base="https://127.0.0.1:$img_port"
wait_ready "$tls_base/healthz" --cacert "$tls_dir/tls.crt"
tls_status=$(in_ns curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$tls_dir/tls.crt" "$tls_base/readyz" || true)
check "TLS: GET /readyz over HTTPS answers 200, certificate verified (got $tls_status)" test "$tls_status" = 200
tls_scrub=$(in_ns curl -s -o "$work/scrub-tls.json" -w '%{http_code}' --max-time 10 --cacert "$tls_dir/tls.crt" \
    -H 'Content-Type: application/json' --data-binary @Benchmarks/http/claim.json "$tls_base/v1/claims/scrub" || true)
check "TLS: POST /v1/claims/scrub over HTTPS answers 200 (got $tls_scrub)" test "$tls_scrub" = 200
set +e
in_container SCRUBBER_TLS_CERTIFICATE=/mnt/tls.crt SCRUBBER_TLS_PRIVATE_KEY=/mnt/tls.key \
    "${health_cmd[@]}" >"$work/healthcheck-tls.out" 2>&1
tls_health_rc=$?
in_container SCRUBBER_TLS_CERTIFICATE=/mnt/tls.crt SCRUBBER_TLS_PRIVATE_KEY=/mnt/tls.key \
    "${health_cmd[@]}" --path /no-such-path >/dev/null 2>&1
tls_health_404_rc=$?
set -e
check "TLS: the HEALTHCHECK command (GET /healthz over TLS) exits 0 (got $tls_health_rc)" test $tls_health_rc = 0
check "TLS: it exits 1 when the answer is not 200 (GET /no-such-path: $tls_health_404_rc)" test $tls_health_404_rc = 1
stop_server
check "TLS: SIG${img_stopsignal#SIG} stops it with exit status 0 (got $exit_status) in ${elapsed} s (drain timeout ${drain} s)" \
    python3 -c "import sys; sys.exit(0 if '$exit_status' == '0' and $elapsed <= $drain else 1)"

# A load balancer's or kubelet's TCP check opens and closes a connection without a handshake.
server_label=tls-tcp
start_server tls-tcp "$tls_dir:/mnt" SCRUBBER_TLS_CERTIFICATE=/mnt/tls.crt SCRUBBER_TLS_PRIVATE_KEY=/mnt/tls.key
wait_ready "$tls_base/healthz" --cacert "$tls_dir/tls.crt"
in_ns python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5).close()' "$img_port"
sleep 0.2
stop_server
check "TLS: after a bare TCP connect, SIG${img_stopsignal#SIG} stops it with exit status 0 (got $exit_status) in ${elapsed} s (drain timeout ${drain} s)" \
    python3 -c "import sys; sys.exit(0 if '$exit_status' == '0' and $elapsed <= $drain else 1)"
rm -rf "$tls_dir"

[ $failures = 0 ] || die "$failures check(s) failed"
log "all run checks passed"
