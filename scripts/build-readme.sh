#!/usr/bin/env bash
# README.md is assembled from docs/readme/*.md (each section is kept next to the test or CI step that
# checks it: the curl outputs, the configuration table and the findings catalog are verified there).
# Usage: scripts/build-readme.sh          rewrite README.md
#        scripts/build-readme.sh --check  exit 1 if README.md is stale
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
{
  cat docs/readme/00-intro.md
  for f in docs/readme/[1-9]*.md; do printf '\n'; cat "$f"; done
} > "$out"
if [ "${1:-}" = "--check" ]; then
  if ! cmp -s "$out" README.md; then echo "README.md is stale: run scripts/build-readme.sh"; diff "$out" README.md | head -20; rm -f "$out"; exit 1; fi
  rm -f "$out"; echo "README.md is up to date"
else
  mv "$out" README.md
fi
