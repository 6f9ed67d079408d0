#!/usr/bin/env bash
# Assembles, from Debian's packages and the Swift toolchain on this machine, the two base images the
# Dockerfile names, under their exact registry names, in the local buildah storage:
#   docker.io/library/debian:bookworm-slim  debootstrap --variant=minbase, slimmed like the official
#                                           image (no docs, man pages, locales, apt lists)
#   docker.io/library/swift:6.3-bookworm    that image + the packages the toolchain needs to build a
#                                           Swift package + the toolchain, installed into /usr as the
#                                           official image does
# An image that already exists is kept (pass --rebuild to assemble both again).
# These stand in for the registry images because this machine reaches no container registry.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

rebuild=0
[ "${1:-}" = "--rebuild" ] && rebuild=1

mkdir -p "$CONTAINER_WORK"

# What the official slim image tells dpkg: keep documentation, man pages and translations out, so
# packages that later build stages install stay slim too.
write_slim_dpkg_config() {
    local root=$1
    mkdir -p "$root/etc/dpkg/dpkg.cfg.d" "$root/etc/apt/apt.conf.d"
    cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
    cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
    echo 'Acquire::GzipIndexes "true"; Acquire::CompressionTypes::Order:: "gz";' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
    echo 'APT::Install-Recommends "false"; APT::Install-Suggests "false";' >"$root/etc/apt/apt.conf.d/docker-no-recommends"
}

slim_rootfs() {
    local root=$1
    find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
    find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
    rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
        "$root"/usr/share/lintian "$root"/usr/share/linda "$root"/usr/share/groff/* \
        "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
        "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/*
    # The machine's own identity must not be baked into the image.
    : >"$root/etc/machine-id"
    rm -f "$root/etc/hostname" "$root/etc/resolv.conf"
}

build_slim() {
    local rootfs=$CONTAINER_WORK/rootfs-bookworm-slim
    rm -rf "$rootfs"
    log "debootstrap --variant=minbase bookworm from $DEBIAN_MIRROR"
    local t0=$SECONDS
    debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" >"$CONTAINER_WORK/debootstrap.log" 2>&1 ||
        { tail -20 "$CONTAINER_WORK/debootstrap.log"; die "debootstrap"; }
    log "debootstrap took $((SECONDS - t0)) s"
    write_slim_dpkg_config "$rootfs"
    slim_rootfs "$rootfs"
    # debootstrap leaves device nodes in /dev; a container runtime provides its own.
    rm -rf "${rootfs:?}"/dev/* "${rootfs:?}"/proc/* "${rootfs:?}"/sys/*

    local ctr mnt
    ctr=$(bh from --name cs-slim-import scratch)
    mnt=$(bh mount "$ctr")
    cp -a "$rootfs/." "$mnt/"
    bh umount "$ctr" >/dev/null
    bh config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        --cmd bash --os linux --arch amd64 \
        --label org.opencontainers.image.description="debian:bookworm-slim stand-in assembled locally by debootstrap" \
        "$ctr"
    bh commit --quiet --rm --format docker "$ctr" "$SLIM_IMAGE" >/dev/null
    rm -rf "$rootfs"
    log "committed $SLIM_IMAGE ($(image_size_mb "$SLIM_IMAGE") MB)"
}

# The packages a Swift toolchain needs on bookworm to build and link a package (what the official
# image's Dockerfile installs, minus debugger and REPL support: libpython, libedit, libz3), plus
# libssl-dev and zlib1g-dev for this project's system OpenSSL.
SWIFT_PACKAGES=(
    binutils libc6-dev libgcc-12-dev libstdc++-12-dev
    libcurl4 libxml2 libsqlite3-0 libncurses6 libuuid1
    pkg-config libssl-dev zlib1g-dev tzdata ca-certificates
)

# Parts of the toolchain that building a package never uses: debugger, language server, docs,
# formatter, wasm and embedded targets (about 2 GB of 3.3 GB).
TOOLCHAIN_EXCLUDES=(
    './bin/lldb*' ./bin/sourcekit-lsp ./bin/clangd ./bin/docc ./bin/swift-format ./bin/wasmkit
    ./bin/wasm-ld ./bin/repl_swift ./bin/swift-api-digester ./bin/swift-api-checker.py
    './lib/liblldb.so*' ./lib/libsourcekitdInProc.so './lib/libSwiftSourceKit*' './lib/libclang.so*'
    './lib/libLTO.so*' ./lib/swift/embedded ./lib/swift/FrameworkABIBaseline
    ./lib/swift/wasi ./lib/swift_static/wasi ./lib/swift/android ./lib/swift_static/android
    ./share/doc ./share/man
)

build_swift() {
    local ctr mnt t0=$SECONDS
    ctr=$(bh from --pull=never --name cs-swift-import "$SLIM_IMAGE")
    log "installing ${#SWIFT_PACKAGES[@]} packages into the Swift build image"
    bh run "$ctr" -- sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${SWIFT_PACKAGES[*]} >/dev/null && rm -rf /var/lib/apt/lists/*" ||
        die "apt-get install in the Swift image"
    log "packages took $((SECONDS - t0)) s"
    t0=$SECONDS
    mnt=$(bh mount "$ctr")
    local excludes=()
    for pattern in "${TOOLCHAIN_EXCLUDES[@]}"; do excludes+=(--exclude="$pattern"); done
    tar -C "$SWIFT_TOOLCHAIN/usr" "${excludes[@]}" -cf - . | tar -C "$mnt/usr" -xf -
    bh umount "$ctr" >/dev/null
    log "toolchain copy took $((SECONDS - t0)) s"
    t0=$SECONDS
    bh config --cmd bash --label org.opencontainers.image.description="swift:6.3-bookworm stand-in: $SLIM_IMAGE + Swift toolchain from $SWIFT_TOOLCHAIN" "$ctr"
    bh commit --quiet --rm --format docker "$ctr" "$SWIFT_IMAGE" >/dev/null
    log "commit took $((SECONDS - t0)) s; committed $SWIFT_IMAGE ($(image_size_mb "$SWIFT_IMAGE") MB)"
}

image_size_mb() {
    image_bytes "$1" | awk '{printf "%.1f", $1 / 1e6}'
}

if [ $rebuild = 1 ]; then
    bh rmi -f "$SWIFT_IMAGE" "$SLIM_IMAGE" >/dev/null 2>&1 || true
fi
# Leftovers from an interrupted run.
bh rm cs-slim-import cs-swift-import >/dev/null 2>&1 || true

if image_exists "$SLIM_IMAGE"; then
    log "$SLIM_IMAGE already assembled: kept"
else
    build_slim
fi
if image_exists "$SWIFT_IMAGE"; then
    log "$SWIFT_IMAGE already assembled: kept"
else
    build_swift
fi
