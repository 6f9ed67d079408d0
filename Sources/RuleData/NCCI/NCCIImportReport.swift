/// What an import did: counts for the operator, and the rows `--skip-invalid` dropped.
public struct NCCIImportReport: Sendable, Equatable {
    public var quarter: NCCIQuarter
    public var digest: String
    public var ptpFiles: [String]
    public var mueFiles: [String]
    /// Zip members without a table header that were passed over (e.g. a readme).
    public var skippedMembers: [String]
    public var ptpRows: Int
    public var mueRows: Int
    public var codes: Int
    /// Rows that repeated an earlier row exactly (kept once).
    public var duplicateRows: Int
    /// Rows rejected under `--skip-invalid`, and the first 20 of them.
    public var invalidRows: Int
    public var invalidSample: [NCCIRowProblem]
}
