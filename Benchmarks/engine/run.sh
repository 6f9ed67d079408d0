#!/usr/bin/env bash
# Builds engine-bench in release mode and runs it pinned to one core.
# Usage: Benchmarks/engine/run.sh [--seconds S] [--rounds R]     (CPU=N picks the core, default 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product engine-bench >&2
exec taskset -c "${CPU:-1}" .build/release/engine-bench "$@"
