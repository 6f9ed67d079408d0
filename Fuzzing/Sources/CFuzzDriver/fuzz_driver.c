#include "fuzz_driver.h"

// Provided by libFuzzer (libclang_rt.fuzzer), which `-sanitize=fuzzer` links into every executable.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int claim_fuzz_run_driver(int *argc, char ***argv, claim_fuzz_callback callback) {
    return LLVMFuzzerRunDriver(argc, argv, callback);
}
