// Fuzz target: the 837P path, from bytes to answer: X12Tokenizer (segments), X12Reader (envelopes,
// loops, claims) and X12ScrubSession (mapping, the service's scrub path, the JSON report and the 999).
//
// Properties:
// 1. Split independence: the tokenizer and the reader give the same tokens and events, and the session
//    the same report and acknowledgment bytes and counts, whether the body is fed whole, in random
//    pieces or one byte at a time (the route feeds it as the network delivers it).
// 2. Tokens are well formed: segments (skipped ones included) are numbered 1, 2, 3…, none is longer than the limit (drawn
//    from the input, so short limits are tried too; an ISA has the header's own), nothing comes after
//    "not X12".
// 3. The session hands out one claim per claim the reader completes; its report is valid JSON
//    (StrictJSON reads it) with as many claims; a body that is not X12 gives no output at all.
import ClaimRules
import ClaimX12
import FuzzSupport
import RuleData
import ScrubberService
import StrictJSON
@testable import X12

let rules: RuleSet
let processor: RulesEngineProcessor
do {
    rules = try RuleSetLoader.loadDefault()
    processor = RulesEngineProcessor(provider: try CatalogRulesetProvider(directory: nil, defaultRuleset: rules))
} catch {
    FuzzCheck.fail("the shipped rule data does not load: \(error)")
}
let latest = processor.latestRuleset
let readerOptions = X12Reader.Options(rules: latest)
let mapper = X12ClaimMapper(payerMap: X12PayerMap(), rules: latest)
let stamp = X12AcknowledgmentWriter.Stamp(date: "20250101", time: "1200")

/// A token, comparable (and printed only when a check fails).
enum Token: Equatable {
    case segment(ordinal: Int, id: X12SegmentID, indented: Bool, delimiters: X12Delimiters, bytes: [UInt8], separators: [Int])
    case problem(X12Problem)
    case notX12(X12Tokenizer.Failure)

    init(_ token: X12Tokenizer.Token) {
        switch token {
        case .segment(let s): self = .segment(ordinal: s.ordinal, id: s.id, indented: s.indented, delimiters: s.delimiters, bytes: s.bytes, separators: s.separators)
        case .problem(let p): self = .problem(p)
        case .notX12(let f): self = .notX12(f)
        }
    }
}

/// A reader event, comparable.
enum Event: Equatable {
    case interchangeStarted(X12InterchangeHeader)
    case claim(X12ClaimRecord)
    case problem(X12Problem)
    case groupEnded(X12GroupAcknowledgment)
    case interchangeEnded
    case end(failure: X12Tokenizer.Failure?, interchanges: Int, transactions: Int)

    init(_ event: X12Reader.Event) {
        switch event {
        case .interchangeStarted(let h): self = .interchangeStarted(h)
        case .claim(let c): self = .claim(c)
        case .problem(let p): self = .problem(p)
        case .groupEnded(let g): self = .groupEnded(g)
        case .interchangeEnded: self = .interchangeEnded
        }
    }
}

func tokens(_ pieces: [[UInt8]], maxSegmentLength: Int) -> [Token] {
    var tokenizer = X12Tokenizer(maxSegmentLength: maxSegmentLength)
    var out: [Token] = []
    var previous = 0
    var ended = false
    let emit: (X12Tokenizer.Token) -> Void = { token in
        FuzzCheck.require(!ended, "a token after notX12: \(Token(token))")
        switch token {
        case .segment(let s):
            FuzzCheck.require(s.ordinal == previous + 1, "segment \(s.ordinal) after \(previous)")
            // (an ISA is bounded by the header's own limit: its separators are read from it)
            let bound = s.idText == "ISA" ? X12Tokenizer.maxHeaderLength : maxSegmentLength
            FuzzCheck.require(s.bytes.count <= bound, "a \(s.idText) segment of \(s.bytes.count) bytes, limit \(bound)")
            FuzzCheck.require(s.separators.allSatisfy { $0 < s.bytes.count }, "separator offsets \(s.separators) past \(s.bytes.count) bytes")
            previous = s.ordinal
        case .notX12:
            ended = true
        case .problem(let p):
            // A segment skipped (too long, or an ISA whose separators cannot be read) keeps its place
            // in the numbering.
            if p.code == .segmentTooLong || p.code == .isaUnreadable {
                FuzzCheck.require(p.segment == previous || p.segment == previous + 1, "skipped segment \(p.segment) after \(previous)")
                previous = p.segment
            }
        }
        out.append(Token(token))
    }
    for piece in pieces { piece.withUnsafeBytes { tokenizer.feed($0, emit) } }
    tokenizer.finish(emit)
    return out
}

