import ClaimRules
import StrictJSON

/// Scrubs an NDJSON batch as its bytes arrive: each completed line is decoded, checked against the
/// batch's earlier claims (`CrossClaimChecker`), scrubbed and written as one output line, in input
/// order. Memory: one unfinished line (at most `lineLimit` bytes), the checker's budget, and the
/// lines and output of the bytes fed last.
///
/// With `threads` above 1, the lines a call completes are split between that many threads: they
/// decode their share, the claims are admitted to the checker one by one in input order, then the
/// threads scrub and write their share, and the shares are joined in order: the same output as one
/// thread, byte for byte. The call returns when its lines are done.
///
/// Blank lines (nothing but spaces, tabs and CRs) are skipped without an output line; they still
/// count in the numbering, so `line` is always the input line's number.
public struct BatchScrubber {
    public let lineLimit: Int
    /// Threads that share the lines of one call (1: the caller's thread only).
    public let threads: Int
    public private(set) var summary = BatchSummary()
    private var splitter: NDJSONLineSplitter
    private var checker: CrossClaimChecker
    private let decoder = ClaimDecoder()
    private let rules: (CalendarDate) -> RuleSet?
    private let diagnosisCodes: ICD10CMCatalog
    private let sections: ResultSections
    private var findingCounts = FindingTally()
    /// The lines of the call in progress and each thread's output (threads > 1), reused between calls.
    private var block = BatchBlock()
    private var shares: [BatchShare] = []

    /// Fewer lines than this per thread are not worth waking another thread for.
    static let linesPerThread = 4

    /// - Parameters:
    ///   - lineLimit: the longest line taken as a claim (longer lines are answered with a problem).
    ///   - memoryBudget: the bound of the checks across claims (`CrossClaimChecker`).
    ///   - rules: the ruleset in force on a date of service (nil: none loaded).
    ///   - diagnosisCodes: the ICD-10-CM releases diagnoses are checked against.
    public init(lineLimit: Int, memoryBudget: Int = CrossClaimChecker.defaultMemoryBudget, sections: ResultSections = .full,
                diagnosisCodes: ICD10CMCatalog = .empty, rules: @escaping (CalendarDate) -> RuleSet?) {
        self.init(lineLimit: lineLimit, memoryBudget: memoryBudget, sections: sections, diagnosisCodes: diagnosisCodes,
                  threadCount: 1, rules: rules)
    }

    /// A scrubber whose calls share their lines between `threads` threads (see the type's notes).
    public init(lineLimit: Int, memoryBudget: Int = CrossClaimChecker.defaultMemoryBudget, sections: ResultSections = .full,
                diagnosisCodes: ICD10CMCatalog = .empty, threads: Int, rules: @escaping @Sendable (CalendarDate) -> RuleSet?) {
        self.init(lineLimit: lineLimit, memoryBudget: memoryBudget, sections: sections, diagnosisCodes: diagnosisCodes,
                  threadCount: threads, rules: rules)
    }

    private init(lineLimit: Int, memoryBudget: Int, sections: ResultSections, diagnosisCodes: ICD10CMCatalog, threadCount: Int,
                 rules: @escaping (CalendarDate) -> RuleSet?) {
        self.lineLimit = lineLimit
        self.threads = max(1, threadCount)
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
        if threads > 1 {
            var block = BatchBlock()
            swap(&block, &self.block)
            block.removeAll()
            splitter.feed(bytes) { number, line in block.add(number, line) }
            self.splitter = splitter
            process(block, into: &output)
            swap(&block, &self.block)
        } else {
            splitter.feed(bytes) { number, line in process(number, line, into: &output) }
            self.splitter = splitter
        }
    }

    /// The input ended: processes a last line without LF.
    public mutating func finish(into output: inout JSONWriter) {
        var splitter = self.splitter
        splitter.finish { number, line in process(number, line, into: &output) }
        self.splitter = splitter
    }

    /// Finding ids reported since the last call, with their counts (for metrics).
    public mutating func takeFindingCounts() -> [String: Int] {
        defer { findingCounts.reset() }
        return findingCounts.byID
    }

    /// The lines of one call on `threads` threads (fewer when there are few lines).
    ///
    /// Each thread takes a contiguous share of the lines through every stage: it decodes them, admits
    /// its claims to the checker when the shares before it have (a turn, so the checker sees the claims
    /// in input order), then scrubs and writes them. One hand-over per call, and a claim is freed by the
    /// thread that built it.
    private mutating func process(_ block: BatchBlock, into output: inout JSONWriter) {
        let count = block.lines.count
        let parts = min(threads, count / Self.linesPerThread)
        guard parts > 1 else {
            block.bytes.withUnsafeBytes { all in
                for line in block.lines {
                    process(line.number, line.range.map { .text(UnsafeRawBufferPointer(rebasing: all[$0])) } ?? .tooLong, into: &output)
                }
            }
            return
        }
        let share = { (part: Int) in (count * part / parts)..<(count * (part + 1) / parts) }
        while shares.count < parts { shares.append(BatchShare()) }
        // The checker is lent to the shares' turns: moved out and back, so its tables are never copied.
        var checker = CrossClaimChecker(memoryBudget: 0)
        swap(&checker, &self.checker)
        let turns = TurnGate()
        let joins = TurnGate()
        let context = BatchShare.Context(decoder: decoder, rules: rules, diagnosisCodes: diagnosisCodes, lineLimit: lineLimit,
                                         sections: sections, countFindings: true)
        block.bytes.withUnsafeBytes { all in
            withUnsafeMutablePointer(to: &checker) { checker in
                withUnsafeMutablePointer(to: &output) { output in
                    shares.withUnsafeMutableBufferPointer { buffer in
                        let out = buffer
                        ParallelLoop.run(iterations: parts) { part in
                            out[part].reset()
                            out[part].process(block.lines[share(part)], in: all, context: context, checker: checker, gate: turns, turn: part)
                            // Joined in order by the thread that wrote the share, while later shares are still
                            // being scrubbed.
                            joins.wait(for: part)
                            output.pointee.appendLines(of: out[part].writer)
                            joins.pass()
                        }
                    }
                }
            }
        }
        swap(&checker, &self.checker)
        for part in 0..<parts {
            summary.add(shares[part].summary)
            findingCounts.add(shares[part].findingCounts)
        }
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
            findingCounts.count(result)
            BatchLine.writeResult(result, line: number, sections: sections, to: &output)
        }
    }
}
