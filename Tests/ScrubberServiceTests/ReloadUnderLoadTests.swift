import ClaimRules
import Foundation
import RuleData
import Locking
import Synchronization
import Testing
@testable import ScrubberService

/// Issue 5, service side: reloads while clients keep scrubbing. No request fails, and every
/// response is consistent with exactly one ruleset (the one it names).
@Suite struct ReloadUnderLoadTests {
    @Test func reloadsUnderLoadFailNoRequestAndNeverMixRulesets() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reload-load-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try RulesetDirectoryWriter.write(try #require(ReloadTests.importedRuleset("2026Q1")), to: dir + "/2026Q1")
        let provider = try CatalogRulesetProvider(directory: dir, defaultRuleset: try RuleSetLoader.loadDefault())
        let service = try TestService(processor: RulesEngineProcessor(provider: provider),
                                      reloadComponents: [.init(name: "rulesets") { try provider.reload() }])
        let claim = #"{"payer": "medicare", "dateOfService": "2026-05-04", "provider": {"role": "PT"}, "lines": [{"code": "97530", "minutes": 30, "modifiers": ["GP"]}]}"#

        let stop = Atomic<Bool>(false)
        let failures = Locked<[String]>([])
        let seen = Locked<[String: Int]>([:])
        let port = service.port
        let group = DispatchGroup()
        for _ in 0..<4 {
            DispatchQueue.global().async(group: group) {
                do {
                    let client = try RawHTTPClient(port: port)
                    while !stop.load(ordering: .relaxed) {
                        let response = try client.request("POST", "/v1/claims/scrub", json: claim)
                        guard response.status == 200, let body = response.json,
                              let id = (body["ruleset"] as? [String: Any])?["id"] as? String else {
                            failures.withLock { $0.append("status \(response.status)") }
                            continue
                        }
                        let warned = (body["warnings"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == "RULESET_NOT_IN_FORCE" }
                        // 2026Q2 covers May; with only 2026Q1 loaded the result must say it is not in force.
                        let consistent = (id == "ncci-2026Q2" && !warned) || (id == "ncci-2026Q1" && warned)
                        if !consistent { failures.withLock { $0.append("\(id) warned=\(warned)") } }
                        seen.withLock { $0[id, default: 0] += 1 }
                    }
                } catch {
                    failures.withLock { $0.append("client error \(error)") }
                }
            }
        }
        let q2 = try #require(ReloadTests.importedRuleset("2026Q2"))
        for round in 0..<6 {
            let expected = round % 2 == 0 ? "ncci-2026Q2" : "ncci-2026Q1"
            if round % 2 == 0 {
                _ = try RulesetDirectoryWriter.write(q2, to: dir + "/2026Q2")
            } else {
                try FileManager.default.removeItem(atPath: dir + "/2026Q2")
            }
            let before = seen.withLock { $0[expected] ?? 0 }
            #expect(service.runtime.reload().failed.isEmpty)
            // Let the clients get a few responses on the new catalog (bounded wait on a busy machine).
            let deadline = Date().addingTimeInterval(5)
            while seen.withLock({ $0[expected] ?? 0 }) < before + 5 && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        stop.store(true, ordering: .relaxed)
        // Each client request is bounded by its socket timeouts; so is waiting for the clients.
        #expect(group.wait(timeout: .now() + 30) == .success)
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(5))")
        #expect(Set(seen.withLock { $0 }.keys) == ["ncci-2026Q1", "ncci-2026Q2"])
    }
}
