import Dispatch
import Foundation
import Synchronization
import Testing
@testable import HTTPServer

/// Streamed requests end to end on a loopback server: chunked responses written while the body
/// arrives, backpressure both ways, a client that stops reading or disconnects, shutdown in the
/// middle, pipelining after a stream, HTTP/1.0, HEAD, and a TLS-like transport.
@Suite(.timeLimit(.minutes(1)))
struct StreamingTests {
    let log = StreamLog()

    private func server(timeouts: HTTPServer.Configuration.Timeouts = TestServer.fastTimeouts(),
                        tls: (any TransportSecurityProvider)? = nil, eventLoops: Int = 0) throws -> TestServer {
        try TestServer(timeouts: timeouts, tls: tls, eventLoops: eventLoops, streamRouter: StreamProbe.router(log))
    }

    @Test func theResponseStreamsWhileTheBodyArrivesAndIsChunkedExactly() throws {
        let server = try server()
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /upper HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        // The first piece's chunk arrives before the rest of the body is even sent.
        let head = try client.readHead()
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\nDate: "))
        #expect(head.hasSuffix("\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked"))
        #expect(String(decoding: try client.readExactly(10), as: UTF8.self) == "5\r\nHELLO\r\n")
        try client.write("6\r\n world\r\n0\r\n\r\n")
        let rest = try client.readExactly("6\r\n WORLD\r\n0\r\n\r\n".utf8.count)
        #expect(String(decoding: rest, as: UTF8.self) == "6\r\n WORLD\r\n0\r\n\r\n")
        // Pipelined after the stream: the same connection serves the next request.
        try client.write("GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().bodyText == "GET /after 0")
        #expect(log.all == ["start /upper", "finish"])
    }

    @Test func pipelinedRequestsAfterAStreamedOneAreAnsweredInOrder() throws {
        let server = try server()
        let client = try RawHTTPClient(port: server.port)
        let body = String(repeating: "abc", count: 100_000)
        try client.write("POST /upper HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
            + "GET /one HTTP/1.1\r\nHost: x\r\n\r\nPOST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz"
            + "GET /two HTTP/1.1\r\nHost: x\r\n\r\n")
        let streamed = try client.readChunkedResponse()
        #expect(streamed.header("Transfer-Encoding") == "chunked")
        #expect(streamed.header("Content-Length") == nil)
        #expect(streamed.bodyText == body.uppercased())
        #expect(try client.readResponse().bodyText == "GET /one 0")
        #expect(try client.readChunkedResponse().bodyText == "3")
        #expect(try client.readResponse().bodyText == "GET /two 0")
    }

    /// The client sends its body but reads nothing: the server stops handing the body to the handler
    /// (and so stops reading the socket) once its output backs up, then closes at the write timeout.
    @Test func aClientThatStopsReadingIsBackpressuredThenTimedOut() throws {
        let server = try server(timeouts: TestServer.fastTimeouts(write: 1))
        let client = try RawHTTPClient(port: server.port)
        client.setReceiveBuffer(16 * 1024)
        let total = 256 << 20
        try client.write("POST /amplify?262144 HTTP/1.1\r\nHost: x\r\nContent-Length: \(total)\r\n\r\n")
        let sender = Sender(fd: client.fd, total: total)
        sender.start()
        // Reading stops: what the handler received levels off far below what was announced.
        var last = -1
        #expect(eventually(timeout: 10) {
            let now = log.received.load(ordering: .relaxed)
            defer { last = now }
            usleep(200_000)
            return now > 0 && now == log.received.load(ordering: .relaxed) && now == last
        })
        #expect(log.received.load(ordering: .relaxed) < 64 << 20)
        // Then the write timeout closes the connection and tells the handler.
        #expect(eventually(timeout: 10) { log.contains("cancelled write_timeout") })
        #expect(eventually { server.server.openConnections == 0 })
        #expect(!log.contains("finish"))
        sender.stop()
    }

    /// A handler slower than its client: the socket is read no faster than the handler takes the
    /// body, so the client's sends block instead of the server buffering the body.
    @Test func aSlowHandlerIsNotReadAhead() throws {
        let server = try server(timeouts: TestServer.fastTimeouts(bodyProgress: 10, write: 10))
        let client = try RawHTTPClient(port: server.port)
        let total = 512 << 20
        try client.write("POST /slow?20 HTTP/1.1\r\nHost: x\r\nContent-Length: \(total)\r\n\r\n")
        let reader = Reader(fd: client.fd)
        reader.start()
        let sender = Sender(fd: client.fd, total: total)
        sender.start()
        usleep(1_500_000)
        let handled = log.received.load(ordering: .relaxed)
        let sent = sender.sent.load(ordering: .relaxed)
        // At most 64 KiB a piece every 20 ms were handled; the client could only get as far as the
        // socket buffers allow beyond that, nowhere near the body's size.
        #expect(handled > 0)
        #expect(sent - handled < 48 << 20, "sent \(sent), handled \(handled)")
        sender.stop()
        client.shutdownWrite()
        #expect(eventually { log.contains("interrupted body_incomplete") })
        reader.stop()
    }

    /// A reset (RST) mid-stream: the handler is cancelled and the connection freed.
    @Test func aClientThatResetsMidStreamFreesTheStream() throws {
        let server = try server()
        do {
            let client = try RawHTTPClient(port: server.port)
            try client.write("POST /upper HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc")
            _ = try client.readHead()
            // SO_LINGER 0: closing the socket (when `client` goes) sends RST, not FIN.
            var l = linger(l_onoff: 1, l_linger: 0)
            _ = setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
        }
        #expect(eventually { log.contains("cancelled connection_lost") })
        #expect(eventually { server.server.openConnections == 0 })
        #expect(log.all == ["start /upper", "cancelled connection_lost"])
    }

    /// A client that closes its side mid-body (FIN): the handler hears the body will not complete.
    @Test func aClientThatClosesMidBodyInterruptsTheStream() throws {
        let server = try server()
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /upper HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc")
        _ = try client.readHead()
        client.shutdownWrite()
        #expect(String(decoding: try client.readToEnd(), as: UTF8.self).hasSuffix("[interrupted body_incomplete]\r\n0\r\n\r\n"))
        #expect(eventually { server.server.openConnections == 0 })
        #expect(log.all == ["start /upper", "interrupted body_incomplete"])
    }

    /// Shutdown ends a stream at once and properly: the handler writes where it stopped, the last
    /// chunk follows, the connection closes, the server stops.
    @Test func shutdownDuringAStreamEndsItsChunkedBodyProperly() throws {
        let server = try server()
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /upper HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc")
        #expect(eventually { log.received.load(ordering: .relaxed) == 3 })
        server.server.beginShutdown()
        let response = try client.readChunkedResponse()
        #expect(response.bodyText == "ABC[interrupted shutdown]")
        #expect(client.isClosedByServer())
        #expect(server.server.waitUntilStopped(timeout: 5))
        #expect(log.all == ["start /upper", "interrupted shutdown"])
    }

    @Test func anHTTP10ClientGetsABodyDelimitedByTheClose() throws {
        let server = try server()
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /upper HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello")
        let text = String(decoding: try client.readToEnd(), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix("\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nHELLO"))
        #expect(!text.contains("Transfer-Encoding"))
    }

    @Test func aHEADRequestGetsTheHeadersOnly() throws {
        let server = try server()
        let client = try RawHTTPClient(port: server.port)
        try client.write("HEAD /upper HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try client.readResponse(head: true)
        #expect(head.header("Transfer-Encoding") == "chunked")
        #expect(head.body.isEmpty)
        #expect(try client.readResponse().bodyText == "GET /next 0")
    }

    @Test func aStreamedBodyMayBeLargerThanTheWholeBodyLimit() throws {
        let server = try server()
        let client = try RawHTTPClient(port: server.port)
        let size = 3 << 20
        try client.write("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n")
        try client.write([UInt8](repeating: 97, count: size))
        #expect(try client.readChunkedResponse().bodyText == "\(size)")
        // The whole-body routes keep their limit.
        try client.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n")
        #expect(try client.readResponse().status == 413)
    }

    @Test func streamsWorkThroughATransportSecuritySession() throws {
        let server = try server(tls: XORProvider())
        let client = try RawHTTPClient(port: server.port)
        try client.write("HELLO")
        #expect(try client.readExactly(7) == Array("WELCOME".utf8))
        client.xorKey = XORSession.key
        let body = String(repeating: "stream", count: 50_000)
        try client.write("POST /upper HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        #expect(try client.readChunkedResponse().bodyText == body.uppercased())
    }
}

/// Writes a body on a background thread until `total` bytes are sent, the socket fails, or `stop()`.
final class Sender: Sendable {
    let fd: Int32
    let total: Int
    let sent = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(fd: Int32, total: Int) {
        self.fd = fd
        self.total = total
    }

    func start() {
        Thread.detachNewThread { [self] in
            let block = [UInt8](repeating: 97, count: 64 * 1024)
            while !stopped.load(ordering: .relaxed) && sent.load(ordering: .relaxed) < total {
                let n = block.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, min($0.count, total - sent.load(ordering: .relaxed)), Int32(MSG_NOSIGNAL)) }
                if n > 0 {
                    sent.add(n, ordering: .relaxed)
                } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    continue
                } else {
                    break
                }
            }
            done.signal()
        }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        _ = done.wait(timeout: .now() + 10)
    }
}

/// Reads and discards a socket on a background thread until EOF, an error or `stop()`.
final class Reader: Sendable {
    let fd: Int32
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(fd: Int32) { self.fd = fd }

    func start() {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while !stopped.load(ordering: .relaxed) {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { break }
            }
            done.signal()
        }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        _ = done.wait(timeout: .now() + 10)
    }
}

extension StreamingTests {
    /// A stream whose client reads nothing when the shutdown begins cannot be ended in band: the
    /// drain deadline closes it, and the handler is cancelled.
    @Test func theDrainDeadlineCancelsAStreamStuckOnAClientThatDoesNotRead() throws {
        let server = try server(timeouts: TestServer.fastTimeouts(write: 30, drain: 0.5))
        let client = try RawHTTPClient(port: server.port)
        client.setReceiveBuffer(16 * 1024)
        try client.write("POST /amplify?4194304 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc")
        #expect(eventually { log.received.load(ordering: .relaxed) == 3 })
        server.server.beginShutdown()
        #expect(server.server.waitUntilStopped(timeout: 5))
        #expect(log.all == ["start /amplify", "cancelled drain_deadline"])
    }
}
