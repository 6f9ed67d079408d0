import Foundation
@testable import RuleData

/// The package's own `Config/` directory on disk.
enum ShippedConfig {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let configDirectory = packageRoot.appending(path: "Config").path
    static let rulesDirectory = packageRoot.appending(path: "Config/rules").path

    /// The shipped rule files, shown as `Config/rules/<name>` in problems.
    static func rules() throws -> RuleDataFiles {
        let files = try RuleDataFiles.read(directory: rulesDirectory)
        return RuleDataFiles(files: files.files, displayPrefix: "Config/rules/")
    }

    /// 1-based line of the first line of `text` that contains `needle`.
    static func line(of needle: String, in text: String) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(needle) {
            return index + 1
        }
        return nil
    }

    /// `text` with the first line containing `needle` replaced by `replacement`.
    static func replacingLine(containing needle: String, with replacement: String, in text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let index = lines.firstIndex(where: { $0.contains(needle) }) { lines[index] = replacement }
        return lines.joined(separator: "\n")
    }
}
