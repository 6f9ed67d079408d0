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

TARGET_IMAGE_MB=${TARGET_IMAGE_MB:-120}    # the size we aim for: reported, warned about
MAX_IMAGE_MB=${MAX_IMAGE_MB:-200}          # a gross regression fails the check
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-10}          # HTTPServer.Configuration.Timeouts.drain default
declare -a timings=()
phase_start=$SECONDS
phase_done() { timings+=("$(printf '%-28s %5d s' "$1" $((SECONDS - phase_start)))"); phase_start=$SECONDS; }

# --- 0. tools -----------------------------------------------------------------------------------
need=()
for tool in buildah:buildah debootstrap:debootstrap curl:curl python3:python3 ip:iproute2 openssl:openssl; do
    command -v "${tool%%:*}" >/dev/null || need+=("${tool##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    flock /tmp/apt.lock apt-get update -qq
    DEBIAN_FRONTEND=noninteractive flock /tmp/apt.lock apt-get install -y -qq "${need[@]}" >/dev/null
fi
mkdir -p "$CONTAINER_WORK"
# The image stays under the target only while the binary links FoundationEssentials, not full
# Foundation (which brings ICU's data, about 35 MB): an `import Foundation` in Sources/ is allowed
# only as the `#else` of `#if canImport(FoundationEssentials)`. Checked before the long build.
full_foundation=$(awk 'FNR == 1 { previous = "" }
    /^[[:space:]]*((public|internal|package|@_exported)[[:space:]]+)?import[[:space:]]+Foundation[[:space:]]*$/ && previous != "#else" { print FILENAME ":" FNR }
    NF { previous = $0; gsub(/^[[:space:]]+|[[:space:]]+$/, "", previous) }' $(find Sources -name '*.swift'))
[ -z "$full_foundation" ] ||
    die "full Foundation imported (use FoundationEssentials, see Sources/claim-scrubber/StandardStreams.swift): $full_foundation"
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
        --build-arg REVISION="$(git -C "$1" rev-parse HEAD 2>/dev/null || echo unknown)" \
        -t "$APP_IMAGE" -f Dockerfile "$1"' _ "$repo" >"$CONTAINER_WORK/build.log" 2>&1 ||
    { tail -40 "$CONTAINER_WORK/build.log"; die "buildah bud (log: $CONTAINER_WORK/build.log)"; }
# Shown, not fatal (CI's host build is the warnings gate): SwiftPM's note about the test target
# directories left empty by .dockerignore and the static FoundationEssentials' mktemp link note
# are expected here.
grep -E "warning:|error:" "$CONTAINER_WORK/build.log" | grep -v -E "should be located under 'Tests/|use of .mktemp' is dangerous" | head -20 || true
# Build stages leave nothing behind with --layers=false except dangling images of earlier builds.
bh rmi --prune >/dev/null 2>&1 || true
phase_done "build (buildah bud)"

# --- 3. size ------------------------------------------------------------------------------------
size_bytes=$(image_bytes "$APP_IMAGE")
size_mb=$(awk -v b="$size_bytes" 'BEGIN {printf "%.1f", b / 1e6}')
binary_mb=$(
    c=$(bh from --pull=never "$APP_IMAGE")
    awk -v b="$(stat -c %s "$(bh mount "$c")/usr/local/bin/claim-scrubber")" 'BEGIN {printf "%.1f", b / 1e6}'
    bh umount "$c" >/dev/null; bh rm "$c" >/dev/null
)
log "image $APP_IMAGE: $size_mb MB uncompressed (binary $binary_mb MB; target < $TARGET_IMAGE_MB MB, limit $MAX_IMAGE_MB MB)"
if awk -v b="$size_bytes" -v t="$TARGET_IMAGE_MB" 'BEGIN {exit !(b >= t * 1e6)}'; then
    log "WARNING: over the $TARGET_IMAGE_MB MB target (a static binary that uses any swift-corelibs-foundation API such as FileHandle or NSString methods links all of Foundation and ICU's data, about 35 MB)"
fi
awk -v b="$size_bytes" -v m="$MAX_IMAGE_MB" 'BEGIN {exit !(b < m * 1e6)}' ||
    die "image is $size_mb MB, over the $MAX_IMAGE_MB MB limit"
phase_done "size"

# --- 4. run and check ---------------------------------------------------------------------------
EXPECTED_REVISION="$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)" \
    bash scripts/container/run-checks.sh "$APP_IMAGE" "$DRAIN_TIMEOUT" || die "run checks"
phase_done "run checks"

log "phase timings:"
printf '  %s\n' "${timings[@]}"
log "image size: $size_mb MB"
log "OK"
