/// One thing wrong in the rule data, located by file, line and field.
public struct RuleDataProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file as shown to people, e.g. `Config/rules/ptp-pairs.tsv`.
    public var file: String
    /// 1-based line, or nil when the problem concerns the whole file (missing, empty, ...).
    public var line: Int?
    /// The column or JSON field, e.g. `modifier indicator` or `/kxThresholds/2/ptSlp`; nil for the whole line or file.
    public var field: String?
    /// What is wrong, in plain English.
    public var message: String

    /// A problem at `file`, `line` (1-based) and `field`.
    public init(file: String, line: Int?, field: String?, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field "name": message` (parts that are unknown are left out).
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "field \"\(field)\": " }
        return text + message
    }
}
