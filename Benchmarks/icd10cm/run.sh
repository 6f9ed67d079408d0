#!/usr/bin/env bash
# Builds icd10cm-bench in release mode and runs it pinned to one core, with a full-size order file in the
# CMS layout generated from the same data as the embedded release (scripts/gen-icd10cm.py).
# Usage: Benchmarks/icd10cm/run.sh [--rounds R] [--lookups N]     (CPU=N picks the core, default 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${ICD10CM_WORK:-/tmp/claim-scrubber-icd10cm}
ORDER="$WORK/icd10cm-order-2026.txt"
if [ ! -s "$ORDER" ]; then
    mkdir -p "$WORK"
    timeout 300 pip download --quiet --no-deps simple-icd-10-cm==1.5.0 -d "$WORK" >&2
    python3 scripts/gen-icd10cm.py "$WORK/simple_icd_10_cm-1.5.0-py3-none-any.whl" --out "$WORK/icd10cm-codes.txt" --order-file "$ORDER" >&2
    cmp "$WORK/icd10cm-codes.txt" Config/icd10cm/icd10cm-codes.txt >&2 || { echo "the generator no longer reproduces Config/icd10cm/icd10cm-codes.txt" >&2; exit 1; }
fi
swift build -c release --product icd10cm-bench >&2
exec taskset -c "${CPU:-1}" .build/release/icd10cm-bench --order-file "$ORDER" "$@"
