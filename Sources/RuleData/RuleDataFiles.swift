import EmbeddedConfig
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The rule data files of one ruleset: text by name relative to the rules directory
/// (`ruleset.json`, `codes.tsv`, `ptp-pairs.tsv`, `mues.tsv`, `payers/<id>.json`).
public struct RuleDataFiles: Sendable, Equatable {
    /// File text by relative name.
    public var files: [String: String]
    /// Prepended to a relative name in messages (e.g. `Config/rules/`).
    public var displayPrefix: String

    /// Files by relative name, shown in problems as `displayPrefix + name`.
    public init(files: [String: String], displayPrefix: String) {
        self.files = files
        self.displayPrefix = displayPrefix
    }

    /// How a file is named in problems.
    public func displayName(_ name: String) -> String { displayPrefix + name }

    /// The relative names of the payer profiles, sorted.
    public var payerFileNames: [String] {
        files.keys.filter { $0.hasPrefix("payers/") && $0.hasSuffix(".json") }.sorted()
    }

    /// The default rule data compiled into the binary (`Config/rules/` at build time).
    public static func embedded() -> RuleDataFiles {
        var files: [String: String] = [:]
        for name in EmbeddedFiles.names(under: "rules/") {
            if let text = EmbeddedFiles.file(named: name) { files[String(name.dropFirst("rules/".count))] = text }
        }
        return RuleDataFiles(files: files, displayPrefix: "(embedded) Config/rules/")
    }

    /// The files a ruleset is made of (`ruleset.json`, `codes.tsv`, `ptp-pairs.tsv`, `mues.tsv`, `payers/*.json`
    /// and the optional `place-of-service.tsv` and `taxonomies.tsv`) from `directory`. Nothing else is opened, so pointing at a wrong directory cannot
    /// read devices or huge trees. Symbolic links are followed, as a Kubernetes ConfigMap mount needs
    /// (its files are links into a hidden `..data` directory). Missing files are left for the loader to
    /// report; files that cannot be read, are not regular files, are too large or are not UTF-8 are
    /// problems here.
    public static func read(directory: String) throws(RuleDataError) -> RuleDataFiles {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let manager = FileManager.default
        guard FilePaths.isDirectory(directory) else {
            throw RuleDataError(problems: [RuleDataProblem(file: directory, line: nil, field: nil, message: "is not a readable directory")])
        }
        var names = [RuleSetManifest.fileName, CodeTableFile.fileName, PTPPairsFile.fileName, MUEFile.fileName,
                     PlaceOfServiceFile.fileName, TaxonomyFile.fileName]
        if let payers = try? manager.contentsOfDirectory(atPath: prefix + "payers") {
            names += payers.filter { !$0.hasPrefix(".") && $0.hasSuffix(".json") }.sorted().map { "payers/" + $0 }
        }
        var files: [String: String] = [:]
        var problems: [RuleDataProblem] = []
        for name in names {
            let path = prefix + name
            guard manager.fileExists(atPath: path) else { continue }
            switch readText(path) {
            case .success(let text): files[name] = text
            case .failure(let problem): problems.append(RuleDataProblem(file: path, line: nil, field: nil, message: problem.message))
            }
        }
        if !problems.isEmpty { throw RuleDataError(problems: problems) }
        return RuleDataFiles(files: files, displayPrefix: prefix)
    }

    /// Rule data files are small; the limit keeps a wrong path from exhausting memory.
    public static let maxFileBytes = 32 << 20

    private struct ReadProblem: Error { var message: String }

    private static func readText(_ path: String) -> Result<String, ReadProblem> {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved) else {
            return .failure(ReadProblem(message: "cannot be read"))
        }
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            return .failure(ReadProblem(message: "is not a regular file"))
        }
        if let size = attributes[.size] as? Int, size > maxFileBytes {
            return .failure(ReadProblem(message: "is \(size) bytes, more than the \(maxFileBytes >> 20) MiB a rule data file may have"))
        }
        guard let data = FileManager.default.contents(atPath: resolved) else { return .failure(ReadProblem(message: "cannot be read")) }
        guard let text = String(validating: data, as: UTF8.self) else { return .failure(ReadProblem(message: "is not valid UTF-8")) }
        return .success(text)
    }

    /// SHA-256 over every file, sorted by name, each framed as `name NUL byte-count NUL bytes`, so
    /// moving bytes between files or renaming a file changes the digest. Lowercase hex, 64 digits.
    public func digest() -> String {
        var hasher = SHA256()
        for name in files.keys.sorted() {
            let text = files[name] ?? ""
            hasher.update(name)
            hasher.update([0])
            hasher.update(String(text.utf8.count))
            hasher.update([0])
            hasher.update(text.utf8)
        }
        return hasher.hexDigest()
    }
}
