// swift-tools-version:6.1
// ClaimScrubber: a claims-scrubbing service for outpatient therapy claims.
// No Swift package dependencies: only the toolchain (Foundation, Dispatch, XCTest, Swift Testing)
// and the system OpenSSL (libssl-dev) through a C module map.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ClaimScrubber",
    products: [
        .executable(name: "claim-scrubber", targets: ["claim-scrubber"]),
        .library(name: "ClaimRules", targets: ["ClaimRules"]),
        // The parsing layers as products, so the fuzzing package (Fuzzing/Package.swift) can link them.
        .library(name: "StrictJSON", targets: ["StrictJSON"]),
        .library(name: "ClaimWire", targets: ["ClaimWire"]),
        .library(name: "RuleData", targets: ["RuleData"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        .library(name: "FHIRClaim", targets: ["FHIRClaim"]),
        .library(name: "X12", targets: ["X12"]),
        .library(name: "ClaimX12", targets: ["ClaimX12"]),
        .library(name: "ScrubberService", targets: ["ScrubberService"]),
    ],
    targets: [
        // Pure rules engine: claim in, result out. No I/O, no dependencies.
        .target(name: "ClaimRules", swiftSettings: strict),
        // The lock for state shared between threads (a pthread mutex the thread sanitizer can see).
        .target(name: "Locking", swiftSettings: strict),
        // Strict RFC 8259 JSON reader and fast writer (no Foundation on the hot path).
        .target(name: "StrictJSON", swiftSettings: strict),
        // The JSON wire format of claims and results: decoding with every schema problem located by
        // JSON pointer, and fast encoding of results.
        .target(name: "ClaimWire", dependencies: ["ClaimRules", "StrictJSON", "Locking"], swiftSettings: strict),
        // ASC X12 reading: a push tokenizer, the 837P (005010X222A1) structure and element checks, claim
        // records and the 999 acknowledgment. Depends on nothing of ours.
        .target(name: "X12", swiftSettings: strict),
        // 837P claims onto the claim model, scrubbed one by one into the JSON report or the 999.
        .target(name: "ClaimX12", dependencies: ["X12", "ClaimRules", "ClaimWire", "StrictJSON"], swiftSettings: strict),
        // The default configuration and rule data, embedded into the binary at build time.
        .target(name: "EmbeddedConfig", swiftSettings: strict, plugins: ["EmbedConfigPlugin"]),
        // Build-time generator of the EmbeddedConfig source (run by EmbedConfigPlugin).
        .executableTarget(name: "EmbedConfigTool", dependencies: ["APIReference", "StrictJSON"], swiftSettings: strict),
        // The HTML API reference of GET /docs, rendered from openapi.yaml (read by a strict YAML-subset reader).
        .target(name: "APIReference", dependencies: ["StrictJSON"], swiftSettings: strict),
        .plugin(name: "EmbedConfigPlugin", capability: .buildTool(), dependencies: ["EmbedConfigTool"]),
        // FHIR R4 Claim in (a Claim, Parameters or Bundle read with StrictJSON, mapped onto our claim model)
        // and OperationOutcome, CapabilityStatement and OperationDefinition out.
        .target(name: "FHIRClaim", dependencies: ["ClaimRules", "StrictJSON"], swiftSettings: strict),
        // Loading and validating rule data (Config/rules, imported NCCI rulesets) into ClaimRules values.
        .target(name: "RuleData", dependencies: ["ClaimRules", "StrictJSON", "EmbeddedConfig", "CZlib", "Locking"], swiftSettings: strict),
        // System zlib (raw inflate for the CMS NCCI zip archives) through a module map.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // System OpenSSL through a module map, and plain C wrappers for the macros Swift cannot call.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "COpenSSLShims", dependencies: ["COpenSSL"]),
        // Linux epoll and eventfd, which Swift's Glibc module does not export, for the server's event loops.
        .target(name: "CEventPoll"),
        // HTTP/1.1 server on sockets, epoll event loops and Dispatch (and TLS). Knows nothing of claims.
        .target(name: "HTTPServer", dependencies: ["COpenSSL", "COpenSSLShims", "CEventPoll", "Locking"], swiftSettings: strict),
        // The scrubbing API: routes, problem+json, metrics, access log, configuration.
        .target(
            name: "ScrubberService",
            dependencies: ["ClaimRules", "ClaimWire", "ClaimX12", "X12", "StrictJSON", "RuleData", "HTTPServer", "EmbeddedConfig", "FHIRClaim", "CZlib", "Locking"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "claim-scrubber",
            dependencies: ["ClaimRules", "ClaimWire", "ClaimX12", "RuleData", "ScrubberService", "HTTPServer", "EmbeddedConfig", "StrictJSON", "CEventPoll", "Locking"],
            swiftSettings: strict
        ),

        // Release-mode engine benchmark (Benchmarks/engine/run.sh): claims/s for the engine, the StrictJSON
        // pipeline and the Foundation JSONDecoder/JSONEncoder baseline.
        .executableTarget(
            name: "engine-bench",
            dependencies: ["ClaimRules", "ClaimWire", "StrictJSON", "RuleData"],
            path: "Benchmarks/engine",
            exclude: ["run.sh", "instructions.sh", "compare.sh", "README.md"],
            swiftSettings: strict
        ),

        // Release-mode 837P benchmark (Benchmarks/x12/run.sh): claims/s reading, mapping and scrubbing an 837P file,
        // beside the JSON path on the same claims.
        .executableTarget(
            name: "x12-bench",
            dependencies: ["X12", "ClaimX12", "ClaimRules", "ClaimWire", "StrictJSON", "RuleData"],
            path: "Benchmarks/x12",
            exclude: ["run.sh", "instructions.sh", "generate.py", "README.md"],
            swiftSettings: strict
        ),

        // Release-mode ICD-10-CM code set benchmark (Benchmarks/icd10cm/run.sh): load, memory and lookup cost
        // against a dictionary of strings, and the import of a full-size order file.
        .executableTarget(
            name: "icd10cm-bench",
            dependencies: ["ClaimRules", "RuleData", "EmbeddedConfig"],
            path: "Benchmarks/icd10cm",
            exclude: ["run.sh", "README.md"],
            swiftSettings: strict
        ),

        .testTarget(name: "ClaimRulesTests", dependencies: ["ClaimRules"]),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"]),
        .testTarget(name: "X12Tests", dependencies: ["X12", "ClaimX12", "ClaimRules", "RuleData", "TestSupport"]),
        .testTarget(name: "APIReferenceTests", dependencies: ["APIReference", "StrictJSON"]),
        .testTarget(name: "FHIRClaimTests", dependencies: ["FHIRClaim", "ClaimRules", "ClaimWire", "StrictJSON", "RuleData"]),
        // Helpers several test targets share (the built binary, free loopback ports, running a child
        // process with a deadline).
        .target(name: "TestSupport", dependencies: ["Locking"], path: "Tests/TestSupport"),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport", "Locking"]),
        .testTarget(name: "ClaimWireTests", dependencies: ["ClaimWire", "ClaimRules", "StrictJSON", "RuleData", "TestSupport"]),
        .testTarget(name: "RuleDataTests", dependencies: ["RuleData", "ClaimRules", "EmbeddedConfig", "Locking"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "CEventPoll", "TestSupport", "Locking"]),
        .testTarget(name: "HealthcheckTests", dependencies: ["claim-scrubber", "TestSupport", "RuleData", "EmbeddedConfig"]),
        .testTarget(
            name: "ScrubberServiceTests",
            dependencies: ["ScrubberService", "HTTPServer", "ClaimRules", "ClaimWire", "ClaimX12", "RuleData", "TestSupport", "FHIRClaim", "APIReference", "CZlib", "Locking"]
        ),
    ]
)
