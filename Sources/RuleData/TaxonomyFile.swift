import ClaimRules

/// `taxonomies.tsv`: the NUCC provider taxonomy codes of the therapy professions.
///
/// Columns: `code` (ten characters ending in X), `name`, `discipline` (PT, OT or SLP), `assistant` (`yes` or `no`),
/// `source`. The file is optional: without it taxonomies are not judged.
public enum TaxonomyFile {
    /// The file name inside a rules directory.
    public static let fileName = "taxonomies.tsv"
    /// The header, in order.
    public static let columns = ["code", "name", "discipline", "assistant", "source"]

    /// The codes of `text`; every problem is appended to `problems` and the bad rows are left out.
    public static func parse(_ text: String, file: String, problems: inout [RuleDataProblem]) -> [ProviderTaxonomy] {
        var firstLine: [String: Int] = [:]
        return TSVTable.checkRows(text, file: file, columns: columns, problems: &problems) { row, problem -> ProviderTaxonomy? in
            let f = row.fields
            let code = f[0]
            if !ClaimValidator.isTaxonomyShaped(code) {
                problem("code", "\(RuleDataFields.quoted(code)) is not a NUCC taxonomy code (10 letters and digits ending in X)")
            } else if let earlier = firstLine[code] {
                problem("code", "\(code) is already listed on line \(earlier)")
            } else {
                firstLine[code] = row.line
            }
            let name = f[1].trimmingSpaces
            if name.isEmpty { problem("name", "is empty; give the NUCC classification") }
            let discipline = Discipline(rawValue: f[2])
            if discipline == nil { problem("discipline", "\(RuleDataFields.quoted(f[2])) is not PT, OT or SLP") }
            var assistant = false
            switch f[3] {
            case "yes": assistant = true
            case "no": assistant = false
            default: problem("assistant", "\(RuleDataFields.quoted(f[3])) is not yes or no")
            }
            if discipline == .slp && assistant { problem("assistant", "SLP has no assistant taxonomy the engine can judge (no assistant modifier either)") }
            if f[4].trimmingSpaces.isEmpty { problem("source", "is empty; cite the NUCC code set") }
            guard problem.ok, let discipline else { return nil }
            return ProviderTaxonomy(code: code, name: name, discipline: discipline, assistant: assistant)
        }
    }
}
