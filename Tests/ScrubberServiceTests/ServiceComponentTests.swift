import Foundation
import HTTPServer
import Testing
@testable import ScrubberService

@Suite struct ServiceComponentTests {
    @Test func requestIDsKeepSafeClientValuesAndReplaceOthers() {
        let ids = RequestIDGenerator(prefix: "p")
        #expect(ids.id(for: "abc-123_X.y:z") == "abc-123_X.y:z")
        #expect(ids.id(for: nil).hasPrefix("p-"))
        #expect(ids.id(for: "has space") != "has space")
        #expect(ids.id(for: "quote\"inside") != "quote\"inside")
        #expect(ids.id(for: String(repeating: "a", count: 129)).hasPrefix("p-"))
        #expect(ids.id(for: "") != "")
        #expect(ids.next() != ids.next())
    }

    @Test func jsonMediaTypeAcceptsCharsetUTF8Only() {
        #expect(MediaType.isJSON("application/json"))
        #expect(MediaType.isJSON("Application/JSON; charset=UTF-8"))
        #expect(MediaType.isJSON("application/json;charset=\"utf-8\""))
        #expect(!MediaType.isJSON("application/json; charset=latin1"))
        #expect(!MediaType.isJSON("text/plain"))
        #expect(!MediaType.isJSON("application/jsonx"))
        #expect(!MediaType.isJSON(nil))
    }

    @Test func bearerTokenIsMatchedAgainstEveryHash() {
        let keys = [APIKeyAuthenticator.Key(name: "one", digest: SHA256.hash(Array("first-key".utf8))),
                    APIKeyAuthenticator.Key(name: "two", digest: SHA256.hash(Array("second-key".utf8)))]
        let auth = APIKeyAuthenticator(keys: keys, hash: { SHA256.hash($0) }, equals: { ConstantTime.equals($0, $1) })
        #expect(auth.authorize("Bearer second-key") == .granted(name: "two"))
        #expect(auth.authorize("bearer first-key") == .granted(name: "one"))
        #expect(auth.authorize("Bearer wrong") == .invalid)
        #expect(auth.authorize("Basic Zmlyc3Qta2V5") == .invalid)
        #expect(auth.authorize("Bearer ") == .invalid)
        #expect(auth.authorize(nil) == .missing)
    }

    @Test func problemDetailsAreRFC9457JSON() throws {
        let problem = ProblemDetails.invalidClaim([ProblemEntry(pointer: "/lines/0/minutes", message: "must be \"0\" or more")])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(problem.encoded())) as? [String: Any])
        #expect(object["status"] as? Int == 422)
        #expect(object["title"] as? String == "Invalid claim")
        let errors = try #require(object["errors"] as? [[String: String]])
        #expect(errors == [["pointer": "/lines/0/minutes", "message": "must be \"0\" or more"]])
        #expect(problem.response().headers["Content-Type"] == "application/problem+json")
    }

    @Test func metricsRenderCountersAndCumulativeHistogram() {
        let metrics = MetricsRegistry()
        metrics.recordRequest(routeIndex: ServiceRoute.scrub.index, method: "POST", status: 200, seconds: 0.0003, findings: ["UNITS_ABOVE_COMPUTED"])
        metrics.recordRequest(routeIndex: ServiceRoute.scrub.index, method: "POST", status: 200, seconds: 0.002, findings: [])
        metrics.recordRejected(reason: "body_too_large", status: 413)
        metrics.connectionOpened()
        metrics.recordReload(component: "rulesets", succeeded: false)
        let text = String(decoding: metrics.render(), as: UTF8.self)
        #expect(text.contains(#"scrubber_http_requests_total{route="/v1/claims/scrub",method="POST",status="200"} 2"#))
        #expect(text.contains(#"scrubber_http_request_duration_seconds_bucket{route="/v1/claims/scrub",le="0.0005"} 1"#))
        #expect(text.contains(#"scrubber_http_request_duration_seconds_bucket{route="/v1/claims/scrub",le="0.0025"} 2"#))
        #expect(text.contains(#"scrubber_http_request_duration_seconds_bucket{route="/v1/claims/scrub",le="+Inf"} 2"#))
        #expect(text.contains(#"scrubber_findings_total{id="UNITS_ABOVE_COMPUTED"} 1"#))
        #expect(text.contains(#"scrubber_http_rejected_total{reason="body_too_large"} 1"#))
        #expect(text.contains("scrubber_http_open_connections 1"))
        #expect(text.contains(#"scrubber_reload_failures_total{component="rulesets"} 1"#))
        #expect(text.contains(#"scrubber_reload_failures_total{component="tls"} 0"#))
    }

    @Test func accessLogLineIsOneJSONObjectWithTheRouteTemplate() throws {
        let writer = LogWriter(destination: .memory)
        let log = AccessLog(writer: writer)
        log.record(.init(requestID: "r1", method: "POST", route: "/v1/claims/scrub", status: 200, bytes: 812,
                         seconds: 0.000412, apiKey: "gateway", clientSubject: "CN=gw,O=Clinic"))
        let lines = writer.capturedLines()
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["requestId"] as? String == "r1")
        #expect(object["route"] as? String == "/v1/claims/scrub")
        #expect(object["status"] as? Int == 200)
        #expect(object["bytes"] as? Int == 812)
        #expect(object["durationMs"] as? Double == 0.412)
        #expect(object["apiKey"] as? String == "gateway")
        #expect(object["clientSubject"] as? String == "CN=gw,O=Clinic")
        let time = try #require(object["time"] as? String)
        #expect(time.count == 24 && time.hasSuffix("Z"))
    }

    @Test func jsonTextEscapesControlCharactersAndFormatsNumbers() {
        var out = JSONText()
        out.string("a\"b\\c\n\u{01}")
        out.raw(" ")
        out.int(-120)
        out.raw(" ")
        out.fixed(1.25, fractionDigits: 3)
        #expect(String(decoding: out.bytes, as: UTF8.self) == #""a\"b\\c\n\u0001" -120 1.250"#)
    }
}
