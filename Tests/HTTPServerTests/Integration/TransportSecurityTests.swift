import Foundation
import Testing
@testable import HTTPServer

/// The TLS seam with a fake session over real sockets: the same parser, keep-alive and limits apply
/// to the decrypted bytes.
@Suite(.timeLimit(.minutes(1)))
struct TransportSecurityTests {
    @Test func requestsFlowThroughTheSessionBothWays() throws {
        let server = try TestServer(tls: XORProvider()) { request, info in
            let text = "\(request.path) secure=\(info.isSecure) peer=\(info.peerSubject ?? "-")"
            return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: Array(text.utf8))
        }
        let client = try RawHTTPClient(port: server.port)
        try client.write("HELLO")
        #expect(try client.readExactly(7) == Array("WELCOME".utf8))
        client.xorKey = XORSession.key
        try client.write("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().bodyText == "/one secure=true peer=CN=xor-client")
        #expect(try client.readResponse().bodyText == "/two secure=true peer=CN=xor-client")
        // Framing rules apply to the decrypted stream too.
        try client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n")
        #expect(try client.readResponse().status == 400)
        #expect(client.isClosedByServer())
    }

    @Test func handshakeThatNeverFinishesIsClosedAfterTheHandshakeTimeout() throws {
        let server = try TestServer(timeouts: TestServer.fastTimeouts(handshake: 0.3), tls: XORProvider())
        let client = try RawHTTPClient(port: server.port)
        try client.write("HEL")
        let start = Date()
        #expect(client.isClosedByServer())
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(eventually { server.rejected("handshake_timeout") })
    }

    @Test func sessionErrorClosesTheConnection() throws {
        let server = try TestServer(tls: XORProvider())
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.isClosedByServer())
        #expect(eventually { server.rejected("tls_error") })
    }

    @Test func shutdownClosesAConnectionStillInItsHandshake() throws {
        let server = try TestServer(timeouts: TestServer.fastTimeouts(handshake: 30, drain: 30), tls: XORProvider())
        let client = try RawHTTPClient(port: server.port)
        let halfway = try RawHTTPClient(port: server.port)
        try halfway.write("HEL")
        #expect(eventually { server.server.openConnections == 2 })
        let start = Date()
        server.server.beginShutdown()
        #expect(client.isClosedByServer())
        #expect(halfway.isClosedByServer())
        #expect(server.server.waitUntilStopped(timeout: 5))
        // At once, not after the drain timeout.
        #expect(Date().timeIntervalSince(start) < 2)
    }
}
