
/// Reads the practitioner MUE table (CMS CSV with a preamble): "HCPCS/CPT Code",
/// "Practitioner Services MUE Values", "MUE Adjudication Indicator" (a digit and text, e.g.
/// "2 Date of Service Edit: Policy"), "MUE Rationale".
enum MUEFileParser {
    static let roles: [NCCIHeaderLocator.Role] = [
        .init(name: "HCPCS/CPT Code", required: true) { $0.contains("hcpcs") || $0.contains("cptcode") },
        .init(name: "Practitioner Services MUE Values", required: true) { $0.contains("muevalue") },
        .init(name: "MUE Adjudication Indicator", required: true) { $0.contains("adjudication") || $0 == "mai" },
        .init(name: "MUE Rationale", required: false) { $0.contains("rationale") },
    ]

    /// Reads the rows of file `name` (bytes `p`, registered with the collector as `fileIndex`).
    static func parse(_ p: UnsafeBufferPointer<UInt8>, name: String, fileIndex: UInt16,
                      into collector: inout NCCIImportCollector) throws(NCCIImportError) {
        // A tab-delimited export of the same table is read too: pick the separator by the header.
        let separator: UInt8 = sniffTabs(p) ? 0x09 : 0x2c
        var reader = DelimitedRecordReader(buffer: p, separator: separator, quoteAware: separator == 0x2c)
        let columns = try NCCIHeaderLocator.locate(&reader, roles: roles, file: name)
        let cCode = columns[0] ?? -1, cValue = columns[1] ?? -1, cMAI = columns[2] ?? -1, cRat = columns[3] ?? -1
        var rows = NCCITableRows(reader: consume reader, file: name, needed: max(cCode, cValue, cMAI) + 1, fieldsNoun: "fields")
        func reject(_ reason: String) throws(NCCIImportError) { try collector.reject(rows.problem(reason)) }
        let emptyRationale = try collector.mueRationales.id("", file: name, line: 1)
        while try rows.next(rejectingInto: &collector) {
            guard let key = try rows.code(cCode, column: "HCPCS/CPT Code", rejectingInto: &collector) else { continue }
            var (s, e) = rows.cell(cValue)
            var value: UInt32 = 0
            var valid = e > s && e - s <= 6
            for i in s..<e where valid {
                if p[i] >= 0x30 && p[i] <= 0x39 { value = value * 10 + UInt32(p[i] - 0x30) } else { valid = false }
            }
            guard valid else {
                try reject("MUE value \(NCCIFieldSyntax.quoted(p, s, e)) is not a non-negative whole number")
                continue
            }
            (s, e) = rows.cell(cMAI)
            // "1 Line Edit", "2 Date of Service Edit: Policy", "3 Date of Service Edit: Clinical".
            guard e > s, p[s] >= 0x31 && p[s] <= 0x33, e - s == 1 || !(p[s + 1] >= 0x30 && p[s + 1] <= 0x39) else {
                try reject("MUE Adjudication Indicator \(NCCIFieldSyntax.quoted(p, s, e)) does not start with 1, 2 or 3")
                continue
            }
            let mai = p[s] - 0x30
            var rationale = emptyRationale
            if cRat >= 0 {
                (s, e) = rows.cell(cRat)
                if e > s {
                    var text = NCCIFieldSyntax.text(p, s, e)
                    if text.contains("\"\"") { text = text.replacing("\"\"", with: "\"") }
                    rationale = try collector.mueRationales.id(text, file: name, line: rows.line)
                }
            }
            collector.mues.append(.init(code: collector.codeID(key), value: value, adjudication: mai, rationale: rationale,
                                        file: fileIndex, line: UInt32(truncatingIfNeeded: rows.line)))
        }
    }

    /// True when the first lines hold more tabs than commas.
    private static func sniffTabs(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        var tabs = 0, commas = 0
        for i in 0..<min(p.count, 64 * 1024) {
            if p[i] == 0x09 { tabs += 1 } else if p[i] == 0x2c { commas += 1 }
        }
        return tabs > commas
    }
}
