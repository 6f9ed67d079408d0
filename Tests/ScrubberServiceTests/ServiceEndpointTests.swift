import Foundation
import HTTPServer
import APIReference
import ClaimRules
import Testing
@testable import ScrubberService

/// The HTTP surface over real loopback sockets: routing, methods, media types, problem+json,
/// request ids, probes, metrics, access log.
@Suite struct ServiceEndpointTests {
    @Test func healthzAnswersOkWithRequestIDAndNoStore() throws {
        let service = try TestService()
        let response = try service.client().request("GET", "/healthz")
        #expect(response.status == 200)
        #expect(response.json?["status"] as? String == "ok")
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("X-Request-ID")?.isEmpty == false)
        #expect(response.header("Cache-Control") == "no-store")
    }

    @Test func clientRequestIDIsEchoedAndLogged() throws {
        let service = try TestService()
        let response = try service.client().request("GET", "/healthz", headers: [("X-Request-ID", "trace-42.a")])
        #expect(response.header("X-Request-ID") == "trace-42.a")
        service.runtime.flushLogs()
        #expect(service.accessLog.capturedLines().contains { $0.contains(#""requestId":"trace-42.a""#) })
    }

    @Test func unsafeRequestIDIsReplaced() throws {
        let service = try TestService()
        let response = try service.client().request("GET", "/healthz", headers: [("X-Request-ID", "a\"b{c}")])
        let id = try #require(response.header("X-Request-ID"))
        #expect(id != "a\"b{c}")
        #expect(RequestIDGenerator.isAcceptable(id))
    }

    @Test func unknownPathIs404ProblemJSON() throws {
        let service = try TestService()
        let response = try service.client().request("GET", "/v1/claims/nope?x=1")
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.json?["status"] as? Int == 404)
        #expect(response.json?["errors"] is [Any])
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let service = try TestService()
        let client = try service.client()
        let get = try client.request("GET", "/v1/claims/scrub")
        #expect(get.status == 405)
        #expect(get.header("Allow") == "POST, OPTIONS")
        #expect(get.header("Content-Type") == "application/problem+json")
        let post = try client.request("POST", "/healthz", json: "{}")
        #expect(post.status == 405)
        #expect(post.header("Allow") == "GET, HEAD, OPTIONS")
        let delete = try client.request("DELETE", "/v1/payers")
        #expect(delete.status == 405)
    }

    @Test func optionsAnswers204WithAllow() throws {
        let service = try TestService()
        let response = try service.client().request("OPTIONS", "/v1/claims/units")
        #expect(response.status == 204)
        #expect(response.header("Allow") == "POST, OPTIONS")
        #expect(response.body.isEmpty)
    }

    @Test func headHasNoBody() throws {
        let service = try TestService()
        let client = try service.client()
        let head = try client.request("HEAD", "/healthz")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        // The connection is still in sync: the next response is read correctly.
        let next = try client.request("GET", "/healthz")
        #expect(next.json?["status"] as? String == "ok")
    }

    @Test func postWithoutJSONMediaTypeIs415() throws {
        let service = try TestService()
        let client = try service.client()
        let plain = try client.request("POST", "/v1/claims/scrub", headers: [("Content-Type", "text/plain")], body: Array("{}".utf8))
        #expect(plain.status == 415)
        #expect(plain.header("Content-Type") == "application/problem+json")
        let none = try client.request("POST", "/v1/claims/scrub", body: Array("{}".utf8))
        #expect(none.status == 415)
        let charset = try client.request("POST", "/v1/claims/scrub", headers: [("Content-Type", "application/json; charset=utf-8")],
                                         body: Array(#"{"payer":"medicare"}"#.utf8))
        #expect(charset.status == 200)
    }

    @Test func malformedJSONIs400AndSchemaProblemIs422() throws {
        let service = try TestService()
        let client = try service.client()
        let malformed = try client.request("POST", "/v1/claims/scrub", json: #"{"payer": "#)
        #expect(malformed.status == 400)
        #expect(malformed.json?["title"] as? String == "Malformed JSON")
        let invalid = try client.request("POST", "/v1/claims/scrub", json: #"{"payer": 5}"#)
        #expect(invalid.status == 422)
        let errors = try #require(invalid.json?["errors"] as? [[String: String]])
        #expect(errors.first?["pointer"] == "/payer")
    }

    @Test func bodyOverTheLimitIs413() throws {
        let service = try TestService { $0.bodyLimit = 1024 }
        let client = try service.client()
        let response = try client.request("POST", "/v1/claims/scrub", headers: [("Content-Type", "application/json")],
                                          body: [UInt8](repeating: UInt8(ascii: " "), count: 4096))
        #expect(response.status == 413)
    }

    @Test func readinessGoesFalseWhenDrainingStarts() throws {
        let service = try TestService()
        let client = try service.client()
        #expect(try client.request("GET", "/readyz").status == 200)
        service.runtime.service.markDraining()
        let draining = try client.request("GET", "/readyz")
        #expect(draining.status == 503)
        #expect(draining.json?["status"] as? String == "draining")
        #expect(try client.request("GET", "/healthz").status == 200)
    }

    @Test func shutdownFinishesAndStopsAccepting() throws {
        let service = try TestService()
        let port = service.port
        _ = try service.client().request("GET", "/healthz")
        service.runtime.beginShutdown()
        #expect(service.runtime.server.isDraining)
        #expect(!service.runtime.service.isReady)
        #expect(service.runtime.server.waitUntilStopped(timeout: 5))
        #expect(throws: (any Error).self) { try RawHTTPClient(port: port).request("GET", "/healthz") }
    }

    @Test func metricsCountRequestsFindingsAndConnections() throws {
        let service = try TestService()
        let client = try service.client()
        _ = try client.request("POST", "/v1/claims/scrub", json: #"{"payer":"medicare"}"#)
        _ = try client.request("GET", "/nope")
        let metrics = try client.request("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = metrics.text
        #expect(text.contains(#"scrubber_http_requests_total{route="/v1/claims/scrub",method="POST",status="200"} 1"#))
        #expect(text.contains(#"scrubber_http_requests_total{route="unmatched",method="GET",status="404"} 1"#))
        #expect(text.contains(#"scrubber_findings_total{id="TEST_FINDING"} 1"#))
        #expect(text.contains("scrubber_http_open_connections 1"))
        #expect(text.contains(#"scrubber_http_request_duration_seconds_count{route="/v1/claims/scrub"} 1"#))
        #expect(text.contains("scrubber_ready 1"))
    }

    @Test func rejectedRequestsAreCountedByReason() throws {
        let service = try TestService()
        let client = try service.client()
        // Content-Length and Transfer-Encoding together: rejected by the HTTP layer (RFC 9112 §6.1).
        try client.send("POST /v1/claims/scrub HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}")
        let rejected = try client.readResponse()
        #expect(rejected.status == 400)
        let metrics = try service.client().request("GET", "/metrics").text
        #expect(metrics.contains("scrubber_http_rejected_total{reason="))
    }

    @Test func accessLogHasRouteTemplateAndNoBodyOrQuery() throws {
        let service = try TestService()
        let client = try service.client()
        _ = try client.request("POST", "/v1/claims/scrub?patient=SECRET-Q", json: #"{"payer":"medicare","claimId":"SECRET-ID-77"}"#)
        _ = try client.request("GET", "/unknown/SECRET-PATH")
        service.runtime.flushLogs()
        let lines = service.accessLog.capturedLines()
        #expect(lines.count == 2)
        for line in lines {
            #expect(!line.contains("SECRET"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["time", "requestId", "method", "route", "status", "bytes", "durationMs"] {
                #expect(object[key] != nil, "missing \(key)")
            }
        }
        #expect(lines[0].contains(#""route":"/v1/claims/scrub""#))
        #expect(lines[1].contains(#""route":"unmatched""#))
    }

    @Test func openAPIDocumentIsServedAsYAML() throws {
        let service = try TestService()
        let response = try service.client().request("GET", "/openapi.yaml")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/yaml")
        #expect(response.text.hasPrefix("openapi: 3.1"))
    }

    @Test func catalogListsEveryFindingWithItsFix() throws {
        let service = try TestService()
        let response = try service.client().request("GET", "/v1/catalog")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        let findings = try #require(response.json?["findings"] as? [[String: Any]])
        #expect(findings.map { $0["id"] as? String } == FindingCatalog.entries.map(\.id.rawValue))
        for (finding, entry) in zip(findings, FindingCatalog.entries) {
            #expect(Set(finding.keys) == ["id", "severity", "trigger", "source", "fix"])
            #expect(finding["severity"] as? String == entry.severity.rawValue)
            #expect(finding["trigger"] as? String == entry.trigger)
            #expect(finding["source"] as? String == entry.source)
            #expect(finding["fix"] as? String == entry.fix)
        }
    }

    @Test func everyCatalogEntryHasAGeneralFix() {
        for entry in FindingCatalog.entries {
            #expect(!entry.fix.isEmpty, "\(entry.id.rawValue) has no fix in FindingCatalog")
            #expect(entry.fix.hasSuffix("."), "\(entry.id.rawValue)")
        }
    }

    @Test func docsPageIsTheAPIReferenceRenderedFromOpenAPI() throws {
        let service = try TestService()
        let response = try service.client().request("GET", "/docs")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(response.header("Content-Security-Policy")?.hasPrefix("default-src 'none'") == true)
        #expect(response.header("Cache-Control") == "no-store")
        // Built from the repository's openapi.yaml: the page is current, and names every route.
        let yaml = try String(contentsOf: packageRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        #expect(response.text == (try APIReferencePage.render(yaml: yaml)))
        for route in ServiceRoute.allCases {
            #expect(response.text.contains("<h3><code>\(route.rawValue)</code></h3>"), "\(route.rawValue)")
        }
        let head = try service.client().request("HEAD", "/docs")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
    }
}
