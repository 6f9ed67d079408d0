import ClaimRules

/// Which part of a scrub result a claim route returns.
public enum ClaimPart: String, Sendable, CaseIterable {
    /// The whole result (`POST /v1/claims/scrub`).
    case full
    case units
    case modifiers
    case conflicts
    case warnings
}

/// What processing one claim body produced.
public enum ClaimOutcome: Sendable {
    /// The encoded result (or result part) and the catalog ids of every finding in it.
    case success(body: [UInt8], findings: [String])
    /// Not well-formed JSON (400).
    case malformed([ProblemEntry])
    /// Well-formed, but not a valid claim (422), every problem located.
    case invalid([ProblemEntry])
}

/// What the claim checks and the scrub made of an already built claim.
public enum ClaimScrubOutcome: Sendable {
    /// The claim fails the claim checks (every problem, located by JSON pointer into our claim model).
    case invalid([FieldProblem])
    /// The scrub result.
    case scrubbed(ScrubResult)
}

/// The claim-specific work behind the HTTP API: decode, validate, scrub, encode, and the read-only
/// documents. `RulesEngineProcessor` is the real one; it reads the current rulesets on every call,
/// so a reload swaps what the next request sees.
public protocol ClaimProcessor: Sendable {
    func process(_ body: [UInt8], part: ClaimPart) -> ClaimOutcome
    /// The path every claim format shares once it is a `Claim`: the ruleset in force on its dates,
    /// `ClaimValidator.validate`, then `Scrubber.scrub`.
    func scrub(_ claim: Claim) -> ClaimScrubOutcome
    /// The claim checks alone (for a claim another format could not read whole, to report every problem).
    func problems(in claim: Claim) -> [FieldProblem]
    /// `GET /v1/payers` body.
    func payersDocument() -> [UInt8]
    /// `GET /v1/ruleset` body.
    func rulesetDocument() -> [UInt8]
    /// How many rulesets are loaded (a gauge in /metrics; 0 means not ready).
    var loadedRulesetCount: Int { get }
    /// The rule data for one batch, fixed for its duration (a reload mid-batch does not change it):
    /// the ruleset to scrub a date of service with (nil when none is loaded), and the ICD-10-CM releases.
    func batchRulesets() -> (rules: @Sendable (CalendarDate) -> RuleSet?, diagnosisCodes: ICD10CMCatalog)
    /// The ruleset with the latest effective date: the code sets a claim format checks while reading, before
    /// any date of service is known (an 837P's place-of-service and taxonomy codes).
    var latestRuleset: RuleSet? { get }
}

extension ClaimProcessor {
    /// No rulesets: every line of a batch is answered with a problem.
    public func batchRulesets() -> (rules: @Sendable (CalendarDate) -> RuleSet?, diagnosisCodes: ICD10CMCatalog) {
        ({ _ in nil }, .empty)
    }

    public var latestRuleset: RuleSet? { nil }
}
