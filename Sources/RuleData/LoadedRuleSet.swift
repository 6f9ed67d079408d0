import ClaimRules

/// A loaded ruleset with the manifest it was described by.
public struct LoadedRuleSet: Sendable {
    /// The rules, ready for `Scrubber.scrub`.
    public var ruleSet: RuleSet
    /// `ruleset.json` as read (id, version, dates).
    public var manifest: RuleSetManifest
    /// Rows of `ptp-pairs.tsv`, history that never applies included (`ruleSet.ptp` holds those that can apply).
    public var ptpRowCount: Int

    /// Pairs a ruleset with its manifest.
    public init(ruleSet: RuleSet, manifest: RuleSetManifest, ptpRowCount: Int? = nil) {
        self.ruleSet = ruleSet
        self.manifest = manifest
        self.ptpRowCount = ptpRowCount ?? ruleSet.ptp.count
    }
}
