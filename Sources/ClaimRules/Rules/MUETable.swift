/// Medically unlikely edits keyed by code. Codes without an MUE are simply absent.
public struct MUETable: Sendable, Equatable {
    public let entries: [String: MUEEntry]

    /// Builds the table; a later entry for the same code replaces an earlier one.
    public init(_ mues: [MUEEntry] = []) {
        var d: [String: MUEEntry] = [:]
        d.reserveCapacity(mues.count)
        for m in mues { d[m.code] = m }
        entries = d
    }

    public subscript(code: String) -> MUEEntry? { entries[code] }
    public var count: Int { entries.count }
}