func events(_ pieces: [[UInt8]]) -> (events: [Event], claims: Int) {
    var reader = X12Reader(options: readerOptions)
    var out: [Event] = []
    var claims = 0
    let emit: (X12Reader.Event) -> Void = { event in
        if case .claim = event { claims += 1 }
        out.append(Event(event))
    }
    for piece in pieces { reader.feed(piece, emit) }
    reader.finish(emit)
    out.append(.end(failure: reader.failure, interchanges: reader.interchangeCount, transactions: reader.transactionCount))
    return (out, claims)
}

struct SessionAnswer: Equatable {
    var bytes: [UInt8]
    var failed: Bool
    var counts: [Int]
    var findings: [String: Int]
}

func answer(_ pieces: [[UInt8]], _ output: X12ScrubSession.Output) -> SessionAnswer {
    let session = X12ScrubSession(output: output, mapper: mapper, readerOptions: readerOptions) { processor.x12Verdict($0) }
    var bytes: [UInt8] = []
    for piece in pieces {
        session.feed(piece)
        bytes += session.drain()
    }
    session.finish()
    bytes += session.drain()
    return SessionAnswer(bytes: bytes, failed: session.failure != nil,
                         counts: [session.claims, session.cleanClaims, session.claimsWithFindings, session.claimsWithProblems,
                                  session.fileProblemCount, session.interchanges, session.transactions],
                         findings: session.findingCounts)
}

FuzzTarget.run { data in
    var random = DataRandom(data)
    let whole = [Array(data)]
    let split = random.pieces(of: data, maxPiece: Int.random(in: 1...512, using: &random))
    let bytewise = data.count <= 2048 ? data.map { [$0] } : random.pieces(of: data, maxPiece: 3)

    // 1, 2: the tokenizer, with the default limit and a short one.
    for limit in [65_536, Int.random(in: 1...128, using: &random)] {
        let reference = tokens(whole, maxSegmentLength: limit)
        for pieces in [split, bytewise] {
            let other = tokens(pieces, maxSegmentLength: limit)
            FuzzCheck.require(other == reference, "tokens (limit \(limit)) fed in \(pieces.count) pieces: \(other), fed whole: \(reference)")
        }
    }

    // 1: the reader.
    let read = events(whole)
    let readSplit = events(split)
    FuzzCheck.require(readSplit.events == read.events, "events fed in \(split.count) pieces: \(readSplit.events), fed whole: \(read.events)")

    // 1, 3: the session's JSON report.
    let report = answer(whole, .report)
    let reportSplit = answer(split, .report)
    FuzzCheck.require(reportSplit == report, "report fed in \(split.count) pieces: \(String(decoding: reportSplit.bytes, as: UTF8.self)), fed whole: \(String(decoding: report.bytes, as: UTF8.self))")
    FuzzCheck.require(report.counts[0] == read.claims, "the session counted \(report.counts[0]) claims, the reader completed \(read.claims)")
    if report.failed {
        FuzzCheck.require(report.bytes.isEmpty, "a body that is not X12 answered with \(report.bytes.count) bytes")
    } else {
        switch Result(catching: { () throws(JSONParseError) in try JSONReader.parse(report.bytes) }) {
        case .failure(let error):
            FuzzCheck.fail("the report is not valid JSON (\(error)): \(String(decoding: report.bytes, as: UTF8.self))")
        case .success(let value):
            guard case .array(let claims)? = value["claims"] else {
                FuzzCheck.fail("the report has no claims array: \(String(decoding: report.bytes, as: UTF8.self))")
            }
            FuzzCheck.require(claims.count == read.claims, "the report lists \(claims.count) claims, the reader completed \(read.claims)")
        }
    }

    // 1: the 999 acknowledgment.
    let ack = answer(whole, .acknowledgment(stamp))
    let ackSplit = answer(bytewise, .acknowledgment(stamp))
    FuzzCheck.require(ackSplit.bytes == ack.bytes, "999 fed in \(bytewise.count) pieces: \(String(decoding: ackSplit.bytes, as: UTF8.self)), fed whole: \(String(decoding: ack.bytes, as: UTF8.self))")
}
