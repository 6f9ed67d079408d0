import Foundation
import Testing
@testable import HTTPServer

/// Responses larger than the socket buffers: the server waits for the client (write source), keeps
/// the order, and does not read ahead more than it needs.
@Suite(.timeLimit(.minutes(1)))
struct BackpressureTests {
    /// These tests are about flow control, not timeouts: a client starved of CPU (a sanitizer build,
    /// a loaded machine) must not be cut off by the 2 s test timeouts while it is still reading.
    static let patient = TestServer.fastTimeouts(header: 15, bodyProgress: 15, write: 15, handshake: 15)

    static func sized(_ request: HTTPRequest, _ info: ConnectionInfo) -> HTTPResponse {
        let size = Int(request.query ?? "0") ?? 0
        let tag = Array(request.path.utf8)
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]),
                            body: tag + [UInt8](repeating: 46, count: size))
    }

    @Test func pipelinedLargeResponsesArriveCompleteAndInOrderToASlowReader() throws {
        let server = try TestServer(timeouts: Self.patient, handler: Self.sized)
        let client = try RawHTTPClient(port: server.port)
        // 16 MiB of responses: far more than the socket buffers hold, so the server must wait.
        var batch = ""
        for i in 0..<16 { batch += "GET /r\(i)?\(1024 * 1024) HTTP/1.1\r\nHost: x\r\n\r\n" }
        try client.write(batch)
        usleep(300_000)
        for i in 0..<16 {
            let response = try client.readResponse()
            #expect(response.body.count == 1024 * 1024 + "/r\(i)".utf8.count)
            #expect(response.body.starts(with: Array("/r\(i).".utf8)))
        }
        try client.write("GET /last?1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().bodyText == "/last.")
    }

    @Test func largeResponsesFlowThroughTheTransportSecuritySession() throws {
        let server = try TestServer(timeouts: Self.patient, tls: XORProvider(), handler: Self.sized)
        // The fake TLS transforms every byte on both sides: under the thread sanitizer the 4 MiB
        // response takes several seconds to arrive, so the client waits up to 30 s per read.
        let client = try RawHTTPClient(port: server.port, receiveTimeout: 30)
        try client.write("HELLO")
        #expect(try client.readExactly(7) == Array("WELCOME".utf8))
        client.xorKey = XORSession.key
        try client.write("GET /a?\(4 * 1024 * 1024) HTTP/1.1\r\nHost: x\r\n\r\nGET /b?10 HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(200_000)
        let first = try client.readResponse()
        #expect(first.body.count == 4 * 1024 * 1024 + 2)
        #expect(first.body.allSatisfy { $0 == 46 || $0 == 47 || $0 == 97 })
        #expect(try client.readResponse().bodyText == "/b..........")
    }

    @Test func largeRequestBodyArrivesInPieces() throws {
        // The body is made before connecting: a connection that sends nothing for the header timeout
        // is closed, and making 900 KiB byte by byte takes seconds under a sanitizer.
        let body = [UInt8]((0..<(900 * 1024)).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let server = try TestServer(timeouts: Self.patient)
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n")
        for start in stride(from: 0, to: body.count, by: 100_000) {
            try client.write(Array(body[start..<min(start + 100_000, body.count)]))
        }
        #expect(try client.readResponse().bodyText == "POST /size \(body.count)")
    }
}
