#!/usr/bin/env bash
# CI step: the whole test suite under the thread sanitizer, then under the address sanitizer (with its
# leak check), each in its own build directory (.build-tsan, .build-asan). Fails on a failing test and
# on any sanitizer report, also from the child processes the tests start: every report is written to a
# file (log_path) and any such file fails the step.
# Budget: 15 minutes for both on 2 cores (each: build about 4 minutes, tests about 4 in two passes).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/opt/swift/usr/bin:$PATH
started=$(date +%s)
reports=$(mktemp -d /tmp/ci-sanitizers.XXXXXX)
trap 'rm -rf "$reports"' EXIT
# The Swift runtime's crash handler stays out of the way of the sanitizers' own reports.
export SWIFT_BACKTRACE=enable=no
# Instrumented code runs several times slower: the service tests' HTTP client waits up to 30 s per
# socket call instead of 5 (only waits that would otherwise fail get longer).
export SCRUBBER_TEST_SOCKET_TIMEOUT=30

# sanitize NAME OPTIONS-VARIABLE
sanitize() {
    local name=$1 options=$2 scratch=.build-${1:0:1}san
    echo "-- build with the $name sanitizer ($(( $(date +%s) - started )) s so far)"
    local log=$reports/$name-build.log
    # The build runs build-tool executables compiled with the sanitizer (EmbedConfigTool), which exit
    # with values still alive; the leak check is for the service and the tests, not for them.
    if ! ASAN_OPTIONS=detect_leaks=0 timeout 600 swift build --build-tests --sanitize="$name" --scratch-path "$scratch" >"$log" 2>&1; then
        # (gold's "Cannot export local symbol" lines for the sanitizer runtime are noise)
        grep -v "Cannot export local symbol" "$log" | tail -30
        echo "!! build with the $name sanitizer failed"
        exit 1
    fi
    echo "-- swift test with the $name sanitizer ($(( $(date +%s) - started )) s so far)"
    mkdir -p "$reports/$name"
    local rc=0
    # --disable-xctest: the suite is Swift Testing only; the empty XCTest pass would only run XCTest's
    # own runner, which leaks a few objects of its own at exit (libXCTest XCTMainMisc, XCTestSuiteRun).
    # Two passes: the HTTP server's own suites (real servers on loopback sockets, waits with deadlines),
    # then the rest. Run as one, the instrumented suites crowd each other out on two cores and the
    # server tests' waits run into their time limits; each pass alone has room.
    : >"$reports/$name-test.log"
    for pass in "--filter ^HTTPServerTests\." "--skip ^HTTPServerTests\."; do
        # shellcheck disable=SC2086
        env "$options=log_path=$reports/$name/report" \
            timeout --kill-after=10 600 swift test --skip-build --disable-xctest --sanitize="$name" --scratch-path "$scratch" $pass \
            >>"$reports/$name-test.log" 2>&1 || rc=$?
    done
    grep -E '✘|Test run with' "$reports/$name-test.log" | tail -40 || true
    if compgen -G "$reports/$name/report.*" >/dev/null; then
        for report in "$reports/$name"/report.*; do
            echo "!! $name sanitizer report from process ${report##*.}:"
            head -80 "$report"
        done
        exit 1
    fi
    if [ "$rc" != 0 ]; then
        tail -40 "$reports/$name-test.log"
        echo "!! swift test with the $name sanitizer failed (exit $rc)"
        exit 1
    fi
}

sanitize thread TSAN_OPTIONS
sanitize address ASAN_OPTIONS
echo "-- sanitizers step done in $(( $(date +%s) - started )) s"
