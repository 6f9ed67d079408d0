/// Reads one practitioner PTP table (CMS `ccipra-*` text, tab-delimited) into the collector.
/// Columns are found by name (the layout CMS publishes): Column 1, Column 2, "* = In existence prior to 1996",
/// Effective Date, "Deletion Date *=no data", "Modifier 0=not allowed 1=allowed 9=not applicable",
/// PTP Edit Rationale (optional: older files predate it).
enum PTPFileParser {
    static let roles: [NCCIHeaderLocator.Role] = [
        .init(name: "Column 1", required: true) { $0.hasPrefix("column1") || $0 == "col1" },
        .init(name: "Column 2", required: true) { $0.hasPrefix("column2") || $0 == "col2" },
        .init(name: "* = In existence prior to 1996", required: false) { $0.contains("1996") || $0.contains("prior") },
        .init(name: "Effective Date", required: true) { $0.contains("effective") },
        .init(name: "Deletion Date *=no data", required: true) { $0.contains("deletion") },
        .init(name: "Modifier 0=not allowed 1=allowed 9=not applicable", required: true) { $0.contains("modifier") },
        .init(name: "PTP Edit Rationale", required: false) { $0.contains("rationale") },
    ]

    /// Reads the rows of file `name` (bytes `p`, registered with the collector as `fileIndex`).
    static func parse(_ p: UnsafeBufferPointer<UInt8>, name: String, fileIndex: UInt16,
                      into collector: inout NCCIImportCollector) throws(NCCIImportError) {
        var reader = DelimitedRecordReader(buffer: p, separator: 0x09, quoteAware: false)
        let columns = try NCCIHeaderLocator.locate(&reader, roles: roles, file: name)
        // Required roles are present after `locate`; -1 marks an absent optional one.
        let c1 = columns[0] ?? -1, c2 = columns[1] ?? -1, cPrior = columns[2] ?? -1
        let cEff = columns[3] ?? -1, cDel = columns[4] ?? -1, cMod = columns[5] ?? -1, cRat = columns[6] ?? -1
        var rows = NCCITableRows(reader: consume reader, file: name, needed: max(c1, c2, cEff, cDel, cMod) + 1,
                                 fieldsNoun: "tab-separated fields")
        func reject(_ reason: String) throws(NCCIImportError) { try collector.reject(rows.problem(reason)) }
        var lastRationaleBytes: [UInt8] = []
        let emptyRationale = try collector.ptpRationales.id("", file: name, line: 1)
        var lastRationaleID: UInt16 = 0
        var haveRationale = false
        while try rows.next(rejectingInto: &collector) {
            guard let k1 = try rows.code(c1, column: "Column 1", rejectingInto: &collector),
                  let k2 = try rows.code(c2, column: "Column 2", rejectingInto: &collector) else { continue }
            var (s, e) = rows.cell(cEff)
            guard let effective = NCCIFieldSyntax.date(p, s, e) else {
                try reject("Effective Date \(NCCIFieldSyntax.quoted(p, s, e)) is not a real date YYYYMMDD")
                continue
            }
            (s, e) = rows.cell(cDel)
            var deletion: UInt32 = 0
            if !(e - s == 1 && p[s] == 0x2a) {
                guard let date = NCCIFieldSyntax.date(p, s, e) else {
                    try reject("Deletion Date \(NCCIFieldSyntax.quoted(p, s, e)) is neither * (no data) nor a real date YYYYMMDD")
                    continue
                }
                guard date >= effective else {
                    try reject("Deletion Date \(date) is before Effective Date \(effective)")
                    continue
                }
                deletion = date
            }
            (s, e) = rows.cell(cMod)
            guard e - s == 1, p[s] == 0x30 || p[s] == 0x31 || p[s] == 0x39 else {
                try reject("Modifier indicator \(NCCIFieldSyntax.quoted(p, s, e)) is not 0, 1 or 9")
                continue
            }
            let modifier = p[s] - 0x30
            var prior: UInt8 = 0
            if cPrior >= 0 {
                (s, e) = rows.cell(cPrior)
                if e - s == 1 && p[s] == 0x2a {
                    prior = 1
                } else if e != s {
                    try reject("prior-1996 flag \(NCCIFieldSyntax.quoted(p, s, e)) is neither * nor blank")
                    continue
                }
            }
            var rationale = emptyRationale
            if cRat >= 0 {
                (s, e) = rows.cell(cRat)
                if e > s {
                    // Rationales repeat row after row: compare bytes with the previous one before
                    // making a String and hashing it.
                    let slice = UnsafeBufferPointer(rebasing: p[s..<e])
                    if haveRationale && slice.elementsEqual(lastRationaleBytes) {
                        rationale = lastRationaleID
                    } else {
                        rationale = try collector.ptpRationales.id(NCCIFieldSyntax.text(p, s, e), file: name, line: rows.line)
                        lastRationaleBytes = Array(slice)
                        lastRationaleID = rationale
                        haveRationale = true
                    }
                }
            }
            let id1 = collector.codeID(k1)
            let id2 = collector.codeID(k2)
            collector.edits.append(.init(column1: id1, column2: id2, effective: effective, deletion: deletion,
                                         modifier: modifier, prior1996: prior, rationale: rationale,
                                         file: fileIndex, line: UInt32(truncatingIfNeeded: rows.line)))
        }
    }
}
