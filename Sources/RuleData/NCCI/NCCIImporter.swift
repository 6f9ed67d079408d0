import ClaimRules

/// Turns the CMS practitioner PTP parts and MUE table into an `ImportedRuleset`: reads every file
/// (zip or text), validates every row, renumbers codes in ascending order, sorts the PTP rows by
/// (column 1, column 2, effective), keeps every row's in-force period (history included; exact repeats once), and
/// refuses two rows of a pair in force on the same day with different modifier indicators, naming both lines.
public enum NCCIImporter {
    /// Reads and validates the inputs. With `skipInvalid`, bad rows are counted and left out;
    /// without it, the first bad row throws `.invalidRow` with its file and line.
    public static func importFiles(ptp: [String], mue: [String], quarter: NCCIQuarter,
                                   skipInvalid: Bool) throws(NCCIImportError) -> (ImportedRuleset, NCCIImportReport) {
        var collector = NCCIImportCollector(skipInvalid: skipInvalid)
        var ptpFiles: [String] = [], mueFiles: [String] = [], skipped: [String] = []
        for path in ptp {
            try read(path, extensions: [".txt", ".tab", ".tsv"], into: &collector, used: &ptpFiles, skipped: &skipped,
                     parse: PTPFileParser.parse)
        }
        let ptpFileCount = collector.files.count
        for path in mue {
            try read(path, extensions: [".csv", ".txt"], into: &collector, used: &mueFiles, skipped: &skipped,
                     parse: MUEFileParser.parse)
        }
        guard !collector.edits.isEmpty else { throw .empty("no PTP rows found in \(ptp.joined(separator: ", "))") }
        guard !collector.mues.isEmpty else { throw .empty("no MUE rows found in \(mue.joined(separator: ", "))") }

        // Code ids in ascending code order: the packed keys compare like the code text.
        let order = collector.codes.indices.sorted { collector.codes[$0] < collector.codes[$1] }
        var remap = [UInt32](repeating: 0, count: order.count)
        for (newID, oldID) in order.enumerated() { remap[oldID] = UInt32(newID) }
        let codes = order.map { NCCIFieldSyntax.codeString(collector.codes[$0]) }

        var edits = collector.edits
        collector.edits = []
        for i in edits.indices {
            edits[i].column1 = remap[Int(edits[i].column1)]
            edits[i].column2 = remap[Int(edits[i].column2)]
        }
        // Swift's sort is stable, so among equal keys the earlier file/line comes first.
        edits.sort { ($0.column1, $0.column2, $0.effective) < ($1.column1, $1.column2, $1.effective) }

        var rows: [PTPTable.Row] = []
        rows.reserveCapacity(edits.count)
        var duplicates = 0
        // The rows kept so far for the current pair (a pair has a handful at most).
        var pair: [NCCIImportCollector.Edit] = []
        for edit in edits {
            if let first = pair.first, first.column1 != edit.column1 || first.column2 != edit.column2 { pair.removeAll(keepingCapacity: true) }
            // Real files repeat (column 1, column 2, effective): e.g. a row deleted on its effective day (indicator 9)
            // beside the row in force, or an ended row beside its successor. Every row's in-force period is kept;
            // only an exact repeat is dropped, and only two rows in force on a common day with different modifier
            // indicators contradict each other.
            if pair.contains(where: { $0.effective == edit.effective && $0.deletion == edit.deletion && $0.modifier == edit.modifier }) {
                duplicates += 1
                continue
            }
            if let clash = pair.first(where: { NCCIImporter.contradict($0, edit) }) {
                try collector.reject(NCCIRowProblem(
                    file: collector.files[Int(edit.file)], line: Int(edit.line),
                    reason: "edit \(codes[Int(edit.column1)])/\(codes[Int(edit.column2)]) \(NCCIImporter.period(edit)) with modifier indicator \(edit.modifier) "
                        + "contradicts \(collector.location(file: clash.file, line: clash.line)), in force on some of the same days with indicator \(clash.modifier)"))
                continue
            }
            pair.append(edit)
            rows.append(PTPTable.Row(column1: edit.column1, column2: edit.column2, effective: Int32(edit.effective),
                                     deletion: edit.deletion == 0 ? PTPTable.noDeletion : Int32(edit.deletion),
                                     indicator: edit.modifier, rationale: edit.rationale, source: edit.file))
        }
        edits = []

        var mues = collector.mues
        for i in mues.indices { mues[i].code = remap[Int(mues[i].code)] }
        mues.sort { $0.code < $1.code }
        var mueRows: [ImportedRuleset.MUERow] = []
        mueRows.reserveCapacity(mues.count)
        var previousMUE: NCCIImportCollector.MUE?
        for m in mues {
            if let p = previousMUE, p.code == m.code {
                if p.value == m.value && p.adjudication == m.adjudication {
                    duplicates += 1
                } else {
                    try collector.reject(NCCIRowProblem(
                        file: collector.files[Int(m.file)], line: Int(m.line),
                        reason: "MUE for \(codes[Int(m.code)]) conflicts with \(collector.location(file: p.file, line: p.line))"))
                }
                continue
            }
            previousMUE = m
            mueRows.append(.init(code: m.code, value: m.value, rationale: m.rationale, source: m.file, adjudication: m.adjudication))
        }

        let sources = collector.files.enumerated().map { index, name in
            "CMS NCCI \(index < ptpFileCount ? "PTP" : "MUE") \(quarter) \(baseName(name))"
        }
        var ruleset = ImportedRuleset(quarter: quarter, digest: "", codes: codes, ptpRows: rows,
                                      ptpRationales: collector.ptpRationales.texts, sources: sources,
                                      mueRows: mueRows, mueRationales: collector.mueRationales.texts)
        ruleset.digest = SHA256.hex(SHA256.hash(ImportedRulesetWriter.payload(ruleset)))
        let report = NCCIImportReport(quarter: quarter, digest: ruleset.digest, ptpFiles: ptpFiles, mueFiles: mueFiles,
                                      skippedMembers: skipped, ptpRows: rows.count, mueRows: mueRows.count, codes: codes.count,
                                      duplicateRows: duplicates, invalidRows: collector.problemCount,
                                      invalidSample: collector.problems)
        return (ruleset, report)
    }

