import Foundation
@testable import RuleData

/// Small CMS-layout NCCI files written by the tests themselves (no CMS file is shipped): a
/// copyright-style preamble, one- or two-row headers, several PTP parts, zip archives, and the MUE CSV.
enum NCCITestFiles {
    static let preamble = [
        "SYNTHETIC TEST FILE - placeholder for the copyright notice and license terms",
        "CPT codes only; no descriptors. \u{00A9} placeholder, FARS/DFARS placeholder",
        "",
    ]

    /// A PTP row: column 1, column 2, prior-1996 flag, effective, deletion, modifier, rationale.
    typealias PTPRow = (String, String, String, String, String, String, String)

    /// Tab-delimited PTP part. `twoRowHeader` splits the column names over two rows like the CMS files.
    static func ptpText(_ rows: [PTPRow], twoRowHeader: Bool = true, crlf: Bool = true) -> [UInt8] {
        var lines = preamble
        if twoRowHeader {
            lines.append("Column 1\tColumn 2\t* = In existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale")
            lines.append("\t\tprior to 1996\tDate\tDate *=no data\t0=not allowed 1=allowed 9=not applicable\t")
        } else {
            lines.append("Column 1\tColumn 2\t* = In existence prior to 1996\tEffective Date\tDeletion Date *=no data\t"
                         + "Modifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale")
        }
        for r in rows { lines.append([r.0, r.1, r.2, r.3, r.4, r.5, r.6].joined(separator: "\t")) }
        let text = lines.joined(separator: crlf ? "\r\n" : "\n") + (crlf ? "\r\n" : "\n")
        // The preamble's © is Latin-1 in the CMS files; write it that way.
        return Array(text.data(using: .isoLatin1) ?? Data(text.utf8))
    }

    /// MUE CSV: code, value, MAI text, rationale; with a quoted multi-line preamble cell.
    static func mueText(_ rows: [(String, String, String, String)]) -> [UInt8] {
        var lines = preamble.map { $0.isEmpty ? "" : "\"\($0)\"" }
        lines.append("\"A notice, with a comma and \"\"quotes\"\"\nover two lines\"")
        lines.append("\"HCPCS/CPT Code\",\"Practitioner Services MUE Values\",\"MUE Adjudication Indicator\",\"MUE Rationale\"")
        for r in rows { lines.append("\(r.0),\(r.1),\"\(r.2)\",\"\(r.3)\"") }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func zip(_ members: [(String, [UInt8])], deflate: Bool = true) -> [UInt8] {
        var writer = ZipArchiveWriter()
        for (name, contents) in members { writer.add(name: name, contents: contents, deflate: deflate) }
        return writer.finish()
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "ncci-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @discardableResult
    static func write(_ bytes: [UInt8], _ directory: String, _ name: String) -> String {
        let path = directory + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static let standardMUE: [(String, String, String, String)] = [
        ("97530", "3", "2 Date of Service Edit: Policy", "CMS Policy"),
        ("97140", "4", "1 Line Edit", "Clinical: Data"),
        ("G0283", "1", "3 Date of Service Edit: Clinical", "Nature of Service/Procedure"),
    ]

    /// A two-part import (a plain text part and a zipped part) with an MUE zip; returns the paths.
    static func standardInputs(in dir: String) -> (ptp: [String], mue: String) {
        let part1 = ptpText([
            ("97140", "97530", "", "20200101", "*", "0", "Mutually exclusive procedures"),
            ("97140", "97164", "", "20200101", "*", "1", "Misuse of column two code with column one code"),
            ("97110", "97150", "*", "19960101", "20200101", "1", "Mutually exclusive procedures"),
        ], twoRowHeader: false, crlf: false)
        let part2 = ptpText([
            ("97530", "97161", "", "20200101", "20200101", "9", "CPT Manual or CMS manual coding instructions"),
            ("G0283", "97010", "", "20260415", "20260501", "1", "Standards of medical / surgical services"),
        ])
        let p1 = write(part1, dir, "ccipra-v322r0-f1.txt")
        let p2 = write(zip([("ccipra-v322r0-f2.txt", part2), ("readme.txt", Array("no table here\n".utf8))]), dir, "ccipra-v322r0-f2.zip")
        let m = write(zip([("MUE_Practitioner.csv", mueText(standardMUE))], deflate: false), dir, "mue.zip")
        return ([p1, p2], m)
    }
}
