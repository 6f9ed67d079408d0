import ClaimRules
import Foundation
@testable import RuleData
import Testing

/// `import-icd10cm`'s importer on the committed excerpt of an order file (CMS fixed-width layout, CR LF)
/// and on lines built to break each rule of the layout.
@Suite struct ICD10CMImportTests {
    static let fixture = ShippedConfig.packageRoot.appending(path: "Tests/Fixtures/icd10cm-order-excerpt.txt").path

    /// One order-file line in the CMS layout.
    static func line(_ order: Int, _ code: String, _ flag: String, _ short: String = "Short description",
                     _ long: String = "Long description") -> String {
        let number = String(repeating: "0", count: max(0, 5 - String(order).count)) + String(order)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        return "\(number) \(pad(code, 7)) \(flag) \(pad(short, 60)) \(long)"
    }

    /// A small valid file: M62 > M628 > M6281, M6284; G63.
    static let valid = [line(1, "G63", "1"), line(2, "M62", "0"), line(3, "M628", "0"), line(4, "M6281", "1"), line(5, "M6284", "1")]

    static func write(_ lines: [String], ending: String = "\r\n", in dir: String) -> String {
        NCCITestFiles.write(Array((lines.joined(separator: ending) + ending).utf8), dir, "icd10cm-order-2026.txt")
    }

    static func importing(_ path: String, base: ICD10CMCodeSet? = nil) throws(RuleDataError) -> (ICD10CMCodeSet, ICD10CMImportReport) {
        let window = ICD10CMImportWindow(fiscalYear: 2026)
        guard let window else { throw RuleDataError(problems: []) }
        let result = try ICD10CMImporter.importFile(path: path, window: window, base: base)
        return (result.codeSet, result.report)
    }

    /// The problems of an order file that must be refused.
    static func problems(_ lines: [String], ending: String = "\r\n") -> [RuleDataProblem] {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            _ = try importing(write(lines, ending: ending, in: dir))
            Issue.record("the order file was accepted")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func theFixtureImportsWithTheEmbeddedReleasesManifestationFlags() throws {
        let base = try ICD10CMReleaseLoader.embedded()
        let (set, report) = try Self.importing(Self.fixture, base: base)
        let text = try String(contentsOfFile: Self.fixture, encoding: .utf8)
        let lines = text.split(separator: "\r\n")
        #expect(text.hasSuffix("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(set.count == lines.count)
        #expect(set.billableCount == lines.filter { $0.dropFirst(14).first == "1" }.count)
        #expect(set.id == "icd10cm-2026" && report.id == "icd10cm-2026")
        #expect(set.effective == CalendarDate("2025-10-01") && set.through == CalendarDate("2026-09-30"))
        #expect(set.source.contains("icd10cm-order-excerpt.txt") && set.source.contains("carried from icd10cm-2026"))
        for code in ["G63", "F0280", "R4782", "F02", "F028"] { #expect(set.lookup(code)?.manifestation == true, "\(code)") }
        for code in ["M6281", "E0842", "S72001A", "T360X1A", "M62"] { #expect(set.lookup(code)?.manifestation == false, "\(code)") }
        #expect(set.lookup("S72001A")?.billable == true && set.lookup("S72001")?.billable == false)
        #expect(report.inBase == set.count && report.new == 0 && report.removed == base.count - set.count)
        #expect(report.manifestation == set.manifestationCount && report.looksPartial)
        #expect(report.digest == set.digest)
    }

    @Test func aNewCodeTakesTheFlagOfTheNearestCodeAboveItInTheBase() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // G63 grows two (made-up) subcodes; Z998 a new one; M7A is a new category.
        let lines = [Self.line(1, "G63", "0"), Self.line(2, "G630", "1"), Self.line(3, "G631", "1"),
                     Self.line(4, "M7A", "0"), Self.line(5, "M7A0", "1"),
                     Self.line(6, "Z998", "0"), Self.line(7, "Z9989", "1"), Self.line(8, "Z9990X", "1")]
        let (set, report) = try Self.importing(Self.write(lines, in: dir), base: try ICD10CMReleaseLoader.embedded())
        #expect(set.lookup("G630")?.manifestation == true && set.lookup("G631")?.manifestation == true)
        #expect(set.lookup("G63") == ICD10CMEntry(billable: false, manifestation: true))
        #expect(set.lookup("M7A0")?.manifestation == false && set.lookup("Z9990X")?.manifestation == false)
        #expect(report.new == 5 && report.newUnderManifestation == 2 && report.inBase == 3)
    }

    @Test func withoutABaseNoCodeIsFlagged() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (set, report) = try Self.importing(Self.write(Self.valid, ending: "\n", in: dir))
        #expect(set.count == 5 && set.manifestationCount == 0 && report.base == nil && report.new == 5)
    }

    @Test func lfLineEndsAndAMissingFinalLineEndAreAccepted() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = NCCITestFiles.write(Array(Self.valid.joined(separator: "\n").utf8), dir, "order.txt")
        #expect(try Self.importing(path).0.count == 5)
    }

