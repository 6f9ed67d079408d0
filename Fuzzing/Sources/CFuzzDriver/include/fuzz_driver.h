#ifndef CLAIM_SCRUBBER_FUZZ_DRIVER_H
#define CLAIM_SCRUBBER_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// The per-input callback: libFuzzer's LLVMFuzzerTestOneInput signature.
typedef int (*claim_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver (argument parsing, corpus, mutation loop) with `callback` as the target.
/// The fuzz targets have their own `main` (a Swift main.swift) and call this instead of relying on
/// libFuzzer's `main`, so SwiftPM builds them as ordinary executables.
int claim_fuzz_run_driver(int *argc, char ***argv, claim_fuzz_callback callback);

#endif
