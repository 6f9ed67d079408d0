public import ClaimRules

/// The rulesets the service holds: the imported NCCI quarters (each in force for its quarter's window)
/// and the built-in default ruleset (`Config/rules`: the CMS practitioner edits in force on 2024-07-01, therapy codes).
///
/// How `selection(for:)` picks the ruleset for a date of service:
/// 1. No imported ruleset loaded: the built-in default, whatever the date (the service runs out of the box). It is a
///    snapshot (`RuleSet.snapshot`): for a date outside its quarter the engine adds the info finding
///    `NCCI_EDITS_SNAPSHOT` saying so and how to import the current quarter, and no `RULESET_NOT_IN_FORCE` warning.
/// 2. An imported ruleset whose window (first to last day of its quarter) contains the date: that one.
///    Windows never overlap (one ruleset per quarter; a second copy of a quarter is refused at load).
/// 3. Imported rulesets loaded but none covers the date (a quarter not imported yet, or older than the
///    oldest one kept): the nearest imported ruleset, i.e. the latest one that starts before the date,
///    else the earliest. Its window does not contain the date, so the engine adds the
///    `RULESET_NOT_IN_FORCE` warning to the result: never a silent pass. The built-in snapshot is not used
///    here: the operator imports quarters, so the nearest of those is closer to the date than the snapshot,
///    which covers therapy codes only.
public struct RulesetCatalog: Sendable {
    /// Where one loaded ruleset came from.
    public struct Entry: Sendable {
        public var ruleset: RuleSet
        /// The `ruleset.ncci` path, or nil for the built-in default.
        public var path: String?
        public var isDefault: Bool { path == nil }
        /// File identity when loaded, so an unchanged file is not read again on reload.
        var stamp: FileStamp?

        public init(ruleset: RuleSet, path: String?) {
            self.ruleset = ruleset
            self.path = path
        }
    }

    /// What `selection(for:)` returns.
    public struct Selection: Sendable {
        public var ruleset: RuleSet
        /// False when no loaded ruleset's window contains the date (the engine then warns).
        public var covered: Bool
    }

    /// The built-in default.
    public let defaultRuleset: RuleSet
    /// Imported rulesets, ascending by effective date.
    public let imported: [Entry]

    /// A catalog with only the built-in default.
    public init(defaultRuleset: RuleSet) {
        self.defaultRuleset = defaultRuleset
        self.imported = []
    }

    /// Refuses two imported rulesets whose windows overlap (e.g. the same quarter imported twice).
    public init(defaultRuleset: RuleSet, imported: [Entry]) throws(NCCIImportError) {
        let sorted = imported.sorted { $0.ruleset.effective < $1.ruleset.effective }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            let aEnd = a.ruleset.through
            if aEnd == nil || b.ruleset.effective <= aEnd ?? b.ruleset.effective {
                throw .badRulesetFile(file: b.path ?? b.ruleset.id,
                                      reason: "its window overlaps \(a.ruleset.id) (\(a.path ?? "default")); keep one ruleset per quarter")
            }
        }
        self.defaultRuleset = defaultRuleset
        self.imported = sorted
    }

    /// Every loaded ruleset: imported ones by date, then the default.
    public var all: [Entry] { imported + [Entry(ruleset: defaultRuleset, path: nil)] }

    /// The ruleset to scrub a claim with (see the type's documentation for the rules).
    public func ruleset(for date: CalendarDate) -> RuleSet { selection(for: date).ruleset }

    public func selection(for date: CalendarDate) -> Selection {
        guard let first = imported.first else {
            return Selection(ruleset: defaultRuleset, covered: defaultRuleset.isInForce(on: date))
        }
        // Binary search: the last imported ruleset starting on or before the date.
        var lo = 0, hi = imported.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if imported[mid].ruleset.effective <= date { lo = mid + 1 } else { hi = mid }
        }
        let candidate = lo > 0 ? imported[lo - 1].ruleset : first.ruleset
        return Selection(ruleset: candidate, covered: candidate.isInForce(on: date))
    }
}
