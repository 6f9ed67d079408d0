public import ClaimRules
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Loads every imported ruleset under a rulesets directory into a `RulesetCatalog`.
///
/// Layout: each import is a subdirectory holding `ruleset.ncci` (what `import-ncci --out DIR` writes),
/// e.g. `rulesets/2026Q1/ruleset.ncci`, `rulesets/2026Q2/ruleset.ncci`; the directory may also be one
/// import directory itself. Hidden entries (names starting with `.`, such as an import in progress)
/// are skipped. Any file that fails validation fails the whole load, so a reload is all or nothing.
public enum RulesetCatalogLoader {
    /// Loads the catalog; `directory` nil gives the built-in default alone. `previous` lets unchanged
    /// files (same path, inode, size, modification time and header digest) reuse their loaded ruleset
    /// instead of being read again, so a reload only pays for what changed.
    public static func load(directory: String?, defaultRuleset: RuleSet,
                            previous: RulesetCatalog? = nil) throws(NCCIImportError) -> RulesetCatalog {
        guard let directory else { return RulesetCatalog(defaultRuleset: defaultRuleset) }
        let paths = try rulesetFiles(in: directory)
        var entries: [RulesetCatalog.Entry] = []
        for path in paths {
            let stamp = FileStamp(path: path)
            if let stamp, let previous, previous.defaultRuleset.digest == defaultRuleset.digest,
               let old = previous.imported.first(where: { $0.path == path && $0.stamp == stamp }) {
                entries.append(old)
                continue
            }
            let imported = try ImportedRulesetReader.read(path: path)
            let ruleset = try imported.makeRuleSet(base: defaultRuleset, file: path)
            var entry = RulesetCatalog.Entry(ruleset: ruleset, path: path)
            entry.stamp = stamp
            entries.append(entry)
        }
        return try RulesetCatalog(defaultRuleset: defaultRuleset, imported: entries)
    }

    /// The `ruleset.ncci` files under `directory`, sorted by path.
    public static func rulesetFiles(in directory: String) throws(NCCIImportError) -> [String] {
        let fm = FileManager.default
        guard FilePaths.isDirectory(directory) else {
            throw .unreadable(file: directory, reason: "the rulesets directory does not exist or is not a directory")
        }
        let own = FilePaths.join(directory, ImportedRulesetFormat.fileName)
        if fm.fileExists(atPath: own) { return [own] }
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadable(file: directory, reason: FilePaths.reason(error))
        }
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            let path = FilePaths.join(FilePaths.join(directory, name), ImportedRulesetFormat.fileName)
            return fm.fileExists(atPath: path) ? path : nil
        }
    }
}
