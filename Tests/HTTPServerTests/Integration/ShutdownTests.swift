import Dispatch
import Foundation
import Testing
@testable import HTTPServer

@Suite(.timeLimit(.minutes(1)))
struct ShutdownTests {
    @Test func shutdownClosesIdleConnectionsAndFinishesInFlightOnes() throws {
        let server = try TestServer()
        let idle = try Self.keptAliveClient(port: server.port)
        let fresh = try RawHTTPClient(port: server.port)
        // In flight: the head and half the body are in when the shutdown begins.
        let busy = try RawHTTPClient(port: server.port)
        try busy.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
        #expect(eventually { server.server.openConnections == 3 })

        #expect(!server.server.isDraining)
        server.server.beginShutdown()
        #expect(server.server.isDraining)
        #expect(idle.isClosedByServer())
        #expect(fresh.isClosedByServer())
        #expect(!server.server.waitUntilStopped(timeout: 0.2))
        // New connections are refused once draining.
        #expect(eventually { (try? RawHTTPClient(port: server.port)).map { $0.isClosedByServer() } ?? true })

        try busy.write("world")
        let response = try busy.readResponse()
        #expect(response.bodyText == "POST /echo 10\nhelloworld")
        #expect(response.header("Connection") == "close")
        #expect(busy.isClosedByServer())
        #expect(server.server.waitUntilStopped(timeout: 5))
        #expect(server.server.openConnections == 0)
    }

    /// Handlers run on their connection's event loop: a shutdown that begins while one runs takes
    /// effect when it returns, and its response is the connection's last.
    @Test func aResponseMadeWhileTheShutdownBeginsIsTheLastOne() throws {
        let blocked = try BlockedLoop()
        let server = blocked.server
        let idle = try Self.keptAliveClient(port: server.port)
        let busy = try RawHTTPClient(port: server.port)
        try busy.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(blocked.entered.wait(timeout: .now() + 5) == .success)

        server.server.beginShutdown()
        #expect(server.server.isDraining)
        blocked.release.signal()
        let response = try busy.readResponse()
        #expect(response.bodyText == "GET /slow 0")
        #expect(response.header("Connection") == "close")
        // The pipelined second request is never answered.
        #expect(busy.isClosedByServer())
        #expect(idle.isClosedByServer())
        #expect(server.server.waitUntilStopped(timeout: 5))
        #expect(server.server.openConnections == 0)
    }

    /// Bytes that reached a connection's socket before the shutdown are a request in flight even
    /// when its loop has not read them yet (here the loop is busy in another connection's handler).
    @Test func aRequestInTheSocketButNotYetReadIsStillServed() throws {
        let blocked = try BlockedLoop()
        let server = blocked.server
        let late = try Self.keptAliveClient(port: server.port)
        let busy = try RawHTTPClient(port: server.port)
        try busy.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(blocked.entered.wait(timeout: .now() + 5) == .success)

        // The loop is inside /slow: these bytes wait in the socket, unread.
        try late.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
        usleep(50_000)
        server.server.beginShutdown()
        blocked.release.signal()
        #expect(try busy.readResponse().bodyText == "GET /slow 0")

        try late.write("world")
        let response = try late.readResponse()
        #expect(response.bodyText == "POST /echo 10\nhelloworld")
        #expect(response.header("Connection") == "close")
        #expect(server.server.waitUntilStopped(timeout: 5))
    }

    /// A connection that has had one response and stays open (keep-alive).
    static func keptAliveClient(port: Int) throws -> RawHTTPClient {
        let client = try RawHTTPClient(port: port)
        try client.write("GET /warm HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        return client
    }

    @Test func drainTimeoutForceClosesStuckConnections() throws {
        let server = try TestServer(timeouts: TestServer.fastTimeouts(header: 30, drain: 0.3))
        let partial = try RawHTTPClient(port: server.port)
        try partial.write("GET / HTTP/1.1\r\nHost: x\r\n")
        #expect(eventually { server.server.openConnections == 1 })
        server.server.beginShutdown()
        #expect(server.server.waitUntilStopped(timeout: 5))
        #expect(partial.isClosedByServer())
    }

    @Test func waitUntilStoppedIsTrueForAServerNeverStarted() {
        let server = HTTPServer(configuration: .init(port: 0), handler: TestServer.echo)
        #expect(server.waitUntilStopped(timeout: 0))
        server.beginShutdown()
        #expect(server.isDraining)
    }
}

/// A one-loop echo server whose `GET /slow` holds the loop (and so every connection on it) until
/// `release` is signalled, at most 10 s; `entered` says the handler is running.
final class BlockedLoop: Sendable {
    let release = DispatchSemaphore(value: 0)
    let entered = DispatchSemaphore(value: 0)
    let server: TestServer

    init() throws {
        let (release, entered) = (release, entered)
        server = try TestServer(eventLoops: 1) { request, info in
            if request.path == "/slow" {
                entered.signal()
                _ = release.wait(timeout: .now() + 10)
            }
            return TestServer.echo(request, info)
        }
    }
}
