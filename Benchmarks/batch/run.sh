#!/usr/bin/env bash
# Batch benchmarks (not tests): claims/s and peak RSS of `claim-scrubber check --batch` and of
# POST /v1/claims/batch, on generated 4-line claims. See Benchmarks/batch/README.md.
#
# Usage: Benchmarks/batch/run.sh [CLAIMS]     (default 1000000; inputs are kept in $BATCH_BENCH_DIR)
#        QUICK=1 Benchmarks/batch/run.sh      (100000 claims, no gzip or 1 GB runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
CLAIMS=${1:-1000000}
[ "${QUICK:-0}" = 1 ] && CLAIMS=100000
DIR=${BATCH_BENCH_DIR:-/tmp/claim-scrubber-batch-bench}
mkdir -p "$DIR"

swift build -c release --product claim-scrubber >&2
BIN="$(swift build -c release --show-bin-path)/claim-scrubber"

INPUT="$DIR/claims-$CLAIMS.ndjson"
[ -s "$INPUT" ] || python3 Benchmarks/batch/generate.py "$CLAIMS" > "$INPUT"
echo "== input: $INPUT ($(du -h "$INPUT" | cut -f1), $CLAIMS claims of 4 lines)"

M=Benchmarks/batch/measure.py
python3 $M cli "$BIN" "$INPUT" 2
python3 $M cli "$BIN" "$INPUT" 1
python3 $M http "$BIN" "$INPUT" 1
python3 $M http "$BIN" "$INPUT" 2
if [ "${QUICK:-0}" != 1 ]; then
    python3 $M http "$BIN" "$INPUT" 1 --gzip
    # The memory bound when every patient's visits are spread over the whole batch.
    WIDE="$DIR/claims-$CLAIMS-interleaved.ndjson"
    [ -s "$WIDE" ] || python3 Benchmarks/batch/generate.py "$CLAIMS" --interleave > "$WIDE"
    echo "== interleaved: $WIDE"
    python3 $M cli "$BIN" "$WIDE" 2
    python3 $M http "$BIN" "$WIDE" 1
fi
