import Foundation
import HTTPServer
import RuleData
import Testing
@testable import ScrubberService

/// `Content-Encoding: gzip` on the POST routes beyond the claim and batch routes (those are in
/// BatchRouteTests): FHIR's `Claim/$validate` inflates it too, and its refusals stay FHIR.
@Suite struct ContentCodingTests {
    static let validate = "/fhir/r4/Claim/$validate"

    func makeService() throws -> TestService {
        let provider = try CatalogRulesetProvider(directory: nil, defaultRuleset: try RuleSetLoader.loadDefault())
        return try TestService(processor: RulesEngineProcessor(provider: provider))
    }

    func example() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: packageRoot.appendingPathComponent("Config/examples/fhir/f01-medicare-pt.json")))
    }

    @Test func fhirValidateTakesAGzipBody() throws {
        let service = try makeService()
        let client = try service.client()
        let plain = try client.request("POST", Self.validate, headers: [("Content-Type", "application/fhir+json")], body: try example())
        let gzip = try client.request("POST", Self.validate, headers: [("Content-Type", "application/fhir+json"), ("Content-Encoding", "gzip")],
                                      body: Gzip.compress(try example()))
        #expect(plain.status == 200)
        #expect(gzip.status == 200)
        #expect(gzip.text == plain.text)
    }

    @Test func fhirRefusalsOfTheContentCodingAreOperationOutcomes() throws {
        let service = try makeService()
        let br = try service.client().request("POST", Self.validate,
                                              headers: [("Content-Type", "application/fhir+json"), ("Content-Encoding", "br")],
                                              body: try example())
        #expect(br.status == 415)
        #expect(br.header("Accept-Encoding") == "gzip")
        #expect(br.header("Content-Type") == "application/fhir+json")
        #expect(br.json?["resourceType"] as? String == "OperationOutcome")
        let broken = try service.client().request("POST", Self.validate,
                                                  headers: [("Content-Type", "application/fhir+json"), ("Content-Encoding", "gzip")],
                                                  body: Array(try example().prefix(40)))
        #expect(broken.status == 400)
        #expect(broken.json?["resourceType"] as? String == "OperationOutcome")
        #expect(broken.text.contains("not valid gzip"))
    }
}
