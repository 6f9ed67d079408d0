import ClaimRules
import Dispatch
import Foundation
import RuleData
import Synchronization
import Testing
@testable import ScrubberService

/// Issue 5 "Reload without downtime": clients hammer the real server over loopback sockets while the
/// rulesets are reloaded again and again (and once refused). No request may fail, and every response
/// must be consistent with exactly one ruleset: its named digest is one of the two versions, and its
/// PTP conflict matches that version's edit.
@Suite struct NCCIReloadUnderLoadTests {
    /// Version A has the 97140/97530 edit with modifier indicator 0; version B has it with indicator 1.
    static func importVersion(indicator: String, into dir: String, work: String) throws -> String {
        let ptpText = "placeholder preamble\nColumn 1\tColumn 2\t* = In existence prior to 1996\tEffective Date\t"
            + "Deletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale\n"
            + "97140\t97530\t\t20200101\t*\t\(indicator)\tMutually exclusive procedures\n"
        let mueText = "\"placeholder preamble\"\n\"HCPCS/CPT Code\",\"Practitioner Services MUE Values\","
            + "\"MUE Adjudication Indicator\",\"MUE Rationale\"\n97530,4,\"2 Date of Service Edit: Policy\",\"CMS Policy\"\n"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try Data(ptpText.utf8).write(to: URL(fileURLWithPath: work + "/ptp-\(indicator).txt"))
        try Data(mueText.utf8).write(to: URL(fileURLWithPath: work + "/mue.csv"))
        let quarter = try #require(NCCIQuarter("2026Q2"))
        let (ruleset, _) = try NCCIImporter.importFiles(ptp: [work + "/ptp-\(indicator).txt"], mue: [work + "/mue.csv"],
                                                        quarter: quarter, skipInvalid: false)
        try RulesetDirectoryWriter.write(ruleset, to: dir + "/2026Q2")
        return ruleset.digest
    }

    static let claim = """
        {"payer": "medicare", "dateOfService": "2026-05-04", "provider": {"role": "PT"},
         "lines": [{"code": "97140", "minutes": 15, "modifiers": ["GP"]}, {"code": "97530", "minutes": 15, "modifiers": ["GP"]}]}
        """

    struct Observation: Sendable {
        var status: Int
        var digest: String
        var indicator: Int?
    }

    static func observe(_ response: RawHTTPClient.Response) -> Observation {
        let json = response.json ?? [:]
        let digest = (json["ruleset"] as? [String: Any])?["digest"] as? String ?? ""
        let conflicts = json["conflicts"] as? [[String: Any]] ?? []
        let edit = conflicts.first { ($0["column1"] as? String) == "97140" && ($0["column2"] as? String) == "97530" }
        return Observation(status: response.status, digest: digest, indicator: edit?["modifierIndicator"] as? Int)
    }

    @Test func reloadsUnderLoadFailNoRequestAndNeverMixRulesets() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ncci-load-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/rulesets"
        let digestB = try Self.importVersion(indicator: "1", into: dir, work: root + "/b")
        let digestA = try Self.importVersion(indicator: "0", into: dir, work: root + "/a")
        #expect(digestA != digestB)
        let provider = try CatalogRulesetProvider(directory: dir, defaultRuleset: try RuleSetLoader.loadDefault())
        let service = try TestService(processor: RulesEngineProcessor(provider: provider),
                                      reloadComponents: [.init(name: "rulesets") { try provider.reload() }])

        let stop = Atomic<Bool>(false)
        let completed = Atomic<Int>(0)
        let observations = Mutex<[Observation]>([])
        let clientErrors = Mutex<[String]>([])
        let group = DispatchGroup()
        let port = service.port
        for _ in 0..<4 {
            group.enter()
            // Dedicated threads, not the shared Dispatch pool: parallel tests must not starve the load.
            let thread = Thread {
                var seen: [Observation] = []
                do {
                    let client = try RawHTTPClient(port: port)
                    // Bounded: at most 5,000 requests per client, and stopped by the test.
                    for _ in 0..<5000 where !stop.load(ordering: .relaxed) {
                        seen.append(Self.observe(try client.request("POST", "/v1/claims/scrub", json: Self.claim)))
                        completed.add(1, ordering: .relaxed)
                    }
                } catch {
                    clientErrors.withLock { $0.append(String(describing: error)) }
                }
                observations.withLock { $0.append(contentsOf: seen) }
                group.leave()
            }
            thread.start()
        }
        // Reload only once every client is sending.
        let startWait = Date()
        while completed.load(ordering: .relaxed) < 8 && Date().timeIntervalSince(startWait) < 20 {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let beforeReloads = completed.load(ordering: .relaxed)

        // Swap versions while the clients run; after each swap a fresh request sees the new version.
        let checker = try service.client()
        var refusedOnce = false
        for round in 0..<8 {
            let indicator = round % 2 == 0 ? "1" : "0"
            let expected = try Self.importVersion(indicator: indicator, into: dir, work: root + "/w\(round)")
            #expect(service.runtime.reload().failed.isEmpty)
            let seen = Self.observe(try checker.request("POST", "/v1/claims/scrub", json: Self.claim))
            #expect(seen.digest == expected)
            if round == 3 {
                // A bad ruleset appears: the reload is refused and the version in service stays.
                try FileManager.default.createDirectory(atPath: dir + "/2026Q3", withIntermediateDirectories: true)
                try Data("CSNCCIRS not really".utf8).write(to: URL(fileURLWithPath: dir + "/2026Q3/ruleset.ncci"))
                #expect(service.runtime.reload().failed == ["rulesets"])
                #expect(Self.observe(try checker.request("POST", "/v1/claims/scrub", json: Self.claim)).digest == expected)
                try FileManager.default.removeItem(atPath: dir + "/2026Q3")
                refusedOnce = true
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let duringReloads = completed.load(ordering: .relaxed) - beforeReloads
        stop.store(true, ordering: .relaxed)
        #expect(group.wait(timeout: .now() + 30) == .success)
        // The load really overlapped the reloads (1,000 to 2,200 requests in our runs on the 2-core machine).
        #expect(duringReloads > 0)

        let all = observations.withLock { $0 }
        #expect(clientErrors.withLock { $0 }.isEmpty)
        #expect(refusedOnce)
        #expect(all.count >= 4)
        #expect(all.allSatisfy { $0.status == 200 }, "failed requests: \(all.filter { $0.status != 200 }.count)")
        for o in all {
            #expect(o.digest == digestA || o.digest == digestB)
            // Version A (indicator 0) must show the indicator-0 edit, version B the indicator-1 edit.
            #expect(o.indicator == (o.digest == digestA ? 0 : 1), "digest \(o.digest.prefix(12)) with indicator \(String(describing: o.indicator))")
        }

        // /v1/ruleset lists the imported quarter and the curated default with their counts;
        // /metrics counts the refusal.
        let listing = try checker.request("GET", "/v1/ruleset").json?["rulesets"] as? [[String: Any]] ?? []
        #expect(listing.map { $0["id"] as? String ?? "" } == ["ncci-2026Q2", "cms-ncci-practitioner-2024-07-01-therapy"])
        #expect((listing.first?["counts"] as? [String: Any])?["pairs"] as? Int == 1)
        #expect((listing.first?["counts"] as? [String: Any])?["mues"] as? Int == 1)
        let metrics = try checker.request("GET", "/metrics").text
        #expect(metrics.contains(#"scrubber_reload_failures_total{component="rulesets"} 1"#))
        #expect(service.eventLog.capturedLines().contains { $0.contains("reload refused") && $0.contains("2026Q3") })
    }
}
