/// A tab-separated table of our rule data format: `#` comment lines and blank lines are skipped,
/// the first other line is the header (column names), every later line is one row with exactly as
/// many fields as the header. Line numbers are kept for error messages; lines end in LF or CR LF.
struct TSVTable {
    struct Row {
        /// 1-based line in the file.
        var line: Int
        var fields: [String]
    }

    /// The problems found in one row: each is placed at the row's line, and any of them leaves the row out.
    struct RowProblems {
        let file: String
        let line: Int
        fileprivate(set) var found: [RuleDataProblem] = []
        var ok: Bool { found.isEmpty }

        /// Reports `message` about column `field` of the row.
        mutating func callAsFunction(_ field: String, _ message: String) {
            found.append(RuleDataProblem(file: file, line: line, field: field, message: message))
        }
    }

    var header: [String]
    var headerLine: Int
    var rows: [Row]

    /// Parses `text`, checking the header has exactly `columns` (in this order, as the CMS layout
    /// fixes it) and every row has one field per column. Problems are appended to `problems`; rows
    /// with the wrong field count are left out.
    static func parse(_ text: String, file: String, columns: [String], problems: inout [RuleDataProblem]) -> TSVTable? {
        if text.unicodeScalars.first == "\u{FEFF}" {
            problems.append(RuleDataProblem(file: file, line: 1, field: nil, message: "starts with a byte order mark; save it as UTF-8 without one"))
            return nil
        }
        var header: [String]?
        var headerLine = 0
        var rows: [Row] = []
        var lineNumber = 0
        // CR LF is one Character in Swift, so split on both spellings of a line end.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " }) || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard let header else {
                header = fields
                headerLine = lineNumber
                if fields != columns {
                    problems.append(RuleDataProblem(
                        file: file, line: lineNumber, field: nil,
                        message: "header is \(fields.map { "\"\($0)\"" }.joined(separator: ", ")); expected the tab-separated columns \(columns.map { "\"\($0)\"" }.joined(separator: ", "))"
                    ))
                    return nil
                }
                continue
            }
            guard fields.count == header.count else {
                problems.append(RuleDataProblem(
                    file: file, line: lineNumber, field: nil,
                    message: "has \(fields.count) tab-separated fields; the header has \(header.count)"
                ))
                continue
            }
            rows.append(Row(line: lineNumber, fields: fields))
        }
        guard let header else {
            problems.append(RuleDataProblem(file: file, line: nil, field: nil, message: "has no header line"))
            return nil
        }
        return TSVTable(header: header, headerLine: headerLine, rows: rows)
    }

    /// Parses `text` as `parse` does and makes a value of each row with `check`, which reports what is wrong
    /// through `problem`. Returns the values of the rows without problems, in file order.
    static func checkRows<Value>(_ text: String, file: String, columns: [String], problems: inout [RuleDataProblem],
                                 _ check: (_ row: Row, _ problem: inout RowProblems) -> Value?) -> [Value] {
        guard let table = parse(text, file: file, columns: columns, problems: &problems) else { return [] }
        var values: [Value] = []
        for row in table.rows {
            var rowProblems = RowProblems(file: file, line: row.line)
            let value = check(row, &rowProblems)
            problems += rowProblems.found
            if rowProblems.ok, let value { values.append(value) }
        }
        return values
    }
}
