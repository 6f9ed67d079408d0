import ClaimRules

/// Why a claim body was refused: malformed JSON (HTTP 400) or a well-formed body that breaks the claim
/// schema or fails semantic validation (HTTP 422, with every problem found).
public enum ClaimDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body is not RFC 8259 JSON (or exceeds a reader limit). Line and column are 1-based; the
    /// offset is the 0-based byte offset.
    case malformedJSON(message: String, line: Int, column: Int, offset: Int)
    /// The JSON is well formed but not a valid claim: every problem, each with its RFC 6901 pointer.
    case invalid([FieldProblem])

    /// The HTTP status this error maps to: 400 for malformed JSON, 422 for an invalid claim.
    public var httpStatus: Int {
        switch self {
        case .malformedJSON: return 400
        case .invalid: return 422
        }
    }

    /// The problems: one with an empty pointer for malformed JSON, all of them for an invalid claim.
    public var problems: [FieldProblem] {
        switch self {
        case .malformedJSON(let message, let line, let column, _):
            return [FieldProblem(pointer: "", message: "malformed JSON at line \(line), column \(column): \(message)")]
        case .invalid(let problems):
            return problems
        }
    }

    /// One line per problem: "malformed JSON at line L, column C: ..." or "/pointer: message".
    public var description: String {
        switch self {
        case .malformedJSON(let message, let line, let column, _):
            return "malformed JSON at line \(line), column \(column): \(message)"
        case .invalid(let problems):
            return problems.map { "\($0.pointer.isEmpty ? "(body)" : $0.pointer): \($0.message)" }.joined(separator: "\n")
        }
    }
}
