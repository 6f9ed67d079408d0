import ClaimRules
import StrictJSON

/// The logic of `claim-scrubber check`, free of files and processes so it can be tested directly:
/// claim bytes and a rule set in; exit status, result JSON and diagnostics out.
public enum ClaimCheck {
    /// What the command prints and returns.
    public struct Outcome: Sendable, Equatable {
        /// 0 clean, 1 findings (warnings or errors), 2 bad input.
        public var exitStatus: Int32
        /// The result JSON (with a trailing newline) for stdout; empty on bad input.
        public var output: [UInt8]
        /// Lines for stderr: empty unless the input was bad.
        public var diagnostics: [String]
    }

    /// Decodes, validates and scrubs one claim, checking its diagnosis codes against `diagnosisCodes`.
    /// `inputName` (a file name, or "stdin") prefixes diagnostics.
    public static func run(_ bytes: [UInt8], rules: RuleSet, diagnosisCodes: ICD10CMCatalog = .empty, pretty: Bool = false,
                           inputName: String = "stdin") -> Outcome {
        run(bytes, rulesFor: { _ in rules }, diagnosisCodes: diagnosisCodes, pretty: pretty, inputName: inputName)
    }

    /// Decodes one claim, validates it against the rule set of its earliest date of service and scrubs it
    /// with each date judged by its own rule set, as the service does (`rulesFor`: the ruleset in force on
    /// a date, else the nearest; nil when none is loaded; the date is nil when the claim has none), checking
    /// its diagnosis codes against `diagnosisCodes` (the ICD-10-CM releases, chosen by date of service).
    public static func run(_ bytes: [UInt8], rulesFor: (CalendarDate?) -> RuleSet?, diagnosisCodes: ICD10CMCatalog = .empty, pretty: Bool = false,
                           inputName: String = "stdin") -> Outcome {
        let claim: Claim
        do {
            claim = try ClaimDecoder().decode(bytes)
        } catch {
            return Outcome(exitStatus: 2, output: [], diagnostics: diagnostics(for: error, inputName: inputName))
        }
        guard let rules = rulesFor(claim.earliestDateOfService) else {
            return Outcome(exitStatus: 2, output: [], diagnostics: ["\(inputName): no ruleset is loaded"])
        }
        let problems = ClaimValidator.validate(claim, rules: rules)
        guard problems.isEmpty else {
            return Outcome(exitStatus: 2, output: [], diagnostics: diagnostics(for: .invalid(problems), inputName: inputName))
        }
        // Each date of service is judged by the rule set in force on it, as the service does (the earliest
        // date's is the one already chosen).
        let earliest = claim.earliestDateOfService
        let result = Scrubber.scrub(claim, diagnosisCodes: diagnosisCodes) { date in
            date == earliest ? rules : rulesFor(date) ?? rules
        }
        var output = ResultEncoder.encode(result, pretty: pretty)
        output.append(UInt8(ascii: "\n"))
        return Outcome(exitStatus: exitStatus(for: result), output: output, diagnostics: [])
    }

    /// 0 for a clean result, 1 when it has any finding (warnings, errors, conflicts). `info` notices never change the
    /// status and do not count: a claim dated outside the built-in NCCI snapshot's quarter carries one on every run.
    public static func exitStatus(for result: ScrubResult) -> Int32 {
        let hasFindings = result.status != .clean || !result.errors.isEmpty || !result.conflicts.isEmpty
            || result.warnings.contains { $0.severity != .info }
        return hasFindings ? 1 : 0
    }

    /// `NAME:LINE:COLUMN: malformed JSON: ...` for syntax errors, one `NAME: POINTER: message` line per problem otherwise.
    public static func diagnostics(for error: ClaimDecodingError, inputName: String) -> [String] {
        switch error {
        case .malformedJSON(let message, let line, let column, _):
            return ["\(inputName):\(line):\(column): malformed JSON: \(message)"]
        case .invalid(let problems):
            let header = "\(inputName): not a valid claim (\(problems.count) problem\(problems.count == 1 ? "" : "s")):"
            return [header] + problems.map { "  \($0.pointer.isEmpty ? "(document)" : $0.pointer): \($0.message)" }
        }
    }
}
