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

    @Test func configDirectoryGivesTheSameResultAsTheEmbeddedRules() throws {
        let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config").path
        let embedded = try Self.run(["check", "-"], stdin: ClaimFixtures.full)
        let fromDirectory = try Self.run(["check", "-", "--config", config], stdin: ClaimFixtures.full)
        #expect(fromDirectory.status == embedded.status, "\(fromDirectory.stderr)")
        #expect(fromDirectory.stdout == embedded.stdout)
        let missing = try Self.run(["check", "-", "--config", "/nonexistent-config-dir"], stdin: ClaimFixtures.full)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot load rule data"))
    }

    @Test func binaryExitsTwoOnBadUsage() throws {
        let result = try Self.run(["check", "--bogus"], stdin: "")
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown option --bogus"))
    }
}
