import Foundation
import Testing
@testable import HTTPServer

@Suite(.timeLimit(.minutes(1)))
struct TimeoutTests {
    @Test func slowLorisHeaderGets408AndIsClosed() throws {
        let server = try TestServer(timeouts: TestServer.fastTimeouts(header: 0.5))
        let client = try RawHTTPClient(port: server.port)
        let start = Date()
        try client.write("GET / HTTP/1.1\r\n")
        usleep(200_000)
        try client.write("Host: x\r\n")
        usleep(200_000)
        try? client.write("X-Slow: 1\r\n")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByServer())
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.45 && elapsed < 3)
        #expect(server.rejected("header_timeout"))
    }

    @Test func silentConnectionIsClosedAfterTheHeaderTimeout() throws {
        let server = try TestServer(timeouts: TestServer.fastTimeouts(header: 0.3))
        let client = try RawHTTPClient(port: server.port)
        #expect(client.isClosedByServer())
        #expect(eventually { server.server.openConnections == 0 })
    }

    @Test func stalledBodyGets408() throws {
        let server = try TestServer(timeouts: TestServer.fastTimeouts(bodyProgress: 0.3))
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(client.isClosedByServer())
        #expect(server.rejected("body_timeout"))
    }

    @Test func idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws {
        let server = try TestServer(timeouts: TestServer.fastTimeouts(idle: 0.4))
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        let start = Date()
        #expect(client.isClosedByServer())
        #expect(Date().timeIntervalSince(start) >= 0.3)
        #expect(eventually { server.closed.load(ordering: .relaxed) == 1 })
    }

    @Test func clientThatStopsReadingIsCutOffAfterTheWriteTimeout() throws {
        let big = [UInt8](repeating: 120, count: 16 * 1024 * 1024)
        let server = try TestServer(timeouts: TestServer.fastTimeouts(write: 0.5)) { _, _ in
            HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: big)
        }
        let client = try RawHTTPClient(port: server.port)
        client.setReceiveBuffer(4096)
        try client.write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        // Never read: the server's socket buffer fills and the write stalls.
        #expect(eventually(timeout: 10) { server.rejected("write_timeout") })
        #expect(eventually { server.server.openConnections == 0 })
    }
}
