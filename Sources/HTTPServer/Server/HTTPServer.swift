import CEventPoll
import Dispatch
import Synchronization

/// An HTTP/1.1 server on non-blocking sockets and epoll event loops (RFC 9110/9112).
///
/// One event loop thread per CPU accepts connections and serves each one it accepted until it
/// closes: requests are parsed by `HTTPRequestParser`, answered one at a time and in order by the
/// handler (on the loop's thread), and the connection's keep-alive, timeouts and shutdown are
/// decided by `ConnectionStateMachine`. Requests a `streamRouter` streams get their body in pieces
/// and send a chunked response while the body arrives (`HTTPStreamHandler`). Each loop sweeps its
/// connections' deadlines every 250 ms. See docs/http.md for limits, timeouts and rejections.
public final class HTTPServer: Sendable {
    public let configuration: Configuration
    let handler: HTTPHandler
    let events: HTTPServerEvents
    let core: ServerCore

    /// - Parameters:
    ///   - handler: answers requests read whole (every request, when there is no `streamRouter`).
    ///   - streamRouter: when set, is shown every request head of its methods first and may stream the request
    ///     (`HTTPRoute.stream`: body in pieces as it arrives, response chunked while it arrives) or
    ///     answer it at once; see `HTTPStreamHandler`.
    public init(configuration: Configuration, handler: @escaping HTTPHandler, streamRouter: HTTPStreamRouter? = nil,
                events: HTTPServerEvents = HTTPServerEvents()) {
        self.configuration = configuration
        self.handler = handler
        self.events = events
        self.core = ServerCore(configuration: configuration, handler: handler, streamRouter: streamRouter, events: events)
    }

    /// Binds and starts accepting. Throws `HTTPServerError` naming the failing call (e.g. bind:
    /// address already in use). Ignores SIGPIPE process-wide (writes also use MSG_NOSIGNAL).
    public func start() throws {
        try core.start()
    }

    /// The port actually bound (useful with port 0), or 0 before `start()`.
    public var boundPort: Int { core.boundPort }

    /// True from `beginShutdown()` on; a readiness probe should report not-ready.
    public var isDraining: Bool { core.isDraining }

    /// Stops accepting, closes idle connections (including ones that never sent a byte) at once,
    /// lets in-flight requests finish with `Connection: close`, and force-closes whatever is left
    /// after `timeouts.drain`. Safe to call more than once.
    public func beginShutdown() {
        core.beginShutdown()
    }

    /// Waits until the listener and every connection are closed (after `beginShutdown()`), or
    /// until `timeout` seconds passed. Returns true when stopped. Returns true at once if the server
    /// was never started.
    @discardableResult
    public func waitUntilStopped(timeout: Double) -> Bool {
        core.waitUntilStopped(timeout: timeout)
    }

    /// The monotonic clock of `HTTPRequest.receivedAt`, in nanoseconds.
    public static func monotonicNanoseconds() -> UInt64 { HTTPConnection.now() }

    /// CPUs this process may use, at least 1: its CPU affinity, capped by a cgroup CPU limit (what
    /// `eventLoops: 0` starts one loop per).
    public static var availableCPUs: Int { max(1, Int(cs_available_cpus())) }

    /// Connections currently open (accepted and not yet closed).
    public var openConnections: Int { core.openConnections }
}
