import Foundation
import Locking
import Synchronization
@testable import HTTPServer

/// Starts a real server on 127.0.0.1 with an ephemeral port, with short timeouts for tests.
final class TestServer: Sendable {
    let server: HTTPServer
    let rejections = Locked<[(String, Int)]>([])
    let opened = Atomic<Int>(0)
    let closed = Atomic<Int>(0)

    var port: Int { server.boundPort }

    static func fastTimeouts(
        header: Double = 2, bodyProgress: Double = 2, idle: Double = 5, write: Double = 2, handshake: Double = 2, drain: Double = 2
    ) -> HTTPServer.Configuration.Timeouts {
        .init(header: header, bodyProgress: bodyProgress, idle: idle, write: write, handshake: handshake, drain: drain)
    }

    init(
        limits: HTTPServer.Configuration.Limits = .init(),
        timeouts: HTTPServer.Configuration.Timeouts = TestServer.fastTimeouts(),
        maxConnections: Int = 64,
        tls: (any TransportSecurityProvider)? = nil,
        eventLoops: Int = 0,
        handler: @escaping HTTPHandler = TestServer.echo,
        streamRouter: HTTPStreamRouter? = nil
    ) throws {
        let box = EventBox()
        let configuration = HTTPServer.Configuration(
            host: "127.0.0.1", port: 0, limits: limits, timeouts: timeouts, maxConnections: maxConnections, tls: tls, eventLoops: eventLoops)
        server = HTTPServer(configuration: configuration, handler: handler, streamRouter: streamRouter, events: box.events)
        try server.start()
        box.owner.withLock { $0 = Weak(self) }
    }

    deinit {
        server.beginShutdown()
        _ = server.waitUntilStopped(timeout: 5)
    }

    func stop() -> Bool {
        server.beginShutdown()
        return server.waitUntilStopped(timeout: 5)
    }

    func rejected(_ reason: String) -> Bool {
        rejections.withLock { $0.contains { $0.0 == reason } }
    }

    /// Echoes method, path and body: "GET /path 0".
    static let echo: HTTPHandler = { request, _ in
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain")
        let text = "\(request.method) \(request.target) \(request.body.count)"
        return HTTPResponse(status: 200, headers: headers, body: Array(text.utf8) + (request.path == "/echo" ? [10] + request.body : []))
    }
}

/// Routes server events to the TestServer once it exists.
struct Weak: Sendable {
    weak var value: TestServer?
    init(_ value: TestServer) { self.value = value }
}

final class EventBox: Sendable {
    let owner = Locked<Weak?>(nil)

    var events: HTTPServerEvents {
        HTTPServerEvents(
            rejected: { [self] reason, status in
                owner.withLock { $0?.value }?.rejections.withLock { $0.append((reason, status)) }
            },
            connectionOpened: { [self] in _ = owner.withLock { $0?.value }?.opened.add(1, ordering: .relaxed) },
            connectionClosed: { [self] in _ = owner.withLock { $0?.value }?.closed.add(1, ordering: .relaxed) }
        )
    }
}

/// Polls `condition` until it holds or `timeout` seconds pass.
func eventually(timeout: Double = 5, _ condition: () -> Bool) -> Bool {
    let start = HTTPConnection.now()
    while HTTPConnection.now() - start < UInt64(timeout * 1e9) {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
