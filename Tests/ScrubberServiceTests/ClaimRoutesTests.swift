import ClaimRules
import Foundation
import RuleData
import Testing
@testable import ScrubberService

/// The claim routes end to end with the real decoder, engine, encoder and the embedded built-in
/// ruleset (the CMS NCCI snapshot), over real sockets.
@Suite struct ClaimRoutesTests {
    static let claim = """
        {"claimId": "PATIENT-SECRET-991", "payer": "medicare", "dateOfService": "2026-03-02",
         "provider": {"npi": "1234567893", "role": "PT"},
         "lines": [
           {"code": "97530", "minutes": 24, "units": 2, "modifiers": ["GP"], "clinicianId": "pt-SECRET"},
           {"code": "97750", "minutes": 10, "units": 1, "modifiers": ["GP"]},
           {"code": "97110", "minutes": 15, "units": 3}
         ]}
        """

    func makeService() throws -> TestService {
        let provider = try CatalogRulesetProvider(directory: nil, defaultRuleset: try RuleSetLoader.loadDefault())
        return try TestService(processor: RulesEngineProcessor(provider: provider))
    }

    @Test func scrubReturnsTheFullResultWith200WhateverTheFindings() throws {
        let service = try makeService()
        let response = try service.client().request("POST", "/v1/claims/scrub", json: Self.claim)
        #expect(response.status == 200)
        let body = try #require(response.json)
        #expect(Set(body.keys) == ["claimId", "status", "payer", "unitMethod", "ruleset", "totalTimedMinutes", "lines",
                                   "conflicts", "errors", "warnings", "correctedClaim"])
        #expect(body["status"] as? String == "errors")
        let lines = try #require(body["lines"] as? [[String: Any]])
        #expect(lines.count == 3)
        #expect(lines[2]["missingModifiers"] as? [String] == ["GP"])
        let errors = try #require(body["errors"] as? [[String: Any]])
        #expect(errors.contains { $0["id"] as? String == "UNITS_ABOVE_COMPUTED" })
    }

    @Test func partRoutesReturnOnlyTheirPart() throws {
        let service = try makeService()
        let client = try service.client()
        let header: Set<String> = ["claimId", "status", "payer", "unitMethod", "ruleset"]
        let expected: [(String, Set<String>)] = [
            ("/v1/claims/units", header.union(["totalTimedMinutes", "lines"])),
            ("/v1/claims/modifiers", header.union(["lines"])),
            ("/v1/claims/conflicts", header.union(["conflicts"])),
            ("/v1/claims/warnings", header.union(["errors", "warnings"])),
        ]
        for (path, keys) in expected {
            let response = try client.request("POST", path, json: Self.claim)
            #expect(response.status == 200, "\(path)")
            #expect(Set(try #require(response.json).keys) == keys, "\(path)")
        }
        let units = try #require(try client.request("POST", "/v1/claims/units", json: Self.claim).json?["lines"] as? [[String: Any]])
        #expect(units[0]["requiredModifiers"] == nil)
        #expect(units.map { $0["units"] as? Int } == [1, 1, 1])
        let conflicts = try #require(try client.request("POST", "/v1/claims/conflicts", json: Self.claim).json?["conflicts"] as? [[String: Any]])
        #expect(conflicts.contains { $0["column1"] as? String == "97530" && $0["column2"] as? String == "97750" })
    }

    @Test func everySchemaProblemIsReportedWithItsPointer() throws {
        let service = try makeService()
        let body = """
            {"payer": "medicare", "dateOfService": "2026-13-01", "provider": {"role": "PT"},
             "lines": [{"code": "97530", "minutes": -5}, {"code": "97110", "units": 1.5, "extra": true}]}
            """
        let response = try service.client().request("POST", "/v1/claims/scrub", json: body)
        #expect(response.status == 422)
        #expect(response.header("Content-Type") == "application/problem+json")
        let errors = try #require(response.json?["errors"] as? [[String: String]])
        let pointers = Set(errors.compactMap { $0["pointer"] })
        #expect(pointers == ["/dateOfService", "/lines/0/minutes", "/lines/1/units", "/lines/1/extra"])
    }

    @Test func unknownPayerIs422AtPayer() throws {
        let service = try makeService()
        let body = #"{"payer": "acme", "dateOfService": "2026-03-02", "provider": {"role": "PT"}, "lines": [{"code": "97530", "minutes": 20}]}"#
        let response = try service.client().request("POST", "/v1/claims/scrub", json: body)
        #expect(response.status == 422)
        let errors = try #require(response.json?["errors"] as? [[String: String]])
        #expect(errors.map { $0["pointer"] } == ["/payer"])
        #expect(!response.text.contains("acme"))
    }

    @Test func unknownPayerIsReportedTogetherWithSchemaProblems() throws {
        let service = try makeService()
        let body = #"{"payer": "acme", "provider": {"role": "PT"}, "lines": [{"code": "97530", "minutes": -5}]}"#
        let response = try service.client().request("POST", "/v1/claims/scrub", json: body)
        #expect(response.status == 422)
        let errors = try #require(response.json?["errors"] as? [[String: String]])
        #expect(Set(errors.compactMap { $0["pointer"] }) == ["/payer", "/dateOfService", "/lines/0/minutes"])
        #expect(!response.text.contains("acme"))
    }

    @Test func malformedJSONIs400WithTheWholeBodyPointer() throws {
        let service = try makeService()
        let response = try service.client().request("POST", "/v1/claims/scrub", json: #"{"payer": "medicare",, }"#)
        #expect(response.status == 400)
        let errors = try #require(response.json?["errors"] as? [[String: String]])
        #expect(errors.first?["pointer"] == "")
        let duplicate = try service.client().request("POST", "/v1/claims/scrub", json: #"{"payer": "medicare", "payer": "x"}"#)
        #expect(duplicate.status == 400)
    }

    @Test func rulesetAndPayersDescribeTheLoadedData() throws {
        let service = try makeService()
        let client = try service.client()
        let ruleset = try #require(try client.request("GET", "/v1/ruleset").json?["rulesets"] as? [[String: Any]])
        #expect(ruleset.count == 1)
        let counts = try #require(ruleset[0]["counts"] as? [String: Int])
        #expect((counts["pairs"] ?? 0) > 0 && (counts["codes"] ?? 0) > 0 && counts["payers"] == 3)
        #expect((ruleset[0]["digest"] as? String)?.count == 64)
        let payers = try #require(try client.request("GET", "/v1/payers").json?["payers"] as? [[String: Any]])
        #expect(payers.compactMap { $0["id"] as? String } == ["commercial-ama", "medicare", "medicare-advantage"])
        #expect(payers.first { $0["id"] as? String == "medicare" }?["unitMethod"] as? String == "cms-total-time")
    }

    @Test func findingsAreCountedByCatalogIDAndNothingFromTheClaimIsLogged() throws {
        let service = try makeService()
        let client = try service.client()
        _ = try client.request("POST", "/v1/claims/scrub", json: Self.claim)
        let metrics = try client.request("GET", "/metrics").text
        #expect(metrics.contains(#"scrubber_findings_total{id="UNITS_ABOVE_COMPUTED"} 2"#))
        #expect(metrics.contains(#"scrubber_findings_total{id="PTP_MODIFIER_REQUIRED"} 1"#))
        #expect(metrics.contains("scrubber_rulesets_loaded 1"))
        service.runtime.flushLogs()
        let log = service.accessLog.capturedLines().joined(separator: "\n") + service.eventLog.capturedLines().joined()
        for secret in ["PATIENT-SECRET", "1234567893", "pt-SECRET", "97530", "medicare"] {
            #expect(!log.contains(secret), "log contains \(secret)")
        }
    }

    @Test func hostileBodiesNeverCrashOrHang() throws {
        let service = try makeService()
        let client = try service.client()
        let bodies: [String] = [
            "", "null", "[]", "\"x\"", String(repeating: "[", count: 10_000), "{\"lines\": [" + String(repeating: "{},", count: 5000) + "{}]}",
            #"{"payer":"medicare","dateOfService":"2026-03-02","provider":{"role":"PT"},"lines":[{"code":"97530","minutes":99999999999999999999999}]}"#,
            "\u{FEFF}{}", "{\"a\":\"\\ud800\"}",
        ]
        for body in bodies {
            let response = try client.request("POST", "/v1/claims/scrub", json: body)
            #expect(response.status == 400 || response.status == 422, "\(body.prefix(40)): \(response.status)")
        }
        #expect(try client.request("GET", "/healthz").status == 200)
    }
}
