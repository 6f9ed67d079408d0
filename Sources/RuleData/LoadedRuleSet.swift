import ClaimRules

/// A loaded ruleset with the manifest it was described by.
public struct LoadedRuleSet: Sendable {
    /// The rules, ready for `Scrubber.scrub`.
    public var ruleSet: RuleSet
    /// `ruleset.json` as read (id, version, dates).
    public var manifest: RuleSetManifest

    /// Pairs a ruleset with its manifest.
    public init(ruleSet: RuleSet, manifest: RuleSetManifest) {
        self.ruleSet = ruleSet
        self.manifest = manifest
    }
}
