/// Produces the response to one request. Called on the thread of the connection's event loop, one
/// request of a connection at a time (pipelined requests are answered in order). While it runs, the
/// other connections of that loop wait, so it must compute, not wait (no blocking I/O, no sleeps).
public typealias HTTPHandler = @Sendable (HTTPRequest, ConnectionInfo) -> HTTPResponse

/// Events the server reports to its owner (metrics, logs). All callbacks may run on any thread.
public struct HTTPServerEvents: Sendable {
    /// A request was rejected by the HTTP layer before reaching the handler (parse error, limit,
    /// timeout, load shedding); `reason` is a short stable token such as "header_timeout",
    /// "body_too_large", "bad_framing", "too_many_connections"; `status` is what was sent (0 if none).
    public var rejected: @Sendable (_ reason: String, _ status: Int) -> Void
    /// A connection opened or closed (for an open-connections gauge).
    public var connectionOpened: @Sendable () -> Void
    public var connectionClosed: @Sendable () -> Void
    /// A response the HTTP layer wrote itself (e.g. 400 on bad framing), for the access log.
    public var protocolResponse: @Sendable (_ status: Int, _ info: ConnectionInfo) -> Void

    public init(
        rejected: @escaping @Sendable (String, Int) -> Void = { _, _ in },
        connectionOpened: @escaping @Sendable () -> Void = {},
        connectionClosed: @escaping @Sendable () -> Void = {},
        protocolResponse: @escaping @Sendable (Int, ConnectionInfo) -> Void = { _, _ in }
    ) {
        self.rejected = rejected
        self.connectionOpened = connectionOpened
        self.connectionClosed = connectionClosed
        self.protocolResponse = protocolResponse
    }
}
