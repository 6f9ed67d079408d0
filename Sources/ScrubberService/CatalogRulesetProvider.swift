import ClaimRules
import RuleData

/// The rulesets in service: ncci's `RulesetHolder` (the built-in default plus every imported quarter
/// under `rulesets.directory`) and the ICD-10-CM releases (the embedded one plus every release imported
/// under the same directory), each read once per request and swapped atomically on reload.
public final class CatalogRulesetProvider: RulesetProvider {
    public let holder: RulesetHolder
    public let codeSets: ICD10CMHolder
    public let directory: String?

    public init(holder: RulesetHolder, codeSets: ICD10CMHolder, directory: String?) {
        self.holder = holder
        self.codeSets = codeSets
        self.directory = directory
    }

    /// Loads the catalog and the ICD-10-CM releases (the embedded one unless `embeddedCodeSet` says
    /// otherwise) at start; a bad file is a configuration error naming the file.
    public convenience init(directory: String?, defaultRuleset: RuleSet,
                            embeddedCodeSet: ICD10CMCodeSet? = nil) throws(ConfigurationError) {
        func failure(_ message: String) -> ConfigurationError {
            ConfigurationError(setting: "rulesets.directory", origin: directory.map { "directory \($0)" } ?? "", message: message)
        }
        let holder: RulesetHolder
        let codeSets: ICD10CMHolder
        do throws(NCCIImportError) {
            holder = try RulesetHolder(directory: directory, defaultRuleset: defaultRuleset)
        } catch {
            throw failure(error.description)
        }
        do throws(RuleDataError) {
            let embedded: ICD10CMCodeSet
            if let embeddedCodeSet { embedded = embeddedCodeSet } else { embedded = try ICD10CMReleaseLoader.embedded() }
            codeSets = try ICD10CMHolder(directory: directory, embedded: embedded)
        } catch {
            throw failure(error.description)
        }
        self.init(holder: holder, codeSets: codeSets, directory: directory)
    }

    public func ruleset(for date: CalendarDate) -> RuleSet? { holder.current.ruleset(for: date) }

    public func snapshot() -> @Sendable (CalendarDate) -> RuleSet? {
        let catalog = holder.current
        return { catalog.ruleset(for: $0) }
    }

    /// Imported rulesets by effective date, then the built-in default.
    public var rulesets: [RuleSet] { holder.current.all.map(\.ruleset) }

    public var diagnosisCodes: ICD10CMCatalog { codeSets.current.catalog }

    /// Reloads the directory (validating every file before the swap); on failure the catalog in
    /// service stays and the error (naming file and reason) propagates to the reloader.
    @discardableResult
    public func reload() throws -> String {
        let catalog = try holder.reload(from: directory)
        return catalog.all.map { "\($0.ruleset.id) (\($0.ruleset.digest.prefix(12)))" }.joined(separator: ", ")
    }

    /// Reloads the ICD-10-CM releases under the directory (checking every file before the swap); on
    /// failure the releases in service stay and the error (naming file and reason) propagates.
    @discardableResult
    public func reloadDiagnosisCodes() throws -> String {
        let releases = try codeSets.reload(from: directory)
        return releases.entries.map { "\($0.codeSet.id) (\($0.codeSet.digest.prefix(12)))" }.joined(separator: ", ")
    }
}
