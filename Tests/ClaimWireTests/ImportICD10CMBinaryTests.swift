import Foundation
import TestSupport
import Testing

/// `claim-scrubber import-icd10cm` and `check --rulesets` as a user runs them: the built binary on the
/// committed order-file excerpt, its output, its exit statuses and its located problems.
struct ImportICD10CMBinaryTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixture = packageRoot.appendingPathComponent("Tests/Fixtures/icd10cm-order-excerpt.txt").path

    static func run(_ arguments: [String], stdin: String = "") throws -> (status: Int32, stdout: String, stderr: String) {
        guard let binary = TestBinaries.claimScrubber() else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "claim-scrubber not built (run swift build --build-tests)"])
        }
        // Bounded: an import of a few dozen lines takes well under a second.
        let result = try Subprocess.run(binary.path, arguments, stdin: Array(stdin.utf8), timeout: 60)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), result.errorOutput)
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("icd-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func importWritesTheReleaseAndVerifyListsIt() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/rulesets/icd10cm-2026-04-01"
        let result = try Self.run(["import-icd10cm", Self.fixture, "--fiscal-year", "2026", "--effective", "2026-04-01", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("imported icd10cm-2026-04-01: ICD-10-CM FY2026, effective 2026-04-01 through 2026-09-30\n"))
        #expect(result.stdout.contains("codes: 51 (17 billable, 34 headers)"))
        #expect(result.stdout.contains("carried from icd10cm-2026 (embedded): 51 codes in both, 0 new"))
        #expect(result.stdout.contains("warning: only 17 billable codes"))
        #expect(FileManager.default.fileExists(atPath: out + "/icd10cm-codes.txt"))

        let verify = try Self.run(["import-icd10cm", "--verify", dir + "/rulesets"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("icd10cm-2026  2025-10-01 through 2026-09-30  codes 98186  billable 74719"))
        #expect(verify.stdout.contains("icd10cm-2026-04-01  2026-04-01 through 2026-09-30  codes 51  billable 17"))
        let ncci = try Self.run(["import-ncci", "--verify", dir + "/rulesets"])
        #expect(ncci.status == 0 && ncci.stdout.contains("ICD-10-CM releases:\n"), "\(ncci.stderr)")

        // check loads the configuration's rulesets directory, releases included; a damaged release makes it
        // refuse with the file named.
        let config = dir + "/claim-scrubber.json"
        try Data(#"{"rulesets": {"directory": "\#(dir)/rulesets"}}"#.utf8).write(to: URL(fileURLWithPath: config))
        let claim = #"{"payer": "medicare", "dateOfService": "2026-05-04", "provider": {"role": "PT"}, "lines": [{"code": "97530", "minutes": 30, "modifiers": ["GP"]}]}"#
        let plain = try Self.run(["check", "-"], stdin: claim)
        let withRulesets = try Self.run(["check", "-", "--config", config], stdin: claim)
        #expect(withRulesets.status == plain.status && (plain.status == 0 || plain.status == 1), "\(withRulesets.stderr)")
        let file = out + "/icd10cm-codes.txt"
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "M6281\tB", with: "M6282\tB")
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        let damaged = try Self.run(["check", "-", "--config", config], stdin: claim)
        #expect(damaged.status == 2)
        #expect(damaged.stderr.contains(file) && damaged.stderr.contains("damaged or edited"), "\(damaged.stderr)")
        let refused = try Self.run(["import-icd10cm", "--verify", "--config", config])
        #expect(refused.status == 2 && refused.stderr.contains("damaged or edited"))
    }

    @Test func aBadLineIsReportedWithFileLineAndFieldAndNothingIsWritten() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var lines = try String(contentsOfFile: Self.fixture, encoding: .utf8).components(separatedBy: "\r\n")
        lines[5] = lines[5].replacingOccurrences(of: "E0842   1", with: "E0842   7")
        let broken = dir + "/icd10cm-order-2026.txt"
        try Data(lines.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: broken))
        let result = try Self.run(["import-icd10cm", broken, "--fiscal-year", "2026", "--out", dir + "/out"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(broken):6: field \"header/billable flag\": \"7\" (column 15) is neither 0 (header) nor 1"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test(arguments: [
        (["import-icd10cm"], "name the order file"),
        (["import-icd10cm", "x.txt", "--out", "o"], "--fiscal-year is required"),
        (["import-icd10cm", "x.txt", "--fiscal-year", "FY27", "--out", "o"], "is not a fiscal year"),
        (["import-icd10cm", "x.txt", "--fiscal-year", "2027", "--effective", "2027-10-01", "--out", "o"], "outside fiscal year 2027"),
        (["import-icd10cm", "x.txt", "--fiscal-year", "2027"], "--out is required"),
        (["import-icd10cm", "x.txt", "--bogus"], "unknown option --bogus"),
    ])
    func badUsageExitsTwoWithTheReason(arguments: [String], message: String) throws {
        let result = try Self.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
