import Foundation
import HTTPServer
import RuleData
import Testing
@testable import ScrubberService

/// `POST /v1/x12/837p` through the streaming machinery (`X12Stream`): the report goes out in chunks
/// while the file arrives, gzip files are inflated as they arrive, and a transfer that fails after
/// the answer started is cut short without its last chunk.
@Suite(.timeLimit(.minutes(2)))
struct X12StreamTests {
    static let x12 = [("Content-Type", "application/edi-x12")]

    func makeService(configure: @escaping (inout ServiceConfiguration) -> Void = { _ in }) throws -> TestService {
        let provider = try CatalogRulesetProvider(directory: nil, defaultRuleset: try RuleSetLoader.loadDefault())
        return try TestService(configure: configure, processor: RulesEngineProcessor(provider: provider))
    }

    static func files() throws -> [[UInt8]] { try X12RouteTests.names.map(X12RouteTests.file) }

    @Test func theReportStreamsWhileTheFileArrives() throws {
        let service = try makeService()
        let client = try service.client()
        let files = try Self.files()
        try client.send("POST /v1/x12/837p HTTP/1.1\r\nHost: x\r\nContent-Type: application/edi-x12\r\n"
            + "Content-Length: \(files.map(\.count).reduce(0, +))\r\n\r\n")
        try client.send(files[0] + files[1])
        // The second interchange's claim is answered before the third interchange is sent.
        let early = try client.peek(until: #""claimId":"C02PT0002""#)
        #expect(early.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(early.contains("Transfer-Encoding: chunked\r\n"))
        try client.send(files[2])
        let response = try client.readResponse()
        #expect(response.header("Content-Type") == "application/json")
        let body = try #require(response.json)
        #expect(body["interchanges"] as? Int == 3)
        #expect((body["claims"] as? [[String: Any]])?.compactMap { $0["claimId"] as? String } == ["C01PT0001", "C02PT0002", "C03OT0003"])
        // The connection goes on with the next request.
        #expect(try client.request("GET", "/healthz").status == 200)
    }

    @Test func aGzipFileGivesTheSameAnswerAndOtherCodingsAre415() throws {
        let service = try makeService()
        let client = try service.client()
        let files = try Self.files()
        let plain = try client.request("POST", "/v1/x12/837p", headers: Self.x12, body: files.flatMap { $0 })
        #expect(plain.status == 200)
        // Two gzip members, as `cat a.gz b.gz` makes (RFC 1952 §2.2).
        let gzip = Gzip.compress(files[0]) + Gzip.compress(files[1] + files[2])
        let inflated = try client.request("POST", "/v1/x12/837p", headers: Self.x12 + [("Content-Encoding", "gzip")], body: gzip)
        #expect(inflated.status == 200)
        #expect(inflated.text == plain.text)
        let brotli = try client.request("POST", "/v1/x12/837p", headers: Self.x12 + [("Content-Encoding", "br")], body: files[0])
        #expect(brotli.status == 415)
        #expect(brotli.header("Accept-Encoding") == "gzip")
        // Refused before its body was streamed, the request was read whole: the connection stays.
        #expect(try client.request("GET", "/healthz").status == 200)
    }

    @Test func aGzipBombIs413AndBrokenGzip400() throws {
        let service = try makeService { $0.bodyLimit = 64 << 10 }
        let bomb = Gzip.compress([UInt8](repeating: 32, count: 32 << 20), level: 9)
        let tooLarge = try service.client().request("POST", "/v1/x12/837p", headers: Self.x12 + [("Content-Encoding", "gzip")], body: bomb)
        #expect(tooLarge.status == 413)
        #expect(tooLarge.header("Content-Type") == "application/problem+json")
        let broken = try service.client().request("POST", "/v1/x12/837p", headers: Self.x12 + [("Content-Encoding", "gzip")],
                                                  body: Array("ISA*00*not gzip".utf8))
        #expect(broken.status == 400)
        // Cut inside the gzip header: nothing was inflated, so nothing was answered yet.
        let headerOnly = Array(Gzip.compress(try Self.files()[0]).prefix(6))
        let early = try service.client().request("POST", "/v1/x12/837p", headers: Self.x12 + [("Content-Encoding", "gzip")], body: headerOnly)
        #expect(early.status == 400)
        // Cut before the member's end: the claim was read and answered first, so the answer is cut short.
        let truncated = Array(Gzip.compress(try Self.files()[0]).dropLast(8))
        let client = try service.client()
        try client.send("POST /v1/x12/837p HTTP/1.1\r\nHost: x\r\nContent-Type: application/edi-x12\r\nContent-Encoding: gzip\r\n"
            + "Content-Length: \(truncated.count)\r\n\r\n")
        try client.send(truncated)
        #expect(try client.peek(until: #""claimId":"C01PT0001""#).hasPrefix("HTTP/1.1 200 OK\r\n"))
        expectCutShort(client)
    }

    @Test func aBodyPastTheLimitAfterTheAnswerStartedCutsTheResponseShort() throws {
        let service = try makeService { $0.bodyLimit = 3000 }
        let client = try service.client()
        let file = try Self.files()[0]
        var request = Array("POST /v1/x12/837p HTTP/1.1\r\nHost: x\r\nContent-Type: application/edi-x12\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for _ in 0..<5 { request += Array((String(file.count, radix: 16) + "\r\n").utf8) + file + [13, 10] }
        try client.send(request + Array("0\r\n\r\n".utf8))
        let seen = try client.peek(until: #""claimId":"C01PT0001""#)
        #expect(seen.hasPrefix("HTTP/1.1 200 OK\r\n"))
        // No last chunk: the client reads an incomplete response and the connection closes.
        expectCutShort(client)
    }

    @Test func shutdownCutsAStartedAnswerShort() throws {
        let service = try makeService()
        let client = try service.client()
        let file = try Self.files()[0]
        try client.send("POST /v1/x12/837p HTTP/1.1\r\nHost: x\r\nContent-Type: application/edi-x12\r\nContent-Length: 100000\r\n\r\n")
        try client.send(file)
        _ = try client.peek(until: #""claimId":"C01PT0001""#)
        service.runtime.beginShutdown()
        expectCutShort(client)
        let metrics = service.runtime.service.metrics.render(extraGauges: [])
        #expect(String(decoding: metrics, as: UTF8.self).contains(#"route="/v1/x12/837p",method="POST",status="200"} 1"#))
    }

    /// The response ends without its last chunk: the connection closes (not a timeout) mid-body.
    private func expectCutShort(_ client: RawHTTPClient, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: RawHTTPClient.ClientError.self, sourceLocation: sourceLocation) { try client.readResponse() }
        guard case .closed? = error else {
            Issue.record("expected the connection to close, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
    }
}
