import ClaimRules

/// `place-of-service.tsv`: the CMS Place of Service code set.
///
/// Columns: `code` (two digits), `name`, `effective` (`YYYY-MM-DD` or empty), `institutional` (`yes` or `no`),
/// `source`. The file is optional: without it place of service is not checked.
public enum PlaceOfServiceFile {
    /// The file name inside a rules directory.
    public static let fileName = "place-of-service.tsv"
    /// The header, in order.
    public static let columns = ["code", "name", "effective", "institutional", "source"]

    /// The codes of `text`; every problem is appended to `problems` and the bad rows are left out.
    public static func parse(_ text: String, file: String, problems: inout [RuleDataProblem]) -> [PlaceOfService] {
        var firstLine: [String: Int] = [:]
        return TSVTable.checkRows(text, file: file, columns: columns, problems: &problems) { row, problem -> PlaceOfService? in
            let f = row.fields
            let code = f[0]
            if !ClaimValidator.isPlaceOfServiceShaped(code) {
                problem("code", "\(RuleDataFields.quoted(code)) is not a two-digit place-of-service code")
            } else if let earlier = firstLine[code] {
                problem("code", "\(code) is already listed on line \(earlier)")
            } else {
                firstLine[code] = row.line
            }
            let name = f[1].trimmingSpaces
            if name.isEmpty { problem("name", "is empty; give the code set's name") }
            var effective: CalendarDate?
            if !f[2].isEmpty {
                effective = CalendarDate(f[2])
                if effective == nil { problem("effective", "\(RuleDataFields.quoted(f[2])) is not a date written YYYY-MM-DD (leave it empty for a long-standing code)") }
            }
            var institutional = false
            switch f[3] {
            case "yes": institutional = true
            case "no": institutional = false
            default: problem("institutional", "\(RuleDataFields.quoted(f[3])) is not yes or no")
            }
            if f[4].trimmingSpaces.isEmpty { problem("source", "is empty; cite the CMS Place of Service Code Set") }
            guard problem.ok else { return nil }
            return PlaceOfService(code: code, name: name, effective: effective, institutional: institutional)
        }
    }
}
