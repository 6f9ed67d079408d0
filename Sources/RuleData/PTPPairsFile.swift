import ClaimRules

/// `ptp-pairs.tsv`: procedure-to-procedure edits in the column order of the CMS practitioner PTP files, plus a source.
///
/// Columns: `column 1`, `column 2` (CMS's order: column 2 is the code denied or needing the modifier),
/// `effective` (`YYYYMMDD`, or `unknown` when the source does not give it), `deletion` (`YYYYMMDD` or `*` = not
/// deleted), `modifier indicator` (0, 1 or 9), `rationale`, `source`. The CMS pre-1996 flag is not a column: the
/// engine never uses it.
///
/// An edit with a known start applies from `effective` up to (not including) `deletion`. An edit with an
/// `unknown` start was in force when its source was taken if `deletion` is `*`, and then applies on every date;
/// with a deletion date it is history that cannot be placed in time and never applies (`PTPEdit.canApply`). No
/// start is ever made up.
public enum PTPPairsFile {
    /// The file name inside a rules directory.
    public static let fileName = "ptp-pairs.tsv"
    /// The header, in order.
    public static let columns = ["column 1", "column 2", "effective", "deletion", "modifier indicator", "rationale", "source"]
    /// How the `effective` column says the source does not give the start.
    public static let unknownEffective = "unknown"

    /// Every row of `text` as an edit, history rows included (`PTPTable` keeps only those that can apply).
    ///
    /// Rows of one pair may repeat (history, as in the CMS files); two rows of a pair that are in force on the same
    /// day with different modifier indicators contradict each other and are refused, naming both lines.
    public static func parse(_ text: String, file: String, problems: inout [RuleDataProblem]) -> [PTPEdit] {
        // Earlier rows of each pair, for the contradiction check (keyed, so a large file stays linear).
        var earlier: [String: [(edit: PTPEdit, line: Int)]] = [:]
        return TSVTable.checkRows(text, file: file, columns: columns, problems: &problems) { row, problem -> PTPEdit? in
            let f = row.fields
            for (index, field) in ["column 1", "column 2"].enumerated() where !RuleDataFields.isCode(f[index]) {
                problem(field, "\(RuleDataFields.quoted(f[index])) is not a 5-character CPT/HCPCS code")
            }
            if problem.ok, f[0] == f[1] { problem("column 2", "\(f[1]) pairs the code with itself") }
            var effective: CalendarDate?
            if f[2] != unknownEffective {
                effective = RuleDataFields.cmsDate(f[2])
                if effective == nil {
                    problem("effective", "\(RuleDataFields.quoted(f[2])) is not a real date written YYYYMMDD, or \(unknownEffective) when the source does not give it")
                }
            }
            var deletion: CalendarDate?
            if f[3] != "*" {
                deletion = RuleDataFields.cmsDate(f[3])
                if deletion == nil {
                    problem("deletion", "\(RuleDataFields.quoted(f[3])) is not a real date written YYYYMMDD, or * for an edit not deleted")
                } else if let deletion, let effective, deletion < effective {
                    problem("deletion", "\(f[3]) is before the effective date \(f[2])")
                }
            }
            let indicator = UInt8(f[4]).flatMap(PTPModifierIndicator.init(rawValue:))
            if indicator == nil { problem("modifier indicator", "\(RuleDataFields.quoted(f[4])) is not 0, 1 or 9") }
            // NCCI Policy Manual ch. I §E: indicator 9 "is used for all code pairs that have a deletion date that is
            // the same as the effective date" (and only for them). With an unknown start only the deletion is checked.
            if let indicator, problem.ok {
                if let effective {
                    let sameDay = deletion == effective
                    if sameDay && indicator != .notApplicable {
                        problem("modifier indicator", "must be 9 when the deletion date equals the effective date (NCCI Policy Manual ch. I §E)")
                    } else if !sameDay && indicator == .notApplicable {
                        problem("modifier indicator", "9 is only for edits deleted on their effective date (NCCI Policy Manual ch. I §E)")
                    }
                } else if deletion == nil && indicator == .notApplicable {
                    problem("modifier indicator", "9 is only for edits deleted on their effective date (NCCI Policy Manual ch. I §E); this row has no deletion date")
                }
            }
            if f[5].trimmingSpaces.isEmpty { problem("rationale", "is empty") }
            if f[6].trimmingSpaces.isEmpty { problem("source", "is empty; name the public document the row comes from (e.g. the CMS table and its version)") }
            guard problem.ok, let indicator else { return nil }
            let edit = PTPEdit(column1: f[0], column2: f[1], effective: effective, deletion: deletion,
                               modifierIndicator: indicator, rationale: f[5], source: f[6])
            let key = edit.column1 + "/" + edit.column2
            if let clash = earlier[key]?.first(where: { contradict($0.edit, edit) }) {
                problem("modifier indicator", "the pair \(key) is also in force on some of these dates with modifier indicator \(clash.edit.modifierIndicator.rawValue) (line \(clash.line))")
            }
            guard problem.ok else { return nil }
            earlier[key, default: []].append((edit, row.line))
            return edit
        }
    }

    /// Two rows of one pair contradict each other when both can apply on some common day with different indicators.
    /// Rows that never apply (indicator 9, or an unknown start with a deletion date) contradict nothing.
    private static func contradict(_ a: PTPEdit, _ b: PTPEdit) -> Bool {
        guard a.modifierIndicator != b.modifierIndicator, a.canApply, b.canApply else { return false }
        // In-force periods [effective, deletion); an unknown start reaches back indefinitely, no deletion forward.
        let aStartsBeforeBEnds = b.deletion.map { end in a.effective.map { $0 < end } ?? true } ?? true
        let bStartsBeforeAEnds = a.deletion.map { end in b.effective.map { $0 < end } ?? true } ?? true
        let aNotEmpty = a.deletion.map { end in a.effective.map { $0 < end } ?? true } ?? true
        let bNotEmpty = b.deletion.map { end in b.effective.map { $0 < end } ?? true } ?? true
        return aStartsBeforeBEnds && bStartsBeforeAEnds && aNotEmpty && bNotEmpty
    }
}
