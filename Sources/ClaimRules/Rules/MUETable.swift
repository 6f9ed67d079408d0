/// MUE adjudication indicator (NCCI Policy Manual ch. I §V).
public enum MUEAdjudication: Int, Sendable, Hashable, Codable, CaseIterable {
    /// Claim-line edit: each line's units are compared with the value.
    case line = 1
    /// Date-of-service edit based on policy: units summed over the date; absolute.
    case dateOfServicePolicy = 2
    /// Date-of-service edit based on clinical benchmarks: units summed over the date.
    case dateOfServiceClinical = 3

    /// True for MAI 2 and 3, which sum the units of all lines of the date.
    public var perDate: Bool { self != .line }
}

/// One medically unlikely edit.
public struct MUEEntry: Sendable, Equatable, Codable {
    public var code: String
    /// Maximum units.
    public var value: Int
    /// MAI 1, 2 or 3.
    public var adjudication: MUEAdjudication
    /// MUE rationale as published (e.g. "CMS Policy").
    public var rationale: String
    /// Where the value comes from (file and version, or a document).
    public var source: String

    public init(code: String, value: Int, adjudication: MUEAdjudication, rationale: String, source: String) {
        self.code = code
        self.value = value
        self.adjudication = adjudication
        self.rationale = rationale
        self.source = source
    }
}

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
