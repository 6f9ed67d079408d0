import ClaimRules
import Foundation
@testable import RuleData
import Testing

/// The ICD-10-CM release embedded from Config/icd10cm/icd10cm-codes.txt: FY2026 (April 1, 2026 files),
/// its counts, billable (leaf) codes and the manifestation codes derived from the tabular list.
@Suite struct ICD10CMEmbeddedTests {
    static func embedded() throws -> ICD10CMCodeSet { try ICD10CMReleaseLoader.embedded() }

    @Test func theEmbeddedReleaseIsFY2026WithItsPublishedBillableCount() throws {
        let set = try Self.embedded()
        #expect(set.id == "icd10cm-2026")
        #expect(set.effective == CalendarDate("2025-10-01"))
        #expect(set.through == CalendarDate("2026-09-30"))
        #expect(set.count == 98_186)
        // 74,260 (FY2025) + 487 added − 28 deleted for FY2026.
        #expect(set.billableCount == 74_719)
        #expect(set.source.contains("FY2026") && set.source.contains("April 1, 2026"))
        #expect(set.digest.count == 64)
    }

    @Test(arguments: [
        ("M6281", true), ("M62", false), ("M628", false), ("S72001A", true), ("S72001", false), ("T360X1A", true),
        ("T360X", false), ("M545", false), ("M5450", true), ("G63", true), ("I69351", true), ("Z9989", true), ("U099", true), ("R4782", true), ("A000", true),
    ])
    func billableMeansNoCodeUnderIt(code: String, billable: Bool) throws {
        #expect(try Self.embedded().lookup(code)?.billable == billable, "\(code)")
    }

    @Test(arguments: ["M62.81", "S72.001", "ZZZ9", "A0", "U07.1X", "M6299"])
    func textThatIsNotACodeOfTheReleaseIsNotFound(text: String) throws {
        #expect(try Self.embedded().lookup(text) == nil)
    }

    /// Real manifestation codes of the tabular list: each has a "classified elsewhere" title (its own or
    /// its category's) and a "Code first" note (section I.A.13 of the Official Guidelines).
    @Test(arguments: ["G63", "F0280", "F02811", "G132", "G737", "G990", "H36811", "I32", "I43", "L14", "L62", "M1480", "M4986",
                      "M63811", "M90511", "N08", "R4782", "D630", "D631", "G4754", "Z9183"])
    func manifestationCodesAreFlagged(code: String) throws {
        let entry = try #require(try Self.embedded().lookup(code), "\(code)")
        #expect(entry.manifestation, "\(code)")
    }

    /// Codes that are not manifestation codes, including codes with a "Code first" note that may still
    /// be first-listed (heart failure, pressure ulcer, CKD), the infectious-agent codes B95-B97, and the
    /// documented limits of the derivation (G46.- lacks the title phrase, M14.6- lacks a code-first note).
    @Test(arguments: ["M6281", "E0842", "E1142", "I69351", "I5020", "L89154", "N184", "B9562", "B974", "G460", "M14611",
                      "S72001A", "Z9989", "R262", "M5450"])
    func otherCodesAreNotFlagged(code: String) throws {
        let entry = try #require(try Self.embedded().lookup(code), "\(code)")
        #expect(!entry.manifestation, "\(code)")
    }

    @Test func theEmbeddedFileOnDiskLoadsWithTheSameDigest() throws {
        let path = ShippedConfig.configDirectory + "/icd10cm/icd10cm-codes.txt"
        let fromDisk = try ICD10CMReleaseLoader.read(path: path)
        let embedded = try Self.embedded()
        #expect(fromDisk.digest == embedded.digest)
        #expect(fromDisk.count == embedded.count)
        #expect(fromDisk.manifestationCount == embedded.manifestationCount)
    }
}
