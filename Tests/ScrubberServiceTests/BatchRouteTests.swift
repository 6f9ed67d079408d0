import ClaimRules
import Foundation
import HTTPServer
import RuleData
import Testing
@testable import ScrubberService

/// `POST /v1/claims/batch` end to end with the real engine and the embedded ruleset: results
/// streamed in input order while the body arrives, problems per line, checks across claims, gzip
/// bodies and their limits, in-band errors once results were sent, metrics and the access log.
@Suite(.timeLimit(.minutes(2)))
struct BatchRouteTests {
    static func line(_ patient: String?, dos: String = "2026-03-02", code: String = "97530", npi: String = "1234567893") -> String {
        let ref = patient.map { #","patientRef":"\#($0)""# } ?? ""
        return #"{"claimId":"CLAIM-SECRET","payer":"medicare","dateOfService":"\#(dos)"\#(ref),"#
            + #""provider":{"npi":"\#(npi)","role":"PT"},"lines":[{"code":"\#(code)","minutes":30,"units":2,"modifiers":["GP"]}]}"#
    }

    static let ndjson = [("Content-Type", "application/x-ndjson")]

    func makeService(_ configure: @escaping (inout ServiceConfiguration) -> Void = { _ in }) throws -> TestService {
        let provider = try CatalogRulesetProvider(directory: nil, defaultRuleset: try RuleSetLoader.loadDefault())
        return try TestService(configure: configure, processor: RulesEngineProcessor(provider: provider))
    }

    /// Sends a batch (Content-Length framed) and reads the whole response.
    func post(_ service: TestService, _ body: [UInt8], headers: [(String, String)] = ndjson) throws -> RawHTTPClient.Response {
        try service.client().request("POST", "/v1/claims/batch", headers: headers, body: body)
    }

    @Test func resultsComeBackInInputOrderWithProblemsAndChecksAcrossClaims() throws {
        let service = try makeService()
        let body = [Self.line("PATIENT-A"), "not json", "", Self.line("PATIENT-B"), Self.line("PATIENT-A")].joined(separator: "\n") + "\n"
        let response = try post(service, Array(body.utf8), headers: Self.ndjson + [("X-Request-ID", "batch-1")])
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/x-ndjson")
        #expect(response.header("Transfer-Encoding") == "chunked")
        #expect(response.header("X-Request-ID") == "batch-1")
        #expect(response.header("Cache-Control") == "no-store")
        let lines = response.ndjson
        #expect(lines.map { $0["line"] as? Int } == [1, 2, 4, 5])
        #expect((lines[1]["problems"] as? [[String: String]])?.first?["message"]?.hasPrefix("malformed JSON at column 1") == true)
        #expect(lines[0]["status"] != nil && lines[2]["status"] != nil)
        let duplicate = (lines[3]["errors"] as? [[String: Any]])?.first { $0["id"] as? String == "DUPLICATE_SERVICE" }
        #expect(duplicate?["batchLines"] as? [Int] == [1])
        #expect(lines[3]["status"] as? String == "errors")
        // The patient reference is in no message: only the corrected claims return it as sent.
        #expect(response.text.components(separatedBy: "PATIENT-A").count
                == response.text.components(separatedBy: #""patientRef":"PATIENT-A""#).count)
        #expect(!lines.contains { $0["error"] != nil })
    }

    @Test func aPartOfEachResultCanBeAskedFor() throws {
        let service = try makeService()
        let body = Array(([Self.line("a"), Self.line("a")].joined(separator: "\n")).utf8)
        let client = try service.client()
        let warnings = try client.request("POST", "/v1/claims/batch?part=warnings", headers: Self.ndjson, body: body)
        #expect(warnings.status == 200)
        #expect(warnings.ndjson.map { Set($0.keys) } == [["line", "claimId", "status", "payer", "unitMethod", "ruleset", "errors", "warnings"],
                                                         ["line", "claimId", "status", "payer", "unitMethod", "ruleset", "errors", "warnings"]])
        let bad = try client.request("POST", "/v1/claims/batch?part=everything", headers: Self.ndjson, body: body)
        #expect(bad.status == 400)
    }

