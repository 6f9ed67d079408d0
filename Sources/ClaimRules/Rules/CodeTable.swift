/// The code table of a rule set: code → `CodeInfo`.
public struct CodeTable: Sendable, Equatable {
    public let entries: [String: CodeInfo]

    /// Builds the table; a later entry for the same code replaces an earlier one (the loader rejects duplicates).
    public init(_ codes: [CodeInfo]) {
        var d: [String: CodeInfo] = [:]
        d.reserveCapacity(codes.count)
        for c in codes { d[c.code] = c }
        entries = d
    }

    public subscript(code: String) -> CodeInfo? { entries[code] }
    public var count: Int { entries.count }
}
