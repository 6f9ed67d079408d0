/// Finds the header row of a CMS table by its column names (never by position): skips the AMA
/// copyright preamble, joins multi-row headers cell by cell, and maps each column role to its index.
struct NCCIHeaderLocator {
    /// One column to find: the name shown in errors and a test on the normalized header text
    /// (lowercase letters and digits only).
    struct Role {
        var name: String
        var required: Bool
        var matches: @Sendable (String) -> Bool
    }

    /// How many lines of preamble to read before giving up.
    static let preambleLimit = 1000
    /// How many lines after the first header row may continue it.
    static let continuationLimit = 6

    /// Reads records until the header is found and complete; leaves `reader` on the last header line
    /// (the next `next()` is the first data row). Returns the column index of each role (nil for
    /// optional roles that are absent).
    static func locate(_ reader: inout DelimitedRecordReader, roles: [Role], file: String) throws(NCCIImportError) -> [Int?] {
        let expected = roles.filter(\.required).map { "\"\($0.name)\"" }.joined(separator: ", ")
        var names: [String] = []
        var headerLine = 0
        var scanned = 0
        while true {
            let save = reader
            guard reader.next() else {
                if headerLine == 0 { throw .noHeader(file: file, expected: expected) }
                break
            }
            scanned += 1
            if reader.isBlank { continue }
            let cells = (0..<reader.count).map { k -> String in
                let (s, e) = reader.cell(k)
                return NCCIFieldSyntax.normalizedHeader(reader.buffer, s, e)
            }
            if headerLine == 0 {
                // Two different cells must carry required column names: a preamble sentence that
                // mentions "effective date" and "deletion date" is one cell, not a header.
                let matchingCells = cells.filter { cell in roles.contains { $0.required && $0.matches(cell) } }.count
                if matchingCells >= 2 {
                    headerLine = reader.line
                    names = cells
                } else if scanned >= preambleLimit {
                    throw .noHeader(file: file, expected: expected)
                }
                continue
            }
            // A further header row has no code-shaped cell and no run of 5+ digits (data rows
            // always carry codes and YYYYMMDD dates).
            if reader.line - headerLine > continuationLimit || looksLikeData(reader) {
                reader = save
                break
            }
            for (k, text) in cells.enumerated() {
                if k < names.count { names[k] += text } else { names.append(text) }
            }
        }
        var columns: [Int?] = []
        var missing: [String] = []
        var taken = Set<Int>()
        for role in roles {
            let index = names.indices.first { !taken.contains($0) && role.matches(names[$0]) }
            if let index { taken.insert(index) }
            if index == nil && role.required { missing.append(role.name) }
            columns.append(index)
        }
        guard missing.isEmpty else { throw .missingColumns(file: file, line: headerLine, missing: missing) }
        return columns
    }

    private static func looksLikeData(_ reader: DelimitedRecordReader) -> Bool {
        for k in 0..<reader.count {
            let (s, e) = reader.cell(k)
            if NCCIFieldSyntax.packedCode(reader.buffer, s, e) != nil { return true }
            var run = 0
            for i in s..<e {
                if reader.buffer[i] >= 0x30 && reader.buffer[i] <= 0x39 {
                    run += 1
                    if run >= 5 { return true }
                } else {
                    run = 0
                }
            }
        }
        return false
    }
}
