#!/usr/bin/env bash
# Builds the Dockerfile with buildah on locally assembled base images and checks the image
# (scripts/container-check.sh: size, /healthz, a scrub, non-root uid, healthcheck, SIGTERM).
set -euo pipefail
cd "$(dirname "$0")/../.."
timeout 1500 bash scripts/container-check.sh
