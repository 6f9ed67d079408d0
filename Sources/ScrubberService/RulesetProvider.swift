import ClaimRules

/// The rulesets in service, as the claim processor sees them. Implementations swap their contents
/// atomically on reload: a request reads the provider once and works on that snapshot.
public protocol RulesetProvider: Sendable {
    /// The ruleset to scrub a claim with this date of service: the one in force on that date, else
    /// the nearest (the engine then reports RULESET_NOT_IN_FORCE); nil only when none is loaded.
    func ruleset(for date: CalendarDate) -> RuleSet?
    /// Every loaded ruleset, oldest effective date first.
    var rulesets: [RuleSet] { get }
    /// The ICD-10-CM releases claims' diagnosis codes are checked against (chosen by date of service).
    var diagnosisCodes: ICD10CMCatalog { get }
    /// `ruleset(for:)` over the rulesets in service now, unchanged by later reloads.
    func snapshot() -> @Sendable (CalendarDate) -> RuleSet?
}

extension RulesetProvider {
    public func snapshot() -> @Sendable (CalendarDate) -> RuleSet? { { self.ruleset(for: $0) } }
}
