import ClaimX12
import Foundation
import HTTPServer
import RuleData
import Testing
@testable import ScrubberService

/// `POST /v1/x12/837p` end to end: the real server on a loopback port, the real reader, mapper, engine
/// and rule data, the constructed 837P files of Config/examples/x12.
@Suite struct X12RouteTests {
    static let examples = packageRoot.appendingPathComponent("Config/examples/x12")

    static func file(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: examples.appendingPathComponent(name)))
    }

    static let names = ["c01-medicare-pt-97530x3-97140x1.x12", "c02-medicare-pt-3dos-97110-97530-cq-kx.x12",
                        "c03-medicare-ot-co-modifier.x12"]

    func makeService(configure: (inout ServiceConfiguration) -> Void = { _ in }) throws -> TestService {
        let provider = try CatalogRulesetProvider(directory: nil, defaultRuleset: try RuleSetLoader.loadDefault())
        return try TestService(configure: configure, processor: RulesEngineProcessor(provider: provider))
    }

    static let x12 = [("Content-Type", "application/edi-x12")]

    @Test func theConstructedFilesAreScrubbed() throws {
        let service = try makeService()
        let client = try service.client()
        for (name, id) in zip(Self.names, ["C01PT0001", "C02PT0002", "C03OT0003"]) {
            let response = try client.request("POST", "/v1/x12/837p", headers: Self.x12, body: try Self.file(name))
            #expect(response.status == 200, "\(name)")
            #expect(response.header("Content-Type") == "application/json")
            let body = try #require(response.json, "\(name)")
            #expect(body["interchanges"] as? Int == 1)
            #expect(body["transactions"] as? Int == 1)
            #expect((body["problems"] as? [Any])?.isEmpty == true)
            let claims = try #require(body["claims"] as? [[String: Any]])
            #expect(claims.count == 1)
            #expect(claims[0]["claimId"] as? String == id)
            #expect(claims[0]["transaction"] as? String == "0001")
            #expect(claims[0]["segment"] as? Int == 21)
            #expect(claims[0]["payer"] as? String == "medicare")
            let lines = try #require(claims[0]["lines"] as? [[String: Any]])
            #expect(lines.allSatisfy { $0["segment"] is Int })
            #expect(claims[0]["correctedClaim"] is [String: Any])
        }
    }

    @Test func placeOfServiceIsCheckedAgainstTheRuleData() throws {
        let service = try makeService()
        let client = try service.client()
        let text = String(decoding: try Self.file(Self.names[0]), as: UTF8.self).replacingOccurrences(of: "*11:B:1*", with: "*00:B:1*")
        let response = try client.request("POST", "/v1/x12/837p", headers: Self.x12, body: Array(text.utf8))
        #expect(response.status == 200)
        let claims = try #require(response.json?["claims"] as? [[String: Any]])
        let problems = try #require(claims.first?["problems"] as? [[String: Any]])
        #expect(problems.contains { $0["code"] as? String == "ELEMENT_CODE" && $0["element"] as? String == "CLM05-1" })
        // The 999 rejects the transaction set as pyx12 does (IK403 7: invalid code value).
        let ack = try client.request("POST", "/v1/x12/837p", headers: Self.x12 + [("Accept", "application/edi-x12")], body: Array(text.utf8))
        let segments = String(decoding: ack.body, as: UTF8.self)
        #expect(segments.contains("IK5*R~"))
        #expect(segments.contains("IK4*5:1*1331*7*00~"))
    }

    @Test func mediaTypeIsCaseInsensitiveAndOthersAre415() throws {
        let service = try makeService()
        let client = try service.client()
        let body = try Self.file(Self.names[0])
        let upper = try client.request("POST", "/v1/x12/837p", headers: [("Content-Type", "Application/EDI-X12; charset=us-ascii")], body: body)
        #expect(upper.status == 200)
        let json = try client.request("POST", "/v1/x12/837p", headers: [("Content-Type", "application/json")], body: body)
        #expect(json.status == 415)
        #expect(json.header("Accept-Post") == "application/edi-x12")
        #expect(json.header("Content-Type") == "application/problem+json")
        let none = try client.request("POST", "/v1/x12/837p", body: body)
        #expect(none.status == 415)
    }

    @Test func aBodyThatIsNotX12Is422() throws {
        let service = try makeService()
        let client = try service.client()
        for body in ["", "{\"payer\":\"medicare\"}", "ISA*00*", "hello"] {
            let response = try client.request("POST", "/v1/x12/837p", headers: Self.x12, body: Array(body.utf8))
            #expect(response.status == 422, "\(body)")
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.json?["type"] as? String == "https://claim-scrubber.dev/problems/not-x12")
        }
    }

    @Test func acceptEDIX12GivesThe999() throws {
        let service = try makeService()
        let client = try service.client()
        let body = try Self.file(Self.names[1])
        let response = try client.request("POST", "/v1/x12/837p", headers: Self.x12 + [("Accept", "application/edi-x12")], body: body)
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/edi-x12")
        let segments = response.text.components(separatedBy: "~\n")
        #expect(segments.first?.hasPrefix("ISA*00*          *00*          *ZZ*MEDICAREMAC    *ZZ*CORPUSSUBMIT   *") == true)
        #expect(segments.contains("ST*999*0001*005010X231A1"))
        #expect(segments.contains("AK2*837*0001*005010X222A1"))
        #expect(segments.contains("IK5*A"))
        #expect(segments.contains("AK9*A*1*1*1"))
        // JSON first in Accept keeps the JSON report; a broken file is rejected in the 999.
        let preferJSON = try client.request("POST", "/v1/x12/837p",
                                            headers: Self.x12 + [("Accept", "application/json, application/edi-x12;q=0.5")], body: body)
        #expect(preferJSON.header("Content-Type") == "application/json")
        let broken = Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "*100*UN*2***1:3", with: "*100*XX*2***1:3").utf8)
        let rejected = try client.request("POST", "/v1/x12/837p", headers: Self.x12 + [("Accept", "application/edi-x12")], body: broken)
        #expect(rejected.text.contains("IK4*3*355*7*XX~"))
        #expect(rejected.text.contains("IK5*R~"))
    }

    @Test func brokenEnvelopeIsReportedAndTheClaimsStillScrubbed() throws {
        let service = try makeService()
        let client = try service.client()
        let text = String(decoding: try Self.file(Self.names[0]), as: UTF8.self).replacingOccurrences(of: "GE*1*101", with: "GE*1*777")
        let response = try client.request("POST", "/v1/x12/837p", headers: Self.x12, body: Array(text.utf8))
        let body = try #require(response.json)
        let problems = try #require(body["problems"] as? [[String: Any]])
        #expect(problems.map { $0["code"] as? String } == ["GE_CONTROL_NUMBER"])
        #expect(problems.first?["segment"] as? Int == 32)
        #expect(problems.first?["segmentId"] as? String == "GE")
        #expect(problems.first?["element"] as? String == "GE02")
        let claims = try #require(body["claims"] as? [[String: Any]])
        #expect(claims.first?["status"] is String)
    }

    @Test func payerMapSettingChoosesTheProfile() throws {
        let text = String(decoding: try Self.file(Self.names[0]), as: UTF8.self).replacingOccurrences(of: "*******MB~", with: "*******CI~")
        let unmapped = try makeService()
        let problem = try #require(((try unmapped.client().request("POST", "/v1/x12/837p", headers: Self.x12, body: Array(text.utf8)))
            .json?["claims"] as? [[String: Any]])?.first?["problems"] as? [[String: Any]])
        #expect(problem.first?["code"] as? String == "PAYER_NOT_MAPPED")
        let mapped = try makeService { $0.x12PayerMap = X12PayerMapFixture.commercial }
        let claim = try #require((try mapped.client().request("POST", "/v1/x12/837p", headers: Self.x12, body: Array(text.utf8))
            .json?["claims"] as? [[String: Any]])?.first)
        #expect(claim["payer"] as? String == "commercial-ama")
    }

    @Test func apiKeysMetricsAndNoClaimDataInTheLogs() throws {
        let key = "k3y-for-x12-tests_0123456789"
        let service = try makeService { configuration in
            configuration.apiKeys = [APIKeyAuthenticator.Key(name: "clearinghouse", digest: SHA256.hash(Array(key.utf8)))]
        }
        let client = try service.client()
        let body = try Self.file(Self.names[0])
        let missing = try client.request("POST", "/v1/x12/837p", headers: Self.x12, body: body)
        #expect(missing.status == 401)
        let ok = try client.request("POST", "/v1/x12/837p", headers: Self.x12 + [("Authorization", "Bearer \(key)")], body: body)
        #expect(ok.status == 200)
        let options = try client.request("OPTIONS", "/v1/x12/837p")
        #expect(options.status == 204)
        #expect(options.header("Allow") == "POST, OPTIONS")
        let get = try client.request("GET", "/v1/x12/837p", headers: [("Authorization", "Bearer \(key)")])
        #expect(get.status == 405)
        let metrics = try client.request("GET", "/metrics").text
        #expect(metrics.contains(#"scrubber_http_requests_total{route="/v1/x12/837p",method="POST",status="200"} 1"#))
        #expect(metrics.contains(#"scrubber_http_requests_total{route="/v1/x12/837p",method="POST",status="401"} 1"#))
        let claim = try #require((ok.json?["claims"] as? [[String: Any]])?.first)
        let ids = ["errors", "warnings", "conflicts"].flatMap { (claim[$0] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
        #expect(!ids.isEmpty)
        for id in Set(ids) {
            #expect(metrics.contains(#"scrubber_findings_total{id="\#(id)"} \#(ids.filter { $0 == id }.count)"#), "\(id)")
        }
        service.runtime.flushLogs()
        let log = service.accessLog.capturedLines().joined(separator: "\n") + service.eventLog.capturedLines().joined()
        #expect(log.contains("/v1/x12/837p"))
        for secret in ["C01PT0001", "PAULA", "1EG4TE5MK73", "1765432103", "97530", "M6281"] {
            #expect(!log.contains(secret), "log contains \(secret)")
        }
    }

    @Test func hostileBodiesNeverCrashOrHang() throws {
        let service = try makeService()
        let client = try service.client()
        let c01 = String(decoding: try Self.file(Self.names[0]), as: UTF8.self)
        let bodies: [String] = [
            String(repeating: "~", count: 5000),
            c01 + String(repeating: "XYZ*1~", count: 3000),
            c01.replacingOccurrences(of: "~\n", with: "~\n~~\n"),
            String(c01.prefix(200)),
            c01.replacingOccurrences(of: "*", with: "**"),
            c01.replacingOccurrences(of: ":", with: ":::::::::::"),
            c01.replacingOccurrences(of: "LX*", with: "HL*"),
            c01.replacingOccurrences(of: "SE*29*0001~\nGE*1*101~\nIEA*1*000000101~\n", with: ""),
            String(repeating: c01, count: 20),
            "ISA" + String(repeating: "*", count: 16) + ":~" + String(repeating: "CLM*~", count: 1000),
        ]
        for body in bodies {
            let response = try client.request("POST", "/v1/x12/837p", headers: Self.x12, body: Array(body.utf8))
            #expect(response.status == 200 || response.status == 422, "\(body.prefix(60))")
        }
        #expect(try client.request("GET", "/healthz").status == 200)
    }
}

enum X12PayerMapFixture {
    static var commercial: X12PayerMap { .init(entries: [.init(key: .filingIndicator, value: "CI", payer: "commercial-ama")]) }
}
