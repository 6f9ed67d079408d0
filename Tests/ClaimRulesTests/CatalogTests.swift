import Foundation
import Testing
@testable import ClaimRules

/// Every triggering case of every check family.
let allTriggers: [TriggerCase] = UnitTests.triggers + ModifierTests.triggers + ConflictTests.triggers
    + ProviderTests.triggers + DocumentationTests.triggers + RuleSetTests.triggers + DateOfServiceTests.triggers
    + UnitsWithoutMinutesTests.triggers + DiagnosisTests.triggers + ClaimContentTests.triggers + CrossClaimCheckerTests.triggers

@Suite("Findings catalog, clean claim, corrected claim")
struct CatalogTests {
    @Test("Catalog ids are unique SCREAMING_SNAKE and agree with the ids the engine can emit")
    func catalogAgrees() {
        let ids = FindingCatalog.entries.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids) == Set(FindingID.allCases))
        for e in FindingCatalog.entries {
            #expect(e.id.rawValue.allSatisfy { $0.isUppercase || $0 == "_" })
            #expect(!e.trigger.isEmpty && !e.source.isEmpty)
        }
    }

    @Test("Every catalog id has a test that triggers it")
    func everyIdTriggered() {
        let covered = Set(allTriggers.map(\.id))
        let missing = FindingID.allCases.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "no trigger case for \(missing)")
    }

    @Test("A triggered finding carries the catalog's severity and source, and a message and fix", arguments: allTriggers)
    func findingMatchesCatalog(_ c: TriggerCase) {
        let r = scrub(c)
        let entry = FindingCatalog.entry(for: c.id)
        if let f = r.finding(c.id) {
            #expect(f.severity == entry.severity)
            // MUE findings name the MUE table the value comes from, as PTP conflicts name theirs.
            let mue = c.id == .mueLineExceeded || c.id == .mueDateExceeded
            #expect(f.source == (mue ? c.rules.mues.entries.values.first.map(\.source) ?? "" : entry.source))
            #expect(!f.message.isEmpty && !f.fix.isEmpty)
            #expect(f.severity == .error ? r.errors.contains(f) : r.warnings.contains(f))
        } else {
            let k = r.conflict(c.id)
            #expect(k != nil)
            #expect(k?.severity == entry.severity)
        }
    }

    @Test("No catalog id fires on the clean claim")
    func cleanClaimIsClean() {
        let r = scrub(cleanClaim())
        #expect(r.errors.isEmpty && r.warnings.isEmpty && r.conflicts.isEmpty)
        #expect(r.status == .clean)
        #expect(r.correctedClaim == cleanClaim())
    }

    @Test("Re-scrubbing the corrected claim adds no unit or modifier finding", arguments: allTriggers)
    func correctedClaimRescrub(_ c: TriggerCase) {
        let first = scrub(c)
        let second = scrub(first.correctedClaim, c.rules, c.diagnosisCodes)
        let unitOrModifier: Set<FindingID> = [
            .unitsAboveComputed, .unitsBelowComputed, .therapyModifierMissing, .therapyModifierMultiple,
            .therapyModifierMismatch, .assistantModifierMissing, .assistantModifierMismatch,
            .assistantModifierNotSupported, .kxModifierMissing, .kxWithoutThreshold, .tooManyModifiers,
        ]
        let added = second.ids.subtracting(first.ids).intersection(unitOrModifier)
        #expect(added.isEmpty, "new: \(added)")
        // Units and modifier fixes are fully applied.
        for id in [FindingID.unitsAboveComputed, .unitsBelowComputed, .therapyModifierMissing, .therapyModifierMultiple,
                   .therapyModifierMismatch, .assistantModifierMissing, .assistantModifierMismatch, .kxModifierMissing,
                   .kxWithoutThreshold, .assistantModifierNotSupported, .tooManyModifiers] {
            // A physician's line without GP/GO/GN names no discipline: nothing to add, the finding stays.
            if id == .therapyModifierMissing && first.lines.contains(where: { $0.requiredModifiers.isEmpty }) { continue }
            #expect(!second.ids.contains(id), "\(id) survives correction")
        }
        #expect(second.lines.allSatisfy { $0.missingModifiers.isEmpty && $0.unexpectedModifiers.isEmpty })
    }

    @Test("Scrubbing is deterministic")
    func deterministic() {
        for c in allTriggers.prefix(20) {
            #expect(scrub(c) == scrub(c))
        }
    }

    @Test("docs/findings.md holds the generated catalog table")
    func readmeTableIsCurrent() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/findings.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let start = "<!-- catalog:start (generated from FindingCatalog; see CatalogTests) -->\n"
        let end = "<!-- catalog:end -->"
        let table = FindingCatalog.markdownTable()
        if ProcessInfo.processInfo.environment["CLAIMRULES_WRITE_DOCS"] == "1",
           let s = text.range(of: start), let e = text.range(of: end) {
            let updated = String(text[..<s.upperBound]) + table + String(text[e.lowerBound...])
            try updated.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(text.contains(start + table + end), "regenerate with CLAIMRULES_WRITE_DOCS=1 swift test --filter CatalogTests")
    }
}
