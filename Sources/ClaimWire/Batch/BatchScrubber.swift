import ClaimRules
import StrictJSON

/// Scrubs an NDJSON batch as its bytes arrive, on one thread: each completed line is decoded,
/// checked against the batch's earlier claims (`CrossClaimChecker`), scrubbed and written as one
/// output line, in input order. Memory: one unfinished line (at most `lineLimit` bytes), the
/// checker's budget, and the output of the bytes fed last.
///
/// Blank lines (nothing but spaces, tabs and CRs) are skipped without an output line; they still
/// count in the numbering, so `line` is always the input line's number.
public struct BatchScrubber {
    public let lineLimit: Int
    public private(set) var summary = BatchSummary()
    private var splitter: NDJSONLineSplitter
    private var checker: CrossClaimChecker
    private let decoder = ClaimDecoder()
    private let rules: (CalendarDate) -> RuleSet?
    private let diagnosisCodes: ICD10CMCatalog
    private let sections: ResultSections
    private var findingCounts: [String: Int] = [:]

    /// - Parameters:
    ///   - lineLimit: the longest line taken as a claim (longer lines are answered with a problem).
    ///   - memoryBudget: the bound of the checks across claims (`CrossClaimChecker`).
    ///   - rules: the ruleset in force on a date of service (nil: none loaded).
    ///   - diagnosisCodes: the ICD-10-CM releases diagnoses are checked against.
    public init(lineLimit: Int, memoryBudget: Int = CrossClaimChecker.defaultMemoryBudget, sections: ResultSections = .full,
                diagnosisCodes: ICD10CMCatalog = .empty, rules: @escaping (CalendarDate) -> RuleSet?) {
        self.lineLimit = lineLimit
        self.splitter = NDJSONLineSplitter(lineLimit: lineLimit)
        self.checker = CrossClaimChecker(memoryBudget: memoryBudget)
        self.sections = sections
        self.diagnosisCodes = diagnosisCodes
        self.rules = rules
    }

    /// The number of the last input line completed (0 before the first).
    public var lastLine: Int { splitter.lineNumber }

    /// Processes the lines `bytes` completes; their output lines go to `output`.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into output: inout JSONWriter) {
        var splitter = self.splitter
        splitter.feed(bytes) { number, line in process(number, line, into: &output) }
        self.splitter = splitter
    }

    /// The input ended: processes a last line without LF.
    public mutating func finish(into output: inout JSONWriter) {
        var splitter = self.splitter
        splitter.finish { number, line in process(number, line, into: &output) }
        self.splitter = splitter
    }

    /// Finding ids reported since the last call, with their counts (for metrics).
    public mutating func takeFindingCounts() -> [String: Int] {
        defer { findingCounts.removeAll(keepingCapacity: true) }
        return findingCounts
    }

    private mutating func process(_ number: Int, _ line: NDJSONLineSplitter.Line, into output: inout JSONWriter) {
        let decoded: BatchLine.Decoded
        switch line {
        case .tooLong:
            decoded = BatchLine.tooLong(limit: lineLimit)
        case .text(let bytes):
            if NDJSONLineSplitter.isBlank(bytes) { return }
            decoded = BatchLine.decode(bytes, decoder: decoder, rules: rules)
        }
        switch decoded {
        case .problems(let problems):
            summary.badLines += 1
            BatchLine.writeProblems(problems, line: number, to: &output)
        case .claim(let claim, let ruleset):
            let facts = checker.admit(claim, line: number, rules: ruleset)
            let result = BatchLine.scrub(claim, ruleset: ruleset, rules: rules, diagnosisCodes: diagnosisCodes, crossClaim: facts)
            summary.count(result)
            for id in result.allFindingIDs { findingCounts[id.rawValue, default: 0] += 1 }
            BatchLine.writeResult(result, line: number, sections: sections, to: &output)
        }
    }
}
