import ClaimRules
import ClaimWire
import FHIRClaim
import Foundation
import HTTPServer
import RuleData
import Testing
@testable import ScrubberService

/// The FHIR interface end to end, over real sockets, with the real reader, engine and embedded ruleset:
/// `Claim/$validate` for every kind of body, the conformance resources, and errors that stay FHIR.
@Suite struct FHIRRoutesTests {
    static let validate = "/fhir/r4/Claim/$validate"
    static let fhirJSON = [("Content-Type", "application/fhir+json")]

    func makeService(configure: (inout ServiceConfiguration) -> Void = { _ in }) throws -> TestService {
        let provider = try CatalogRulesetProvider(directory: nil, defaultRuleset: try RuleSetLoader.loadDefault())
        return try TestService(configure: configure, processor: RulesEngineProcessor(provider: provider))
    }

    func example(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: packageRoot.appendingPathComponent("Config/examples/fhir/\(name).json")))
    }

    /// The issues of an OperationOutcome response, which must be FHIR JSON.
    func issues(_ response: RawHTTPClient.Response, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        #expect(response.header("Content-Type") == "application/fhir+json", sourceLocation: sourceLocation)
        let body = try #require(response.json, sourceLocation: sourceLocation)
        #expect(body["resourceType"] as? String == "OperationOutcome", sourceLocation: sourceLocation)
        return try #require(body["issue"] as? [[String: Any]], sourceLocation: sourceLocation)
    }

    /// A JSON value in one spelling (keys sorted), for comparing parsed bodies.
    func canonical(_ value: Any?) throws -> Data {
        try JSONSerialization.data(withJSONObject: [value ?? NSNull()], options: [.sortedKeys])
    }

    func code(_ issue: [String: Any]) -> String? {
        (((issue["details"] as? [String: Any])?["coding"] as? [[String: Any]])?.first)?["code"] as? String
    }

    @Test func theExampleClaimsGetAnOperationOutcomeOfTheirFindings() throws {
        let service = try makeService()
        let client = try service.client()
        let response = try client.request("POST", Self.validate, headers: Self.fhirJSON, body: try example("f01-medicare-pt"))
        #expect(response.status == 200)
        // f01 carries units without minutes (as an 837P would): the 8-minute rule is not verified, an information issue.
        #expect(try issues(response).contains { code($0) == "EIGHT_MINUTE_RULE_NOT_VERIFIED" && $0["severity"] as? String == "information" })
        // The constructed identifiers never appear in the outcome.
        #expect(!response.text.contains("CONSTRUCTED-F01") && !response.text.contains("1765432103"))
        // f02 bills group 97150 (item 2) with 97530 (item 0): the CMS PTP edit 97150/97530, indicator 1.
        let group = try client.request("POST", Self.validate, headers: Self.fhirJSON, body: try example("f02-medicare-ot-co"))
        let ptp = try #require(try issues(group).first { code($0) == "PTP_MODIFIER_REQUIRED" })
        #expect(ptp["severity"] as? String == "error")
        #expect(ptp["code"] as? String == "business-rule")
        #expect(ptp["expression"] as? [String] == ["Claim.item[2].modifier", "Claim.item[0].modifier"])
        #expect((ptp["diagnostics"] as? String)?.isEmpty == false)

        // The same through %24 and application/json, on the same connection.
        let encoded = try client.request("POST", "/fhir/r4/Claim/%24validate", headers: [("Content-Type", "application/json")],
                                         body: try example("f02-medicare-ot-co"))
        #expect(encoded.status == 200)
        #expect(try issues(encoded).contains { code($0) == "MINUTES_NOT_READ" && $0["severity"] as? String == "information" })
    }

    @Test func acceptJSONGivesOurScrubResult() throws {
        let service = try makeService()
        let client = try service.client()
        let viaFHIR = try client.request("POST", Self.validate, headers: Self.fhirJSON + [("Accept", "application/json")],
                                         body: try example("f01-medicare-pt"))
        #expect(viaFHIR.status == 200)
        #expect(viaFHIR.header("Content-Type") == "application/json")
        let result = try #require(viaFHIR.json)
        // Units without minutes are taken as proposed; nothing else is wrong with f01.
        #expect(result["status"] as? String == "clean")
        #expect(result["payer"] as? String == "medicare")

        // The same claim as our JSON gets the same findings.
        let mapping = try #require({ if case .claim(let m) = FHIRClaimReader().read(try example("f01-medicare-pt")) { return m }; return nil }())
        let viaJSON = try client.request("POST", "/v1/claims/scrub", headers: [("Content-Type", "application/json")],
                                         body: ClaimEncoder.encode(mapping.claim))
        #expect(viaJSON.status == 200)
        let other = try #require(viaJSON.json)
        for key in ["status", "errors", "warnings", "conflicts", "lines", "totalTimedMinutes"] {
            #expect(try canonical(result[key]) == (try canonical(other[key])), "\(key)")
        }

        // FHIR JSON ranked first (or no Accept) keeps the OperationOutcome.
        let ranked = try client.request("POST", Self.validate, headers: Self.fhirJSON + [("Accept", "application/json;q=0.5, application/fhir+json")],
                                        body: try example("f01-medicare-pt"))
        #expect(ranked.header("Content-Type") == "application/fhir+json")
    }

    @Test func bundleAndParametersBodiesAreRead() throws {
        let service = try makeService()
        let client = try service.client()
        let claim = try #require(try JSONSerialization.jsonObject(with: Data(try example("f02-medicare-ot-co"))) as? [String: Any])
        let parameters: [String: Any] = ["resourceType": "Parameters", "parameter": [["name": "resource", "resource": claim]]]
        let bundle: [String: Any] = ["resourceType": "Bundle", "type": "collection", "entry": [["fullUrl": "urn:uuid:c", "resource": claim]]]
        for (body, prefix) in [(parameters, "Parameters.parameter[0].resource.item"), (bundle, "Bundle.entry[0].resource.item")] {
            let response = try client.request("POST", Self.validate, headers: Self.fhirJSON,
                                              body: [UInt8](try JSONSerialization.data(withJSONObject: body)))
            #expect(response.status == 200)
            let ptp = try #require(try issues(response).first { code($0) == "PTP_MODIFIER_REQUIRED" })
            #expect((ptp["expression"] as? [String])?.allSatisfy { $0.hasPrefix(prefix) } == true)
        }
    }

    @Test func everyErrorClassIsAnOperationOutcome() throws {
        let service = try makeService()
        let client = try service.client()
        let cases: [(String, [(String, String)], String, Int, String)] = [
            ("POST", Self.fhirJSON, "{not json", 400, "NOT_JSON"),
            ("POST", Self.fhirJSON, "[1,2,3]", 400, "NOT_FHIR"),
            ("POST", Self.fhirJSON, #"{"resourceType":"Patient"}"#, 422, "RESOURCE_NOT_SUPPORTED"),
            ("POST", Self.fhirJSON, #"{"resourceType":"Bundle","entry":[]}"#, 422, "CLAIM_NOT_FOUND"),
            ("POST", [("Content-Type", "text/plain")], "{}", 415, "MEDIA_TYPE_NOT_SUPPORTED"),
            ("POST", [("Content-Type", "application/fhir+json; charset=latin1")], "{}", 415, "MEDIA_TYPE_NOT_SUPPORTED"),
            ("GET", [], "", 405, "METHOD_NOT_ALLOWED"),
            ("DELETE", [], "", 405, "METHOD_NOT_ALLOWED"),
        ]
        for (method, headers, body, status, expected) in cases {
            let response = try client.request(method, Self.validate, headers: headers, body: body.isEmpty ? nil : Array(body.utf8))
            #expect(response.status == status, "\(method) \(body)")
            #expect(try issues(response).map(code) == [expected], "\(method) \(body)")
        }
        #expect(try client.request("GET", Self.validate).header("Allow") == "POST, OPTIONS")
        for path in ["/fhir/r4/Patient/1", "/fhir/r4/Claim", "/fhir", "/fhir/r4/Claim/$validate/x"] {
            let response = try client.request("GET", path)
            #expect(response.status == 404, "\(path)")
            #expect(try issues(response).map(code) == ["ROUTE_NOT_FOUND"], "\(path)")
        }
        // Outside /fhir/ errors stay problem+json.
        #expect(try client.request("GET", "/nothing").header("Content-Type") == "application/problem+json")
    }

    @Test func aClaimThatCannotBeReadWholeIsReportedNotScrubbed() throws {
        let service = try makeService()
        let client = try service.client()
        let response = try client.request("POST", Self.validate, headers: Self.fhirJSON,
                                          body: Array(#"{"resourceType":"Claim","item":[{"sequence":1,"quantity":{"value":2.5}}]}"#.utf8))
        #expect(response.status == 200)
        let codes = try issues(response).compactMap(code)
        #expect(Set(codes).isSuperset(of: ["PAYER_NOT_MAPPED", "RENDERING_PROVIDER_UNKNOWN", "PRODUCT_NOT_CPT_HCPCS", "SERVICE_DATE_MISSING", "QUANTITY_NOT_SUPPORTED"]))
        #expect(!codes.contains("CLAIM_CLEAN"))
        // Asked for our scrub result, there is none: 422 with the same OperationOutcome.
        let json = try client.request("POST", Self.validate, headers: Self.fhirJSON + [("Accept", "application/json")],
                                      body: Array(#"{"resourceType":"Claim"}"#.utf8))
        #expect(json.status == 422)
        #expect(try issues(json).contains { code($0) == "PAYER_NOT_MAPPED" })
    }

    @Test func conformanceResourcesAreServed() throws {
        let service = try makeService()
        let client = try service.client()
        let expected: [(String, String)] = [
            ("/fhir/r4/metadata", "CapabilityStatement"), ("/fhir/r4/OperationDefinition/claim-scrub", "OperationDefinition"),
            ("/fhir/r4/CodeSystem/claim-scrubber-issue", "CodeSystem"), ("/fhir/r4/StructureDefinition/therapy-minutes", "StructureDefinition"),
        ]
        for (path, type) in expected {
            let response = try client.request("GET", path)
            #expect(response.status == 200, "\(path)")
            #expect(response.header("Content-Type") == "application/fhir+json")
            #expect(response.json?["resourceType"] as? String == type)
        }
        let metadata = try #require(try client.request("GET", "/fhir/r4/metadata").json)
        #expect(metadata["fhirVersion"] as? String == "4.0.1")
        #expect(try client.request("HEAD", "/fhir/r4/metadata", headers: []).status == 200)
    }

    @Test func apiKeyRefusalsOnFHIRPathsAreOperationOutcomes() throws {
        let service = try makeService { configuration in
            configuration.apiKeys = [APIKeyAuthenticator.Key(name: "ehr", digest: SHA256.hash(Array("fhir-key".utf8)))]
        }
        let client = try service.client()
        let refused = try client.request("POST", Self.validate, headers: Self.fhirJSON, body: try example("f01-medicare-pt"))
        #expect(refused.status == 401)
        #expect(refused.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        let issue = try #require(try issues(refused).first)
        #expect(issue["code"] as? String == "login")
        let allowed = try client.request("POST", Self.validate, headers: Self.fhirJSON + [("Authorization", "Bearer fhir-key")],
                                         body: try example("f01-medicare-pt"))
        #expect(allowed.status == 200)
    }

    @Test func thePayerMapSettingReachesTheReader() throws {
        let service = try makeService { configuration in
            configuration.fhirPayerMap = PayerMap(entries: [PayerMap.Entry(source: .payorIdentifier, system: "urn:corpus:payer-id",
                                                                           code: "00000", payer: "commercial-ama")])
        }
        let response = try service.client().request("POST", Self.validate, headers: Self.fhirJSON + [("Accept", "application/json")],
                                                    body: Array(try String(contentsOf: packageRoot.appendingPathComponent("Config/examples/fhir/f01-medicare-pt.json"), encoding: .utf8)
                                                        .replacingOccurrences(of: "\"code\": \"MB\"", with: "\"code\": \"ZZ\"").utf8))
        #expect(response.json?["payer"] as? String == "commercial-ama")
    }

    @Test func metricsAndAccessLogNameTheFHIRRoute() throws {
        let service = try makeService()
        let client = try service.client()
        _ = try client.request("POST", "/fhir/r4/Claim/%24validate", headers: Self.fhirJSON, body: try example("f02-medicare-ot-co"))
        let metrics = try client.request("GET", "/metrics").text
        #expect(metrics.contains(#"route="/fhir/r4/Claim/$validate""#))
        #expect(metrics.contains("PTP_MODIFIER_REQUIRED"))
    }
}
