import ClaimRules
import Foundation
@testable import RuleData
import Testing

@Suite struct NCCIImportTests {
    let quarter = NCCIQuarter("2026Q2")

    @Test func importsSeveralPartsWithPreamblesFromTextAndZip() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inputs = NCCITestFiles.standardInputs(in: dir)
        let q = try #require(quarter)
        let (ruleset, report) = try NCCIImporter.importFiles(ptp: inputs.ptp, mue: [inputs.mue], quarter: q, skipInvalid: false)
        #expect(report.ptpRows == 5)
        #expect(report.mueRows == 3)
        #expect(report.ptpFiles.count == 2)
        #expect(report.skippedMembers == ["\(dir)/ccipra-v322r0-f2.zip!readme.txt"])
        #expect(ruleset.codes == ruleset.codes.sorted())
        #expect(Set(ruleset.codes) == ["97010", "97110", "97140", "97150", "97161", "97164", "97530", "G0283"])
        let base = try RuleSetLoader.loadDefault()
        let rules = try ruleset.makeRuleSet(base: base, file: "test")
        #expect(rules.id == "ncci-2026Q2")
        #expect(rules.quarter == "2026Q2")
        #expect(rules.effective == CalendarDate(year: 2026, month: 4, day: 1))
        #expect(rules.through == CalendarDate(year: 2026, month: 6, day: 30))
        let date = try #require(CalendarDate(year: 2026, month: 5, day: 1))
        let edit = try #require(rules.ptp.edit(column1: "97140", column2: "97530", on: date))
        #expect(edit.modifierIndicator == .notAllowed)
        #expect(edit.rationale == "Mutually exclusive procedures")
        #expect(edit.source.contains("ccipra-v322r0-f1.txt"))
        #expect(rules.ptp.edit(column1: "97110", column2: "97150", on: date) == nil)  // deleted 2020-01-01
        #expect(rules.mues["97530"]?.adjudication == .dateOfServicePolicy)
        #expect(rules.mues["97140"]?.adjudication == .line)
        #expect(rules.mues["G0283"]?.value == 1)
        #expect(rules.mues["97530"]?.rationale == "CMS Policy")
    }

    @Test func findsColumnsByNameInAnyOrder() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = "preamble line\nPTP Edit Rationale\tModifier 0=not allowed 1=allowed 9=not applicable\tColumn 2\tColumn 1\t"
            + "Deletion Date *=no data\tEffective Date\t* = In existence prior to 1996\n"
            + "Mutually exclusive procedures\t1\t97530\t97140\t*\t20210101\t\n"
        let ptp = NCCITestFiles.write(Array(text.utf8), dir, "shuffled.txt")
        let mue = NCCITestFiles.write(NCCITestFiles.mueText(NCCITestFiles.standardMUE), dir, "mue.csv")
        let q = try #require(quarter)
        let (ruleset, _) = try NCCIImporter.importFiles(ptp: [ptp], mue: [mue], quarter: q, skipInvalid: false)
        let row = try #require(ruleset.ptpRows.first)
        #expect(ruleset.codes[Int(row.column1)] == "97140")
        #expect(ruleset.codes[Int(row.column2)] == "97530")
        #expect(row.effective == 20210101)
        #expect(row.indicator == 1)
        #expect(row.deletion == PTPTable.noDeletion)
    }

    static let badRows: [(row: NCCITestFiles.PTPRow, reason: String)] = [
        (("9753", "97140", "", "20200101", "*", "1", "x"), "Column 1 \"9753\" is not a HCPCS/CPT code"),
        (("97530", "97l40", "", "20200101", "*", "1", "x"), "Column 2 \"97l40\" is not a HCPCS/CPT code"),
        (("97530", "AB123", "", "20200101", "*", "1", "x"), "Column 2 \"AB123\" is not a HCPCS/CPT code"),
        (("97530", "97140", "", "20200230", "*", "1", "x"), "Effective Date \"20200230\" is not a real date"),
        (("97530", "97140", "", "2020-01-01", "*", "1", "x"), "Effective Date \"2020-01-01\" is not a real date"),
        (("97530", "97140", "", "20200101", "-", "1", "x"), "Deletion Date \"-\" is neither * (no data) nor a real date"),
        (("97530", "97140", "", "20200102", "20200101", "1", "x"), "Deletion Date 20200101 is before Effective Date 20200102"),
        (("97530", "97140", "", "20200101", "*", "2", "x"), "Modifier indicator \"2\" is not 0, 1 or 9"),
        (("97530", "97140", "x", "20200101", "*", "1", "x"), "prior-1996 flag \"x\" is neither * nor blank"),
    ]

    @Test(arguments: badRows.indices)
    func rejectsAMalformedRowWithFileAndLine(_ index: Int) throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (row, reason) = Self.badRows[index]
        // Preamble 3 lines + 1 header line + one good row: the bad row is line 6.
        let ptp = NCCITestFiles.write(NCCITestFiles.ptpText([("97140", "97530", "", "20200101", "*", "0", "x"), row],
                                                            twoRowHeader: false), dir, "part.txt")
        let mue = NCCITestFiles.write(NCCITestFiles.mueText(NCCITestFiles.standardMUE), dir, "mue.csv")
        let q = try #require(quarter)
        do {
            _ = try NCCIImporter.importFiles(ptp: [ptp], mue: [mue], quarter: q, skipInvalid: false)
            Issue.record("import accepted a bad row")
        } catch {
            guard case .invalidRow(let problem) = error else { Issue.record("wrong error \(error)"); return }
            #expect(problem.file == ptp)
            #expect(problem.line == 6)
            #expect(problem.reason.hasPrefix(reason), "\(problem.reason)")
        }
    }

    @Test func rejectsBadMUERowsWithTheirLine() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ptp = NCCITestFiles.write(NCCITestFiles.ptpText([("97140", "97530", "", "20200101", "*", "0", "x")]), dir, "p.txt")
        let cases: [((String, String, String, String), String)] = [
            (("97530", "-1", "1 Line Edit", "r"), "MUE value \"-1\" is not a non-negative whole number"),
            (("97530", "2", "4 Something", "r"), "MUE Adjudication Indicator \"4 Something\" does not start with 1, 2 or 3"),
            (("97530", "2", "12 Line Edit", "r"), "MUE Adjudication Indicator \"12 Line Edit\" does not start with 1, 2 or 3"),
            (("9753", "2", "1 Line Edit", "r"), "HCPCS/CPT Code \"9753\" is not a HCPCS/CPT code"),
        ]
        let q = try #require(quarter)
        for (row, reason) in cases {
            // Preamble (3 lines), a notice spanning 2 lines, the header: the first data row is line 7.
            let mue = NCCITestFiles.write(NCCITestFiles.mueText([("97140", "4", "1 Line Edit", "r"), row]), dir, "mue.csv")
            #expect {
                _ = try NCCIImporter.importFiles(ptp: [ptp], mue: [mue], quarter: q, skipInvalid: false)
            } throws: { error in
                guard let error = error as? NCCIImportError, case .invalidRow(let problem) = error else { return false }
                return problem.line == 8 && problem.reason.hasPrefix(reason)
            }
        }
    }

    @Test func shortRowsAreReportedWithTheirFieldCountAndBlankRowsPassedOver() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Preamble 3 lines, header line 4, a good row on line 5, a blank row of tabs on 6, a short row on 7.
        let ptpText = NCCITestFiles.ptpText([("97140", "97530", "", "20200101", "*", "0", "x")], twoRowHeader: false, crlf: false)
            + Array("\t\t\t\n97110\t97150\n".utf8)
        let ptp = NCCITestFiles.write(ptpText, dir, "p.txt")
        // Data rows on lines 7 to 9, a blank row of commas on 10, a short row on 11.
        let mue = NCCITestFiles.write(NCCITestFiles.mueText(NCCITestFiles.standardMUE) + Array(",,\r\n97530,2\r\n".utf8), dir, "mue.csv")
        let q = try #require(quarter)
        let (ruleset, report) = try NCCIImporter.importFiles(ptp: [ptp], mue: [mue], quarter: q, skipInvalid: true)
        #expect(report.invalidSample.map(\.description) == [
            "\(ptp):7: row has 2 tab-separated fields; the header has at least 6",
            "\(mue):11: row has 2 fields; the header has at least 3",
        ])
        #expect(ruleset.ptpRows.count == 1)
        #expect(ruleset.mueRows.count == 3)
    }

    @Test func rationaleIDsRunOutAfter65535DistinctTextsOfOneKind() throws {
        var collector = NCCIImportCollector(skipInvalid: true)
        for i in 0..<65_535 {
            #expect(try collector.ptpRationales.id("p\(i)", file: "f", line: i) == UInt16(i))
        }
        #expect(try collector.ptpRationales.id("p7", file: "f", line: 1) == 7)
        #expect(throws: NCCIImportError.invalidRow(NCCIRowProblem(file: "f", line: 9, reason: "more than 65535 distinct PTP edit rationales"))) {
            try collector.ptpRationales.id("one more", file: "f", line: 9)
        }
        // Each kind numbers its own texts.
        #expect(try collector.mueRationales.id("p7", file: "g", line: 1) == 0)
        for i in 1..<65_535 { _ = try collector.mueRationales.id("m\(i)", file: "g", line: i) }
        #expect(throws: NCCIImportError.invalidRow(NCCIRowProblem(file: "g", line: 3, reason: "more than 65535 distinct MUE rationales"))) {
            try collector.mueRationales.id("one more", file: "g", line: 3)
        }
    }

    @Test func skipInvalidCountsBadRowsAndKeepsTheFirstTwenty() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rows: [NCCITestFiles.PTPRow] = [("97140", "97530", "", "20200101", "*", "0", "x")]
        for _ in 0..<25 { rows.append(("97140", "97110", "", "20201301", "*", "1", "x")) }
        rows.append(("97140", "97112", "", "20200101", "*", "1", "x"))
        let ptp = NCCITestFiles.write(NCCITestFiles.ptpText(rows, twoRowHeader: false), dir, "p.txt")
        let mue = NCCITestFiles.write(NCCITestFiles.mueText(NCCITestFiles.standardMUE), dir, "mue.csv")
        let q = try #require(quarter)
        let (ruleset, report) = try NCCIImporter.importFiles(ptp: [ptp], mue: [mue], quarter: q, skipInvalid: true)
        #expect(report.invalidRows == 25)
        #expect(report.invalidSample.count == 20)
        #expect(report.invalidSample.first?.line == 6)
        #expect(report.invalidSample.last?.line == 25)
        #expect(ruleset.ptpRows.count == 2)
    }

    @Test func contradictingRowsAreRejectedExactDuplicatesKeptOnce() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = NCCITestFiles.write(NCCITestFiles.ptpText([("97140", "97530", "", "20200101", "*", "0", "x")]), dir, "a.txt")
        let same = NCCITestFiles.write(NCCITestFiles.ptpText([("97140", "97530", "", "20200101", "*", "0", "x")]), dir, "b.txt")
        let other = NCCITestFiles.write(NCCITestFiles.ptpText([("97140", "97530", "", "20200101", "*", "1", "x")]), dir, "c.txt")
        let mue = NCCITestFiles.write(NCCITestFiles.mueText(NCCITestFiles.standardMUE), dir, "mue.csv")
        let q = try #require(quarter)
        let (_, report) = try NCCIImporter.importFiles(ptp: [a, same], mue: [mue], quarter: q, skipInvalid: false)
        #expect(report.ptpRows == 1)
        #expect(report.duplicateRows == 1)
        #expect {
            _ = try NCCIImporter.importFiles(ptp: [a, other], mue: [mue], quarter: q, skipInvalid: false)
        } throws: { error in
            guard let error = error as? NCCIImportError, case .invalidRow(let problem) = error else { return false }
            return problem.file == other && problem.reason.contains("contradicts \(a):6")
        }
    }

    @Test func missingHeaderColumnsAndMissingHeaderAreReported() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let noModifier = NCCITestFiles.write(Array("x\nColumn 1\tColumn 2\tEffective Date\tDeletion Date\n97140\t97530\t20200101\t*\n".utf8), dir, "a.txt")
        let noHeader = NCCITestFiles.write(Array("just some text\n97140\t97530\t20200101\t*\t1\n".utf8), dir, "b.txt")
        let mue = NCCITestFiles.write(NCCITestFiles.mueText(NCCITestFiles.standardMUE), dir, "mue.csv")
        let q = try #require(quarter)
        #expect(throws: NCCIImportError.missingColumns(file: noModifier, line: 2,
                                                       missing: ["Modifier 0=not allowed 1=allowed 9=not applicable"])) {
            _ = try NCCIImporter.importFiles(ptp: [noModifier], mue: [mue], quarter: q, skipInvalid: false)
        }
        #expect {
            _ = try NCCIImporter.importFiles(ptp: [noHeader], mue: [mue], quarter: q, skipInvalid: false)
        } throws: { error in
            guard let error = error as? NCCIImportError, case .noHeader(let file, _) = error else { return false }
            return file == noHeader
        }
    }

    @Test func damagedZipArchivesAreRefused() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = NCCITestFiles.ptpText([("97140", "97530", "", "20200101", "*", "0", "x")])
        var stored = NCCITestFiles.zip([("p.txt", text)], deflate: false)
        // Flip a byte of the stored member's data: the CRC-32 no longer matches.
        let dataOffset = 30 + "p.txt".utf8.count + 10
        stored[dataOffset] ^= 0xff
        let crcBad = NCCITestFiles.write(stored, dir, "crc.zip")
        let truncated = NCCITestFiles.write(Array(NCCITestFiles.zip([("p.txt", text)]).prefix(40)), dir, "short.zip")
        let mue = NCCITestFiles.write(NCCITestFiles.mueText(NCCITestFiles.standardMUE), dir, "mue.csv")
        let q = try #require(quarter)
        for (path, fragment) in [(crcBad, "CRC-32 mismatch"), (truncated, "no end-of-central-directory record")] {
            #expect {
                _ = try NCCIImporter.importFiles(ptp: [path], mue: [mue], quarter: q, skipInvalid: false)
            } throws: { error in
                guard let error = error as? NCCIImportError, case .badArchive(let file, let reason) = error else { return false }
                return file.hasPrefix(path) && reason.contains(fragment)
            }
        }
    }

    @Test func zipReaderInflatesWhatZlibDeflated() throws {
        var text: [UInt8] = []
        for i in 0..<5000 { text += Array("line \(i)\tsome repeated text\n".utf8) }
        let archive = try ZipArchive(bytes: NCCITestFiles.zip([("a.txt", text), ("b.txt", [])]), fileName: "t.zip")
        #expect(archive.entries.map(\.name) == ["a.txt", "b.txt"])
        #expect(archive.entries[0].compressedSize < text.count / 4)
        #expect(try archive.contents(of: archive.entries[0]) == text)
        #expect(try archive.contents(of: archive.entries[1]) == [])
        let stored = try ZipArchive(bytes: NCCITestFiles.zip([("a.txt", text), ("b.txt", [])], deflate: false), fileName: "s.zip")
        #expect(try stored.contents(of: stored.entries[0]) == text)
        #expect(try stored.contents(of: stored.entries[1]) == [])
    }

    @Test func csvQuotesFollowRFC4180() throws {
        let text = Array("a,\"b,\"\"c\"\"\nd\",5\" wide,e\n\"x\"\n".utf8)
        var cells: [[String]] = []
        var lines: [Int] = []
        text.withUnsafeBufferPointer { p in
            var reader = DelimitedRecordReader(buffer: p, separator: 0x2c, quoteAware: true)
            while reader.next() {
                lines.append(reader.line)
                cells.append((0..<reader.count).map { k in
                    let (s, e) = reader.cell(k)
                    return String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
                })
            }
        }
        #expect(cells == [["a", "b,\"\"c\"\"\nd", "5\" wide", "e"], ["x"]])
        #expect(lines == [1, 3])
    }

    @Test func aPreambleSentenceNamingTheColumnsIsNotTakenForTheHeader() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var text = "Column 1 and Column 2 codes, with Effective Date and Deletion Date, follow.\n"
        text += String(decoding: NCCITestFiles.ptpText([("97140", "97530", "", "20200101", "*", "0", "x")], twoRowHeader: false), as: UTF8.self)
        let ptp = NCCITestFiles.write(Array(text.utf8), dir, "p.txt")
        let mue = NCCITestFiles.write(NCCITestFiles.mueText(NCCITestFiles.standardMUE), dir, "mue.csv")
        let q = try #require(quarter)
        let (_, report) = try NCCIImporter.importFiles(ptp: [ptp], mue: [mue], quarter: q, skipInvalid: false)
        #expect(report.ptpRows == 1)
    }

    @Test func quarterParsesToItsWindow() {
        #expect(NCCIQuarter("2026Q2").map { ($0.effectiveYYYYMMDD, $0.throughYYYYMMDD) } ?? (0, 0) == (20260401, 20260630))
        #expect(NCCIQuarter("2026q4").map { ($0.effectiveYYYYMMDD, $0.throughYYYYMMDD) } ?? (0, 0) == (20261001, 20261231))
        #expect(NCCIQuarter("2026Q1")?.throughYYYYMMDD == 20260331)
        #expect(NCCIQuarter("2026Q5") == nil)
        #expect(NCCIQuarter("26Q1") == nil)
        #expect(NCCIQuarter("2026-Q1") == nil)
    }
}
