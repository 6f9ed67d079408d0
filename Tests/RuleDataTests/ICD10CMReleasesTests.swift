import ClaimRules
import Foundation
@testable import RuleData
import Testing

/// Imported releases next to the embedded one: written atomically into the rulesets directory, loaded
/// and chosen by date of service, refused when ambiguous, and reloaded all or nothing.
@Suite struct ICD10CMReleasesTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(text) ?? .epoch }

    /// Imports the valid five-code file for `window` into `rulesets/<id>`.
    @discardableResult
    static func importRelease(_ window: ICD10CMImportWindow, into rulesets: String, lines: [String] = ICD10CMImportTests.valid) throws -> ICD10CMCodeSet {
        let work = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = ICD10CMImportTests.write(lines, in: work)
        let result = try ICD10CMImporter.importFile(path: path, window: window, base: try ICD10CMReleaseLoader.embedded())
        try RulesetDirectoryWriter.write(file: result.file, named: ICD10CMCodeSetFile.fileName, to: rulesets + "/" + window.id)
        return result.codeSet
    }

    @Test func importedReleasesAreChosenByDateOfService() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fy2027 = try Self.importRelease(try #require(ICD10CMImportWindow(fiscalYear: 2027)), into: dir)
        let april = try Self.importRelease(try #require(ICD10CMImportWindow(fiscalYear: 2027, effective: Self.date("2027-04-01"))), into: dir,
                                           lines: Array(ICD10CMImportTests.valid.dropLast()))
        let releases = try ICD10CMReleaseLoader.load(directory: dir, embedded: try ICD10CMReleaseLoader.embedded())
        #expect(releases.entries.map(\.codeSet.id) == ["icd10cm-2026", "icd10cm-2027", "icd10cm-2027-04-01"])
        #expect(releases.entries.map(\.isEmbedded) == [true, false, false])
        #expect(releases.entries[1].path == dir + "/icd10cm-2027/icd10cm-codes.txt")
        #expect(releases.entries[1].codeSet.digest == fy2027.digest && releases.entries[2].codeSet.digest == april.digest)
        let catalog = releases.catalog
        #expect(catalog.codeSet(on: Self.date("2026-09-30"))?.id == "icd10cm-2026")
        #expect(catalog.codeSet(on: Self.date("2026-10-01"))?.id == "icd10cm-2027")
        #expect(catalog.codeSet(on: Self.date("2027-03-31"))?.lookup("M6284") != nil)
        #expect(catalog.codeSet(on: Self.date("2027-04-01"))?.id == "icd10cm-2027-04-01")
        #expect(catalog.codeSet(on: Self.date("2027-04-01"))?.lookup("M6284") == nil)
        #expect(catalog.codeSet(on: Self.date("2027-10-01")) == nil)
        #expect(catalog.codeSet(on: Self.date("2025-09-30")) == nil)
    }

    @Test func anImportForTheEmbeddedReleasesWindowReplacesIt() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.importRelease(try #require(ICD10CMImportWindow(fiscalYear: 2026)), into: dir)
        let releases = try ICD10CMReleaseLoader.load(directory: dir, embedded: try ICD10CMReleaseLoader.embedded())
        #expect(releases.entries.count == 1)
        #expect(releases.entries.first?.path != nil && releases.entries.first?.codeSet.count == 5)
    }

    @Test func twoImportsWithTheSameEffectiveDateAreRefused() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let window = try #require(ICD10CMImportWindow(fiscalYear: 2027))
        let set = try Self.importRelease(window, into: dir)
        let (bytes, _) = ICD10CMCodeSetFile.encode(set, comments: [])
        try RulesetDirectoryWriter.write(file: bytes, named: ICD10CMCodeSetFile.fileName, to: dir + "/copy")
        do {
            _ = try ICD10CMReleaseLoader.load(directory: dir, embedded: nil)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.first?.message.contains("keep one ICD-10-CM release per effective date") == true)
        }
    }

    @Test func aDirectoryWithoutReleasesGivesTheEmbeddedOneAndNCCIQuartersAreIgnored() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/2026Q2", withIntermediateDirectories: true)
        try Data("CSNCCIRS".utf8).write(to: URL(fileURLWithPath: dir + "/2026Q2/ruleset.ncci"))
        let releases = try ICD10CMReleaseLoader.load(directory: dir, embedded: try ICD10CMReleaseLoader.embedded())
        #expect(releases.entries.map(\.codeSet.id) == ["icd10cm-2026"])
        #expect(throws: RuleDataError.self) { _ = try ICD10CMReleaseLoader.load(directory: dir + "/missing", embedded: nil) }
    }

    @Test func aReloadSwapsInGoodReleasesAndKeepsThemWhenAFileIsBad() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let holder = try ICD10CMHolder(directory: dir, embedded: try ICD10CMReleaseLoader.embedded())
        #expect(holder.current.entries.count == 1)
        try Self.importRelease(try #require(ICD10CMImportWindow(fiscalYear: 2027)), into: dir)
        #expect(try holder.reload(from: dir).entries.map(\.codeSet.id) == ["icd10cm-2026", "icd10cm-2027"])

        // A damaged file (one code changed after the digest was written) is refused; the releases stay.
        let path = dir + "/icd10cm-2027/icd10cm-codes.txt"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "M6284\tB", with: "M6285\tB")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        do {
            try holder.reload(from: dir)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.contains { $0.file == path && $0.field == "sha256" })
        }
        #expect(holder.current.entries.map(\.codeSet.id) == ["icd10cm-2026", "icd10cm-2027"])
        #expect(holder.current.catalog.codeSet(on: Self.date("2027-01-01"))?.lookup("M6284") != nil)
    }

    @Test func writingOverAnEarlierImportReplacesItAndRefusesAForeignDirectory() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let window = try #require(ICD10CMImportWindow(fiscalYear: 2027))
        try Self.importRelease(window, into: dir)
        let second = try Self.importRelease(window, into: dir, lines: Array(ICD10CMImportTests.valid.dropLast()))
        #expect(try ICD10CMReleaseLoader.read(path: dir + "/icd10cm-2027/icd10cm-codes.txt").digest == second.digest)
        let hidden = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty)
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/icd10cm-2027/notes.txt"))
        #expect(throws: NCCIImportError.self) {
            try RulesetDirectoryWriter.write(file: [0x41], named: ICD10CMCodeSetFile.fileName, to: dir + "/icd10cm-2027")
        }
    }
}
