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

/// The claim-specific work behind the HTTP API: decode, validate, scrub, encode, and the read-only
/// documents. `RulesEngineProcessor` is the real one; it reads the current rulesets on every call,
/// so a reload swaps what the next request sees.
public protocol ClaimProcessor: Sendable {
    func process(_ body: [UInt8], part: ClaimPart) -> ClaimOutcome
    /// `GET /v1/payers` body.
    func payersDocument() -> [UInt8]
    /// `GET /v1/ruleset` body.
    func rulesetDocument() -> [UInt8]
    /// How many rulesets are loaded (a gauge in /metrics; 0 means not ready).
    var loadedRulesetCount: Int { get }
    /// The rulesets for one batch, fixed for its duration (a reload mid-batch does not change them):
    /// the one to scrub a date of service with, nil when none is loaded.
    func batchRulesets() -> @Sendable (CalendarDate) -> RuleSet?
}

extension ClaimProcessor {
    /// No rulesets: every line of a batch is answered with a problem.
    public func batchRulesets() -> @Sendable (CalendarDate) -> RuleSet? { { _ in nil } }
}
