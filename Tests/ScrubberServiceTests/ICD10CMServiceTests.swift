import ClaimRules
import Foundation
import RuleData
import Testing
@testable import ScrubberService

/// The ICD-10-CM releases in the running service: GET /v1/ruleset lists them, a reload picks up a new
/// import from the rulesets directory, and a damaged one is refused with the releases in service kept.
@Suite struct ICD10CMServiceTests {
    /// Imports a five-code release for fiscal year 2027 into `dir/icd10cm-2027`.
    static func importFY2027(into dir: String, damaged: Bool = false) throws -> String {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("icd-work-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        func line(_ order: Int, _ code: String, _ flag: String) -> String {
            "0000\(order) \(code.padding(toLength: 7, withPad: " ", startingAt: 0)) \(flag) "
                + "Description".padding(toLength: 60, withPad: " ", startingAt: 0) + " Long description"
        }
        let text = [line(1, "G63", "1"), line(2, "M62", "0"), line(3, "M628", "0"), line(4, "M6281", "1")].joined(separator: "\r\n") + "\r\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: work + "/icd10cm-order-2027.txt"))
        let window = try #require(ICD10CMImportWindow(fiscalYear: 2027))
        let result = try ICD10CMImporter.importFile(path: work + "/icd10cm-order-2027.txt", window: window,
                                                    base: try ICD10CMReleaseLoader.embedded())
        var file = result.file
        if damaged, let last = file.indices.last { file[last - 1] = UInt8(ascii: "H") }
        try RulesetDirectoryWriter.write(file: file, named: ICD10CMCodeSetFile.fileName, to: dir + "/icd10cm-2027")
        return result.codeSet.digest
    }

    static func listing(_ service: TestService) throws -> [[String: Any]] {
        try service.client().request("GET", "/v1/ruleset").json?["icd10cm"] as? [[String: Any]] ?? []
    }

    @Test func theRulesetDocumentListsTheReleasesAndAReloadAddsAnImport() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("icd-rulesets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let provider = try CatalogRulesetProvider(directory: dir, defaultRuleset: try RuleSetLoader.loadDefault())
        let service = try TestService(processor: RulesEngineProcessor(provider: provider), reloadComponents: [
            .init(name: "rulesets") { try provider.reload() },
            .init(name: "icd10cm") { try provider.reloadDiagnosisCodes() },
        ])
        let embedded = try ICD10CMReleaseLoader.embedded()

        let before = try Self.listing(service)
        #expect(before.count == 1)
        #expect(before.first?["id"] as? String == "icd10cm-2026")
        #expect(before.first?["effective"] as? String == "2025-10-01" && before.first?["through"] as? String == "2026-09-30")
        #expect(before.first?["digest"] as? String == embedded.digest)
        let counts = before.first?["counts"] as? [String: Any]
        #expect(counts?["codes"] as? Int == 98_186 && counts?["billable"] as? Int == 74_719)
        #expect(counts?["manifestation"] as? Int == embedded.manifestationCount)

        let digest = try Self.importFY2027(into: dir)
        #expect(service.runtime.reload() == ServiceReloader.Report(succeeded: ["rulesets", "icd10cm"], failed: []))
        let after = try Self.listing(service)
        #expect(after.map { $0["id"] as? String ?? "" } == ["icd10cm-2026", "icd10cm-2027"])
        #expect(after.last?["digest"] as? String == digest)
        #expect((after.last?["counts"] as? [String: Any])?["codes"] as? Int == 4)
        #expect(provider.diagnosisCodes.codeSet(on: CalendarDate(year: 2027, month: 1, day: 4) ?? .epoch)?.id == "icd10cm-2027")

        // A damaged release: the reload of the ICD-10-CM component is refused, counted and logged; the rest reloads.
        _ = try Self.importFY2027(into: dir, damaged: true)
        #expect(service.runtime.reload() == ServiceReloader.Report(succeeded: ["rulesets"], failed: ["icd10cm"]))
        #expect(try Self.listing(service).last?["digest"] as? String == digest)
        let metrics = try service.client().request("GET", "/metrics").text
        #expect(metrics.contains(#"scrubber_reload_failures_total{component="icd10cm"} 1"#))
        #expect(service.eventLog.capturedLines().contains { $0.contains("reload refused") && $0.contains("icd10cm-2027") })
    }

    @Test func aDamagedReleaseAtStartIsAConfigurationErrorNamingTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("icd-rulesets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.importFY2027(into: dir, damaged: true)
        let error = #expect(throws: ConfigurationError.self) {
            try CatalogRulesetProvider(directory: dir, defaultRuleset: try RuleSetLoader.loadDefault())
        }
        #expect(error?.setting == "rulesets.directory")
        #expect(error?.description.contains("icd10cm-2027/icd10cm-codes.txt") == true)
    }

    @Test func aDateAfterTheEmbeddedReleaseIsJudgedByItWithWarningsUntilTheYearIsImported() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("icd-rulesets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let provider = try CatalogRulesetProvider(directory: dir, defaultRuleset: try RuleSetLoader.loadDefault())
        let service = try TestService(processor: RulesEngineProcessor(provider: provider), reloadComponents: [
            .init(name: "icd10cm") { try provider.reloadDiagnosisCodes() },
        ])
        // November 2026 (FY2027): M62.8 is a heading in FY2026, Z99.89 billable there and absent from the small FY2027 file.
        let claim = #"{"payer": "medicare", "diagnoses": ["M62.8", "Z99.89"], "provider": {"role": "PT"}, "lines": [{"code": "97110", "dateOfService": "2026-11-02", "units": 2, "modifiers": ["GP"], "diagnosisPointers": [1, 2]}]}"#
        func findings() throws -> [[String: Any]] {
            let response = try service.client().request("POST", "/v1/claims/scrub", headers: [("Content-Type", "application/json")], json: claim)
            #expect(response.status == 200)
            let body = try #require(response.json)
            return (body["errors"] as? [[String: Any]] ?? []) + (body["warnings"] as? [[String: Any]] ?? [])
        }
        func ids(_ list: [[String: Any]]) -> [String] { list.compactMap { $0["id"] as? String }.filter { $0.hasPrefix("DIAGNOSIS") } }

        let before = try findings()
        #expect(ids(before) == ["DIAGNOSIS_NOT_CONFIRMED", "DIAGNOSIS_CODE_SET_EARLIER_RELEASE"])
        let warning = try #require(before.first { $0["id"] as? String == "DIAGNOSIS_NOT_CONFIRMED" })
        #expect(warning["severity"] as? String == "warning")
        #expect((warning["message"] as? String)?.contains("icd10cm-2026") == true)
        #expect((warning["fix"] as? String)?.contains("claim-scrubber import-icd10cm") == true)
        let notice = try #require(before.first { $0["id"] as? String == "DIAGNOSIS_CODE_SET_EARLIER_RELEASE" })
        #expect(notice["severity"] as? String == "info")

        // The FY2027 release imported and reloaded: it judges the date, with certainty.
        _ = try Self.importFY2027(into: dir)
        #expect(service.runtime.reload() == ServiceReloader.Report(succeeded: ["icd10cm"], failed: []))
        let after = try findings()
        #expect(Set(ids(after)) == ["DIAGNOSIS_NOT_BILLABLE", "DIAGNOSIS_NOT_VALID"])
        #expect(after.filter { ($0["id"] as? String)?.hasPrefix("DIAGNOSIS") == true }.allSatisfy { $0["severity"] as? String == "error" })
    }
}
