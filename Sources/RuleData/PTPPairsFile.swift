import ClaimRules

/// `ptp-pairs.tsv`: procedure-to-procedure edits in the CMS practitioner PTP column layout plus a source.
///
/// Columns (CMS order, domain-rules §9): `column 1`, `column 2`, `prior 1996` (`*` or empty),
/// `effective` (`YYYYMMDD`), `deletion` (`YYYYMMDD` or `*` = active), `modifier indicator` (0, 1 or 9),
/// `rationale`, `source`.
public enum PTPPairsFile {
    /// The file name inside a rules directory.
    public static let fileName = "ptp-pairs.tsv"
    /// The header, in order.
    public static let columns = ["column 1", "column 2", "prior 1996", "effective", "deletion", "modifier indicator", "rationale", "source"]

    /// The edits of `text`. `knownCodes`, when given, is the code table: both codes of a pair must be in
    /// it (our hand-written table only pairs therapy codes, so an unknown code is a typo).
    public static func parse(_ text: String, file: String, knownCodes: Set<String>?, problems: inout [RuleDataProblem]) -> [PTPEdit] {
        // Earlier rows of each pair, for the overlap check (keyed, so a large file stays linear).
        var earlier: [String: [(edit: PTPEdit, line: Int)]] = [:]
        return TSVTable.checkRows(text, file: file, columns: columns, problems: &problems) { row, problem -> PTPEdit? in
            let f = row.fields
            for (index, field) in ["column 1", "column 2"].enumerated() {
                let code = f[index]
                if !RuleDataFields.isCode(code) {
                    problem(field, "\(RuleDataFields.quoted(code)) is not a 5-character CPT/HCPCS code")
                } else if let knownCodes, !knownCodes.contains(code) {
                    problem(field, "\(code) is not in \(CodeTableFile.fileName)")
                }
            }
            if problem.ok, f[0] == f[1] { problem("column 2", "\(f[1]) pairs the code with itself") }
            if f[2] != "" && f[2] != "*" { problem("prior 1996", "\(RuleDataFields.quoted(f[2])) is not * or empty") }
            let effective = RuleDataFields.cmsDate(f[3])
            if effective == nil { problem("effective", "\(RuleDataFields.quoted(f[3])) is not a real date written YYYYMMDD") }
            var deletion: CalendarDate?
            if f[4] != "*" {
                deletion = RuleDataFields.cmsDate(f[4])
                if deletion == nil {
                    problem("deletion", "\(RuleDataFields.quoted(f[4])) is not a real date written YYYYMMDD, or * for an active edit")
                } else if let deletion, let effective, deletion < effective {
                    problem("deletion", "\(f[4]) is before the effective date \(f[3])")
                }
            }
            let indicator = UInt8(f[5]).flatMap(PTPModifierIndicator.init(rawValue:))
            if indicator == nil { problem("modifier indicator", "\(RuleDataFields.quoted(f[5])) is not 0, 1 or 9") }
            // NCCI Policy Manual ch. I §E: indicator 9 "is used for all code pairs that have a deletion
            // date that is the same as the effective date" (and only for them).
            if let indicator, let effective {
                let sameDay = deletion == effective
                if sameDay && indicator != .notApplicable {
                    problem("modifier indicator", "must be 9 when the deletion date equals the effective date (NCCI Policy Manual ch. I §E)")
                } else if !sameDay && indicator == .notApplicable {
                    problem("modifier indicator", "9 is only for edits deleted on their effective date (NCCI Policy Manual ch. I §E)")
                }
            }
            if f[6].trimmingSpaces.isEmpty { problem("rationale", "is empty") }
            if f[7].trimmingSpaces.isEmpty { problem("source", "is empty; cite the source in domain-rules.md") }
            guard problem.ok, let effective, let indicator else { return nil }
            let edit = PTPEdit(column1: f[0], column2: f[1], effective: effective, deletion: deletion,
                               modifierIndicator: indicator, rationale: f[6], source: f[7])
            // One pair may have several rows only for windows that do not overlap.
            let key = edit.column1 + "/" + edit.column2
            if let clash = earlier[key]?.first(where: { windowsOverlap($0.edit, edit) }) {
                problem("effective", "the pair \(key) is already in force on these dates (line \(clash.line))")
            }
            guard problem.ok else { return nil }
            earlier[key, default: []].append((edit, row.line))
            return edit
        }
    }

    private static func windowsOverlap(_ a: PTPEdit, _ b: PTPEdit) -> Bool {
        // [effective, deletion) windows; an empty window (deletion = effective) overlaps only its twin.
        let aEnd = a.deletion, bEnd = b.deletion
        if aEnd == a.effective || bEnd == b.effective { return a.effective == b.effective && aEnd == bEnd }
        let aStartsBeforeBEnds = bEnd.map { a.effective < $0 } ?? true
        let bStartsBeforeAEnds = aEnd.map { b.effective < $0 } ?? true
        return aStartsBeforeBEnds && bStartsBeforeAEnds
    }
}
