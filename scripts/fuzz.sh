#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzzing/ (address sanitizer + libFuzzer coverage) and runs them.
# docs/fuzzing.md explains the targets, how to reproduce a finding, and how to add a target.
#
# Usage: scripts/fuzz.sh build                    build every target
#        scripts/fuzz.sh list                     list the targets
#        scripts/fuzz.sh [TARGET|all] [SECONDS]   build, then fuzz TARGET (or every target) for SECONDS
#                                                 each (default 300); exits non-zero on any finding
# Environment:
#   FUZZ_PARALLEL   targets run at the same time (default: the number of CPUs)
#   FUZZ_CONFIG     debug (default) or release (faster fuzzing, slower build)
#   FUZZ_WORK       where the growing corpora, findings and logs go (default .build-fuzz/work)
#   FUZZ_FLAGS      extra libFuzzer flags, e.g. "-jobs=4" or "-only_ascii=1"
# A finding (crash, failed property, leak, timeout, out-of-memory) is saved as
# $FUZZ_WORK/findings/TARGET/crash-* (or leak-, timeout-, oom-); replay it with
#   .build-fuzz/debug/TARGET FILE
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH

SCRATCH=.build-fuzz
CONFIG=${FUZZ_CONFIG:-debug}
WORK=${FUZZ_WORK:-$SCRATCH/work}
PARALLEL=${FUZZ_PARALLEL:-$(nproc)}
TARGETS=$(sed -n 's/^ *("\(fuzz-[a-z0-9-]*\)".*/\1/p' Fuzzing/Package.swift)

# Limits on every run: a single input may take 10 s and 2 GiB; inputs up to 64 KiB.
LIMITS=(-timeout=10 -rss_limit_mb=2048 -max_len=65536)

build() {
    # The directory of libFuzzer's runtime (libclang_rt.fuzzer_no_main), from the toolchain itself.
    local resources
    resources=$(swiftc -print-target-info | sed -n 's/.*"runtimeResourcePath": "\(.*\)".*/\1/p' | head -1)
    local runtime="$resources/clang/lib/linux"
    [ -d "$runtime" ] || { echo "fuzz.sh: no clang runtime directory at $runtime"; exit 1; }
    local extra=()
    # @testable imports (the NCCI targets reach the internal table readers) need testability,
    # which only debug builds have by default.
    [ "$CONFIG" = release ] && extra+=(-Xswiftc -enable-testing)
    # The build runs build-tool executables compiled with the same flags (EmbedConfigTool); their exit
    # (with values still alive) is not what the leak check is for.
    ASAN_OPTIONS=detect_leaks=0 swift build --package-path Fuzzing --scratch-path "$SCRATCH" -c "$CONFIG" \
        -Xswiftc -sanitize=address \
        -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table \
        -Xswiftc -use-ld=lld -Xlinker -L"$runtime" "${extra[@]}" 2>&1 \
        | grep -Ev '^\[[0-9]+/[0-9]+\]|^(Building|Compiling|Linking|Write|Planning)' || true
    for target in $TARGETS; do
        [ -x "$SCRATCH/$CONFIG/$target" ] || { echo "fuzz.sh: $target was not built"; exit 1; }
    done
}

# run TARGET SECONDS: fuzzes one target; exit status 0 when the time ran out without a finding.
run() {
    local target=$1 seconds=$2
    local corpus="$WORK/corpus/$target" findings="$WORK/findings/$target" log="$WORK/logs/$target.log"
    mkdir -p "$corpus" "$findings" "$(dirname "$log")"
    local dict=()
    [ -f "Fuzzing/Dictionaries/$target.dict" ] && dict=(-dict="Fuzzing/Dictionaries/$target.dict")
    # New inputs go to the first directory (the growing corpus); the committed seeds are only read.
    # The Swift runtime's own crash handler is off so that AddressSanitizer and libFuzzer report.
    # shellcheck disable=SC2086
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1:symbolize=1 \
        timeout --kill-after=10 $((seconds + 120)) "$SCRATCH/$CONFIG/$target" \
        -max_total_time="$seconds" "${LIMITS[@]}" -print_final_stats=1 -artifact_prefix="$findings/" \
        "${dict[@]}" ${FUZZ_FLAGS:-} "$corpus" "Fuzzing/Corpus/$target" >"$log" 2>&1
}

report() {
    local target=$1 status=$2 log="$WORK/logs/$1.log"
    local runs
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ "$status" = 0 ]; then
        printf '%-22s ok       %10s inputs  (corpus %s files)\n' "$target" "${runs:-?}" "$(ls "$WORK/corpus/$target" | wc -l)"
    else
        printf '%-22s FAILED   exit %s; log %s\n' "$target" "$status" "$log"
        grep -E 'ERROR|FUZZ CHECK FAILED|SUMMARY|Test unit written|Base64|==[0-9]+==' "$log" | head -20 | sed 's/^/    /'
        ls "$WORK/findings/$target" | sed "s|^|    finding: $WORK/findings/$target/|"
    fi
}

case "${1:-all}" in
list)
    echo "$TARGETS"
    ;;
build)
    build
    ;;
*)
    what=${1:-all}
    seconds=${2:-300}
    if [ "$what" = all ]; then selected=$TARGETS; else selected=$what; fi
    for target in $selected; do
        # A here-string, not `echo | grep -q`: under pipefail, grep leaving early can fail the echo.
        grep -qx "$target" <<< "$TARGETS" || { echo "fuzz.sh: no target $target (scripts/fuzz.sh list)"; exit 2; }
    done
    build
    echo "fuzzing $(echo "$selected" | wc -w) target(s) for $seconds s each, $PARALLEL at a time"
    mkdir -p "$WORK/logs"
    for target in $selected; do
        while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do wait -n || true; done
        rm -f "$WORK/logs/$target.status"
        ( status=0; run "$target" "$seconds" || status=$?; echo "$status" >"$WORK/logs/$target.status" ) &
    done
    wait
    failed=0
    for target in $selected; do
        status=$(cat "$WORK/logs/$target.status" 2>/dev/null || echo "no status")
        report "$target" "$status"
        [ "$status" = 0 ] || failed=1
    done
    exit $failed
    ;;
esac
