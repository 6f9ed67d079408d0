import ClaimRules
import StrictJSON

/// One thread's share of a batch piece and what it produced, joined in input order after every share
/// is done: the output lines, the counts and, when asked for, the findings by id (for metrics).
///
/// `process` takes the share through every stage of a batch line (`BatchLine`) on the calling
/// thread: decode and validate, the checks across claims in the share's turn (so the checker sees
/// the claims in input order), then scrub and write. The HTTP route (`BatchScrubber`) and
/// `check --batch` both run their threads this way.
public struct BatchShare {
    public var writer: JSONWriter
    public var summary = BatchSummary()
    /// Findings by id, counted when `process` is asked to.
    public var findingCounts = FindingTally()

    public init(capacity: Int = 64 * 1024) {
        writer = JSONWriter(capacity: capacity)
    }

    /// Empties the output and the counts, keeping the buffers.
    public mutating func reset() {
        writer.reset()
        summary = BatchSummary()
        findingCounts.reset()
    }

    /// What a share needs besides its lines: the same for every share of a batch.
    public struct Context {
        public let decoder: ClaimDecoder
        public let rules: (CalendarDate) -> RuleSet?
        public let diagnosisCodes: ICD10CMCatalog
        public let lineLimit: Int
        public let sections: ResultSections
        public let countFindings: Bool

        public init(decoder: ClaimDecoder, rules: @escaping (CalendarDate) -> RuleSet?, diagnosisCodes: ICD10CMCatalog,
                    lineLimit: Int, sections: ResultSections, countFindings: Bool) {
            self.decoder = decoder
            self.rules = rules
            self.diagnosisCodes = diagnosisCodes
            self.lineLimit = lineLimit
            self.sections = sections
            self.countFindings = countFindings
        }
    }

    /// Decodes `lines` (each a place in `bytes`, nil for a line over the limit), admits their claims to
    /// `checker` once `gate` reaches `turn` (passing it after), then scrubs them and appends their
    /// output lines.
    public mutating func process(_ lines: ArraySlice<(number: Int, range: Range<Int>?)>, in bytes: UnsafeRawBufferPointer,
                                 context: Context, checker: UnsafeMutablePointer<CrossClaimChecker>, gate: TurnGate, turn: Int) {
        var decoded: [BatchLine.Decoded] = []
        decoded.reserveCapacity(lines.count)
        for line in lines {
            guard let range = line.range else {
                decoded.append(BatchLine.tooLong(limit: context.lineLimit))
                continue
            }
            decoded.append(BatchLine.decode(UnsafeRawBufferPointer(rebasing: bytes[range]), decoder: context.decoder, rules: context.rules))
        }
        var facts = [CrossClaimFacts](repeating: .none, count: decoded.count)
        gate.wait(for: turn)
        for (line, j) in zip(lines.indices, decoded.indices) {
            if case .claim(let claim, let ruleset) = decoded[j] {
                facts[j] = checker.pointee.admit(claim, line: lines[line].number, rules: ruleset)
            }
        }
        gate.pass()
        for (line, j) in zip(lines.indices, decoded.indices) {
            let number = lines[line].number
            // Moved out of the array, so the scrub takes the claim over instead of copying it.
            var entry = BatchLine.Decoded.problems([])
            swap(&entry, &decoded[j])
            switch consume entry {
            case .problems(let problems):
                summary.badLines += 1
                BatchLine.writeProblems(problems, line: number, to: &writer)
            case .claim(let claim, let ruleset):
                let result = BatchLine.scrub(claim, ruleset: ruleset, rules: context.rules, diagnosisCodes: context.diagnosisCodes,
                                             crossClaim: facts[j])
                summary.count(result)
                if context.countFindings { findingCounts.count(result) }
                BatchLine.writeResult(result, line: number, sections: context.sections, to: &writer)
            }
        }
    }
}
