import ClaimRules
import Foundation
@testable import RuleData
import Testing

/// Claims scrubbed by the engine against imported rulesets: PTP edits by their own effective and
/// deletion dates, indicator 9, and MUE adjudication indicator 1 (per line) vs 2/3 (per date).
enum NCCIEndToEnd {
    static func claim(on date: CalendarDate, lines: [(String, Int?, Int?)]) -> Claim {
        Claim(payer: "medicare", dateOfService: date, provider: .init(role: .pt),
              lines: lines.map { Claim.Line(code: $0.0, minutes: $0.1, units: $0.2, modifiers: ["GP"]) })
    }

    static func scrub(_ catalog: RulesetCatalog, _ claim: Claim) -> ScrubResult {
        Scrubber.scrub(claim, rules: catalog.ruleset(for: claim.earliestDateOfService ?? .epoch))
    }
}

@Suite struct NCCIEndToEndTests {
    /// One quarter (2026Q2) whose PTP edits start and end inside the quarter, and MUEs for 97530 with `mai`.
    static func catalog(mai: String, in dir: String) throws -> RulesetCatalog {
        let ptp = NCCITestFiles.write(NCCITestFiles.ptpText([
            ("97140", "97530", "", "20260415", "20260501", "0", "Mutually exclusive procedures"),
            ("97110", "97112", "", "20260401", "20260401", "9", "Mutually exclusive procedures"),
        ]), dir, "ptp.txt")
        let mue = NCCITestFiles.write(NCCITestFiles.mueText([("97530", "3", mai, "CMS Policy")]), dir, "mue.csv")
        let q = try #require(NCCIQuarter("2026Q2"))
        let (ruleset, _) = try NCCIImporter.importFiles(ptp: [ptp], mue: [mue], quarter: q, skipInvalid: false)
        try RulesetDirectoryWriter.write(ruleset, to: dir + "/rulesets/2026Q2")
        return try RulesetCatalogLoader.load(directory: dir + "/rulesets", defaultRuleset: try RuleSetLoader.loadDefault())
    }

    @Test(arguments: [(14, false), (15, true), (30, true)])
    func ptpEditAppliesFromItsEffectiveDateUntilItsDeletionDate(day: Int, applies: Bool) throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = try Self.catalog(mai: "1 Line Edit", in: dir)
        let date = try NCCICatalogTests.date(2026, 4, day)
        let result = NCCIEndToEnd.scrub(catalog, NCCIEndToEnd.claim(on: date, lines: [("97140", 15, nil), ("97530", 15, nil)]))
        let ptp = result.conflicts.filter { $0.column1 == "97140" && $0.column2 == "97530" && $0.modifierIndicator == 0 }
        #expect(ptp.isEmpty != applies, "DOS 2026-04-\(day)")
        #expect(result.ruleset.id == "ncci-2026Q2")
    }

    @Test func ptpEditNoLongerAppliesOnItsDeletionDate() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = try Self.catalog(mai: "1 Line Edit", in: dir)
        let onDeletion = NCCIEndToEnd.scrub(catalog, NCCIEndToEnd.claim(on: try NCCICatalogTests.date(2026, 5, 1),
                                                                        lines: [("97140", 15, nil), ("97530", 15, nil)]))
        #expect(!onDeletion.conflicts.contains { $0.column1 == "97140" && $0.column2 == "97530" && $0.modifierIndicator == 0 })
    }

    @Test func indicatorNineEditDeletedOnItsEffectiveDateNeverApplies() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = try Self.catalog(mai: "1 Line Edit", in: dir)
        let result = NCCIEndToEnd.scrub(catalog, NCCIEndToEnd.claim(on: try NCCICatalogTests.date(2026, 4, 1),
                                                                    lines: [("97110", 15, nil), ("97112", 15, nil)]))
        #expect(!result.conflicts.contains { $0.column1 == "97110" && $0.column2 == "97112" && $0.modifierIndicator != nil })
    }

    @Test func mueLineEditJudgesEachLineAlone() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = try Self.catalog(mai: "1 Line Edit", in: dir)
        let date = try NCCICatalogTests.date(2026, 5, 4)
        // Two lines of 2 units: each line is within 3, so a line edit (MAI 1) passes.
        let split = NCCIEndToEnd.scrub(catalog, NCCIEndToEnd.claim(on: date, lines: [("97530", 30, 2), ("97530", 30, 2)]))
        #expect(!split.allFindingIDs.contains(.mueLineExceeded))
        #expect(!split.allFindingIDs.contains(.mueDateExceeded))
        // One line of 4 units exceeds it.
        let one = NCCIEndToEnd.scrub(catalog, NCCIEndToEnd.claim(on: date, lines: [("97530", 60, 4)]))
        #expect(one.allFindingIDs.contains(.mueLineExceeded))
    }

    @Test(arguments: ["2 Date of Service Edit: Policy", "3 Date of Service Edit: Clinical"])
    func mueDateOfServiceEditSumsTheLinesOfTheDate(mai: String) throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = try Self.catalog(mai: mai, in: dir)
        let date = try NCCICatalogTests.date(2026, 5, 4)
        let split = NCCIEndToEnd.scrub(catalog, NCCIEndToEnd.claim(on: date, lines: [("97530", 30, 2), ("97530", 30, 2)]))
        #expect(split.allFindingIDs.contains(.mueDateExceeded))
        #expect(!split.allFindingIDs.contains(.mueLineExceeded))
        let within = NCCIEndToEnd.scrub(catalog, NCCIEndToEnd.claim(on: date, lines: [("97530", 45, 3)]))
        #expect(!within.allFindingIDs.contains(.mueDateExceeded))
    }
}
