#!/usr/bin/env bash
# CI step: the manual's links, its index, how its examples reach the binary, and product-only wording
# (.ci/steps/docs_check.py; no build needed, a few seconds). The examples themselves run in
# 20-doc-examples.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
timeout 60 python3 .ci/steps/docs_check.py
