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
#   - SIGTERM (the image's STOPSIGNAL) ends it with exit status 0 within the drain timeout
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

eval "set -- $img_command"
[ $# -gt 0 ] || die "the image has no ENTRYPOINT/CMD"
eval "env_args=($img_env)"
log "starting the entrypoint (read-only root, uid $uid, PID 1 of its own PID namespace)"
unshare --mount --net --pid --fork --kill-child \
    bash "$work/enter.sh" "$root" \
    chroot --userspec="$uid:$gid" --groups="$gid" "$root" \
    /usr/bin/env -i -C "$img_workdir" "${env_args[@]}" "$@" \
    >"$work/server.out" 2>"$work/server.err" </dev/null &
launcher=$!

# The server is the launcher's only child (enter.sh execs chroot, which execs env, which execs it).
server=""
for _ in $(seq 1 50); do
    server=$(awk '{print $1}' "/proc/$launcher/task/$launcher/children" 2>/dev/null || true)
    [ -n "$server" ] && break
    sleep 0.1
done
[ -n "$server" ] || { cat "$work/server.err"; die "the entrypoint did not start"; }

in_ns() { nsenter --target "$server" --net -- "$@"; }
base="http://127.0.0.1:$img_port"

ready=0
for _ in $(seq 1 100); do
    kill -0 "$launcher" 2>/dev/null || break
    if in_ns curl -s -o /dev/null --max-time 1 "$base/healthz"; then ready=1; break; fi
    sleep 0.1
done
if [ $ready = 0 ]; then
    echo "--- server stderr"; tail -20 "$work/server.err"; echo "--- server stdout"; tail -20 "$work/server.out"
    die "the server did not answer on port $img_port within 10 s"
fi

failures=0
check() {   # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then log "ok   $what"; else log "FAIL $what"; failures=$((failures + 1)); fi
}

health_status=$(in_ns curl -s -o "$work/healthz.body" -w '%{http_code}' --max-time 5 "$base/healthz" || true)
check "GET /healthz answers 200 (got $health_status)" test "$health_status" = 200

ready_status=$(in_ns curl -s -o "$work/readyz.body" -w '%{http_code}' --max-time 5 "$base/readyz" || true)
check "GET /readyz answers 200 (got $ready_status)" test "$ready_status" = 200

uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$server/status")
check "the server runs as uid $uid (real, effective, saved, fs: $uids)" test "$uids" = "$uid $uid $uid $uid"
pid_in_ns=$(awk '/^NSpid:/ {print $NF}' "/proc/$server/status")
check "the server is PID 1 of its PID namespace, as in a container (NSpid $pid_in_ns)" test "$pid_in_ns" = 1

write_probe=$(nsenter --target "$server" --mount --pid -- chroot --userspec="$uid:$gid" "$root" /bin/sh -c 'touch /tmp/probe 2>&1 || true')
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
grep -q "^  check " <(nsenter --target "$server" --mount --pid -- chroot --userspec="$uid:$gid" "$root" \
    /usr/local/bin/claim-scrubber --help 2>&1 || true) && has_check=1
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
        nsenter --target "$server" --mount --pid -- chroot --userspec="$uid:$gid" "$root" \
            /usr/bin/env -i -C "$img_workdir" "${env_args[@]}" /usr/local/bin/claim-scrubber check - \
            <"$claim" >"$work/offline.json" 2>"$work/offline.err" || true
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/offline.json" 2>/dev/null && offline=$work/offline.json
    fi
    check "POST /v1/claims/scrub $claim answers 200 (got $status)" test "$status" = 200
    check "  its result is right (expected: $(basename "$expected"), offline check: $([ "$offline" = - ] && echo no || echo yes))" \
        python3 scripts/container/verify-scrub.py "$claim" "$work/scrub.json" "$expected" "$offline"
    scrubbed=$((scrubbed + 1))
done
check "at least one example claim scrubbed ($scrubbed)" test "$scrubbed" -gt 0

# Like `docker exec`: the container's network, mount and PID namespaces (the Swift runtime reads
# its arguments from /proc/self, which only resolves inside the PID namespace /proc belongs to).
eval "set -- $img_health"
set +e
nsenter --target "$server" --net --mount --pid -- chroot --userspec="$uid:$gid" "$root" \
    /usr/bin/env -i -C "$img_workdir" "${env_args[@]}" "$@" >"$work/healthcheck.out" 2>&1
health_rc=$?
set -e
check "the image's HEALTHCHECK command exits 0 (got $health_rc)" test $health_rc = 0

# A wrong port must make the healthcheck fail, or it proves nothing.
set +e
nsenter --target "$server" --net --mount --pid -- chroot --userspec="$uid:$gid" "$root" \
    /usr/bin/env -i -C "$img_workdir" "${env_args[@]}" SCRUBBER_PORT=1 "$@" >/dev/null 2>&1
wrong_rc=$?
set -e
check "the HEALTHCHECK command exits 1 when nothing listens (got $wrong_rc)" test $wrong_rc = 1

# Graceful stop: the image's STOPSIGNAL to PID 1; it must exit 0 within the drain timeout.
signal=${img_stopsignal#SIG}
started=$(date +%s.%N)
kill "-$signal" "$server"
set +e
if timeout $((drain + 5)) tail --pid="$launcher" -f /dev/null; then
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
check "SIG$signal stops it with exit status 0 (got $exit_status) in ${elapsed} s (drain timeout ${drain} s)" \
    python3 -c "import sys; sys.exit(0 if '$exit_status' == '0' and $elapsed <= $drain else 1)"

echo "--- server stdout (last lines)"; tail -5 "$work/server.out" || true
echo "--- server stderr (last lines)"; tail -5 "$work/server.err" || true
[ $failures = 0 ] || die "$failures check(s) failed"
log "all run checks passed"
