// Fuzz target: the NDJSON batch path: NDJSONLineSplitter (lines as the body arrives) and BatchScrubber
// (each line decoded, checked across the batch's claims, scrubbed and written as one output line).
//
// Properties:
// 1. The splitter hands over exactly the lines of the input: the bytes between LFs (and after the
//    last LF, if any), numbered 1, 2, 3…, those longer than the limit (drawn from the input, so short
//    limits are tried too) as `.tooLong`; whether the input is fed whole, in random pieces or one byte
//    at a time; it never keeps more than the limit.
// 2. The batch's output bytes, summary and finding counts are the same whatever the pieces (with the
//    default limits and with small ones drawn from the input).
// 3. The output has one line per input line that is not blank, in order, each valid JSON naming its
//    input line; the summary counts each of them once, as a claim or as a bad line.
import ClaimRules
import ClaimWire
import FuzzSupport
import RuleData
import ScrubberService
import StrictJSON

let provider: CatalogRulesetProvider
do {
    provider = try CatalogRulesetProvider(directory: nil, defaultRuleset: try RuleSetLoader.loadDefault())
} catch {
    FuzzCheck.fail("the shipped rule data does not load: \(error)")
}
let rules = provider.snapshot()

enum Line: Equatable {
    case text([UInt8])
    case tooLong
}

func split(_ pieces: [[UInt8]], limit: Int) -> [Line] {
    var splitter = NDJSONLineSplitter(lineLimit: limit)
    var lines: [Line] = []
    let record: (Int, NDJSONLineSplitter.Line) -> Void = { number, line in
        FuzzCheck.require(number == lines.count + 1, "line \(number) after \(lines.count) lines")
        switch line {
        case .text(let bytes): lines.append(.text(Array(bytes)))
        case .tooLong: lines.append(.tooLong)
        }
    }
    for piece in pieces {
        piece.withUnsafeBytes { splitter.feed($0, record) }
        FuzzCheck.require(splitter.bufferedByteCount <= limit, "\(splitter.bufferedByteCount) bytes kept, limit \(limit)")
    }
    splitter.finish(record)
    return lines
}

/// What the splitter must give: the input cut at every LF, with an empty last piece dropped.
func expectedLines(_ bytes: [UInt8], limit: Int) -> [Line] {
    var parts = bytes.split(separator: 10, omittingEmptySubsequences: false)
    if parts.last?.isEmpty == true { parts.removeLast() }
    return parts.map { $0.count > limit ? .tooLong : .text(Array($0)) }
}

struct BatchAnswer: Equatable {
    var output: [UInt8]
    var summary: BatchSummary
    var findings: [String: Int]
    var lastLine: Int
}

func scrub(_ pieces: [[UInt8]], limit: Int, budget: Int) -> BatchAnswer {
    var batch = BatchScrubber(lineLimit: limit, memoryBudget: budget, diagnosisCodes: provider.diagnosisCodes, rules: rules)
    var writer = JSONWriter()
    var output: [UInt8] = []
    var findings: [String: Int] = [:]
    for piece in pieces {
        piece.withUnsafeBytes { batch.feed($0, into: &writer) }
        output += writer.drain()
        findings.merge(batch.takeFindingCounts(), uniquingKeysWith: +)
    }
    batch.finish(into: &writer)
    output += writer.drain()
    findings.merge(batch.takeFindingCounts(), uniquingKeysWith: +)
    return BatchAnswer(output: output, summary: batch.summary, findings: findings, lastLine: batch.lastLine)
}

FuzzTarget.run { data in
    var random = DataRandom(data)
    let bytes = Array(data)
    let whole = [bytes]
    let pieces = random.pieces(of: data, maxPiece: Int.random(in: 1...256, using: &random))
    let bytewise = data.count <= 4096 ? data.map { [$0] } : random.pieces(of: data, maxPiece: 3)

    // 1: the splitter, with the service's limit and a short one.
    for limit in [1 << 20, Int.random(in: 1...64, using: &random)] {
        let expected = expectedLines(bytes, limit: limit)
        for feed in [whole, pieces, bytewise] {
            let lines = split(feed, limit: limit)
            FuzzCheck.require(lines == expected, "fed in \(feed.count) pieces with limit \(limit): \(lines), expected \(expected)")
        }
    }

    // 2, 3: the batch.
    let limit = random.next() % 4 == 0 ? Int.random(in: 1...512, using: &random) : 1 << 20
    let budget = random.next() % 4 == 0 ? Int.random(in: 0...8192, using: &random) : CrossClaimChecker.defaultMemoryBudget
    let answer = scrub(whole, limit: limit, budget: budget)
    let again = scrub(pieces, limit: limit, budget: budget)
    FuzzCheck.require(again == answer, "batch fed in \(pieces.count) pieces: \(String(decoding: again.output, as: UTF8.self)) \(again.summary), fed whole: \(String(decoding: answer.output, as: UTF8.self)) \(answer.summary)")

    let inputLines = expectedLines(bytes, limit: limit).enumerated().filter { _, line in
        if case .text(let text) = line { return !text.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 } }
        return true
    }.map { $0.offset + 1 }
    var outputLines = answer.output.split(separator: 10, omittingEmptySubsequences: false)
    FuzzCheck.require(outputLines.last?.isEmpty ?? true, "the output does not end with LF")
    if !outputLines.isEmpty { outputLines.removeLast() }
    FuzzCheck.require(outputLines.count == inputLines.count, "\(outputLines.count) output lines for \(inputLines.count) lines that are not blank")
    FuzzCheck.require(answer.summary.claims + answer.summary.badLines == inputLines.count,
                      "summary \(answer.summary) for \(inputLines.count) lines that are not blank")
    for (output, number) in zip(outputLines, inputLines) {
        switch Result(catching: { () throws(JSONParseError) in try JSONReader.parse(Array(output)) }) {
        case .failure(let error):
            FuzzCheck.fail("the output line for line \(number) is not valid JSON (\(error)): \(String(decoding: output, as: UTF8.self))")
        case .success(let value):
            FuzzCheck.require(value["line"] == .number(JSONNumber(Int64(number))), "the output line for line \(number) says line \(String(describing: value["line"]))")
        }
    }
}
