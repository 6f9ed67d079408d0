/// The rules engine's entry point.
public enum Scrubber {
    /// Scrubs one claim against a rule set: computes units, required modifiers, code-pair conflicts, MUEs,
    /// provider, documentation, diagnosis, charge and place-of-service findings, and a corrected claim.
    ///
    /// Pure and deterministic; safe to call from many threads on a shared `RuleSet`. Call
    /// `ClaimValidator.validate` first: on a claim with field problems the result is still well-formed (no crash,
    /// no trap) but its findings are not meaningful. An unknown payer yields `UNKNOWN_PAYER` and the
    /// Medicare defaults of `PayerProfile.fallback`.
    ///
    /// `diagnosisCodes` are the ICD-10-CM releases the claim's diagnoses are checked against. Every date of
    /// service is judged by `rules`; see `scrub(_:diagnosisCodes:rulesFor:)` to judge each date by the rule set in
    /// force on it. `crossClaim` is what the earlier claims of a batch say about this one
    /// (`CrossClaimChecker`): its findings are reported, and its derived counts stand in for a visit number
    /// or treatment days the claim's context does not give.
    public static func scrub(_ claim: consuming Claim, rules: RuleSet, diagnosisCodes: ICD10CMCatalog = .empty,
                             crossClaim: CrossClaimFacts = .none) -> ScrubResult {
        scrub(claim, diagnosisCodes: diagnosisCodes, crossClaim: crossClaim) { _ in rules }
    }

    /// Scrubs one claim, judging each of its dates of service by the rule set `rulesFor` gives for it (called
    /// once per distinct date, earliest first). The payer profile, the code names and `result.ruleset` come from
    /// the earliest date's rule set; when the dates need more than one rule set, `result.rulesets` lists them and
    /// every line result names its own.
    public static func scrub(_ claim: consuming Claim, diagnosisCodes: ICD10CMCatalog = .empty, crossClaim: CrossClaimFacts = .none,
                             rulesFor: (CalendarDate) -> RuleSet) -> ScrubResult {
        var run = ScrubRun(claim: claim, rulesFor: rulesFor)
        if !run.knowsPayer {
            run.report(.unknownPayer, "The payer has no profile in this rule set; Medicare Part B rules were applied.",
                       fix: "Send a payer id the service knows (see the payer profiles), or add a profile for it.")
        }
        return run.run(diagnosisCodes: diagnosisCodes, crossClaim: crossClaim)
    }
}
