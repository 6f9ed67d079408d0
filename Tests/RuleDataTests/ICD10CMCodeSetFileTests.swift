import ClaimRules
import Foundation
@testable import RuleData
import Testing

/// The release file format (`icd10cm-codes.txt`): what the writer produces reads back the same, and
/// every damage or inconsistency is refused with its line and field.
@Suite struct ICD10CMCodeSetFileTests {
    static let body = [
        "id\ticd10cm-2027", "source\tTest release", "effective\t2026-10-01", "through\t2027-09-30", "codes\t6",
        "G63\tBM", "M62\tH", "M628\tH", "M6281\tB", "M6284\tB", "Z9989\tB",
    ]

    /// A file of `body` lines with a correct sha256 line (unless `digest` is given).
    static func file(_ body: [String] = body, digest: String? = nil, comments: [String] = ["# test"]) -> String {
        let payload = body.map { $0 + "\n" }.joined()
        let sha = digest ?? SHA256.hex(SHA256.hash(Array(payload.utf8)))
        return (comments + ["format\ticd10cm-codes 1", "sha256\t\(sha)"]).map { $0 + "\n" }.joined() + payload
    }

    static func parse(_ text: String) throws(RuleDataError) -> ICD10CMCodeSet {
        try ICD10CMCodeSetFile.parse(text, file: "codes.txt")
    }

    /// The problems of a file that must be refused.
    static func problems(_ text: String) -> [RuleDataProblem] {
        do {
            _ = try parse(text)
            Issue.record("the file was accepted")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func aWellFormedFileLoads() throws {
        let set = try Self.parse(Self.file())
        #expect(set.id == "icd10cm-2027")
        #expect(set.effective == CalendarDate("2026-10-01") && set.through == CalendarDate("2027-09-30"))
        #expect(set.count == 6 && set.billableCount == 4 && set.manifestationCount == 1)
        #expect(set.lookup("G63") == ICD10CMEntry(billable: true, manifestation: true))
        #expect(set.lookup("M628") == ICD10CMEntry(billable: false))
        #expect(set.source == "Test release")
    }

    @Test func whatTheWriterProducesReadsBackIdentically() throws {
        let set = try Self.parse(Self.file())
        let (bytes, digest) = ICD10CMCodeSetFile.encode(set, comments: ["written by a test", "tab\there"])
        let again = try bytes.withUnsafeBufferPointer { buffer throws(RuleDataError) in try ICD10CMCodeSetFile.parse(buffer, file: "x") }
        #expect(again.digest == digest && digest == set.digest)
        #expect(again.entries.map(\.code) == set.entries.map(\.code))
        #expect(again.entries.map(\.entry) == set.entries.map(\.entry))
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("# written by a test\n# tab here\nformat\t"))
    }

    @Test func crlfLineEndsLoadWithTheSameDigest() throws {
        let lf = try Self.parse(Self.file())
        let crlf = try Self.parse(Self.file().replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf.digest == lf.digest && crlf.count == lf.count)
    }

    @Test func anEditedLineBreaksTheDigest() {
        let edited = Self.file().replacingOccurrences(of: "M6284\tB", with: "M6285\tB")
        let problems = Self.problems(edited)
        #expect(problems.count == 1)
        #expect(problems.first?.field == "sha256" && problems.first?.line == 3, "\(problems)")
        #expect(problems.first?.message.contains("damaged or edited") == true)
    }

    /// A broken line in a file whose digest matches it: the line's own problem is reported. Lines: 1 comment,
    /// 2 format, 3 sha256, then `body` from line 4.
    @Test(arguments: [
        (7, "M628\tB", "kind", 11),
        (8, "m6281\tB", "code", 12),
        (8, "M62.81\tB", "code", 12),
        (8, "M6281 B", "code", 12),
        (5, "1AB\tB", "code", 9),
        (8, "M6281\tX", "kind", 12),
        (0, "id\tICD 2027", "id", 4),
        (2, "effective\t2026-13-01", "effective", 6),
        (3, "through\t2025-01-01", "through", 7),
        (3, "through\tsoon", "through", 7),
    ])
    func aBrokenLineIsReportedWithItsLineAndField(index: Int, replacement: String, field: String, line: Int) {
        var body = Self.body
        body[index] = replacement
        let problems = Self.problems(Self.file(body))
        #expect(problems.contains { $0.field == field && $0.line == line }, "\(problems)")
    }

    @Test func codesMustBeStrictlyAscending() {
        var body = Self.body
        body.swapAt(8, 9)
        #expect(Self.problems(Self.file(body)).contains { $0.field == "code" && $0.message.contains("strictly ascending") })
        var duplicate = Self.body
        duplicate[9] = "M6281\tB"
        #expect(Self.problems(Self.file(duplicate)).contains { $0.field == "code" && $0.line == 13 })
    }

    @Test func aHeaderWithoutCodesUnderItIsRefused() {
        var body = Self.body
        body[10] = "Z9989\tH"
        let problems = Self.problems(Self.file(body))
        #expect(problems.contains { $0.field == "kind" && $0.line == 14 && $0.message.contains("no code extends it") }, "\(problems)")
    }

    @Test func theCountMustMatchTheCodes() {
        var fewer = Self.body
        fewer[4] = "codes\t7"
        #expect(Self.problems(Self.file(fewer)).contains { $0.field == "codes" && $0.message.contains("6 of the 7") })
        var more = Self.body
        more[4] = "codes\t5"
        #expect(Self.problems(Self.file(more)).contains { $0.message.contains("text after the 5 codes") })
    }

    @Test func theFormatAndDigestLinesAreRequired() {
        #expect(Self.problems("# nothing else\n").first?.message.contains("no \"format\" line") == true)
        #expect(Self.problems(Self.file().replacingOccurrences(of: "icd10cm-codes 1", with: "icd10cm-codes 2")).first?.field == "format")
        #expect(Self.problems(Self.file(digest: "XYZ")).first?.field == "sha256")
        let missingKey = Self.file(Self.body.filter { !$0.hasPrefix("source") })
        #expect(Self.problems(missingKey).first?.field == "source")
        // A comment after the format line is not a key line.
        let late = Self.file(["# late"] + Self.body)
        #expect(Self.problems(late).first?.field == "id")
    }

    @Test func anEmptyFileIsRefused() {
        #expect(Self.problems("").first?.message.contains("no \"format\" line") == true)
    }
}