    /// Whether a row was ever in force: not indicator 9 and not deleted on its effective day (NCCI Policy Manual ch. I §E).
    static func wasInForce(_ e: NCCIImportCollector.Edit) -> Bool {
        e.modifier != 9 && (e.deletion == 0 || e.deletion > e.effective)
    }

    /// Two rows of one pair, `earlier` not starting after `later`, contradict each other when both are in force on a
    /// common day ([effective, deletion), deletion exclusive) with different modifier indicators.
    static func contradict(_ earlier: NCCIImportCollector.Edit, _ later: NCCIImportCollector.Edit) -> Bool {
        earlier.modifier != later.modifier && wasInForce(earlier) && wasInForce(later)
            && (earlier.deletion == 0 || earlier.deletion > later.effective)
    }

    /// "in force from 20200101" or "in force from 20200101 to 20201231" (the deletion day excluded).
    static func period(_ e: NCCIImportCollector.Edit) -> String {
        e.deletion == 0 ? "in force from \(e.effective)" : "in force from \(e.effective) until \(e.deletion)"
    }

    /// The part of a source name after the last `/` or `!` (zip member names keep their own folder out).
    static func baseName(_ name: String) -> String {
        String(name.split(whereSeparator: { $0 == "/" || $0 == "!" }).last ?? Substring(name))
    }

    private static func read(_ path: String, extensions: [String], into collector: inout NCCIImportCollector,
                             used: inout [String], skipped: inout [String],
                             parse: (UnsafeBufferPointer<UInt8>, String, UInt16, inout NCCIImportCollector) throws(NCCIImportError) -> Void)
        throws(NCCIImportError) {
        let sources = try NCCISourceFile.load(path: path, extensions: extensions)
        let isArchive = sources.count > 1 || sources.first?.name != path
        var parsedAny = false
        for source in sources {
            do throws(NCCIImportError) {
                let fileIndex = try collector.addFile(source.name)
                try source.withBytes { buffer throws(NCCIImportError) in
                    try parse(buffer, source.name, fileIndex, &collector)
                }
                used.append(source.name)
                parsedAny = true
            } catch {
                // A zip may carry a readme or notice next to the tables; only a member without
                // any header is passed over, and only when another member of the archive is a table.
                if case .noHeader = error, isArchive { skipped.append(source.name); continue }
                throw error
            }
        }
        if !parsedAny, let first = sources.first {
            throw .noHeader(file: path, expected: "in any member (first: \(first.name))")
        }
    }
}
