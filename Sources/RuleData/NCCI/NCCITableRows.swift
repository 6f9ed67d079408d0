/// The data rows of one CMS table, read after `NCCIHeaderLocator` has found its header. Both table
/// parsers walk their rows through this so that blank rows, short rows and bad codes are skipped,
/// reported and worded alike.
struct NCCITableRows {
    private(set) var reader: DelimitedRecordReader
    let file: String
    /// How many cells a row needs to reach every required column.
    let needed: Int
    /// What a short row's cells are called in its report ("fields", "tab-separated fields").
    let fieldsNoun: String

    /// The line the current row starts on.
    var line: Int { reader.line }

    /// Advances to the next row with at least `needed` cells; false at the end of the table.
    mutating func next(rejectingInto collector: inout NCCIImportCollector) throws(NCCIImportError) -> Bool {
        while reader.next() {
            if reader.isBlank { continue }
            guard reader.count >= needed else {
                try collector.reject(problem("row has \(reader.count) \(fieldsNoun); the header has at least \(needed)"))
                continue
            }
            return true
        }
        return false
    }

    /// Trimmed bounds of cell `k` of the current row.
    @inline(__always)
    func cell(_ k: Int) -> (Int, Int) { reader.cell(k) }

    /// `reason` placed at the current row.
    func problem(_ reason: String) -> NCCIRowProblem {
        NCCIRowProblem(file: file, line: reader.line, reason: reason)
    }

    /// The packed code in cell `k`, or nil once the row is rejected; `column` names the cell in the report.
    func code(_ k: Int, column: String, rejectingInto collector: inout NCCIImportCollector) throws(NCCIImportError) -> UInt64? {
        let (s, e) = reader.cell(k)
        if let key = NCCIFieldSyntax.packedCode(reader.buffer, s, e) { return key }
        try collector.reject(problem("\(column) \(NCCIFieldSyntax.quoted(reader.buffer, s, e)) is not a HCPCS/CPT code (5 characters: 5 digits, a letter and 4 digits, or 4 digits and a letter)"))
        return nil
    }
}
