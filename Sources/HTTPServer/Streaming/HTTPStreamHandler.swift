/// A request whose body is handled while it arrives, and whose response may be sent while it
/// arrives: NDJSON claim batches, X12 interchanges, any push parser (bytes in as they arrive,
/// output chunks out).
///
/// An `HTTPStreamRouter` makes one per request, on the thread of the connection's event loop; every
/// call comes from that thread, one at a time, in this order: `receive` for each piece of the body
/// (transfer coding removed; at most `HTTPRequestParser.streamPieceLimit` bytes), each followed by
/// `resume` calls while the handler asks for them (`HTTPResponseWriter.requestResume`), then exactly
/// one of `finish` (the whole body arrived) or `interrupted` (it will not), and never anything after
/// those. `cancelled` replaces all of them when the connection is lost. Like an `HTTPHandler`, the
/// calls must compute, not wait: the loop's other connections wait meanwhile.
///
/// Backpressure both ways, without the handler doing anything: the server reads the socket only
/// when the body bytes already read were given to the handler, so a handler slower than its client
/// is never read ahead of; and it gives the handler nothing more while earlier output waits to be
/// written, so a client that stops reading stops the reading of its body, and after
/// `timeouts.write` seconds without progress loses its connection (`cancelled`).
///
/// The response: write it into the `HTTPResponseWriter` passed to each call (see there). A response
/// not ended when `finish` or `interrupted` returns is ended by the server (the last chunk); one the
/// handler ends before the body is complete ends the exchange: the rest of the body is not read and
/// the connection closes after the response. When nothing was started by the end of
/// `interrupted`, the server answers the interruption's own status (408, 413, 400, 503) as it would
/// for a whole request; when nothing was started by the end of `finish`, it answers 500.
public protocol HTTPStreamHandler: AnyObject {
    /// The next piece of the request body.
    func receive(_ body: UnsafeRawBufferPointer, into response: inout HTTPResponseWriter)
    /// Goes on with input held back from an earlier call, after its output was written (only when
    /// the handler called `requestResume`; it may ask again).
    func resume(into response: inout HTTPResponseWriter)
    /// The body is complete. The response ends when this returns.
    func finish(into response: inout HTTPResponseWriter)
    /// The body will not complete (timeout, limit, bad chunked framing, the client ended its side,
    /// the server shuts down). Anything written now is still sent (e.g. an in-band error after a
    /// started response); the response then ends and the connection closes.
    func interrupted(_ interruption: HTTPStreamInterruption, into response: inout HTTPResponseWriter)
    /// The connection is gone or must close at once (client reset, write timeout, the drain deadline
    /// of a shutdown): nothing more can be sent. Release what the request holds.
    func cancelled(_ interruption: HTTPStreamInterruption)
}

extension HTTPStreamHandler {
    /// Handlers that never call `requestResume` need no `resume`.
    public func resume(into response: inout HTTPResponseWriter) {}
}

/// How a router wants a request read. Returned for every request head the server's router is
/// offered (`HTTPServer.init(configuration:handler:streamRouter:events:)`).
public enum HTTPRoute {
    /// Read the whole body (at most `limits.body` bytes) and call the server's `HTTPHandler`.
    case whole
    /// Give the body to `handler` as it arrives; it may be up to `bodyLimit` bytes.
    case stream(any HTTPStreamHandler, bodyLimit: Int)
    /// Answer now, without reading the body (e.g. 401, 415). When a body was announced the
    /// connection closes after this response (`Connection: close`), and `100 Continue` is not sent.
    case respond(HTTPResponse)
}

/// Chooses, from a request's head and before its body is read, how the request is served: `route` is
/// called on the connection's event loop thread for every request whose method is in `methods` and
/// whose path is in `paths`; other requests go straight to the `HTTPHandler`, at no cost.
public struct HTTPStreamRouter: Sendable {
    /// The methods whose requests are offered to `route` (exact, case-sensitive tokens).
    public let methods: [String]
    /// The paths (exact, before any `?`) whose requests are offered to `route`; nil: every path.
    public let paths: [String]?
    public let route: @Sendable (HTTPRequestHead, ConnectionInfo) -> HTTPRoute

    public init(methods: [String] = ["POST"], paths: [String]? = nil,
                route: @escaping @Sendable (HTTPRequestHead, ConnectionInfo) -> HTTPRoute) {
        self.methods = methods
        self.paths = paths
        self.route = route
    }

    /// Whether a request with this head is offered to `route`.
    func offers(_ head: HTTPRequestHead) -> Bool {
        guard methods.contains(head.method) else { return false }
        guard let paths else { return true }
        let path = head.path
        return paths.contains { $0 == path }
    }
}

/// Why a streamed request's body stopped before its end, or its connection before its response.
public struct HTTPStreamInterruption: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The body made no progress for `timeouts.bodyProgress` seconds.
        case bodyTimeout
        /// The body exceeded the route's limit.
        case bodyTooLarge
        /// The chunked framing of the body is broken.
        case badFraming
        /// The client closed its sending side (or its TLS session) before the body's end.
        case clientEndedBody
        /// The server began a graceful shutdown.
        case shutdown
        /// The client read nothing for `timeouts.write` seconds.
        case writeTimeout
        /// The connection failed (reset, broken pipe, TLS error).
        case connectionLost
        /// The shutdown's drain deadline passed.
        case drainDeadline
    }

    public var kind: Kind
    /// The status a response not yet started is given (0 when nothing can be sent).
    public var status: Int
    /// A short stable token for metrics ("body_timeout", "shutdown", ...).
    public var reason: String
    /// One sentence for a problem detail; never echoes request bytes.
    public var detail: String

    public init(kind: Kind, status: Int, reason: String, detail: String) {
        self.kind = kind
        self.status = status
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(reason): \(detail)" }

    static let bodyTimeout = HTTPStreamInterruption(
        kind: .bodyTimeout, status: 408, reason: "body_timeout", detail: "The request body did not arrive in time.")
    static let clientEndedBody = HTTPStreamInterruption(
        kind: .clientEndedBody, status: 400, reason: "body_incomplete",
        detail: "The client closed the connection before the end of the request body.")
    static let shutdown = HTTPStreamInterruption(
        kind: .shutdown, status: 503, reason: "shutdown", detail: "The server is shutting down; the rest of the request body was not read.")
    static let writeTimeout = HTTPStreamInterruption(
        kind: .writeTimeout, status: 0, reason: "write_timeout", detail: "The client did not read the response in time.")
    static let connectionLost = HTTPStreamInterruption(
        kind: .connectionLost, status: 0, reason: "connection_lost", detail: "The connection failed.")
    static let drainDeadline = HTTPStreamInterruption(
        kind: .drainDeadline, status: 0, reason: "drain_deadline", detail: "The shutdown's drain deadline passed.")

    /// The interruption for a parse failure inside a streamed body (a limit or the chunked framing).
    static func body(_ error: HTTPParseError) -> HTTPStreamInterruption {
        HTTPStreamInterruption(kind: error.status == 413 ? .bodyTooLarge : .badFraming,
                               status: error.status, reason: error.reason, detail: error.detail)
    }
}
