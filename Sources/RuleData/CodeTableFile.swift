import ClaimRules

/// `codes.tsv`: the therapy code table.
///
/// Columns: `code`, `name` (our own short name, never AMA descriptor text), `timing` (`timed` or
/// `untimed`), `family` (a `CodeFamily` raw value), `disciplines` (comma-separated PT, OT, SLP),
/// `activity documentation` (`yes` or `no`), `source`.
public enum CodeTableFile {
    /// The file name inside a rules directory.
    public static let fileName = "codes.tsv"
    /// The header, in order.
    public static let columns = ["code", "name", "timing", "family", "disciplines", "activity documentation", "source"]

    /// The codes of `text`; every problem is appended to `problems` and the bad rows are left out.
    public static func parse(_ text: String, file: String, problems: inout [RuleDataProblem]) -> [CodeInfo] {
        var listed: Set<String> = []
        return parse(text, file: file, problems: &problems, listed: &listed)
    }

    /// As `parse(_:file:problems:)`, also collecting in `listed` every well-formed code of the file, even
    /// on rows with other problems, so that other files are not blamed for one bad row here.
    static func parse(_ text: String, file: String, problems: inout [RuleDataProblem], listed: inout Set<String>) -> [CodeInfo] {
        var firstLine: [String: Int] = [:]
        return TSVTable.checkRows(text, file: file, columns: columns, problems: &problems) { row, problem -> CodeInfo? in
            let f = row.fields
            let code = f[0]
            if !RuleDataFields.isCode(code) {
                problem("code", "\(RuleDataFields.quoted(code)) is not a 5-character CPT/HCPCS code")
            } else if let earlier = firstLine[code] {
                problem("code", "\(code) is already listed on line \(earlier)")
            } else {
                firstLine[code] = row.line
                listed.insert(code)
            }
            let name = f[1].trimmingSpaces
            if name.isEmpty { problem("name", "is empty; give our own short name") }
            // Our short names are short; a long name is most likely a pasted AMA descriptor.
            if name.count > 60 { problem("name", "is \(name.count) characters; use our own short name (at most 60), never the AMA descriptor") }
            var timed = false
            switch f[2] {
            case "timed": timed = true
            case "untimed": timed = false
            default: problem("timing", "\(RuleDataFields.quoted(f[2])) is not timed or untimed")
            }
            let family = CodeFamily(rawValue: f[3])
            if family == nil {
                problem("family", "\(RuleDataFields.quoted(f[3])) is not one of \(CodeFamily.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var disciplines: [Discipline] = []
            for part in f[4].split(separator: ",", omittingEmptySubsequences: false) {
                let token = String(part).trimmingSpaces
                guard let discipline = Discipline(rawValue: token) else {
                    problem("disciplines", "\(RuleDataFields.quoted(token)) is not PT, OT or SLP (write a comma-separated list)")
                    continue
                }
                if disciplines.contains(discipline) { problem("disciplines", "\(token) is listed twice") } else { disciplines.append(discipline) }
            }
            var activity = false
            switch f[5] {
            case "yes": activity = true
            case "no": activity = false
            default: problem("activity documentation", "\(RuleDataFields.quoted(f[5])) is not yes or no")
            }
            if f[6].trimmingSpaces.isEmpty { problem("source", "is empty; name the public documents behind the row (docs/sources.md)") }
            guard problem.ok, let family else { return nil }
            return CodeInfo(code: code, name: name, timed: timed, family: family,
                            disciplines: disciplines.sorted(), activityDocumentation: activity)
        }
    }
}
