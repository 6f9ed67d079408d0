/// One rejected row: file (for zip members `archive.zip!member.txt`), 1-based line, and the reason.
public struct NCCIRowProblem: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(reason)" }
}
