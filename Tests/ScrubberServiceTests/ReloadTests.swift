import ClaimRules
import RuleData
import Foundation
import Locking
import Testing
@testable import ScrubberService

/// The SIGHUP entry point: a good reload swaps the rulesets; a bad one is refused, logged and
/// counted, and the rulesets in service stay.
@Suite struct ReloadTests {
    static func ruleset(_ id: String, effective: String) -> RuleSet {
        RuleSet(id: id, effective: CalendarDate(effective) ?? CalendarDate(year: 2026, month: 1, day: 1)!,
                digest: "digest-\(id)", codes: CodeTable([]), payers: [:])
    }

    static func importedRuleset(_ quarter: String) -> ImportedRuleset? {
        guard let q = NCCIQuarter(quarter) else { return nil }
        return ImportedRuleset(quarter: q, digest: "", codes: [], ptpRows: [], ptpRationales: [],
                               sources: [], mueRows: [], mueRationales: [])
    }

    @Test func goodReloadSwapsAndBadReloadKeepsTheOldRulesets() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rulesets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = ReloadTests.ruleset("curated", effective: "2020-01-01")
        _ = try RulesetDirectoryWriter.write(try #require(ReloadTests.importedRuleset("2026Q1")), to: dir + "/2026Q1")
        let provider = try CatalogRulesetProvider(directory: dir, defaultRuleset: base)
        let metrics = MetricsRegistry()
        let log = LogWriter(destination: .memory)
        let reloader = ServiceReloader(components: [.init(name: "rulesets") { try provider.reload() }],
                                       metrics: metrics, log: EventLog(writer: log))
        #expect(provider.rulesets.map(\.id) == ["ncci-2026Q1", "curated"])

        _ = try RulesetDirectoryWriter.write(try #require(ReloadTests.importedRuleset("2026Q2")), to: dir + "/2026Q2")
        #expect(reloader.reload() == ServiceReloader.Report(succeeded: ["rulesets"], failed: []))
        #expect(provider.rulesets.map(\.id) == ["ncci-2026Q1", "ncci-2026Q2", "curated"])
        #expect(provider.ruleset(for: CalendarDate("2026-05-02")!)?.id == "ncci-2026Q2")

        try FileManager.default.createDirectory(atPath: dir + "/2026Q3", withIntermediateDirectories: true)
        try Data("not a ruleset".utf8).write(to: URL(fileURLWithPath: dir + "/2026Q3/ruleset.ncci"))
        #expect(reloader.reload() == ServiceReloader.Report(succeeded: [], failed: ["rulesets"]))
        #expect(provider.rulesets.map(\.id) == ["ncci-2026Q1", "ncci-2026Q2", "curated"])
        #expect(metrics.reloadFailures(component: "rulesets") == 1)
        #expect(log.capturedLines().contains { $0.contains("reload refused") && $0.contains("2026Q3") })
        let text = String(decoding: metrics.render(), as: UTF8.self)
        #expect(text.contains(#"scrubber_reload_failures_total{component="rulesets"} 1"#))
        #expect(text.contains(#"scrubber_reloads_total{component="rulesets"} 1"#))
    }

    @Test func signalsDuringAReloadCoalesceIntoOneMoreReload() async throws {
        let metrics = MetricsRegistry()
        let slow = ServiceReloader.Component(name: "rulesets") {
            Thread.sleep(forTimeInterval: 0.2)
            return "ok"
        }
        let reloader = ServiceReloader(components: [slow], metrics: metrics, log: nil)
        let done = Locked(0)
        for _ in 0..<3 { reloader.reloadInBackground { _ in done.withLock { $0 += 1 } } }
        for _ in 0..<300 where done.withLock({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(done.withLock { $0 } == 2)
    }
}
