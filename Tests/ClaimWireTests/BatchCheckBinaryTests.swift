import ClaimRules
import Foundation
import RuleData
import StrictJSON
import TestSupport
import Testing
@testable import ClaimWire

/// `claim-scrubber check --batch` run as a process: the same bytes whatever the number of jobs and
/// the same as the one-thread `BatchScrubber` (the HTTP route's), the summary, the exit statuses.
@Suite(.timeLimit(.minutes(2)))
struct BatchCheckBinaryTests {
    static func run(_ arguments: [String], stdin: [UInt8] = []) throws -> Subprocess.Result {
        guard let binary = TestBinaries.claimScrubber() else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "claim-scrubber not built (run swift build --build-tests)"])
        }
        return try Subprocess.run(binary.path, arguments, stdin: stdin, timeout: 90)
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A clean claim (Config/examples) on one line, for `patient` on `day` of March 2026.
    static func clean(_ patient: String?, day: Int = 2) throws -> String {
        let url = packageRoot.appendingPathComponent("Config/examples/clean-97530-medicare.json")
        var value = try JSONReader.parse(Array(try Data(contentsOf: url)))
        guard case .object(var members) = value else { return "" }
        members.removeAll { $0.key == "dateOfService" || $0.key == "patientRef" }
        members.append(JSONMember("dateOfService", .string("2026-03-\(day < 10 ? "0" : "")\(day)")))
        if let patient { members.append(JSONMember("patientRef", .string(patient))) }
        value = .object(members)
        return String(decoding: value.serialized(), as: UTF8.self)
    }

    /// About 1,500 lines: claims of 150 patients over 10 days (so derived counts), a repeated line
    /// now and then (a duplicate), bad lines, blank lines and an over-long line among them.
    static func mixedBatch() throws -> [UInt8] {
        var lines: [String] = []
        for k in 0..<1500 {
            switch k % 97 {
            case 13: lines.append("{\"payer\": ")
            case 29: lines.append("")
            case 31: lines.append("[1, 2, 3]")
            case 50: lines.append(lines[lines.count - 1])
            default: lines.append(try clean("P\(k % 150)", day: 2 + (k / 150)))
            }
        }
        lines.insert("{\"claimId\":\"" + String(repeating: "x", count: 1_100_000) + "\"}", at: 750)
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    @Test func theOutputIsTheSameWhateverTheJobsAndTheSameAsTheHTTPRoutes() throws {
        let input = try Self.mixedBatch()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).ndjson")
        try Data(input).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let one = try Self.run(["check", "--batch", file.path, "--jobs", "1"])
        let four = try Self.run(["check", "--batch", file.path, "--jobs", "4"])
        let stdin = try Self.run(["check", "--batch", "-", "--jobs=3"], stdin: input)
        #expect(one.status == 1, "\(one.errorOutput)")
        #expect(four.status == 1 && stdin.status == 1)
        #expect(one.stdout == four.stdout)
        #expect(one.stdout == stdin.stdout)

        // The one-thread scrubber behind POST /v1/claims/batch, fed in uneven pieces.
        let rules = try RuleSetLoader.loadDefault()
        var scrubber = BatchScrubber(lineLimit: 1024 * 1024) { _ in rules }
        var writer = JSONWriter()
        var start = 0
        while start < input.count {
            let end = min(input.count, start + 70_001)
            input[start..<end].withUnsafeBytes { scrubber.feed($0, into: &writer) }
            start = end
        }
        scrubber.finish(into: &writer)
        #expect(writer.finish() == one.stdout)

        let text = String(decoding: one.stdout, as: UTF8.self)
        let numbers = text.split(separator: "\n").compactMap { line -> Int? in
            guard let value = try? JSONReader.parse(Array(line.utf8)), case .number(let n)? = value["line"] else { return nil }
            return Int(n.doubleValue)
        }
        #expect(numbers == numbers.sorted())
        // Every line but the blank ones (k % 97 == 29 for k < 1500: 16 of them).
        #expect(numbers.count == 1501 - 16)
        #expect(text.contains("DUPLICATE_SERVICE") && text.contains("the line is longer than 1048576 bytes"))
        // The patient reference is in no message: only the corrected claims return it as sent.
        #expect(text.components(separatedBy: #""P1""#).count == text.components(separatedBy: #""patientRef":"P1""#).count)
    }

    @Test func theSummaryCountsClaimsAndBadLinesOnStderr() throws {
        let input = Array(([try Self.clean("a"), "oops", try Self.clean("a")].joined(separator: "\n")).utf8)
        let result = try Self.run(["check", "--batch", "-"], stdin: input)
        #expect(result.status == 1)
        // No progress line: stderr is not a terminal.
        #expect(result.errorOutput.hasPrefix("batch: 2 claims (1 clean, 0 warnings, 1 errors), 1 bad lines, "), "\(result.errorOutput)")
        #expect(result.errorOutput.hasSuffix(" claims/s\n"))
        #expect(result.errorOutput.split(separator: "\n").count == 1)
    }

    @Test func aBatchOfCleanClaimsExitsZero() throws {
        let input = Array(([try Self.clean("a", day: 2), try Self.clean("b", day: 2), ""].joined(separator: "\n")).utf8)
        let result = try Self.run(["check", "--batch", "-", "--jobs", "2"], stdin: input)
        #expect(result.status == 0, "\(result.errorOutput) \(result.output)")
        #expect(result.output.split(separator: "\n").count == 2)
    }

    @Test func unreadableInputAndBadUsageExitTwo() throws {
        let missing = try Self.run(["check", "--batch", "/nonexistent/batch.ndjson"])
        #expect(missing.status == 2)
        #expect(missing.errorOutput.contains("cannot read /nonexistent/batch.ndjson"))
        #expect(try Self.run(["check", "--batch", "-", "--pretty"]).status == 2)
        #expect(try Self.run(["check", "--batch", "-", "--jobs", "0"]).status == 2)
        let directory = try Self.run(["check", "--batch", "/"])
        #expect(directory.status == 2, "\(directory.errorOutput)")
    }
}
