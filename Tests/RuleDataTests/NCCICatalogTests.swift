import ClaimRules
import Foundation
@testable import RuleData
import Testing

@Suite struct NCCICatalogTests {
    static func date(_ y: Int, _ m: Int, _ d: Int) throws -> CalendarDate { try #require(CalendarDate(year: y, month: m, day: d)) }

    /// Two imported quarters (2026Q1, 2026Q2) in one rulesets directory.
    static func twoQuarters(_ dir: String) throws -> String {
        _ = try NCCIRulesetFileTests.importStandard("2026Q1", into: dir)
        _ = try NCCIRulesetFileTests.importStandard("2026Q2", into: dir)
        return dir + "/rulesets"
    }

    @Test func picksTheQuarterInForceAndFlagsDatesNoRulesetCovers() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try RuleSetLoader.loadDefault()
        let catalog = try RulesetCatalogLoader.load(directory: try Self.twoQuarters(dir), defaultRuleset: base)
        #expect(catalog.all.map(\.ruleset.id) == ["ncci-2026Q1", "ncci-2026Q2", base.id])
        #expect(catalog.ruleset(for: try Self.date(2026, 1, 1)).id == "ncci-2026Q1")
        #expect(catalog.ruleset(for: try Self.date(2026, 3, 31)).id == "ncci-2026Q1")
        #expect(catalog.ruleset(for: try Self.date(2026, 4, 1)).id == "ncci-2026Q2")
        #expect(catalog.ruleset(for: try Self.date(2026, 6, 30)).id == "ncci-2026Q2")
        let after = catalog.selection(for: try Self.date(2026, 7, 1))
        #expect(after.ruleset.id == "ncci-2026Q2" && !after.covered)
        let before = catalog.selection(for: try Self.date(2025, 12, 31))
        #expect(before.ruleset.id == "ncci-2026Q1" && !before.covered)
        let onlyDefault = try RulesetCatalogLoader.load(directory: nil, defaultRuleset: base)
        #expect(onlyDefault.ruleset(for: try Self.date(2026, 7, 1)).id == base.id)
    }

    @Test func aDateNoRulesetCoversGetsTheNotInForceWarning() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try RuleSetLoader.loadDefault()
        let catalog = try RulesetCatalogLoader.load(directory: try Self.twoQuarters(dir), defaultRuleset: base)
        let inside = NCCIEndToEnd.scrub(catalog, NCCIEndToEnd.claim(on: try Self.date(2026, 5, 1), lines: [("97110", 30, nil)]))
        #expect(!inside.allFindingIDs.contains(.rulesetNotInForce))
        #expect(inside.ruleset.id == "ncci-2026Q2" && inside.ruleset.quarter == "2026Q2")
        #expect(inside.ruleset.digest == catalog.imported[1].ruleset.digest)
        let outside = NCCIEndToEnd.scrub(catalog, NCCIEndToEnd.claim(on: try Self.date(2026, 8, 3), lines: [("97110", 30, nil)]))
        #expect(outside.allFindingIDs.contains(.rulesetNotInForce))
        #expect(outside.ruleset.id == "ncci-2026Q2")
    }

    @Test func theSameQuarterTwiceIsRefused() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try NCCIRulesetFileTests.importStandard("2026Q2", into: dir)
        let (copy, _) = try NCCIRulesetFileTests.importStandard("2026Q2", into: dir + "/x")
        try RulesetDirectoryWriter.write(copy, to: dir + "/rulesets/again")
        let base = try RuleSetLoader.loadDefault()
        #expect {
            _ = try RulesetCatalogLoader.load(directory: dir + "/rulesets", defaultRuleset: base)
        } throws: { error in
            guard let error = error as? NCCIImportError, case .badRulesetFile(_, let reason) = error else { return false }
            return reason.contains("overlaps ncci-2026Q2")
        }
    }

    @Test func holderSwapsAGoodReloadRefusesABadOneAndInFlightReadersKeepTheirCatalog() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try RuleSetLoader.loadDefault()
        _ = try NCCIRulesetFileTests.importStandard("2026Q1", into: dir)
        let rulesets = dir + "/rulesets"
        let holder = try RulesetHolder(directory: rulesets, defaultRuleset: base)
        let taken = holder.current
        #expect(taken.imported.map(\.ruleset.id) == ["ncci-2026Q1"])

        _ = try NCCIRulesetFileTests.importStandard("2026Q2", into: dir)
        let fresh = try holder.reload(from: rulesets)
        #expect(fresh.imported.map(\.ruleset.id) == ["ncci-2026Q1", "ncci-2026Q2"])
        #expect(holder.current.imported.count == 2)
        #expect(taken.imported.count == 1)  // a request that took the old catalog keeps it

        // A damaged file: the reload is refused and the catalog in service stays.
        let damaged = rulesets + "/2026Q3"
        try FileManager.default.createDirectory(atPath: damaged, withIntermediateDirectories: true)
        NCCITestFiles.write(Array("CSNCCIRS garbage".utf8), damaged, "ruleset.ncci")
        #expect(throws: NCCIImportError.self) { try holder.reload(from: rulesets) }
        #expect(holder.current.imported.map(\.ruleset.id) == ["ncci-2026Q1", "ncci-2026Q2"])
        // An in-progress import (hidden directory) is not picked up.
        try FileManager.default.removeItem(atPath: damaged)
        try FileManager.default.createDirectory(atPath: rulesets + "/.2026Q3.tmp-1", withIntermediateDirectories: true)
        NCCITestFiles.write(Array("partial".utf8), rulesets + "/.2026Q3.tmp-1", "ruleset.ncci")
        #expect(try holder.reload(from: rulesets).imported.count == 2)
    }

    @Test func reloadReusesUnchangedFilesAndReadsReplacedOnes() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try RuleSetLoader.loadDefault()
        let rulesets = try Self.twoQuarters(dir)
        let first = try RulesetCatalogLoader.load(directory: rulesets, defaultRuleset: base)
        let second = try RulesetCatalogLoader.load(directory: rulesets, defaultRuleset: base, previous: first)
        #expect(second.imported.map(\.stamp) == first.imported.map(\.stamp))
        // Replace 2026Q2 with different content: the new digest is served.
        let inputs = NCCITestFiles.standardInputs(in: dir)
        let q = try #require(NCCIQuarter("2026Q2"))
        var (changed, _) = try NCCIImporter.importFiles(ptp: [inputs.ptp[0]], mue: [inputs.mue], quarter: q, skipInvalid: false)
        changed.digest = ""
        try RulesetDirectoryWriter.write(changed, to: rulesets + "/2026Q2")
        let third = try RulesetCatalogLoader.load(directory: rulesets, defaultRuleset: base, previous: second)
        #expect(third.imported[1].ruleset.digest != first.imported[1].ruleset.digest)
        #expect(third.imported[0].ruleset.digest == first.imported[0].ruleset.digest)
    }
}
