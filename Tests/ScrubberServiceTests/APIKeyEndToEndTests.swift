import Foundation
import HTTPServer
import Testing
@testable import ScrubberService

/// API keys (issue 4) over real sockets.
@Suite struct APIKeyEndToEndTests {
    static let key = "k3y-for-tests_0123456789"

    func makeService(protectMetrics: Bool = false) throws -> TestService {
        try TestService { configuration in
            configuration.apiKeys = [
                APIKeyAuthenticator.Key(name: "other", digest: SHA256.hash(Array("another-key".utf8))),
                APIKeyAuthenticator.Key(name: "ehr-gateway", digest: SHA256.hash(Array(Self.key.utf8))),
            ]
            configuration.protectMetrics = protectMetrics
        }
    }

    @Test func missingKeyIs401WithBearerChallenge() throws {
        let service = try makeService()
        let response = try service.client().request("POST", "/v1/claims/scrub", json: #"{"payer":"medicare"}"#)
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate") == #"Bearer realm="claim-scrubber""#)
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test func wrongKeyIs401InvalidToken() throws {
        let service = try makeService()
        let response = try service.client().request("GET", "/v1/payers", headers: [("Authorization", "Bearer nope")])
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate")?.contains(#"error="invalid_token""#) == true)
    }

    @Test func rightKeyIsAcceptedAndItsNameLogged() throws {
        let service = try makeService()
        let response = try service.client().request("POST", "/v1/claims/scrub", headers: [("Authorization", "Bearer \(Self.key)")],
                                                    json: #"{"payer":"medicare"}"#)
        #expect(response.status == 200)
        service.runtime.flushLogs()
        let lines = service.accessLog.capturedLines()
        #expect(lines.last?.contains(#""apiKey":"ehr-gateway""#) == true)
        #expect(!lines.joined().contains(Self.key))
    }

    @Test func probesStayOpenAndMetricsProtectionIsASetting() throws {
        let open = try makeService()
        let client = try open.client()
        #expect(try client.request("GET", "/healthz").status == 200)
        #expect(try client.request("GET", "/readyz").status == 200)
        #expect(try client.request("GET", "/metrics").status == 200)
        let protected = try makeService(protectMetrics: true)
        let pclient = try protected.client()
        #expect(try pclient.request("GET", "/metrics").status == 401)
        #expect(try pclient.request("GET", "/metrics", headers: [("Authorization", "Bearer \(Self.key)")]).status == 200)
        #expect(try pclient.request("GET", "/healthz").status == 200)
    }
}
