import EmbeddedConfig
import Foundation

/// The rule data files of one ruleset: text by name relative to the rules directory
/// (`ruleset.json`, `codes.tsv`, `ptp-pairs.tsv`, `mues.tsv`, `payers/<id>.json`).
public struct RuleDataFiles: Sendable, Equatable {
    /// File text by relative name.
    public var files: [String: String]
    /// Prepended to a relative name in messages (e.g. `Config/rules/`).
    public var displayPrefix: String

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
        return RuleDataFiles(files: files, displayPrefix: "Config/rules/ (embedded) ")
    }

    /// Every regular, non-hidden file under `directory` (recursively), or a problem naming the
    /// directory or the file that could not be read.
    public static func read(directory: String) throws(RuleDataError) -> RuleDataFiles {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleDataError(problems: [RuleDataProblem(file: directory, line: nil, field: nil, message: "is not a readable directory")])
        }
        var files: [String: String] = [:]
        var problems: [RuleDataProblem] = []
        let keys: [URLResourceKey] = [.isRegularFileKey]
        if let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles]) {
            for case let url as URL in enumerator {
                guard (try? url.resourceValues(forKeys: Set(keys)))?.isRegularFile == true else { continue }
                let full = url.standardizedFileURL.path
                guard full.hasPrefix(root.path + "/") else { continue }
                let name = String(full.dropFirst(root.path.count + 1))
                guard let data = FileManager.default.contents(atPath: full) else {
                    problems.append(RuleDataProblem(file: prefix + name, line: nil, field: nil, message: "cannot be read"))
                    continue
                }
                guard let text = String(validating: data, as: UTF8.self) else {
                    problems.append(RuleDataProblem(file: prefix + name, line: nil, field: nil, message: "is not valid UTF-8"))
                    continue
                }
                files[name] = text
            }
        }
        if !problems.isEmpty { throw RuleDataError(problems: problems) }
        return RuleDataFiles(files: files, displayPrefix: prefix)
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
