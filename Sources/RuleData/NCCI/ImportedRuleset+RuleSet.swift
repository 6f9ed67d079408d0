public import ClaimRules

extension ImportedRuleset {
    /// The `RuleSet` for this quarter: the imported PTP and MUE tables with the code table, payer profiles,
    /// place-of-service and taxonomy codes of `base` (the built-in default ruleset; CMS files carry none of them).
    /// The built-in PTP pairs and MUEs of `base` are not mixed in: the official tables replace them for this quarter.
    /// Throws when the packed tables break an invariant `PTPTable` relies on.
    public func makeRuleSet(base: RuleSet, file: String) throws(NCCIImportError) -> RuleSet {
        guard let effective = CalendarDate(yyyymmdd: Int(quarter.effectiveYYYYMMDD)),
              let through = CalendarDate(yyyymmdd: Int(quarter.throughYYYYMMDD)) else {
            throw .badRulesetFile(file: file, reason: "quarter \(quarter) has no valid window")
        }
        let ptp: PTPTable
        do {
            ptp = try PTPTable(codes: codes, rows: ptpRows, rationales: ptpRationales, sources: sources)
        } catch {
            throw .badRulesetFile(file: file, reason: "PTP table: \(error)")
        }
        var entries: [MUEEntry] = []
        entries.reserveCapacity(mueRows.count)
        for (i, row) in mueRows.enumerated() {
            guard Int(row.code) < codes.count, let mai = MUEAdjudication(rawValue: Int(row.adjudication)),
                  Int(row.rationale) < mueRationales.count, Int(row.source) < sources.count else {
                throw .badRulesetFile(file: file, reason: "MUE row \(i) is out of range")
            }
            entries.append(MUEEntry(code: codes[Int(row.code)], value: Int(row.value), adjudication: mai,
                                    rationale: mueRationales[Int(row.rationale)], source: sources[Int(row.source)]))
        }
        return RuleSet(id: id, effective: effective, through: through, quarter: quarter.description, digest: digest,
                       codes: base.codes, ptp: ptp, mues: MUETable(entries), payers: base.payers,
                       placesOfService: base.placesOfService, taxonomies: base.taxonomies)
    }
}
