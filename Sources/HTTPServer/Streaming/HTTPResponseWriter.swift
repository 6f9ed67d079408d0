/// What a streaming handler says back while a request body arrives: a response head, then body
/// bytes in as many writes as it likes, then the end (with optional trailer fields); or one
/// complete response instead.
///
/// The server takes what was written after every call into the handler and sends it: with
/// `Transfer-Encoding: chunked` to HTTP/1.1 clients (one chunk per call that wrote bytes), as a body
/// delimited by closing the connection to HTTP/1.0 clients (RFC 9112 §6.1 forbids sending them a
/// transfer coding), with no body at all for HEAD requests and 204/304. The server adds `Date`,
/// the framing fields and `Connection`, and drops such fields set by the handler, as for whole
/// responses.
///
/// Calls out of order are ignored rather than trapping: a write before `start` starts a 200
/// response, a second `start`, a `respond` after `start`, and anything after `end` do nothing.
public struct HTTPResponseWriter {
    enum Phase { case idle, started, ended }

    private(set) var phase = Phase.idle
    private(set) var status = 200
    private(set) var headers = HTTPHeaders()
    private(set) var trailers = HTTPHeaders()
    /// A complete response given with `respond` (sent with a Content-Length).
    private(set) var whole: HTTPResponse?
    /// Body bytes written since the server last took them.
    var pending: [UInt8] = []
    /// The handler asked to be resumed before more body is read (`requestResume`).
    var resumeRequested = false
    /// The response was ended with `abort`.
    private(set) var aborted = false

    public init() {}

    /// True once a response was started (or given whole).
    public var isStarted: Bool { phase != .idle }
    /// True once the response was ended (or given whole).
    public var isEnded: Bool { phase == .ended }
    /// Body bytes written and not yet taken by the server.
    public var pendingByteCount: Int { pending.count }

    /// Starts the response. `status` must be 200-999 (an invalid status or header makes the server
    /// answer 500 instead, when nothing was sent yet).
    public mutating func start(status: Int, headers: HTTPHeaders = HTTPHeaders()) {
        guard phase == .idle else { return }
        phase = .started
        self.status = status
        self.headers = headers
    }

    /// Appends body bytes. When nothing else is waiting, the array is taken over rather than copied
    /// (a handler that hands over a large buffer it is done with pays no copy).
    public mutating func write(_ bytes: consuming [UInt8]) {
        if phase == .idle { start(status: 200) }
        guard phase == .started else { return }
        if pending.isEmpty && bytes.count >= 64 * 1024 {
            pending = bytes
        } else {
            pending += bytes
        }
    }

    /// Appends body bytes.
    public mutating func write(_ bytes: UnsafeRawBufferPointer) {
        if phase == .idle { start(status: 200) }
        guard phase == .started else { return }
        pending.append(contentsOf: bytes)
    }

    /// Appends body bytes in place (e.g. a JSON writer's output) without an intermediate array.
    public mutating func withBodyBuffer<R>(_ body: (inout [UInt8]) -> R) -> R {
        if phase == .idle { start(status: 200) }
        guard phase == .started else {
            var discarded: [UInt8] = []
            return body(&discarded)
        }
        return body(&pending)
    }

    /// Ends the response; `trailers` are sent after the last chunk (HTTP/1.1 only; framing and
    /// content fields are never sent as trailers, RFC 9110 §6.5.1).
    public mutating func end(trailers: HTTPHeaders = HTTPHeaders()) {
        if phase == .idle { start(status: 200) }
        guard phase == .started else { return }
        phase = .ended
        self.trailers = trailers
    }

    /// Ends a started response without its proper end, for a body format that has no way to carry an
    /// error inside it: the chunked body gets no last chunk and the connection closes, so the client
    /// sees an incomplete response (RFC 9112 §7.1: a message without its last chunk is incomplete;
    /// §8). An HTTP/1.0 client's close-delimited body just stops (the format's own syntax must show
    /// it is cut short). Before `start` it does nothing: answer with `respond` instead.
    public mutating func abort() {
        guard phase == .started else { return }
        phase = .ended
        aborted = true
    }

    /// Asks for a call to the handler's `resume(into:)` once the output written so far is sent, before
    /// any more of the body is read: for a handler that holds input it did not process in this call
    /// (e.g. an inflater's output), so that each call stays short and bounded.
    public mutating func requestResume() {
        resumeRequested = true
    }

    /// Answers with one complete response instead of a stream (only before `start`).
    public mutating func respond(_ response: HTTPResponse) {
        guard phase == .idle else { return }
        whole = response
        phase = .ended
    }

    /// Ready for the next request's response (keeps the buffer's capacity).
    mutating func reset() {
        phase = .idle
        status = 200
        headers = HTTPHeaders()
        trailers = HTTPHeaders()
        whole = nil
        resumeRequested = false
        aborted = false
        clearPending()
    }

    /// The server took the pending bytes.
    mutating func clearPending() {
        pending.removeAll(keepingCapacity: pending.capacity <= 1024 * 1024)
    }
}
