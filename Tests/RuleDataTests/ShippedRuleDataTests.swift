import ClaimRules
import EmbeddedConfig
import Foundation
import Testing
@testable import RuleData

@Suite struct ShippedRuleDataTests {
    @Test func shippedConfigLoadsWithoutProblems() throws {
        let loaded = try RuleSetLoader.loadWithManifest(ShippedConfig.rules())
        let rules = loaded.ruleSet
        #expect(rules.id == "cms-ncci-practitioner-2024-07-01-therapy")
        #expect(rules.effective == CalendarDate("2024-07-01"))
        #expect(rules.through == CalendarDate("2024-09-30"))
        #expect(rules.quarter == "2024Q3")
        #expect(rules.snapshot?.contains("in force on 2024-07-01") == true)
        #expect(!loaded.manifest.version.isEmpty)
        #expect(rules.digest.count == 64)
        #expect(Set(rules.payers.keys) == ["medicare", "medicare-advantage", "commercial-ama"])
        #expect(rules.codes.count > 40)
        // The CMS snapshot: 1,492 rows, of which the 678 in force on 2024-07-01 can apply; 177 MUE codes.
        #expect(rules.ptp.count == 678)
        #expect(rules.mues.count == 177)
    }

    @Test func codeTableCarriesTheSourcedFacts() throws {
        let rules = try RuleSetLoader.load(ShippedConfig.rules())
        let therapeuticActivities = try #require(rules.codes["97530"])
        #expect(therapeuticActivities.timed)
        #expect(therapeuticActivities.family == .therapeuticProcedure)
        #expect(therapeuticActivities.disciplines == [.pt, .ot, .slp])
        #expect(therapeuticActivities.activityDocumentation == true)
        #expect(rules.codes["97150"]?.timed == false)
        #expect(rules.codes["97150"]?.family == .group)
        #expect(rules.codes["92521"]?.timed == false)
        #expect(rules.codes["97163"]?.specificDiscipline == .pt)
        #expect(rules.codes["97168"]?.specificDiscipline == .ot)
        #expect(rules.codes["97035"]?.timed == true)
        #expect(rules.codes["G0283"]?.family == .supervisedModality)
    }

    @Test func ptpPairsApplyOnlyWhatWasInForceOn20240701() throws {
        let rules = try RuleSetLoader.load(ShippedConfig.rules())
        for text in ["2019-06-03", "2024-08-15", "2026-03-02"] {
            let dos = try #require(CalendarDate(text))
            // In force on 2024-07-01 (start unknown): applied on every date.
            #expect(rules.ptp.edit(column1: "97150", column2: "97530", on: dos)?.modifierIndicator == .allowed, "\(text)")
            #expect(rules.ptp.edit(column1: "97530", column2: "97750", on: dos)?.modifierIndicator == .allowed, "\(text)")
            #expect(rules.ptp.edit(column1: "97162", column2: "97161", on: dos)?.modifierIndicator == .notAllowed, "\(text)")
            // History rows (97140/97530 ended 2019-12-31; 97530/97164 ended 2019-12-31; the January 2020 evaluation
            // edits deleted on their effective date) never apply, not even before their deletion date.
            #expect(rules.ptp.edit(column1: "97140", column2: "97530", on: dos) == nil, "\(text)")
            #expect(rules.ptp.edit(column1: "97530", column2: "97164", on: dos) == nil, "\(text)")
            #expect(rules.ptp.edit(column1: "97530", column2: "97161", on: dos) == nil, "\(text)")
        }
        let august = try #require(CalendarDate("2024-08-15"))
        let edit = try #require(rules.ptp.edit(column1: "97150", column2: "97530", on: august))
        #expect(edit.effective == nil, "the snapshot does not give start dates; none is made up")
        #expect(edit.deletion == nil)
        #expect(edit.source == "CMS NCCI practitioner PTP edits, version 2024-07-01 (2024 Q3)")
    }

    @Test func payerProfilesHoldTheirSourcedValues() throws {
        let rules = try RuleSetLoader.load(ShippedConfig.rules())
        let medicare = try #require(rules.payers["medicare"])
        #expect(medicare.unitMethod == .cmsTotalTime)
        #expect(medicare.kxThresholds.map(\.year) == Array(2018...2026))
        #expect(medicare.kxThreshold(year: 2026)?.ptSlp == 2480)
        #expect(medicare.kxThreshold(year: 2018)?.ot == 2010)
        #expect(medicare.targetedReviewThreshold == 3000)
        #expect(!medicare.allowedRoles.contains(.dc) && !medicare.allowedRoles.contains(.atc) && !medicare.allowedRoles.contains(.aide))
        #expect(medicare.assistantModifiers?.deMinimisPercent == 10)
        let commercial = try #require(rules.payers["commercial-ama"])
        #expect(commercial.unitMethod == .amaPerCode)
        #expect(commercial.evaluationSameDayPolicy?.applies(on: try #require(CalendarDate("2026-03-02"))) == true)
        #expect(medicare.evaluationSameDayPolicy?.applies(on: try #require(CalendarDate("2026-03-02"))) == false)
        // The CMS table records the January 2020 evaluation edits as deleted on their effective date: never in force.
        #expect(medicare.evaluationSameDayPolicy?.applies(on: try #require(CalendarDate("2020-01-15"))) == false)
        #expect(rules.payers["medicare-advantage"]?.unitMethod == .cmsTotalTime)
    }

    @Test func defaultLoadsTheEmbeddedCopy() throws {
        let embedded = try RuleSetLoader.loadDefault()
        let disk = try RuleSetLoader.load(ShippedConfig.rules())
        #expect(embedded.digest == disk.digest)
        #expect(embedded.codes == disk.codes)
        #expect(embedded.ptp == disk.ptp)
        #expect(embedded.payers == disk.payers)
    }

    @Test func loadingFromADirectoryPathWorks() throws {
        let rules = try RuleSetLoader.load(directory: ShippedConfig.rulesDirectory)
        #expect(rules.digest == (try RuleSetLoader.load(ShippedConfig.rules())).digest)
    }
}

@Suite struct EmbeddedConfigTests {
    /// Every file under Config/ (and openapi.yaml) on disk, by embedded name.
    private func filesOnDisk() throws -> [String: String] {
        var result: [String: String] = [:]
        let root = URL(fileURLWithPath: ShippedConfig.configDirectory).standardizedFileURL
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let name = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            result[name] = try String(contentsOf: url, encoding: .utf8)
        }
        let openapi = ShippedConfig.packageRoot.appending(path: "openapi.yaml")
        if FileManager.default.fileExists(atPath: openapi.path) { result["openapi.yaml"] = try String(contentsOf: openapi, encoding: .utf8) }
        return result
    }

    @Test func embeddedNamesEqualTheFilesOnDisk() throws {
        let disk = try filesOnDisk()
        #expect(EmbeddedFiles.names == disk.keys.sorted(),
                "a file was added or removed under Config/ since SwiftPM planned the build: touch Package.swift and rebuild")
    }

    @Test func embeddedContentEqualsTheFilesOnDisk() throws {
        for (name, text) in try filesOnDisk() {
            #expect(EmbeddedFiles.file(named: name) == text, "embedded \(name) differs from the file on disk")
        }
    }

    @Test func unknownNameHasNoFile() {
        #expect(EmbeddedFiles.file(named: "rules/no-such-file.tsv") == nil)
        #expect(EmbeddedFiles.names(under: "rules/payers").allSatisfy { $0.hasPrefix("rules/payers/") })
        #expect(EmbeddedFiles.names(under: "rules/payers").count == 3)
    }
}
