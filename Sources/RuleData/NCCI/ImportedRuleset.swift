public import ClaimRules

/// The contents of an imported NCCI ruleset file (`ruleset.ncci`): the quarter and its window, and the
/// packed PTP and MUE tables exactly as `PTPTable`/`MUETable` are built from them.
public struct ImportedRuleset: Sendable, Equatable {
    /// One MUE row: code id (into `codes`), value, MAI 1/2/3, rationale and source indexes.
    public struct MUERow: Sendable, Equatable {
        public var code: UInt32
        public var value: UInt32
        public var rationale: UInt16
        public var source: UInt16
        public var adjudication: UInt8

        public init(code: UInt32, value: UInt32, rationale: UInt16, source: UInt16, adjudication: UInt8) {
            self.code = code
            self.value = value
            self.rationale = rationale
            self.source = source
            self.adjudication = adjudication
        }
    }

    public var quarter: NCCIQuarter
    /// SHA-256 (lowercase hex) of the file's payload: the ruleset digest every result names.
    public var digest: String
    /// Code of each id, ascending (`codes[id]`).
    public var codes: [String]
    /// PTP rows sorted by (column1, column2, effective), in `PTPTable.Row` form.
    public var ptpRows: [PTPTable.Row]
    public var ptpRationales: [String]
    /// Where rows came from (input file names), shared by PTP and MUE rows.
    public var sources: [String]
    /// MUE rows sorted by code id, one per code.
    public var mueRows: [MUERow]
    public var mueRationales: [String]

    public init(quarter: NCCIQuarter, digest: String, codes: [String], ptpRows: [PTPTable.Row], ptpRationales: [String],
                sources: [String], mueRows: [MUERow], mueRationales: [String]) {
        self.quarter = quarter
        self.digest = digest
        self.codes = codes
        self.ptpRows = ptpRows
        self.ptpRationales = ptpRationales
        self.sources = sources
        self.mueRows = mueRows
        self.mueRationales = mueRationales
    }

    /// The ruleset id an imported quarter gets (`ncci-2026Q2`).
    public var id: String { "ncci-\(quarter)" }
}
