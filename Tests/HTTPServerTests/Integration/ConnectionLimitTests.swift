import Foundation
import Testing
@testable import HTTPServer

@Suite(.timeLimit(.minutes(1)))
struct ConnectionLimitTests {
    @Test func connectionsBeyondTheLimitGet503AndClose() throws {
        let server = try TestServer(maxConnections: 2)
        let a = try RawHTTPClient(port: server.port)
        let b = try RawHTTPClient(port: server.port)
        for client in [a, b] {
            try client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        let c = try RawHTTPClient(port: server.port)
        try? c.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let refused = try c.readResponse()
        #expect(refused.status == 503)
        #expect(refused.header("Connection") == "close")
        #expect(refused.header("Content-Type") == "application/problem+json")
        #expect(c.isClosedByServer())
        #expect(server.rejections.withLock { $0.contains { $0 == ("too_many_connections", 503) } })
        // The admitted connections still work, and a slot frees up when one closes.
        try a.write("GET /again HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try a.readResponse().bodyText == "GET /again 0")
        try b.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        _ = try b.readResponse()
        #expect(eventually { server.server.openConnections == 1 })
        let d = try RawHTTPClient(port: server.port)
        try d.write("GET /d HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try d.readResponse().status == 200)
    }

    @Test func peerResetMidResponseDoesNotKillTheProcess() throws {
        let big = [UInt8](repeating: 65, count: 4 * 1024 * 1024)
        let server = try TestServer { _, _ in HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: big) }
        for _ in 0..<5 {
            let client = try RawHTTPClient(port: server.port)
            try client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try? client.readExactly(1000)
            client.reset()
        }
        #expect(eventually { server.server.openConnections == 0 })
        // Still serving (a SIGPIPE would have killed this test process).
        let client = try RawHTTPClient(port: server.port)
        try client.write("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse(head: true).status == 200)
    }
}
