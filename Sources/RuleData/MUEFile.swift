import ClaimRules

/// `mues.tsv`: medically unlikely edits, in the column order of the CMS practitioner services MUE table plus a source.
///
/// Columns: `code`, `value` (maximum units, a whole number), `mai` (MUE adjudication indicator 1, 2 or 3,
/// NCCI Policy Manual ch. I §V), `rationale`, `source`.
public enum MUEFile {
    /// The file name inside a rules directory.
    public static let fileName = "mues.tsv"
    /// The header, in order.
    public static let columns = ["code", "value", "mai", "rationale", "source"]

    /// The MUEs of `text`; one row per code.
    public static func parse(_ text: String, file: String, problems: inout [RuleDataProblem]) -> [MUEEntry] {
        var firstLine: [String: Int] = [:]
        return TSVTable.checkRows(text, file: file, columns: columns, problems: &problems) { row, problem -> MUEEntry? in
            let f = row.fields
            if !RuleDataFields.isCode(f[0]) {
                problem("code", "\(RuleDataFields.quoted(f[0])) is not a 5-character CPT/HCPCS code")
            } else if let earlier = firstLine[f[0]] {
                problem("code", "\(f[0]) already has an MUE on line \(earlier)")
            } else {
                firstLine[f[0]] = row.line
            }
            let value = f[1].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) ? Int(f[1]) : nil
            if value == nil || (value ?? 0) > 9999 { problem("value", "\(RuleDataFields.quoted(f[1])) is not a whole number of units from 0 to 9999") }
            let mai = Int(f[2]).flatMap(MUEAdjudication.init(rawValue:))
            if mai == nil { problem("mai", "\(RuleDataFields.quoted(f[2])) is not 1 (line), 2 (date of service, policy) or 3 (date of service, clinical)") }
            if f[3].trimmingSpaces.isEmpty { problem("rationale", "is empty") }
            if f[4].trimmingSpaces.isEmpty { problem("source", "is empty; name the public document the row comes from (e.g. the CMS table and its version)") }
            guard problem.ok, let value, let mai else { return nil }
            return MUEEntry(code: f[0], value: value, adjudication: mai, rationale: f[3], source: f[4])
        }
    }
}