    @Test func theFirstResultsArriveWhileTheBodyIsStillBeingSent() throws {
        let service = try makeService()
        let client = try service.client()
        let first = Self.line("p") + "\n"
        let second = Self.line("q")
        try client.send("POST /v1/claims/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
            + "Content-Length: \(first.utf8.count + second.utf8.count)\r\n\r\n" + first)
        let early = try client.peek(until: #"{"line":1,"#)
        #expect(early.hasPrefix("HTTP/1.1 200 OK\r\n"))
        try client.send(second)
        let response = try client.readResponse()
        #expect(response.ndjson.map { $0["line"] as? Int } == [1, 2])
    }

    @Test func aGzipBodyGivesTheSameResultsWhateverItsPiecesAndMembers() throws {
        let service = try makeService()
        let body = Array(([Self.line("a"), "{}", Self.line("a")].joined(separator: "\n") + "\n").utf8)
        let plain = try post(service, body).text
        #expect(plain.split(separator: "\n").count == 3)
        let gzip = Gzip.compress(body)
        #expect(try post(service, gzip, headers: Self.ndjson + [("Content-Encoding", "gzip")]).text == plain)
        // Two members (gunzip reads them as one body), sent in 7-byte chunks.
        let half = body.count / 2
        let members = Gzip.compress(Array(body[..<half])) + Gzip.compress(Array(body[half...]))
        let client = try service.client()
        var request = Array(("POST /v1/claims/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
            + "Content-Encoding: x-gzip\r\nTransfer-Encoding: chunked\r\n\r\n").utf8)
        for start in stride(from: 0, to: members.count, by: 7) {
            let piece = members[start..<min(start + 7, members.count)]
            request += Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + [13, 10]
        }
        request += Array("0\r\n\r\n".utf8)
        try client.send(request)
        #expect(try client.readResponse().text == plain)
    }

    @Test func malformedOrTruncatedGzipIs400BeforeAnyResult() throws {
        let service = try makeService()
        let notGzip = try post(service, Array("hello, not gzip\n".utf8), headers: Self.ndjson + [("Content-Encoding", "gzip")])
        #expect(notGzip.status == 400)
        #expect(notGzip.json?["type"] as? String == "https://claim-scrubber.dev/problems/malformed-gzip")
        // Cut inside the first line: nothing was answered yet.
        let gzip = Gzip.compress(Array((Self.line("a") + "\n").utf8))
        let truncated = try post(service, Array(gzip.prefix(gzip.count / 2)), headers: Self.ndjson + [("Content-Encoding", "gzip")])
        #expect(truncated.status == 400)
        #expect(truncated.json?["detail"] as? String == "The gzip body ends before its end (truncated).")
    }

    /// Once results went out the status is 200: the error is the last line, and says how far it got.
    @Test func trailingGarbageAfterResultsIsALastErrorLine() throws {
        let service = try makeService()
        let body = Gzip.compress(Array((Self.line("a") + "\n" + Self.line("b") + "\n").utf8)) + Array("garbage".utf8)
        let response = try post(service, body, headers: Self.ndjson + [("Content-Encoding", "gzip")])
        #expect(response.status == 200)
        let lines = response.ndjson
        #expect(lines.map { $0["line"] as? Int } == [1, 2, nil])
        let error = lines.last?["error"] as? [String: Any]
        #expect(error?["status"] as? Int == 400)
        #expect(error?["detail"] as? String == "The gzip body has bytes after its last member that are not another member.")
        #expect(lines.last?["processedThrough"] as? Int == 2)
    }

    /// A gzip bomb: 32 MiB of zeros in about 32 KB. 413 when the inflated size passes the limit, and
    /// nothing else: no output, the connection closed.
    @Test func aGzipBombIs413() throws {
        let service = try makeService { $0.batchBodyLimit = 2 << 20 }
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 32 << 20), level: 9)
        #expect(bomb.count < 64 << 10)
        let response = try post(service, bomb, headers: Self.ndjson + [("Content-Encoding", "gzip")])
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        #expect(response.json?["detail"] as? String == "The batch inflates to more than 2097152 bytes (limits.batchBody).")
    }

    @Test func aBatchThatInflatesPastTheLimitAfterResultsEndsWithA413Line() throws {
        let service = try makeService { $0.batchBodyLimit = 256 << 10 }
        let lines = (0..<2000).map { Self.line("p\($0)") }.joined(separator: "\n") + "\n"
        let response = try post(service, Gzip.compress(Array(lines.utf8)), headers: Self.ndjson + [("Content-Encoding", "gzip")])
        #expect(response.status == 200)
        let out = response.ndjson
        let last = try #require(out.last)
        #expect((last["error"] as? [String: Any])?["status"] as? Int == 413)
        let processed = try #require(last["processedThrough"] as? Int)
        #expect(processed > 0 && processed < 2000)
        #expect(out.dropLast().last?["line"] as? Int == processed)
    }

    @Test func aBodyOverTheBatchLimitIs413AtOnceOrALastLineMidStream() throws {
        let service = try makeService { $0.batchBodyLimit = 64 << 10 }
        // Announced too large: refused before a byte of it is read.
        let client = try service.client()
        try client.send("POST /v1/claims/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: 70000\r\n\r\n")
        #expect(try client.readResponse().status == 413)
        // Chunked: the limit is found mid-stream, after results went out.
        let chunked = try service.client()
        var request = "POST /v1/claims/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
        for k in 0..<400 {
            let piece = Self.line("p\(k)") + "\n"
            request += String(piece.utf8.count, radix: 16) + "\r\n" + piece + "\r\n"
        }
        try chunked.send(request + "0\r\n\r\n")
        let response = try chunked.readResponse()
        #expect(response.status == 200)
        let last = response.ndjson.last
        #expect((last?["error"] as? [String: Any])?["status"] as? Int == 413)
        #expect((last?["processedThrough"] as? Int ?? 0) > 0)
    }

    @Test func otherContentCodingsAre415WithAcceptEncoding() throws {
        let service = try makeService()
        for (path, type) in [("/v1/claims/batch", "application/x-ndjson"), ("/v1/claims/scrub", "application/json")] {
            for coding in ["br", "deflate", "gzip, gzip", "compress"] {
                let response = try service.client().request("POST", path, headers: [("Content-Type", type), ("Content-Encoding", coding)],
                                                            body: Array("{}".utf8))
                #expect(response.status == 415, "\(path) \(coding)")
                #expect(response.header("Accept-Encoding") == "gzip", "\(path) \(coding)")
            }
        }
    }

    @Test func aBatchMustBeNDJSONAndPOST() throws {
        let service = try makeService()
        let json = try post(service, Array("{}".utf8), headers: [("Content-Type", "application/json")])
        #expect(json.status == 415)
        #expect(json.header("Accept-Post") == "application/x-ndjson")
        let get = try service.client().request("GET", "/v1/claims/batch")
        #expect(get.status == 405)
        #expect(get.header("Allow") == "POST, OPTIONS")
        #expect(try service.client().request("OPTIONS", "/v1/claims/batch").status == 204)
    }

    @Test func aBatchNeedsAnAPIKeyAndIsRefusedBeforeItsBodyIsRead() throws {
        let service = try makeService { configuration in
            configuration.apiKeys = [APIKeyAuthenticator.Key(name: "gw", digest: SHA256.hash(Array("secret-key".utf8)))]
        }
        let client = try service.client()
        try client.send("POST /v1/claims/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 401)
        #expect(response.header("Connection") == "close")
        let ok = try post(service, Array(Self.line("a").utf8), headers: Self.ndjson + [("Authorization", "Bearer secret-key")])
        #expect(ok.status == 200 && ok.ndjson.count == 1)
    }

    @Test func batchesBeyondTheConcurrencyLimitAre503() throws {
        let service = try makeService { $0.concurrentBatches = 1 }
        let first = try service.client()
        let line = Self.line("a") + "\n"
        try first.send("POST /v1/claims/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: \(line.utf8.count * 2)\r\n\r\n" + line)
        _ = try first.peek(until: #"{"line":1,"#)
        let second = try post(service, Array(line.utf8))
        #expect(second.status == 503)
        #expect(second.header("Retry-After") == "1")
        try first.send(line)
        #expect(try first.readResponse().ndjson.count == 2)
        #expect(try post(service, Array(line.utf8)).status == 200)
    }

    @Test func metricsCountBatchClaimsBadLinesAndOutcomes() throws {
        let service = try makeService()
        let body = [Self.line("a"), Self.line("a"), "[]", Self.line(nil)].joined(separator: "\n")
        #expect(try post(service, Array(body.utf8)).status == 200)
        let metrics = try service.client().request("GET", "/metrics").text
        #expect(metrics.contains("scrubber_batch_claims_total 3\n"))
        #expect(metrics.contains("scrubber_batch_bad_lines_total 1\n"))
        #expect(metrics.contains(#"scrubber_batches_total{outcome="complete"} 1"#))
        #expect(metrics.contains(#"scrubber_findings_total{id="DUPLICATE_SERVICE"} 1"#))
        #expect(metrics.contains(#"scrubber_http_requests_total{route="/v1/claims/batch",method="POST",status="200"} 1"#))
    }

    @Test func theAccessLogCountsTheBatchAndHoldsNoClaimData() throws {
        let service = try makeService()
        let body = [Self.line("PATIENT-SECRET"), "x"].joined(separator: "\n")
        #expect(try post(service, Array(body.utf8)).status == 200)
        service.runtime.flushLogs()
        #expect(eventuallyTrue { service.accessLog.capturedLines().contains { $0.contains("/v1/claims/batch") } })
        let entry = try #require(service.accessLog.capturedLines().first { $0.contains("/v1/claims/batch") })
        #expect(entry.contains(#""status":200"#) && entry.contains(#""claims":1,"badLines":1"#))
        #expect(!entry.contains("SECRET"))
    }

    /// A graceful shutdown ends a batch in flight with a last line saying where it stopped.
    @Test func shutdownEndsABatchWithALastLine() throws {
        let service = try makeService()
        let client = try service.client()
        let lines = Self.line("a") + "\n" + Self.line("b") + "\n"
        try client.send("POST /v1/claims/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n"
            + lines + "{\"payer\":")
        _ = try client.peek(until: #"{"line":2,"#)
        service.runtime.beginShutdown()
        let response = try client.readResponse()
        let out = response.ndjson
        #expect(out.map { $0["line"] as? Int } == [1, 2, nil])
        #expect((out.last?["error"] as? [String: Any])?["status"] as? Int == 503)
        #expect(out.last?["processedThrough"] as? Int == 2)
        #expect(client.waitForClose())
    }

    @Test func theScrubRouteTakesGzipToo() throws {
        let service = try makeService()
        let claim = Array(ClaimRoutesTests.claim.utf8)
        let plain = try service.client().request("POST", "/v1/claims/scrub", headers: [("Content-Type", "application/json")], body: claim)
        let gzip = try service.client().request("POST", "/v1/claims/scrub",
                                                headers: [("Content-Type", "application/json"), ("Content-Encoding", "GZIP")],
                                                body: Gzip.compress(claim))
        #expect(gzip.status == 200)
        #expect(gzip.text == plain.text)
        let bomb = try service.client().request("POST", "/v1/claims/scrub",
                                                headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")],
                                                body: Gzip.compress([UInt8](repeating: 32, count: 32 << 20), level: 9))
        #expect(bomb.status == 413)
        let garbage = try service.client().request("POST", "/v1/claims/scrub",
                                                   headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")],
                                                   body: Gzip.compress(claim) + [0, 0, 0])
        #expect(garbage.status == 400)
        #expect(garbage.json?["detail"] as? String == "The gzip body has bytes after its last member that are not another member.")
    }

    @Test func anHTTP10ClientGetsTheBatchDelimitedByTheClose() throws {
        let service = try makeService()
        let client = try service.client()
        let body = Self.line("a")
        try client.send("POST /v1/claims/batch HTTP/1.0\r\nContent-Type: application/x-ndjson\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        let text = try client.peek(until: "\"line\":1")
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(!text.contains("Transfer-Encoding"))
        #expect(client.waitForClose())
    }
}

/// Polls `condition` for up to 5 s.
func eventuallyTrue(_ condition: () -> Bool) -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
