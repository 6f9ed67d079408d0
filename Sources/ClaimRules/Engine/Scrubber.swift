/// The rules engine's entry point.
public enum Scrubber {
    /// Scrubs one claim against a rule set: computes units, required modifiers, code-pair conflicts, MUEs,
    /// provider and documentation findings, and a corrected claim.
    ///
    /// Pure and deterministic; safe to call from many threads on a shared `RuleSet`. Call
    /// `ClaimValidator.validate` first: on a claim with field problems the result is still well-formed (no crash,
    /// no trap) but its findings are not meaningful. An unknown payer yields `UNKNOWN_PAYER` and the
    /// Medicare defaults of `PayerProfile.fallback`.
    ///
    /// `diagnosisCodes` are the ICD-10-CM releases the claim's diagnoses are checked against.
    /// `crossClaim` is what the earlier claims of a batch say about this one (`CrossClaimChecker`):
    /// its findings are reported, and its derived counts stand in for a visit number or treatment
    /// days the claim's context does not give.
    public static func scrub(_ claim: Claim, rules: RuleSet, diagnosisCodes: ICD10CMCatalog = .empty,
                             crossClaim: CrossClaimFacts = .none) -> ScrubResult {
        let box = rules.profileBox(claim.payer)
        var run = ScrubRun(claim: claim, rules: rules, profileBox: box ?? .fallback, crossClaim: crossClaim)
        if box == nil {
            run.report(.unknownPayer, "The payer has no profile in this rule set; Medicare Part B rules were applied.",
                       fix: "Send a payer id the service knows (see the payer profiles), or add a profile for it.")
        }
        return run.run()
    }
}
