#!/usr/bin/env bash
# Builds the project's Dockerfile, unchanged, with buildah (no Docker engine needed) and checks the
# image the way a container runtime would run it.
#
#   1. base images: assembles docker.io/library/debian:bookworm-slim (debootstrap) and
#      docker.io/library/swift:6.3-bookworm (that + this machine's Swift toolchain) locally under the
#      exact names the Dockerfile's FROM lines use, unless already there (scripts/container/base-images.sh)
#   2. build: `buildah bud` of ./Dockerfile with chroot isolation, vfs storage, pull policy never
#   3. size: the final image's uncompressed size (target: under 120 MB)
#   4. run: the image's entrypoint, user, working directory and environment, read from the image,
#      run in a chroot of the image's root filesystem mounted read-only, in fresh mount, PID and
#      network namespaces (the process is PID 1 there, as in a container; port 8080 is private to
#      the namespace). Checks: /healthz answers 200, an example claim scrubs as expected, the
#      process runs as the image's non-root uid, the image's HEALTHCHECK command exits 0, SIGTERM
#      ends the process with exit status 0 within the drain timeout.
#
# Usage: scripts/container-check.sh [--rebuild-base]   (as root; installs buildah and debootstrap)
# Everything lives under $CONTAINER_WORK (default /var/tmp/claim-scrubber-container).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
source scripts/container/lib.sh

rebuild_base=""
[ "${1:-}" = "--rebuild-base" ] && rebuild_base=--rebuild

MAX_IMAGE_MB=${MAX_IMAGE_MB:-120}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-10}          # HTTPServer.Configuration.Timeouts.drain default
declare -a timings=()
phase_start=$SECONDS
phase_done() { timings+=("$(printf '%-28s %5d s' "$1" $((SECONDS - phase_start)))"); phase_start=$SECONDS; }

# --- 0. tools -----------------------------------------------------------------------------------
need=()
for tool in buildah:buildah debootstrap:debootstrap curl:curl python3:python3 ip:iproute2; do
    command -v "${tool%%:*}" >/dev/null || need+=("${tool##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    flock /tmp/apt.lock apt-get update -qq
    DEBIAN_FRONTEND=noninteractive flock /tmp/apt.lock apt-get install -y -qq "${need[@]}" >/dev/null
fi
mkdir -p "$CONTAINER_WORK"
phase_done "tools"

# --- 1. base images -----------------------------------------------------------------------------
timeout 1200 bash scripts/container/base-images.sh $rebuild_base || die "base images"
phase_done "base images"

# --- 2. build the Dockerfile unchanged ----------------------------------------------------------
log "buildah bud ./Dockerfile -> $APP_IMAGE"
bh rmi -f "$APP_IMAGE" >/dev/null 2>&1 || true
timeout 1500 bash -c 'source scripts/container/lib.sh
    bh bud --isolation chroot --pull=never --format docker --layers=false \
        --build-arg VERSION="$(git -C "$1" describe --always --dirty 2>/dev/null || echo dev)" \
        -t "$APP_IMAGE" -f Dockerfile "$1"' _ "$repo" >"$CONTAINER_WORK/build.log" 2>&1 ||
    { tail -40 "$CONTAINER_WORK/build.log"; die "buildah bud (log: $CONTAINER_WORK/build.log)"; }
grep -E "warning:|error:" "$CONTAINER_WORK/build.log" | grep -v "should be located under 'Tests/" | head -20 || true
# Build stages leave nothing behind with --layers=false except dangling images of earlier builds.
bh rmi --prune >/dev/null 2>&1 || true
phase_done "build (buildah bud)"

# --- 3. size ------------------------------------------------------------------------------------
size_bytes=$(bh inspect --type image "$APP_IMAGE" | python3 -c '
import json, sys
image = json.load(sys.stdin)
manifest = json.loads(image["Manifest"])
print(sum(layer["size"] for layer in manifest["layers"]))')
size_mb=$(python3 -c "print(f'{$size_bytes / 1e6:.1f}')")
log "image $APP_IMAGE: $size_mb MB uncompressed (target < $MAX_IMAGE_MB MB)"
python3 -c "import sys; sys.exit(0 if $size_bytes < $MAX_IMAGE_MB * 1e6 else 1)" ||
    die "image is $size_mb MB, over $MAX_IMAGE_MB MB"
phase_done "size"

# --- 4. run and check ---------------------------------------------------------------------------
bash scripts/container/run-checks.sh "$APP_IMAGE" "$DRAIN_TIMEOUT" || die "run checks"
phase_done "run checks"

log "phase timings:"
printf '  %s\n' "${timings[@]}"
log "image size: $size_mb MB"
log "OK"
