# ClaimScrubber container image.
#
# Build:  docker build -t claim-scrubber:latest .
# Run:    docker run --rm -p 8080:8080 --read-only claim-scrubber:latest
#
# Two stages: the official Swift image compiles a release binary with the Swift standard library
# and FoundationEssentials linked statically (no full Foundation, so no ICU data: Sources/ imports
# FoundationEssentials only); the runtime image is bookworm-slim with only the shared libraries
# that binary still needs (OpenSSL, zlib) and CA certificates.

FROM swift:6.3-bookworm AS build
# The project links the system OpenSSL (Sources/COpenSSL, pkg-config "openssl").
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libssl-dev zlib1g-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The package as .dockerignore trims it: Package.swift, Sources/, Plugins/, Config/, Benchmarks/
# (a declared target) and the test target directories without the tests.
COPY . ./
# .git stays out of the build context: the revision `claim-scrubber --version` reports comes in as a
# build argument (scripts/container-check.sh passes `git rev-parse HEAD`).
ARG REVISION=unknown
RUN printf '%s\n' "$REVISION" > .git-revision \
    && swift build -c release --static-swift-stdlib --product claim-scrubber \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/claim-scrubber" /out/claim-scrubber \
    && strip /out/claim-scrubber

FROM debian:bookworm-slim
ARG VERSION=dev
LABEL org.opencontainers.image.title="claim-scrubber" \
      org.opencontainers.image.description="Scrubs outpatient therapy (PT/OT/SLP) claims against coding and payer rules over HTTP" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"
# What the binary still links dynamically (ldd): libssl3 (TLS, SHA-256), zlib1g (NCCI imports),
# libstdc++6 and libgcc-s1 (the Swift runtime), most of them already in the base;
# ca-certificates for peers that verify. Then a user with a fixed uid/gid that owns nothing here.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libssl3 zlib1g libstdc++6 libgcc-s1 ca-certificates \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/* \
    && groupadd --gid 10001 scrubber \
    && useradd --uid 10001 --gid 10001 --no-create-home --no-log-init --home-dir /nonexistent \
       --shell /usr/sbin/nologin scrubber
COPY --from=build /out/claim-scrubber /usr/local/bin/claim-scrubber
COPY --from=build /src/Config /opt/claim-scrubber/Config
WORKDIR /opt/claim-scrubber
ENV SCRUBBER_HOST=0.0.0.0 \
    SCRUBBER_PORT=8080
USER 10001:10001
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/claim-scrubber", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/claim-scrubber", "serve"]
