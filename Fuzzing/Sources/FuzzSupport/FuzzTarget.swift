import CFuzzDriver
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The entry point of a fuzz target: hands libFuzzer the function to call with every input.
///
/// A target's `main.swift` is one call: `FuzzTarget.run { data in ... }`. The body must return
/// normally for every input; a property that does not hold is reported with `FuzzCheck.require`,
/// which aborts, and libFuzzer saves the input that did it (with `-artifact_prefix`).
public enum FuzzTarget {
    /// libFuzzer calls back through a C function pointer, which cannot capture, so the body lives
    /// here. Written once before the driver starts and only read afterwards, by libFuzzer's single
    /// fuzzing thread.
    nonisolated(unsafe) private static var body: ((UnsafeRawBufferPointer) -> Void)?

    /// Runs libFuzzer with `body` as the target and exits with its status; never returns.
    public static func run(_ body: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
        Self.body = body
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = claim_fuzz_run_driver(&argc, &argv) { data, size in
            // libFuzzer hands an exact-size heap copy of the input, so a read past its end is an
            // AddressSanitizer report rather than a silent read of spare capacity.
            FuzzTarget.body?(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        }
        exit(status)
    }
}
