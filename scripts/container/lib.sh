# Shared settings for scripts/container-check.sh and its helpers (sourced, not run).
#
# Everything runs as root with buildah's chroot isolation and the vfs storage driver, in a storage
# root of our own so that nothing else on the machine (another storage driver, another user's
# images) gets in the way, and `rm -rf` of one folder removes it all.

CONTAINER_WORK=${CONTAINER_WORK:-/var/tmp/claim-scrubber-container}
BUILDAH_ROOT=${BUILDAH_ROOT:-$CONTAINER_WORK/storage}
BUILDAH_RUNROOT=${BUILDAH_RUNROOT:-/run/claim-scrubber-buildah}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

# The exact names the Dockerfile's FROM lines resolve to.
SLIM_IMAGE=docker.io/library/debian:bookworm-slim
SWIFT_IMAGE=docker.io/library/swift:6.3-bookworm
APP_IMAGE=localhost/claim-scrubber:check

# The Swift toolchain installed on this machine, copied into the build image.
SWIFT_TOOLCHAIN=${SWIFT_TOOLCHAIN:-/opt/swift}

export BUILDAH_ISOLATION=chroot
export STORAGE_DRIVER=vfs

bh() {
    buildah --root "$BUILDAH_ROOT" --runroot "$BUILDAH_RUNROOT" --storage-driver vfs "$@"
}

image_exists() {
    bh inspect --type image "$1" >/dev/null 2>&1
}

# Uncompressed size of an image: the sum of its layers (what `docker images` reports).
image_bytes() {
    bh inspect --type image "$1" | python3 -c '
import json, sys
image = json.load(sys.stdin)
print(sum(layer["size"] for layer in json.loads(image["Manifest"])["layers"]))'
}

log() {
    printf '[container-check %s] %s\n' "$(date -u +%H:%M:%S)" "$*"
}

die() {
    printf '[container-check] FAILED: %s\n' "$*" >&2
    exit 1
}
