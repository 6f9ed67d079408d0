import Foundation
import StrictJSON
import TestSupport
import Testing

/// Runs the built `claim-scrubber check` once per exit status (the logic itself is tested in
/// ClaimCheckTests). `swift build --build-tests` builds the executable next to the test bundle.
struct CheckBinaryTests {
    static func binary() -> URL? { TestBinaries.claimScrubber() }

    static func run(_ arguments: [String], stdin: String) throws -> (status: Int32, stdout: [UInt8], stderr: String) {
        guard let binary = binary() else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "claim-scrubber not built (run swift build --build-tests)"])
        }
        // Bounded: a check of one claim takes milliseconds; a stuck binary fails the test.
        let result = try Subprocess.run(binary.path, arguments, stdin: Array(stdin.utf8), timeout: 60)
        return (result.status, result.stdout, result.errorOutput)
    }

    @Test func binaryChecksAClaimFromStdinWithTheEmbeddedRules() throws {
        let result = try Self.run(["check", "-"], stdin: ClaimFixtures.full)
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        let value = try JSONReader.parse(result.stdout)
        #expect(value["payer"] == "medicare")
        #expect(value["lines"]?.arrayElements?.count == 4)
        let clean = value["status"] == "clean"
        #expect(result.status == (clean ? 0 : 1))
    }

    @Test func binaryExitsTwoOnMalformedJSONWithLineAndColumn() throws {
        let result = try Self.run(["check", "-"], stdin: "{\n  \"payer\": \"medicare\",,\n}")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("stdin:2:23: malformed JSON:"), "\(result.stderr)")
    }

    @Test func rulesDirectoryGivesTheSameResultAsTheEmbeddedRules() throws {
        let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config").path
        let embedded = try Self.run(["check", "-"], stdin: ClaimFixtures.full)
        for directory in [config, config + "/rules"] {
            let fromDirectory = try Self.run(["check", "-", "--rules", directory], stdin: ClaimFixtures.full)
            #expect(fromDirectory.status == embedded.status, "\(fromDirectory.stderr)")
            #expect(fromDirectory.stdout == embedded.stdout)
        }
        let missing = try Self.run(["check", "-", "--rules", "/nonexistent-rules-dir"], stdin: ClaimFixtures.full)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot load rule data"))
    }

    /// `--config` names the service configuration file, as for serve; check uses its rulesets directory.
    @Test func configIsTheServiceConfigurationFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("check-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("rulesets"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.json")
        try Data(#"{"rulesets": {"directory": "\#(directory.path)/rulesets"}}"#.utf8).write(to: good)
        let embedded = try Self.run(["check", "-"], stdin: ClaimFixtures.full)
        let configured = try Self.run(["check", "-", "--config", good.path], stdin: ClaimFixtures.full)
        #expect(configured.status == embedded.status, "\(configured.stderr)")
        #expect(configured.stdout == embedded.stdout)

        let missingDirectory = directory.appendingPathComponent("missing.json")
        try Data(#"{"rulesets": {"directory": "\#(directory.path)/no-such-dir"}}"#.utf8).write(to: missingDirectory)
        let refused = try Self.run(["check", "-", "--config", missingDirectory.path], stdin: ClaimFixtures.full)
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("rulesets.directory"), "\(refused.stderr)")

        let notAFile = try Self.run(["check", "-", "--config", directory.path], stdin: ClaimFixtures.full)
        #expect(notAFile.status == 2)
        #expect(notAFile.stderr.contains("--config names the configuration file"), "\(notAFile.stderr)")
    }

    @Test func binaryExitsTwoOnBadUsage() throws {
        let result = try Self.run(["check", "--bogus"], stdin: "")
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown option --bogus"))
    }
}
