import ClaimRules
import RuleData

/// The rulesets in service: ncci's `RulesetHolder` (the built-in default plus every imported quarter
/// under `rulesets.directory`), read once per request and swapped atomically on reload.
public final class CatalogRulesetProvider: RulesetProvider {
    public let holder: RulesetHolder
    public let directory: String?

    public init(holder: RulesetHolder, directory: String?) {
        self.holder = holder
        self.directory = directory
    }

    /// Loads the catalog at start; a bad ruleset file is a configuration error naming the file.
    public convenience init(directory: String?, defaultRuleset: RuleSet) throws(ConfigurationError) {
        do {
            self.init(holder: try RulesetHolder(directory: directory, defaultRuleset: defaultRuleset), directory: directory)
        } catch {
            throw ConfigurationError(setting: "rulesets.directory", origin: directory.map { "directory \($0)" } ?? "",
                                     message: error.description)
        }
    }

    public func ruleset(for date: CalendarDate) -> RuleSet? { holder.current.ruleset(for: date) }

    /// Imported rulesets by effective date, then the built-in default.
    public var rulesets: [RuleSet] { holder.current.all.map(\.ruleset) }

    /// Reloads the directory (validating every file before the swap); on failure the catalog in
    /// service stays and the error (naming file and reason) propagates to the reloader.
    @discardableResult
    public func reload() throws -> String {
        let catalog = try holder.reload(from: directory)
        return catalog.all.map { "\($0.ruleset.id) (\($0.ruleset.digest.prefix(12)))" }.joined(separator: ", ")
    }
}
