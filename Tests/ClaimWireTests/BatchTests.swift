import ClaimRules
import Foundation
import StrictJSON
import Testing
@testable import ClaimWire

/// NDJSON batches: lines cut the same way whatever the pieces, long and blank lines, one output line
/// per claim line in input order, problems for bad lines, checks across claims.
@Suite struct BatchTests {
    static func claimLine(_ patient: String? = "p-1", dos: String = "2026-03-02", code: String = "97530", npi: String = "1234567893",
                          extra: String = "") -> String {
        let ref = patient.map { #","patientRef":"\#($0)""# } ?? ""
        return #"{"claimId":"C","payer":"medicare","dateOfService":"\#(dos)","provider":{"npi":"\#(npi)","role":"PT"}\#(ref),"#
            + #""lines":[{"code":"\#(code)","minutes":30,"units":2,"modifiers":["GP"]}]\#(extra)}"#
    }

    /// Splits `text` into pieces at `cuts` and returns what the splitter handed over.
    static func lines(_ text: String, cuts: [Int], limit: Int = 100) -> [String] {
        var splitter = NDJSONLineSplitter(lineLimit: limit)
        var out: [String] = []
        let bytes = Array(text.utf8)
        var start = 0
        let record: (Int, NDJSONLineSplitter.Line) -> Void = { number, line in
            switch line {
            case .text(let b): out.append("\(number):\(String(decoding: b, as: UTF8.self))")
            case .tooLong: out.append("\(number):too long")
            }
        }
        for cut in cuts.map({ min($0, bytes.count) }) + [bytes.count] where cut >= start {
            bytes[start..<cut].withUnsafeBytes { splitter.feed($0, record) }
            start = cut
        }
        splitter.finish(record)
        return out
    }

    @Test func linesAreTheSameWhereverThePiecesAreCut() {
        let text = "{\"a\":1}\n\n  \r\n" + String(repeating: "x", count: 30) + "\n{\"b\":2}\r\n{\"c\":3}"
        let expected = ["1:{\"a\":1}", "2:", "3:  \r", "4:" + String(repeating: "x", count: 30), "5:{\"b\":2}\r", "6:{\"c\":3}"]
        #expect(Self.lines(text, cuts: []) == expected)
        for cut in 0...text.utf8.count {
            #expect(Self.lines(text, cuts: [cut]) == expected, "cut at \(cut)")
        }
        #expect(Self.lines(text, cuts: Array(0...text.utf8.count)) == expected)
    }

    @Test func aLineOverTheLimitIsReportedAndSkippedWithoutBeingKept() {
        let long = String(repeating: "y", count: 25)
        let text = "{}\n" + long + "\n{}\n" + long
        for cuts in [[], [5], [5, 10, 15, 20, 25], Array(0...60)] {
            #expect(Self.lines(text, cuts: cuts, limit: 20) == ["1:{}", "2:too long", "3:{}", "4:too long"], "\(cuts)")
        }
        var splitter = NDJSONLineSplitter(lineLimit: 20)
        Array(String(repeating: "z", count: 1000).utf8).withUnsafeBytes { splitter.feed($0) { _, _ in } }
        #expect(splitter.bufferedByteCount == 0)
        // Exactly at the limit is a line.
        #expect(Self.lines(String(repeating: "w", count: 20), cuts: [7], limit: 20) == ["1:" + String(repeating: "w", count: 20)])
    }

    @Test func anEmptyInputAndATrailingNewlineMakeNoLine() {
        #expect(Self.lines("", cuts: []).isEmpty)
        #expect(Self.lines("{}\n", cuts: []) == ["1:{}"])
    }

    private func run(_ text: String, pieces: Int = 1, lineLimit: Int = 4096) -> (lines: [[String: Any]], summary: BatchSummary) {
        var scrubber = BatchScrubber(lineLimit: lineLimit) { _ in TestRules.ruleSet }
        var writer = JSONWriter()
        let bytes = Array(text.utf8)
        let size = max(1, bytes.count / pieces)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + size)
            bytes[start..<end].withUnsafeBytes { scrubber.feed($0, into: &writer) }
            start = end
        }
        scrubber.finish(into: &writer)
        let output = writer.string
        #expect(output.isEmpty || output.hasSuffix("\n"))
        let objects = output.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(objects.count == output.split(separator: "\n").count, "every output line is a JSON object")
        return (objects, scrubber.summary)
    }

    @Test func oneOutputLinePerClaimLineInOrderWithItsNumber() {
        let text = [Self.claimLine("a"), "", "not json", Self.claimLine("b", code: "97110"), #"{"payer":"medicare"}"#,
                    "   ", Self.claimLine("a", dos: "2026-03-03")].joined(separator: "\n") + "\n"
        for pieces in [1, 3, 17, text.utf8.count] {
            let (lines, summary) = run(text, pieces: pieces)
            #expect(lines.map { $0["line"] as? Int } == [1, 3, 4, 5, 7])
            #expect(lines[0]["status"] != nil && lines[2]["status"] != nil && lines[4]["status"] != nil)
            let malformed = lines[1]["problems"] as? [[String: String]]
            #expect(malformed?.first?["pointer"] == "")
            #expect(malformed?.first?["message"]?.hasPrefix("malformed JSON at column 1: ") == true)
            let invalid = lines[3]["problems"] as? [[String: String]]
            #expect(invalid?.map { $0["pointer"] ?? "" }.contains("/dateOfService") == true)
            #expect(summary.claims == 3 && summary.badLines == 2)
            #expect(summary.clean + summary.warnings + summary.errors == 3)
        }
    }

    @Test func theLaterClaimNamesTheEarlierDuplicateByItsLine() {
        let text = [Self.claimLine("a"), Self.claimLine("b"), Self.claimLine("a")].joined(separator: "\n")
        let (lines, _) = run(text)
        let errors = lines[2]["errors"] as? [[String: Any]]
        let duplicate = errors?.first { $0["id"] as? String == "DUPLICATE_SERVICE" }
        #expect(duplicate?["batchLines"] as? [Int] == [1])
        #expect((lines[0]["errors"] as? [[String: Any]])?.contains { $0["id"] as? String == "DUPLICATE_SERVICE" } == false)
        #expect(lines[2]["status"] as? String == "errors")
        // The patient reference is in no message: only the corrected claim returns it as sent.
        let withoutClaims = lines.map { $0.filter { $0.key != "correctedClaim" } }
        #expect(!String(describing: withoutClaims).contains("\"a\""))
    }

    @Test func aLineOverTheLimitIsAProblemForThatLineOnly() {
        let text = Self.claimLine("a") + "\n" + #"{"claimId":""# + String(repeating: "x", count: 5000) + "\"}\n" + Self.claimLine("b")
        let (lines, summary) = run(text, pieces: 7, lineLimit: 1024)
        #expect(lines.map { $0["line"] as? Int } == [1, 2, 3])
        let problems = lines[1]["problems"] as? [[String: String]]
        #expect(problems == [["pointer": "", "message": "the line is longer than 1024 bytes, the limit for one claim"]])
        #expect(summary.claims == 2 && summary.badLines == 1)
    }

    @Test func aClaimWithoutARulesetForItsDateIsAProblem() {
        var scrubber = BatchScrubber(lineLimit: 4096) { _ in nil }
        var writer = JSONWriter()
        Array(Self.claimLine().utf8).withUnsafeBytes { scrubber.feed($0, into: &writer) }
        scrubber.finish(into: &writer)
        #expect(writer.string == #"{"line":1,"problems":[{"pointer":"/dateOfService","message":"no ruleset is loaded for the date of service"}]}"# + "\n")
    }

    @Test func theInterruptionLineIsAProblemAndTheLastLineProcessed() {
        var writer = JSONWriter()
        BatchLine.writeInterruption(type: "https://example/problems/x", title: "Content Too Large", status: 413,
                                    detail: "The batch is larger than 10 bytes.", processedThrough: 7, to: &writer)
        #expect(writer.string == #"{"error":{"type":"https://example/problems/x","title":"Content Too Large","status":413,"detail":"The batch is larger than 10 bytes."},"processedThrough":7}"# + "\n")
    }

    @Test func patientRefIsDecodedAsAnOpaqueString() throws {
        #expect(try ClaimDecoder().decode(Array(Self.claimLine("ref-9").utf8)).patientRef == "ref-9")
        #expect(try ClaimDecoder().decode(Array(Self.claimLine(nil).utf8)).patientRef == nil)
        #expect(throws: ClaimDecodingError.invalid([FieldProblem(pointer: "/patientRef", message: "patientRef must be a string, found number")])) {
            try ClaimDecoder().decode(Array(Self.claimLine(nil, extra: #","patientRef":7"#).utf8))
        }
    }

    @Test func findingCountsAreHandedOverOnce() {
        var scrubber = BatchScrubber(lineLimit: 4096) { _ in TestRules.ruleSet }
        var writer = JSONWriter()
        let text = [Self.claimLine("a"), Self.claimLine("a")].joined(separator: "\n") + "\n"
        Array(text.utf8).withUnsafeBytes { scrubber.feed($0, into: &writer) }
        #expect(scrubber.takeFindingCounts()["DUPLICATE_SERVICE"] == 1)
        #expect(scrubber.takeFindingCounts().isEmpty)
    }

    /// The batch of `threadedBatchesWriteWhatOneThreadWrites`: claims of five patients over several dates
    /// (duplicates and visits counted across claims), malformed, invalid, blank and over-long lines.
    static func mixedBatch() -> String {
        var lines: [String] = []
        for k in 0..<150 {
            switch k % 13 {
            case 3: lines.append("not json \(k)")
            case 5: lines.append(#"{"payer":"medicare"}"#)
            case 7: lines.append("   ")
            case 11: lines.append(#"{"claimId":""# + String(repeating: "x", count: 2000) + "\"}")
            default:
                let day = 2 + (k / 5) % 20
                lines.append(claimLine("p\(k % 5)", dos: "2026-03-" + (day < 10 ? "0\(day)" : "\(day)"),
                                       code: k % 3 == 0 ? "97110" : "97530"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func scrub(_ bytes: [UInt8], threads: Int, pieceSize: Int) -> (output: [UInt8], summary: BatchSummary, counts: [String: Int]) {
        var scrubber = BatchScrubber(lineLimit: 1024, threads: threads) { _ in TestRules.ruleSet }
        var writer = JSONWriter()
        var counts: [String: Int] = [:]
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + pieceSize)
            bytes[start..<end].withUnsafeBytes { scrubber.feed($0, into: &writer) }
            counts.merge(scrubber.takeFindingCounts(), uniquingKeysWith: +)
            start = end
        }
        scrubber.finish(into: &writer)
        counts.merge(scrubber.takeFindingCounts(), uniquingKeysWith: +)
        return (writer.bytes, scrubber.summary, counts)
    }

    @Test func threadedBatchesWriteWhatOneThreadWrites() {
        let bytes = Array(Self.mixedBatch().utf8)
        let one = scrub(bytes, threads: 1, pieceSize: bytes.count)
        #expect(one.summary.claims > 100 && one.summary.badLines > 20)
        #expect(one.counts["DUPLICATE_SERVICE", default: 0] > 0)
        // Whole, pieces of a few lines, pieces shorter than a line (one thread works), eight threads.
        for (threads, pieceSize) in [(2, bytes.count), (2, 4096), (2, 97), (3, 1000), (8, bytes.count)] {
            let many = scrub(bytes, threads: threads, pieceSize: pieceSize)
            #expect(many.output == one.output, "threads \(threads), pieces of \(pieceSize) bytes")
            #expect(many.summary == one.summary)
            #expect(many.counts == one.counts)
        }
    }
}
