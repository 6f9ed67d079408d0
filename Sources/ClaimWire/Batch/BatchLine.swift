import ClaimRules
import StrictJSON

/// The steps of one NDJSON batch line, shared by `BatchScrubber` (one thread, the HTTP route) and the
/// parallel `check --batch`: decode and validate, then (in batch order) `CrossClaimChecker.admit`,
/// then scrub and write the output line.
///
/// Output lines: `{"line": N, ...the scrub result...}` for a claim, `{"line": N, "problems": [{"pointer",
/// "message"}]}` for a line that is not a valid claim (problems as the single-claim routes report
/// them; malformed JSON with an empty pointer and the column), and a last `{"error": {...problem...},
/// "processedThrough": N}` when the batch stops early.
public enum BatchLine {
    /// A decoded line: a claim ready to scrub with the ruleset in force on its date, or its problems.
    public enum Decoded: Sendable {
        case claim(Claim, RuleSet)
        case problems([FieldProblem])
    }

    /// Syntax, schema, the ruleset for the claim's earliest date of service (`rules`), semantics.
    public static func decode(_ bytes: UnsafeRawBufferPointer, decoder: ClaimDecoder,
                              rules: (CalendarDate) -> RuleSet?) -> Decoded {
        let claim: Claim
        do {
            claim = try decoder.decode(bytes)
        } catch {
            switch error {
            case .malformedJSON(let message, _, let column, _):
                return .problems([FieldProblem(pointer: "", message: "malformed JSON at column \(column): \(message)")])
            case .invalid(let problems):
                return .problems(problems)
            }
        }
        guard let date = claim.earliestDateOfService, let ruleset = rules(date) else {
            return .problems([FieldProblem(pointer: "/dateOfService", message: "no ruleset is loaded for the date of service")])
        }
        let problems = ClaimValidator.validate(claim, rules: ruleset)
        return problems.isEmpty ? .claim(claim, ruleset) : .problems(problems)
    }

    /// Scrubs a decoded claim as the single-claim routes do: its earliest date by `ruleset` (the one it
    /// was validated with), every other date by the ruleset `rules` gives for it.
    public static func scrub(_ claim: consuming Claim, ruleset: RuleSet, rules: (CalendarDate) -> RuleSet?,
                             diagnosisCodes: ICD10CMCatalog, crossClaim: CrossClaimFacts) -> ScrubResult {
        let earliest = claim.earliestDateOfService
        return Scrubber.scrub(claim, diagnosisCodes: diagnosisCodes, crossClaim: crossClaim) { date in
            date == earliest ? ruleset : rules(date) ?? ruleset
        }
    }

    /// The problem of a line longer than `limit` bytes.
    public static func tooLong(limit: Int) -> Decoded {
        .problems([FieldProblem(pointer: "", message: "the line is longer than \(limit) bytes, the limit for one claim")])
    }

    /// Writes `{"line": N, "problems": [...]}` and ends the line.
    public static func writeProblems(_ problems: [FieldProblem], line: Int, to w: inout JSONWriter) {
        w.withRoom { w in
            w.beginObject()
            w.field("line", line)
            w.beginArray("problems")
            problems.withUnsafeBufferPointer { problems in
                for k in problems.indices {
                    w.beginObject()
                    w.field("pointer", problems[k].pointer)
                    w.field("message", problems[k].message)
                    w.endObject()
                }
            }
            w.endArray()
            w.endObject()
            w.endLine()
        }
    }

    /// Writes `{"line": N, ...result...}` and ends the line.
    public static func writeResult(_ result: ScrubResult, line: Int, sections: ResultSections = .full, to w: inout JSONWriter) {
        // One room for the whole line: the buffer is reached once per result, not once per member.
        w.withRoom { w in
            w.beginObject()
            w.field("line", line)
            ResultEncoder.writeMembers(result, sections: sections, claimId: true, lineSegment: nil, to: &w)
            w.endObject()
            w.endLine()
        }
    }

    /// Writes the last line of a batch that stopped before its end: an RFC 9457 problem under
    /// `error`, and the number of the last input line processed (every line up to it has its output
    /// line, blank lines excepted; none after it has).
    public static func writeInterruption(type: String, title: String, status: Int, detail: String,
                                         processedThrough: Int, to w: inout JSONWriter) {
        w.beginObject()
        w.key("error")
        w.beginObject()
        w.field("type", type)
        w.field("title", title)
        w.field("status", status)
        w.field("detail", detail)
        w.endObject()
        w.field("processedThrough", processedThrough)
        w.endObject()
        w.endLine()
    }
}
