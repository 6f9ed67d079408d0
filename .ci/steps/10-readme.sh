#!/usr/bin/env bash
# README.md is assembled from docs/readme/*.md; fail when someone edited one and not the other.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/build-readme.sh --check
