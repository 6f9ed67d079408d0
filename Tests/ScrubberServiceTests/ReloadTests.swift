import ClaimRules
import Foundation
import Synchronization
import Testing
@testable import ScrubberService

/// The SIGHUP entry point: a good reload swaps the rulesets; a bad one is refused, logged and
/// counted, and the rulesets in service stay.
@Suite struct ReloadTests {
    static func ruleset(_ id: String, effective: String) -> RuleSet {
        RuleSet(id: id, effective: CalendarDate(effective) ?? CalendarDate(year: 2026, month: 1, day: 1)!,
                digest: "digest-\(id)", codes: CodeTable([]), payers: [:])
    }

    final class FakeFiles: Sendable {
        let next = Mutex<Result<[RuleSet], RulesetReloadError>>(.success([ReloadTests.ruleset("A", effective: "2026-01-01")]))
        func load() throws -> [RuleSet] { try next.withLock { $0 }.get() }
    }

    @Test func goodReloadSwapsAndBadReloadKeepsTheOldRulesets() throws {
        let files = FakeFiles()
        let source = try RulesetSource(loader: { try files.load() }, setting: "rulesets.directory")
        let metrics = MetricsRegistry()
        let log = LogWriter(destination: .memory)
        let reloader = ServiceReloader(components: [.init(name: "rulesets") { try source.reload() }],
                                       metrics: metrics, log: EventLog(writer: log))
        #expect(source.rulesets.map(\.id) == ["A"])

        files.next.withLock { $0 = .success([ReloadTests.ruleset("A", effective: "2026-01-01"), ReloadTests.ruleset("B", effective: "2026-04-01")]) }
        #expect(reloader.reload() == ServiceReloader.Report(succeeded: ["rulesets"], failed: []))
        #expect(source.rulesets.map(\.id) == ["A", "B"])

        files.next.withLock { $0 = .failure(RulesetReloadError(message: "ptp.tsv line 7: bad modifier indicator")) }
        #expect(reloader.reload() == ServiceReloader.Report(succeeded: [], failed: ["rulesets"]))
        #expect(source.rulesets.map(\.id) == ["A", "B"])
        #expect(metrics.reloadFailures(component: "rulesets") == 1)
        let lines = log.capturedLines()
        #expect(lines.contains { $0.contains("reload refused") && $0.contains("line 7") })
        let text = String(decoding: metrics.render(), as: UTF8.self)
        #expect(text.contains(#"scrubber_reload_failures_total{component="rulesets"} 1"#))
        #expect(text.contains(#"scrubber_reloads_total{component="rulesets"} 1"#))
    }

    @Test func rulesetInForceOnTheDateOfServiceIsPicked() {
        var q1 = ReloadTests.ruleset("2026Q1", effective: "2026-01-01")
        q1.through = CalendarDate("2026-03-31")
        var q2 = ReloadTests.ruleset("2026Q2", effective: "2026-04-01")
        q2.through = CalendarDate("2026-06-30")
        let source = RulesetSource(rulesets: [q2, q1])
        #expect(source.ruleset(for: CalendarDate("2026-03-31")!)?.id == "2026Q1")
        #expect(source.ruleset(for: CalendarDate("2026-04-01")!)?.id == "2026Q2")
        #expect(source.ruleset(for: CalendarDate("2025-12-31")!)?.id == "2026Q1")
        #expect(source.ruleset(for: CalendarDate("2026-07-01")!)?.id == "2026Q2")
    }

    @Test func signalsDuringAReloadCoalesceIntoOneMoreReload() async throws {
        let metrics = MetricsRegistry()
        let slow = ServiceReloader.Component(name: "rulesets") {
            Thread.sleep(forTimeInterval: 0.2)
            return "ok"
        }
        let reloader = ServiceReloader(components: [slow], metrics: metrics, log: nil)
        let done = Mutex(0)
        for _ in 0..<3 { reloader.reloadInBackground { _ in done.withLock { $0 += 1 } } }
        for _ in 0..<300 where done.withLock({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(done.withLock { $0 } == 2)
    }
}
