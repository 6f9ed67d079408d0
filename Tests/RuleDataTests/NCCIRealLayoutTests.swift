import ClaimRules
import Foundation
import Testing
@testable import RuleData

/// Files in the exact shape CMS publishes (no CMS or AMA text: placeholders of the same shape).
///
/// PTP part (`ccipra-vNNNrN-fK`): Latin-1, tab-delimited, CRLF on every line; line 1 a copyright sentence and 6 tabs,
/// line 2 `Column1/Column2 Edits` and 6 tabs, lines 3-6 the header wrapped over four rows cell by cell, then data with
/// repeated (column 1, column 2, effective) keys as in the real files. MUE table: CRLF between records; record 1 a
/// quoted multi-line notice (bare LF inside the quotes, the registered sign as the Latin-1 byte 0xAE) and `,,,`;
/// record 2 the header whose first cell wraps inside quotes (`"HCPCS/<LF>CPT Code"`); unquoted data rows.
enum NCCIRealLayout {
    /// One tab-separated line ending in CR LF.
    static func line(_ cells: [String]) -> [UInt8] { Array((cells.joined(separator: "\t") + "\r\n").utf8) }

    static let header: [[String]] = [
        ["Column 1", "Column 2", "*=in existence", "Effective", "Deletion", "Modifier", "PTP Edit Rationale"],
        ["", "", "prior to 1996", "Date", "Date", "0=not allowed", ""],
        ["", "", "", "", "*=no data", "1=allowed", ""],
        ["", "", "", "", "", "9=not applicable", ""],
    ]

    /// The first data line of a part is line 7.
    static let firstDataLine = 7

    static func ptp(_ rows: [[String]]) -> [UInt8] {
        var bytes = line(["Placeholder for the copyright sentence of the CMS file (test data, not CMS or AMA text).", "", "", "", "", "", ""])
        bytes += line(["Column1/Column2 Edits", "", "", "", "", "", ""])
        for row in header { bytes += line(row) }
        for row in rows { bytes += line(row) }
        return bytes
    }

    /// The repeated-key rows of the real files (13121/13120, 17000/17281) and therapy history: a pair that ended,
    /// a successor with another indicator after a gap-free change, and overlapping rows with the same indicator.
    static let rows: [[String]] = [
        ["0001U", "0030U", "", "20180701", "*", "1", "Misuse of Column Two code with Column One code"],
        ["13121", "13120", "", "19960101", "19960101", "9", "Mutually exclusive procedures"],
        ["13121", "13120", "*", "19960101", "*", "0", "Mutually exclusive procedures"],
        ["17000", "17281", "", "19990701", "20041231", "1", "Mutually exclusive procedures"],
        ["17000", "17281", "", "19990701", "19990701", "9", "Mutually exclusive procedures"],
        ["97140", "97530", "", "20150101", "20191231", "1", "Mutually exclusive procedures"],
        ["97150", "97530", "", "20200101", "*", "1", "Mutually exclusive procedures"],
        ["97150", "97530", "", "20210101", "*", "1", "Mutually exclusive procedures"],
        ["97530", "97116", "", "20150101", "20191231", "1", "Mutually exclusive procedures"],
        ["97530", "97116", "", "20201001", "20201001", "9", "Mutually exclusive procedures"],
        ["97112", "97110", "", "20100101", "20150101", "0", "Standards of medical/surgical practice"],
        ["97112", "97110", "", "20150101", "*", "1", "Standards of medical/surgical practice"],
    ]

    static func mue(_ data: [String]) -> [UInt8] {
        var bytes: [UInt8] = Array("\"Placeholder notice, first line, with \"\"quotes\"\" and commas,\nCPT".utf8)
        bytes.append(0xAE)
        bytes += Array(" placeholder registered sign (Latin-1)\nlast line of the notice\",,,\r\n".utf8)
        bytes += Array("\"HCPCS/\nCPT Code\",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n".utf8)
        for row in data { bytes += Array((row + "\r\n").utf8) }
        return bytes
    }

    static let mueRows = [
        "97530,6,3 Date of Service Edit: Clinical,Clinical: Data",
        "97110,6,3 Date of Service Edit: Clinical,Clinical: Data",
        "97161,1,2 Date of Service Edit: Policy,CMS Policy",
        "G0283,1,3 Date of Service Edit: Clinical,Code Descriptor / CPT Instruction",
        "0001U,1,1 Line Edit,Code Descriptor / CPT Instruction",
    ]

    static let quarter = NCCIQuarter("2024Q3")
}

