/// Why an NCCI import (or the loading of an imported ruleset) failed. Every case names the file and,
/// for row problems, the line, so an operator can open the file at the right place.
public enum NCCIImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file could not be read (missing, permission, I/O error).
    case unreadable(file: String, reason: String)
    /// A zip archive is damaged or uses a feature we do not read (encryption, ZIP64, other methods).
    case badArchive(file: String, reason: String)
    /// No header row with the expected column names in the first lines of the file.
    case noHeader(file: String, expected: String)
    /// The header row lacks required columns.
    case missingColumns(file: String, line: Int, missing: [String])
    /// One data row is invalid (stops the import unless `--skip-invalid`).
    case invalidRow(NCCIRowProblem)
    /// The inputs contain no PTP or no MUE rows at all.
    case empty(String)
    /// The quarter argument is not `YYYYQn`.
    case badQuarter(String)
    /// The output directory could not be written.
    case output(path: String, reason: String)
    /// An imported ruleset file is not one we can load (wrong magic, version, digest, sizes, order).
    case badRulesetFile(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "\(file): cannot read: \(reason)"
        case .badArchive(let file, let reason): return "\(file): not a readable zip archive: \(reason)"
        case .noHeader(let file, let expected): return "\(file): no header row found (expected columns \(expected))"
        case .missingColumns(let file, let line, let missing):
            return "\(file):\(line): header row lacks column(s) \(missing.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .invalidRow(let problem): return problem.description
        case .empty(let what): return what
        case .badQuarter(let text): return "--quarter \"\(text)\" is not a quarter such as 2026Q2"
        case .output(let path, let reason): return "\(path): cannot write the imported ruleset: \(reason)"
        case .badRulesetFile(let file, let reason): return "\(file): not a valid imported ruleset: \(reason)"
        }
    }
}