    @Test func accentedDescriptionsAreCountedInCharactersInUTF8AndLatin1() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let short = "Charc\u{00F4}t's joint, right shoulder"
        var lines = Self.valid
        lines[4] = Self.line(5, "M6284", "1", short, "Charc\u{00F4}t's joint, right shoulder (long)")
        let utf8 = NCCITestFiles.write(Array((lines.joined(separator: "\r\n") + "\r\n").utf8), dir, "utf8.txt")
        #expect(try Self.importing(utf8).0.count == 5)
        let latin1 = try #require((lines.joined(separator: "\r\n") + "\r\n").data(using: .isoLatin1))
        let latinPath = NCCITestFiles.write([UInt8](latin1), dir, "latin1.txt")
        #expect(try Self.importing(latinPath).0.count == 5)
    }

    @Test func theOrderMemberOfAZipIsImported() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var zip = ZipArchiveWriter()
        zip.add(name: "icd10cm-codes-2026.txt", contents: Array("G63 Polyneuropathy\r\n".utf8), deflate: true)
        zip.add(name: "icd10cm-order-2026.txt", contents: Array((Self.valid.joined(separator: "\r\n") + "\r\n").utf8), deflate: true)
        let path = NCCITestFiles.write(zip.finish(), dir, "icd10cm-Code Descriptions-2026.zip")
        let (set, report) = try Self.importing(path)
        #expect(set.count == 5)
        #expect(report.source.hasSuffix("!icd10cm-order-2026.txt"))

        var other = ZipArchiveWriter()
        other.add(name: "icd10cm-codes-2026.txt", contents: Array("G63 Polyneuropathy\r\n".utf8), deflate: false)
        let noOrder = NCCITestFiles.write(other.finish(), dir, "codes.zip")
        do {
            _ = try Self.importing(noOrder)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.first?.message.contains("holds no order file") == true)
        }
    }

    @Test func aMissingFileIsReported() {
        do {
            _ = try Self.importing("/nonexistent/icd10cm-order-2026.txt")
            Issue.record("accepted")
        } catch {
            #expect(error.problems.first?.file == "/nonexistent/icd10cm-order-2026.txt")
            #expect(error.problems.first?.message.contains("cannot be read") == true)
        }
    }

    static let filler = String(repeating: "x", count: 60)

    /// Each rule of the layout, broken on line 3 of an otherwise valid file: the line, and the field named.
    static let brokenLines: [(String, String)] = [
        ("0000A M628    0 Short", "order number"),
        (line(1, "M628", "0"), "order number"),
        ("00003-M628    0 " + filler + " Long", "layout"),
        (line(3, "m628", "0"), "code"),
        (line(3, "M62.8", "0"), "code"),
        (line(3, "0016070", "0"), "code"),
        (line(3, "M6", "0"), "code"),
        (line(3, "M628", "2"), "header/billable flag"),
        (line(3, "M628", "0", ""), "short description"),
        (line(3, "M628", "0", String(repeating: "x", count: 61)), "layout"),
        (line(3, "M628", "0", "Short", ""), "long description"),
        (line(3, "M628", "0", "Short", "   "), "long description"),
        ("00003 M628    0 Short\tLong", "layout"),
        ("00003 M628", "layout"),
        ("00003 M628   00 " + filler + " Long", "layout"),
        ("00003 M628    0-" + filler + " Long", "layout"),
    ]

    @Test(arguments: brokenLines)
    func aBrokenLineIsReportedWithItsLineAndField(broken: String, field: String) {
        var lines = Self.valid
        lines[2] = broken
        let problems = Self.problems(lines)
        #expect(problems.contains { $0.line == 3 && $0.field == field }, "\(problems)")
        #expect(problems.allSatisfy { $0.file.hasSuffix("icd10cm-order-2026.txt") })
    }

    @Test func theCodeProblemSaysWhatTheCodeLooksLike() {
        var dotted = Self.valid
        dotted[2] = Self.line(3, "M62.8", "0")
        #expect(Self.problems(dotted).first?.message.contains("without a dot") == true)
        var pcs = Self.valid
        pcs[2] = Self.line(3, "0016070", "0")
        #expect(Self.problems(pcs).first?.message.contains("ICD-10-PCS") == true)
    }

    @Test func anEmptyLineAndAnEmptyFileAreRefused() {
        var lines = Self.valid
        lines.insert("", at: 2)
        #expect(Self.problems(lines).contains { $0.line == 3 && $0.message.contains("is empty") })
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = NCCITestFiles.write([], dir, "empty.txt")
        do {
            _ = try Self.importing(path)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.contains { $0.message.contains("the file is empty") })
        }
    }

    @Test func aDuplicateCodeIsReportedAtItsSecondLine() {
        let lines = Self.valid + [Self.line(6, "M6281", "1")]
        let problems = Self.problems(lines)
        #expect(problems.contains { $0.line == 6 && $0.field == "code" && $0.message.contains("already on line 4") }, "\(problems)")
    }

    @Test func theFlagMustAgreeWithTheCodesUnderIt() {
        var header = Self.valid
        header[0] = Self.line(1, "G63", "0")
        #expect(Self.problems(header).contains { $0.line == 1 && $0.field == "header/billable flag" && $0.message.contains("no code") })
        var billable = Self.valid
        billable[2] = Self.line(3, "M628", "1")
        #expect(Self.problems(billable).contains { $0.line == 3 && $0.field == "header/billable flag" && $0.message.contains("M6281 on line 4") })
    }

    @Test func manyBadLinesListTwentyAndCountTheRest() {
        let lines = (1...30).map { Self.line($0, "m\($0)", "1") }
        let problems = Self.problems(lines)
        #expect(problems.count == 21)
        #expect(problems.last?.message == "10 more problems not listed")
    }

    @Test func theWindowIsTheFiscalYearOrTheRestOfItFromAnUpdate() throws {
        let year = try #require(ICD10CMImportWindow(fiscalYear: 2027))
        #expect(year.effective == CalendarDate("2026-10-01") && year.through == CalendarDate("2027-09-30") && year.id == "icd10cm-2027")
        let april = try #require(ICD10CMImportWindow(fiscalYear: 2027, effective: CalendarDate("2027-04-01")))
        #expect(april.through == CalendarDate("2027-09-30") && april.id == "icd10cm-2027-04-01")
        #expect(ICD10CMImportWindow(fiscalYear: 2027, effective: CalendarDate("2027-10-01")) == nil)
        #expect(ICD10CMImportWindow(fiscalYear: 2027, effective: CalendarDate("2026-09-30")) == nil)
        #expect(ICD10CMImportWindow(fiscalYear: 1999) == nil)
    }
}
