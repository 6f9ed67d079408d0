public import ClaimRules

/// Turns the CMS ICD-10-CM order file of a fiscal year into a release file (`icd10cm-codes.txt`) the
/// service loads.
///
/// Manifestation flags are not in the order file. They are carried from a base release (the embedded
/// one, whose flags come from the tabular list): a code the base has keeps the base's flag; a new code
/// is flagged when the nearest shorter code above it in the base is flagged (a new subcode of G63 is a
/// manifestation code like G63); any other new code is not flagged, and the report counts these so the
/// operator knows how many codes the manifestation check cannot judge.
public enum ICD10CMImporter {
    /// The file's bytes as one order file: a plain text file, or the order member of a CMS zip
    /// (`icd10cm-Code Descriptions-2027.zip` holds `icd10cm-order-2027.txt` next to other files).
    public static func source(path: String) throws(RuleDataError) -> NCCISourceFile {
        let members: [NCCISourceFile]
        do {
            members = try NCCISourceFile.load(path: path, extensions: [".txt"])
        } catch {
            throw RuleDataError(problems: [RuleDataProblem(file: path, line: nil, field: nil, message: Self.reason(error))])
        }
        if members.count == 1, members[0].name == path { return members[0] }
        let orders = members.filter { ($0.name.split(separator: "!").last ?? "").lowercased().contains("order") }
        guard orders.count == 1 else {
            let names = members.map { String($0.name.split(separator: "!").last ?? "") }.joined(separator: ", ")
            throw RuleDataError(problems: [RuleDataProblem(
                file: path, line: nil, field: nil,
                message: orders.isEmpty ? "holds no order file (members: \(names))"
                    : "holds several order files (\(names)); extract the one to import")])
        }
        return orders[0]
    }

    /// Reads and checks the order file at `path` and builds the release for `window`, with manifestation
    /// flags from `base`. Returns the file to write (checked by reading it back) and the report.
    public static func importFile(path: String, window: ICD10CMImportWindow,
                                  base: ICD10CMCodeSet?) throws(RuleDataError) -> (file: [UInt8], codeSet: ICD10CMCodeSet, report: ICD10CMImportReport) {
        let input = try source(path: path)
        let lines = try parse(input)
        var builder = ICD10CMCodeSet.Builder()
        builder.reserveCapacity(lines.count)
        var inBase = 0, new = 0, newFlagged = 0
        for line in lines {
            var manifestation = false
            if let base {
                if let entry = base.lookup(line.code) {
                    inBase += 1
                    manifestation = entry.manifestation
                } else {
                    new += 1
                    manifestation = nearestAncestor(of: line.code, in: base)?.manifestation ?? false
                    if manifestation { newFlagged += 1 }
                }
            } else {
                new += 1
            }
            builder.add(line.code, ICD10CMEntry(billable: line.billable, manifestation: manifestation))
        }
        let name = String(input.name.split(separator: "/").last ?? Substring(input.name))
        let flags = base.map { "manifestation flags carried from \($0.id)" } ?? "no manifestation flags"
        let provisional = ICD10CMCodeSet(id: window.id, effective: window.effective, through: window.through, digest: "",
                                         source: "ICD-10-CM FY\(window.fiscalYear) order file \(name), effective \(window.effective); \(flags)",
                                         codes: builder)
        let comments = [
            "ICD-10-CM release imported by claim-scrubber import-icd10cm: codes and flags only (no descriptions).",
            "ICD-10-CM is public domain (CDC/NCHS; distributed by CMS). Source: \(name).",
            "Do not edit: the loader checks the sha256 line, which covers every byte after it.",
        ]
        let (bytes, digest) = ICD10CMCodeSetFile.encode(provisional, comments: comments)
        // Read back what will be written, so a file the service would refuse is never written.
        let codeSet = try bytes.withUnsafeBufferPointer { buffer throws(RuleDataError) in
            try ICD10CMCodeSetFile.parse(buffer, file: "the release built from \(input.name)")
        }
        var removed = 0
        if let base {
            let present = Set(lines.map(\.code))
            removed = base.entries.reduce(0) { $0 + (present.contains($1.code) ? 0 : 1) }
        }
        let report = ICD10CMImportReport(id: window.id, window: window, source: input.name, codes: codeSet.count,
                                         billable: codeSet.billableCount, base: base?.id,
                                         manifestation: codeSet.manifestationCount, inBase: inBase, new: new,
                                         newUnderManifestation: newFlagged, removed: removed, digest: digest)
        return (bytes, codeSet, report)
    }

    static func parse(_ input: NCCISourceFile) throws(RuleDataError) -> [ICD10CMOrderFile.Line] {
        let result = input.bytes.withUnsafeBufferPointer { buffer -> Result<[ICD10CMOrderFile.Line], RuleDataError> in
            do throws(RuleDataError) { return .success(try ICD10CMOrderFile.parse(buffer, file: input.name)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// The base's entry for the longest code (at least 3 characters) that `code` extends.
    static func nearestAncestor(of code: String, in base: ICD10CMCodeSet) -> ICD10CMEntry? {
        var prefix = Substring(code).dropLast()
        while prefix.count >= 3 {
            if let entry = base.lookup(String(prefix)) { return entry }
            prefix = prefix.dropLast()
        }
        return nil
    }

    static func reason(_ error: NCCIImportError) -> String {
        switch error {
        case .unreadable(_, let reason): return "cannot be read: \(reason)"
        case .badArchive(_, let reason): return "not a readable zip archive: \(reason)"
        default: return error.description
        }
    }
}
