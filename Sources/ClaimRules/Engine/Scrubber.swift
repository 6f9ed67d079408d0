/// The rules engine's entry point.
public enum Scrubber {
    /// Scrubs one claim against a rule set: computes units, required modifiers, code-pair conflicts, MUEs,
    /// provider and documentation findings, and a corrected claim.
    ///
    /// Pure and deterministic; safe to call from many threads on a shared `RuleSet`. Call
    /// `ClaimValidator.validate` first: on a claim with field problems the result is still well-formed but
    /// its findings are not meaningful. An unknown payer yields `UNKNOWN_PAYER` and Medicare defaults.
    public static func scrub(_ claim: Claim, rules: RuleSet) -> ScrubResult {
        // STUB (step 1): the checks land in step 2.
        let profile = rules.payers[claim.payer]
        return ScrubResult(
            claimId: claim.claimId, status: .clean, payer: claim.payer,
            unitMethod: profile?.unitMethod ?? .cmsTotalTime,
            ruleset: .init(id: rules.id, effective: rules.effective, quarter: rules.quarter, digest: rules.digest),
            totalTimedMinutes: 0, lines: [], conflicts: [], errors: [], warnings: [], correctedClaim: claim)
    }
}