@Suite struct NCCIRealLayoutTests {
    private func importPlain(in dir: String) throws -> (ImportedRuleset, NCCIImportReport) {
        let ptp = NCCITestFiles.write(NCCIRealLayout.ptp(NCCIRealLayout.rows), dir, "ccipra-v302r0-f4.TXT")
        let mue = NCCITestFiles.write(NCCIRealLayout.mue(NCCIRealLayout.mueRows), dir, "MCR_MUE_PractitionerServices_Eff_07-01-2024.csv")
        return try NCCIImporter.importFiles(ptp: [ptp], mue: [mue], quarter: try #require(NCCIRealLayout.quarter), skipInvalid: false)
    }

    @Test func fixtureHasTheRealShape() {
        let ptp = NCCIRealLayout.ptp(NCCIRealLayout.rows)
        let lines = ptp.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast()
        #expect(lines.allSatisfy { $0.last == 0x0d }, "CRLF on every line")
        #expect(lines.count == 6 + NCCIRealLayout.rows.count)
        #expect(lines.prefix(2).allSatisfy { $0.dropLast().suffix(6).allSatisfy { $0 == 0x09 } }, "trailing tabs")
        let mue = NCCIRealLayout.mue(NCCIRealLayout.mueRows)
        #expect(mue.contains(0xAE) && String(validating: mue, as: UTF8.self) == nil, "Latin-1, not UTF-8")
        let bareLF = zip(mue.dropFirst(), mue).filter { $0.0 == 0x0a && $0.1 != 0x0d }.count
        #expect(bareLF == 3, "two line breaks inside the notice, one inside the first header cell")
    }

    @Test func importsTheRealLayoutKeepingEveryRowsPeriod() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ruleset, report) = try importPlain(in: dir)
        #expect(report.ptpRows == NCCIRealLayout.rows.count, "no row is a conflict or a duplicate")
        #expect(report.duplicateRows == 0 && report.invalidRows == 0)
        #expect(report.mueRows == 5)
        let rules = try ruleset.makeRuleSet(base: try RuleSetLoader.loadDefault(), file: "test")
        let mue = try #require(rules.mues["97530"])
        #expect(mue.value == 6 && mue.adjudication == .dateOfServiceClinical && mue.rationale == "Clinical: Data")
        #expect(rules.mues["0001U"]?.adjudication == .line)
        #expect(rules.id == "ncci-2024Q3" && rules.snapshot == nil)
    }

    /// Each pair on dates where a row of it was or was not in force: (column 1, column 2, date, indicator or nil).
    /// The deletion date itself is no longer in force (deletion exclusive, as the indicator-9 rows deleted on their
    /// effective date require).
    @Test(arguments: [
        ("13121", "13120", "2024-08-15", 0), ("13121", "13120", "1996-01-01", 0),
        ("17000", "17281", "2003-05-05", 1), ("17000", "17281", "1999-07-01", 1), ("17000", "17281", "2004-12-30", 1),
        ("17000", "17281", "2004-12-31", nil),
        ("17000", "17281", "2005-01-03", nil), ("17000", "17281", "2024-08-15", nil),
        ("97140", "97530", "2019-06-03", 1), ("97140", "97530", "2019-12-30", 1), ("97140", "97530", "2019-12-31", nil), ("97140", "97530", "2024-08-15", nil),
        ("97150", "97530", "2019-12-31", nil), ("97150", "97530", "2024-08-15", 1),
        ("97530", "97116", "2018-02-05", 1), ("97530", "97116", "2020-10-01", nil), ("97530", "97116", "2024-08-15", nil),
        ("97112", "97110", "2014-12-31", 0), ("97112", "97110", "2015-01-01", 1), ("97112", "97110", "2024-08-15", 1),
    ] as [(String, String, String, Int?)])
    func importedRulesetAppliesEachRowByDate(column1: String, column2: String, dos: String, indicator: Int?) throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ruleset, _) = try importPlain(in: dir)
        try RulesetDirectoryWriter.write(ruleset, to: dir + "/rulesets/2024Q3")
        let catalog = try RulesetCatalogLoader.load(directory: dir + "/rulesets", defaultRuleset: try RuleSetLoader.loadDefault())
        let date = try #require(CalendarDate(dos))
        let result = NCCIEndToEnd.scrub(catalog, NCCIEndToEnd.claim(on: date, lines: [(column2, 15, nil), (column1, 15, nil)]))
        let ptp = result.conflicts.filter { $0.column1 == column1 && $0.column2 == column2 && $0.modifierIndicator != nil }
        #expect(ptp.map(\.modifierIndicator) == (indicator.map { [$0] } ?? []), "\(column1)/\(column2) on \(dos)")
        #expect(result.ruleset.id == "ncci-2024Q3")
        // Outside the imported quarter the nearest quarter judges, with the warning (never the snapshot notice).
        let inside = (try #require(CalendarDate("2024-07-01")))...(try #require(CalendarDate("2024-09-30")))
        #expect(result.warnings.contains { $0.id == .rulesetNotInForce } == !inside.contains(date))
        #expect(!result.allFindingIDs.contains(.ncciEditsSnapshot))
    }

    @Test func zipArchivesAsCMSPublishesThemImportTheSameTables() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (plain, _) = try importPlain(in: dir)
        let ptpZip = NCCITestFiles.write(NCCITestFiles.zip([("ccipra-v302r0-f4.TXT", NCCIRealLayout.ptp(NCCIRealLayout.rows))]),
                                         dir, "ccipra-v302r0-f4.zip")
        let mueZip = NCCITestFiles.write(NCCITestFiles.zip([("MCR_MUE_PractitionerServices_Eff_07-01-2024.csv", NCCIRealLayout.mue(NCCIRealLayout.mueRows))]),
                                         dir, "MCR_MUE_PractitionerServices_Eff_07-01-2024.zip")
        let (zipped, report) = try NCCIImporter.importFiles(ptp: [ptpZip], mue: [mueZip], quarter: try #require(NCCIRealLayout.quarter), skipInvalid: false)
        #expect(report.ptpFiles == [ptpZip + "!ccipra-v302r0-f4.TXT"])
        #expect(zipped.codes == plain.codes)
        #expect(zipped.ptpRows == plain.ptpRows)
        #expect(zipped.mueRows == plain.mueRows)
        #expect(zipped.ptpRationales == plain.ptpRationales && zipped.mueRationales == plain.mueRationales)
    }

    @Test func twoRowsInForceOnTheSameDayWithDifferentIndicatorsAreRefusedNamingBothLines() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let f4 = NCCITestFiles.write(NCCIRealLayout.ptp(NCCIRealLayout.rows), dir, "ccipra-v302r0-f4.TXT")
        // In force from 2023 with indicator 0, while the row on line 13 (97150/97530 from 2020, indicator 1) still is.
        let other = NCCITestFiles.write(NCCIRealLayout.ptp([
            ["97150", "97530", "", "20230101", "*", "0", "Mutually exclusive procedures"],
            ["97530", "97116", "", "20191231", "*", "0", "Mutually exclusive procedures"],
        ]), dir, "extra.TXT")
        let mue = NCCITestFiles.write(NCCIRealLayout.mue(NCCIRealLayout.mueRows), dir, "mue.csv")
        let quarter = try #require(NCCIRealLayout.quarter)
        let earlierLine = NCCIRealLayout.firstDataLine + 6
        #expect {
            _ = try NCCIImporter.importFiles(ptp: [f4, other], mue: [mue], quarter: quarter, skipInvalid: false)
        } throws: { error in
            guard let error = error as? NCCIImportError, case .invalidRow(let problem) = error else { return false }
            return problem.file == other && problem.line == NCCIRealLayout.firstDataLine
                && problem.reason.contains("97150/97530 in force from 20230101 with modifier indicator 0")
                && problem.reason.contains("contradicts \(f4):\(earlierLine)")
        }
        // The 97530/97116 row starts the day the indicator-1 row ended (deletion is exclusive): no contradiction.
        let (ruleset, report) = try NCCIImporter.importFiles(ptp: [f4, other], mue: [mue], quarter: quarter, skipInvalid: true)
        #expect(report.invalidRows == 1)
        #expect(report.invalidSample.first?.line == NCCIRealLayout.firstDataLine)
        #expect(ruleset.ptpRows.count == NCCIRealLayout.rows.count + 1)
    }

    @Test func exactRepeatsAreKeptOnce() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = NCCITestFiles.write(NCCIRealLayout.ptp(NCCIRealLayout.rows), dir, "a.TXT")
        let b = NCCITestFiles.write(NCCIRealLayout.ptp(NCCIRealLayout.rows), dir, "b.TXT")
        let mue = NCCITestFiles.write(NCCIRealLayout.mue(NCCIRealLayout.mueRows), dir, "mue.csv")
        let (_, report) = try NCCIImporter.importFiles(ptp: [a, b], mue: [mue], quarter: try #require(NCCIRealLayout.quarter), skipInvalid: false)
        #expect(report.ptpRows == NCCIRealLayout.rows.count)
        #expect(report.duplicateRows == NCCIRealLayout.rows.count)
    }
}
