import ClaimRules
import ClaimWire
import StrictJSON
import X12

/// What the claim checks and the scrub made of one mapped claim (the caller runs the path every
/// claim format shares: the ruleset in force, `ClaimValidator.validate`, `Scrubber.scrub`).
public enum X12ScrubVerdict: Sendable {
    case scrubbed(ScrubResult)
    /// The claim checks' problems, located by JSON pointer into the claim model.
    case invalid([FieldProblem])
    /// No ruleset covers the claim's dates of service.
    case noRuleset
}

/// Scrubs an 837P body as it arrives (one session per body, used from one thread at a time): feed bytes, take the output written so far, finish. Each claim
/// is read, mapped, scrubbed and written as soon as its last segment is in, so neither the body nor
/// the answer is ever held whole.
///
/// The JSON report is `{"claims": [...], "problems": [...], "interchanges": n, "transactions": n}`,
/// claims in body order (the counts come last because they are known last). The acknowledgment is a
/// 999 (005010X231A1) with the syntax errors only.
public final class X12ScrubSession {
    public enum Output: Sendable {
        case report
        case acknowledgment(X12AcknowledgmentWriter.Stamp)
    }

    /// Most file-level problems listed; the rest are counted in a last `PROBLEMS_OMITTED` problem.
    public static let maxFileProblems = 1_000

    private var reader: X12Reader
    private let mapper: X12ClaimMapper
    private let scrub: (Claim) -> X12ScrubVerdict
    private let output: Output
    private var writer: JSONWriter
    private var acknowledgment: X12AcknowledgmentWriter?
    private var started = false
    private var finished = false
    private var fileProblems: [X12Problem] = []
    private var omittedProblems = 0

    /// Claims read, claims whose status is clean (info findings allowed: an 837P carries no documentation
    /// facts, so the documentation notice is always there), claims with warnings or errors, claims with
    /// problems.
    public private(set) var claims = 0
    public private(set) var cleanClaims = 0
    public private(set) var claimsWithFindings = 0
    public private(set) var claimsWithProblems = 0
    /// File-level problems (listed or omitted).
    public var fileProblemCount: Int { fileProblems.count + omittedProblems }
    /// How often each finding id was reported (for metrics).
    public private(set) var findingCounts: [String: Int] = [:]

    public init(output: Output, mapper: X12ClaimMapper, readerOptions: X12Reader.Options = X12Reader.Options(),
                pretty: Bool = false, scrub: @escaping (Claim) -> X12ScrubVerdict) {
        self.output = output
        self.mapper = mapper
        self.scrub = scrub
        reader = X12Reader(options: readerOptions)
        writer = JSONWriter(pretty: pretty, capacity: 16 * 1024)
        if case .acknowledgment(let stamp) = output { acknowledgment = X12AcknowledgmentWriter(stamp: stamp) }
    }

    /// Set when the body is not an X12 interchange; nothing has been written then.
    public var failure: X12Tokenizer.Failure? { reader.failure }
    public var interchanges: Int { reader.interchangeCount }
    public var transactions: Int { reader.transactionCount }

    /// Nothing but clean claims and no problems (the `check` command's exit status 0).
    public var isClean: Bool { claimsWithFindings == 0 && claimsWithProblems == 0 && fileProblemCount == 0 }

    public func feed(_ bytes: UnsafeRawBufferPointer) {
        reader.feed(bytes) { self.handle($0) }
    }

    public func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// Ends the body and writes the end of the answer.
    public func finish() {
        guard !finished else { return }
        finished = true
        reader.finish { self.handle($0) }
        guard reader.failure == nil else { return }
        if acknowledgment != nil { return }
        beginReport()
        writer.endArray()
        writer.key("problems")
        writer.beginArray()
        for p in fileProblems { X12ScrubSession.write(p, to: &writer) }
        if omittedProblems > 0 {
            X12ScrubSession.write(X12Problem(.problemsOmitted, segment: reader.segmentCount, segmentID: "",
                                             message: "\(omittedProblems) more problems were found and not listed."),
                                  to: &writer)
        }
        writer.endArray()
        writer.field("interchanges", reader.interchangeCount)
        writer.field("transactions", reader.transactionCount)
        writer.endObject()
    }

    /// The answer written since the last call.
    public func drain() -> [UInt8] {
        if acknowledgment != nil { return acknowledgment?.drain() ?? [] }
        return writer.drain()
    }

    // MARK: - Events

    private func handle(_ event: X12Reader.Event) {
        switch event {
        case .interchangeStarted(let header):
            if acknowledgment != nil { acknowledgment?.interchangeStarted(header) } else { beginReport() }
        case .claim(let record):
            claims += 1
            if acknowledgment == nil { write(record) }
        case .problem(let p):
            if fileProblems.count < X12ScrubSession.maxFileProblems { fileProblems.append(p) } else { omittedProblems += 1 }
        case .groupEnded(let group):
            acknowledgment?.group(group)
        case .interchangeEnded:
            acknowledgment?.interchangeEnded()
        }
    }

    private func beginReport() {
        guard !started else { return }
        started = true
        writer.beginObject()
        writer.key("claims")
        writer.beginArray()
    }

    private func write(_ record: X12ClaimRecord) {
        writer.beginObject()
        writer.field("claimId", record.claimID)
        writer.field("transaction", record.transaction)
        writer.field("segment", record.segment)
        switch mapper.map(record) {
        case .problems(let problems):
            writeProblems(problems)
        case .claim(let claim, let locator):
            let verdict = scrub(claim)
            switch consume verdict {
            case .noRuleset:
                writeProblems([X12Problem(.noRuleset, segment: record.segment, segmentID: "CLM",
                                          message: "No ruleset covers the claim's dates of service (DTP*472).")])
            case .invalid(let fieldProblems):
                writeProblems(fieldProblems.map { fp in
                    let place = locator.locate(fp.pointer)
                    return X12Problem(.claimInvalid, segment: place.segment, segmentID: place.segmentID, element: place.element,
                                      message: fp.message)
                })
            case .scrubbed(let result):
                if result.status == .clean { cleanClaims += 1 } else { claimsWithFindings += 1 }
                for id in result.allFindingIDs { findingCounts[id.rawValue, default: 0] += 1 }
                ResultEncoder.writeMembers(result, claimId: false, lineSegment: { locator.serviceSegment(ofLine: $0) }, to: &writer)
            }
        }
        writer.endObject()
    }

    private func writeProblems(_ problems: [X12Problem]) {
        claimsWithProblems += 1
        writer.key("problems")
        writer.beginArray()
        for p in problems { X12ScrubSession.write(p, to: &writer) }
        writer.endArray()
    }

    /// `{"segment", "segmentId", "element", "code", "message"}` (`segment` 0 and `segmentId` "" when
    /// the problem has no segment; `element` null for a whole segment).
    static func write(_ p: X12Problem, to w: inout JSONWriter) {
        w.beginObject()
        w.field("segment", p.segment)
        w.field("segmentId", p.segmentID)
        w.key("element")
        if let e = p.element { w.string(e) } else { w.null() }
        w.field("code", p.code.rawValue)
        w.field("message", p.message)
        w.endObject()
    }
}
