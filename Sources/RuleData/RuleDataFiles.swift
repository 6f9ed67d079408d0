import EmbeddedConfig
import Foundation

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

    /// Every regular, non-hidden file under `directory` (recursively, following symbolic links as a
    /// Kubernetes ConfigMap mount needs: its files are links into a hidden `..data` directory), or every
    /// problem naming the directory or a file that could not be read.
    public static func read(directory: String) throws(RuleDataError) -> RuleDataFiles {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleDataError(problems: [RuleDataProblem(file: directory, line: nil, field: nil, message: "is not a readable directory")])
        }
        var files: [String: String] = [:]
        var problems: [RuleDataProblem] = []
        collect(prefix, relative: "", depth: 0, files: &files, problems: &problems)
        if !problems.isEmpty { throw RuleDataError(problems: problems) }
        return RuleDataFiles(files: files, displayPrefix: prefix)
    }

    /// Rule data is at most two levels deep (`payers/<id>.json`); the limit also stops link cycles.
    private static let maxDepth = 4

    private static func collect(_ root: String, relative: String, depth: Int, files: inout [String: String], problems: inout [RuleDataProblem]) {
        guard depth < maxDepth, let names = try? FileManager.default.contentsOfDirectory(atPath: root + relative) else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = relative + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                collect(root, relative: path + "/", depth: depth + 1, files: &files, problems: &problems)
                continue
            }
            guard let data = FileManager.default.contents(atPath: root + path) else {
                problems.append(RuleDataProblem(file: root + path, line: nil, field: nil, message: "cannot be read"))
                continue
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                problems.append(RuleDataProblem(file: root + path, line: nil, field: nil, message: "is not valid UTF-8"))
                continue
            }
            files[path] = text
        }
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
