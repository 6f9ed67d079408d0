// swift-tools-version:6.1
// libFuzzer targets for ClaimScrubber's parsers (docs/fuzzing.md). A package of its own, so the main
// build and `swift test` never see the fuzzing flags. Build and run it through scripts/fuzz.sh, which
// compiles every Swift module (ours and the libraries under test) with the address sanitizer and
// libFuzzer's coverage instrumentation.
//
// A fuzz target is an executable `Sources/<name>/main.swift` that calls `FuzzTarget.run { data in ... }`,
// listed in `fuzzTargets` below.
import Foundation
import PackageDescription

/// The fuzz targets and the libraries each one tests. Listed rather than found by scanning Sources/,
/// because SwiftPM caches the evaluated manifest and would not notice a new directory.
let fuzzTargets: [(name: String, libraries: [String])] = [
    ("fuzz-http-parser", ["HTTPServer"]),
    ("fuzz-strict-json", ["StrictJSON"]),
    ("fuzz-claim-decoder", ["ClaimRules", "ClaimWire", "RuleData", "StrictJSON"]),
    ("fuzz-ncci-delimited", ["RuleData"]),
    ("fuzz-ncci-zip", ["RuleData"]),
    ("fuzz-fhir-claim", ["FHIRClaim", "ClaimRules", "RuleData", "StrictJSON"]),
    ("fuzz-icd10cm-codes", ["RuleData", "ClaimRules"]),
    ("fuzz-icd10cm-order", ["RuleData"]),
    ("fuzz-x12-837p", ["X12", "ClaimX12", "ScrubberService", "ClaimRules", "RuleData", "StrictJSON"]),
    ("fuzz-ndjson-batch", ["ClaimWire", "ClaimRules", "RuleData", "ScrubberService", "StrictJSON"]),
    ("fuzz-gzip-body", ["ScrubberService"]),
]

// SwiftPM names a path dependency after its directory: the checkout's name, whatever it is.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

// libFuzzer without its `main`. SwiftPM links an executable's `main` under another name and aliases it,
// so linking the plain runtime (what `-sanitize=fuzzer` does) pulls in libFuzzer's own `main` and fails
// for want of LLVMFuzzerTestOneInput; our targets have a `main` that calls LLVMFuzzerRunDriver instead.
// libFuzzer is C++ (libstdc++). scripts/fuzz.sh puts the runtime directory on the library search path.
#if arch(arm64)
let fuzzerRuntime = "clang_rt.fuzzer_no_main-aarch64"
#else
let fuzzerRuntime = "clang_rt.fuzzer_no_main-x86_64"
#endif

let package = Package(
    name: "ClaimScrubberFuzzing",
    dependencies: [.package(path: "..")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver for Swift.
        .target(name: "CFuzzDriver"),
        // What every target shares: the driver call, failing checks, randomness drawn from the input.
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        // Our parser's verdict on each message, for scripts/http-differential.py (not a fuzz target).
        .executableTarget(
            name: "http-verdict",
            dependencies: [.product(name: "HTTPServer", package: mainPackage), .product(name: "StrictJSON", package: mainPackage)],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ] + fuzzTargets.map { target in
        .executableTarget(
            name: target.name,
            dependencies: ["FuzzSupport"] + target.libraries.map { .product(name: $0, package: mainPackage) },
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")],
            linkerSettings: [.linkedLibrary(fuzzerRuntime), .linkedLibrary("stdc++")]
        )
    }
)
