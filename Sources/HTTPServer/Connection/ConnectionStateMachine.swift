/// The life of one HTTP/1.1 connection, without I/O: keep-alive, pipelining, `100 Continue`,
/// timeouts and graceful shutdown. Time is injected (`now`, monotonic nanoseconds) so every decision
/// can be tested with a mock clock.
///
/// The transport feeds it bytes (`received`), asks it what to do (`nextAction`), calls the handler
/// for `.handle` and gives the response back (`respond`), moves `outbound` bytes to the socket
/// (`takeOutbound`, `outputFlushed`), and calls `checkTimeout` when the sweep finds the deadline
/// passed. Requests of one connection are handled strictly one at a time and in order; while a
/// response waits for the socket, nothing more is parsed or read (backpressure).
///
/// With a router, every request head it takes (`HTTPStreamRouter.offers`) is offered as `.route` first; a streamed request
/// then yields `.streamBody` for each piece of its body and `.streamFinish` or `.streamInterrupted`
/// at its end, and the transport hands what the stream handler wrote back with `streamWritten`.
/// The same backpressure holds: no piece is handed out while output waits for the socket.
struct ConnectionStateMachine {
    enum Action: Equatable {
        /// Call the handler, then `respond(_:now:)`.
        case handle(HTTPRequest)
        /// A request head arrived: ask the router, then call `routeWhole`, `routeStream` or
        /// `routeRespond`.
        case route(HTTPRequestHead)
        /// Give this piece of the body to the stream handler, then `streamWritten`.
        case streamBody([UInt8])
        /// Call the stream handler's `resume` (it asked), then `streamWritten`.
        case streamResume
        /// The streamed body is complete: call the handler's `finish`, then `streamEnded`.
        case streamFinish
        /// The streamed body will not complete: call the handler's `interrupted`, then `streamEnded`.
        case streamInterrupted(HTTPStreamInterruption)
        /// Report a request the HTTP layer refused (`HTTPServerEvents.rejected`); its response
        /// is already in `outbound`.
        case rejected(reason: String, status: Int)
        /// `outbound` holds bytes: take them and write them.
        case flush
        /// Output handed to the transport is not yet written: wait for the socket.
        case waitForWrite
        /// Nothing to do until more bytes arrive: keep reading.
        case read
        /// Close the connection (lingering close when `abortive` is false).
        case close(abortive: Bool)

        static func == (a: Action, b: Action) -> Bool {
            switch (a, b) {
            case (.handle(let x), .handle(let y)): return x.method == y.method && x.target == y.target && x.body == y.body
            case (.route(let x), .route(let y)): return x.method == y.method && x.target == y.target
            case (.streamBody(let x), .streamBody(let y)): return x == y
            case (.streamFinish, .streamFinish), (.streamResume, .streamResume): return true
            case (.streamInterrupted(let x), .streamInterrupted(let y)): return x == y
            case (.rejected(let r1, let s1), .rejected(let r2, let s2)): return r1 == r2 && s1 == s2
            case (.flush, .flush), (.waitForWrite, .waitForWrite), (.read, .read): return true
            case (.close(let x), .close(let y)): return x == y
            default: return false
            }
        }
    }

    /// Timeouts in nanoseconds.
    struct Timeouts {
        var header: UInt64
        var bodyProgress: UInt64
        var idle: UInt64
        var write: UInt64
        var handshake: UInt64

        init(_ t: HTTPServer.Configuration.Timeouts) {
            header = Self.nanos(t.header)
            bodyProgress = Self.nanos(t.bodyProgress)
            idle = Self.nanos(t.idle)
            write = Self.nanos(t.write)
            handshake = Self.nanos(t.handshake)
        }

        static func nanos(_ seconds: Double) -> UInt64 {
            guard seconds.isFinite, seconds > 0 else { return 0 }
            return seconds >= 1e9 ? UInt64(1e18) : UInt64(seconds * 1e9)
        }
    }

    /// Responses are batched up to this many bytes before they are flushed (pipelining).
    static let flushThreshold = 64 * 1024

    private(set) var parser: HTTPRequestParser
    let timeouts: Timeouts
    /// Bytes waiting to be taken by the transport.
    private(set) var outbound: [UInt8] = []
    private var date = HTTPDate()

    private var handshaking: Bool
    private var acceptedAt: UInt64
    /// True until the first byte of the first request arrives.
    private var fresh = true
    private var idleSince: UInt64
    private var requestStartedAt: UInt64 = 0
    private var lastReadAt: UInt64 = 0
    private var awaitingFlush = false
    private var lastWriteAt: UInt64 = 0
    private var closeAfterFlush = false
    private var closeNow: Bool?
    private var inputClosed = false
    private(set) var draining = false
    /// Facts of the request being answered.
    private var current: HTTPResponseEncoder.Context?
    /// True once a response (or part, like 100 Continue) was produced for the current request.
    private var pendingRejection: (reason: String, status: Int)?
    /// The server's stream router, whose requests are offered as `.route`.
    let router: HTTPStreamRouter?
    /// The head of the request being routed (between `.route` and the decision).
    private var routing: HTTPRequestHead?
    /// The streamed request in progress.
    private var stream: StreamState?
    /// An interruption of the stream to report with the next action (a timeout found by the sweep).
    private var pendingInterruption: HTTPStreamInterruption?

    /// Where a streamed request and its response are.
    private struct StreamState {
        /// The response head went out; how its body is framed.
        var framing: HTTPResponseEncoder.StreamFraming?
        /// The response is complete on the wire (last chunk, or a whole response).
        var responseEnded = false
        /// `.streamFinish` or `.streamInterrupted` was handed out.
        var ending = false
        /// The handler asked to be resumed before more body is handed out.
        var resumePending = false
        /// The response was ended without its last chunk (`HTTPResponseWriter.abort`): the connection closes.
        var aborted = false
    }

    init(limits: HTTPServer.Configuration.Limits, timeouts: HTTPServer.Configuration.Timeouts, handshaking: Bool = false,
         router: HTTPStreamRouter? = nil, now: UInt64) {
        self.parser = HTTPRequestParser(limits: limits)
        self.timeouts = Timeouts(timeouts)
        self.handshaking = handshaking
        self.router = router
        self.acceptedAt = now
        self.idleSince = now
    }

    /// True while a streamed request is in progress (its handler may still be called).
    var isStreaming: Bool { stream != nil }

    // MARK: - Inputs

    /// The TLS handshake finished; the connection now waits for its first request.
    mutating func handshakeCompleted(now: UInt64) {
        guard handshaking else { return }
        handshaking = false
        idleSince = now
    }

    mutating func received(_ bytes: UnsafeRawBufferPointer, now: UInt64) {
        if bytes.isEmpty { return }
        noteReceived(now: now)
        parser.append(bytes)
    }

    mutating func received(_ bytes: [UInt8], now: UInt64) {
        if bytes.isEmpty { return }
        noteReceived(now: now)
        parser.append(bytes)
    }

    private mutating func noteReceived(now: UInt64) {
        if parser.isIdle && current == nil { requestStartedAt = now }
        fresh = false
        lastReadAt = now
    }

    /// The peer closed its sending side (EOF) or the TLS session saw close_notify: buffered
    /// requests are still answered, then the connection closes.
    mutating func inputEnded() {
        inputClosed = true
    }

    /// Stop taking new requests: an idle connection closes at once, an in-flight request is
    /// answered with `Connection: close`.
    mutating func beginShutdown() {
        draining = true
    }

    /// Gives the handler's response for the request of the last `.handle`.
    mutating func respond(_ response: HTTPResponse, now: UInt64) {
        guard var context = current else { return }
        current = nil
        // RFC 9112 §9.6: the last response says `Connection: close`.
        context.keepAlive = context.keepAlive && !draining && !inputClosed
        let mark = outbound.count
        do {
            try HTTPResponseEncoder.encode(response, context: context, date: date.current(), into: &outbound)
        } catch {
            outbound.removeSubrange(mark...)
            let failure = HTTPParseError(status: 500, reason: "invalid_response", detail: "The server produced an invalid response.")
            HTTPResponseEncoder.encodeError(failure, isHEAD: context.isHEAD, date: date.current(), into: &outbound)
            pendingRejection = (failure.reason, 500)
            context.keepAlive = false
        }
        if !context.keepAlive { closeAfterFlush = true }
        if !parser.isIdle { requestStartedAt = now }
        lastReadAt = now
    }

    // MARK: - Routing and streams

    /// The router left the request to the whole-body handler.
    mutating func routeWhole() {
        guard let head = routing else { return }
        routing = nil
        sendContinueIfExpected(head, limit: parser.limits.body)
    }

    /// The router streams the request: its body goes to the stream handler as it arrives, up to
    /// `bodyLimit` bytes.
    mutating func routeStream(bodyLimit: Int) {
        guard let head = routing else { return }
        routing = nil
        parser.streamBody(limit: bodyLimit)
        stream = StreamState()
        sendContinueIfExpected(head, limit: bodyLimit)
    }

    /// The router answered at once; the body (if any) is not read and the connection then closes.
    mutating func routeRespond(_ response: HTTPResponse, now: UInt64) {
        guard routing != nil else { return }
        routing = nil
        if !parser.skipRequest() { current?.keepAlive = false }
        respond(response, now: now)
    }

    /// RFC 9110 §10.1.1: 100 only when we are about to read the body, not when the client already
    /// started sending it, and not for a body over the limit (413 follows instead).
    private mutating func sendContinueIfExpected(_ head: HTTPRequestHead, limit: Int) {
        guard head.expectsContinue && parser.bufferedByteCount == 0 else { return }
        if case .contentLength(let n) = head.framing, n > limit { return }
        outbound += HTTPResponseEncoder.continueBytes
    }

    /// Takes what the stream handler wrote in the call that just returned. Returns true when the
    /// stream is over (the handler ended its response early: the rest of the body is not read and
    /// the connection closes after the response); the handler is then not called again.
    mutating func streamWritten(_ writer: inout HTTPResponseWriter, now: UInt64) -> Bool {
        guard stream != nil else {
            writer.clearPending()
            return true
        }
        if writer.resumeRequested {
            writer.resumeRequested = false
            stream?.resumePending = true
        }
        emit(&writer)
        guard let state = stream, state.responseEnded, !state.ending else { return false }
        // Ended before the body: the rest of the body cannot be told from a next request unread.
        finishStream(now: now, reusable: false)
        return true
    }

    /// The handler's `finish` or `interrupted` returned: the response is completed (or, if nothing
    /// was started, answered with the interruption's status, or 500 after `finish`).
    mutating func streamEnded(_ writer: inout HTTPResponseWriter, interruption: HTTPStreamInterruption?, now: UInt64) {
        guard stream != nil else {
            writer.clearPending()
            return
        }
        emit(&writer)
        guard let state = stream else { return }
        var reusable = interruption == nil && state.framing != .closeDelimited && !state.aborted
        if !state.responseEnded {
            if state.framing == nil {
                // Nothing was sent: answer as a whole request would be answered.
                let error = interruption.map { HTTPParseError(status: max($0.status, 400), reason: $0.reason, detail: $0.detail) }
                    ?? HTTPParseError(status: 500, reason: "invalid_response", detail: "The server produced no response.")
                HTTPResponseEncoder.encodeError(error, isHEAD: current?.isHEAD ?? false, date: date.current(), into: &outbound)
                pendingRejection = (error.reason, error.status)
                reusable = false
            } else if state.framing == .chunked {
                HTTPResponseEncoder.appendLastChunk(trailers: HTTPHeaders(), into: &outbound)
            }
        }
        finishStream(now: now, reusable: reusable)
    }

    /// Encodes what the writer holds: the head once, the pending bytes as a chunk (or raw, or not at
    /// all, by the framing), and the end.
    private mutating func emit(_ writer: inout HTTPResponseWriter) {
        guard var state = stream, !state.responseEnded, var context = current else {
            writer.clearPending()
            return
        }
        defer { stream = state }
        if let whole = writer.whole, state.framing == nil {
            context.keepAlive = context.keepAlive && !draining && !inputClosed && !parser.isReadingBody
            current = context
            let mark = outbound.count
            do {
                try HTTPResponseEncoder.encode(whole, context: context, date: date.current(), into: &outbound)
            } catch {
                outbound.removeSubrange(mark...)
                encodeInvalidResponse(isHEAD: context.isHEAD)
            }
            state.framing = HTTPResponseEncoder.StreamFraming.none
            state.responseEnded = true
            writer.clearPending()
            return
        }
        guard writer.isStarted else { return }
        if state.framing == nil {
            context.keepAlive = context.keepAlive && !draining && !inputClosed
            current = context
            let mark = outbound.count
            do {
                try HTTPResponseEncoder.encodeStreamHead(
                    status: writer.status, headers: writer.headers, context: context, date: date.current(), into: &outbound)
                state.framing = HTTPResponseEncoder.streamFraming(status: writer.status, context: context)
            } catch {
                outbound.removeSubrange(mark...)
                encodeInvalidResponse(isHEAD: context.isHEAD)
                state.framing = HTTPResponseEncoder.StreamFraming.none
                state.responseEnded = true
                writer.clearPending()
                return
            }
        }
        switch state.framing {
        case .chunked?: HTTPResponseEncoder.appendChunk(writer.pending, into: &outbound)
        case .closeDelimited?: outbound += writer.pending
        default: break
        }
        writer.clearPending()
        if writer.isEnded {
            if writer.aborted {
                state.aborted = true
            } else if state.framing == .chunked {
                HTTPResponseEncoder.appendLastChunk(trailers: writer.trailers, into: &outbound)
            }
            state.responseEnded = true
        }
    }

    private mutating func encodeInvalidResponse(isHEAD: Bool) {
        let failure = HTTPParseError(status: 500, reason: "invalid_response", detail: "The server produced an invalid response.")
        HTTPResponseEncoder.encodeError(failure, isHEAD: isHEAD, date: date.current(), into: &outbound)
        pendingRejection = (failure.reason, 500)
        current?.keepAlive = false
    }

    /// The stream is over; the connection goes on with the next request when `reusable` and the
    /// response allowed it, else closes after the output.
    private mutating func finishStream(now: UInt64, reusable: Bool) {
        let keepAlive = reusable && (current?.keepAlive ?? false) && !draining && !inputClosed
        stream = nil
        current = nil
        pendingInterruption = nil
        if !keepAlive { closeAfterFlush = true }
        if !parser.isIdle { requestStartedAt = now }
        lastReadAt = now
    }

    /// Moves the bytes to write into `buffer` (appending, or swapping when `buffer` is empty).
    mutating func takeOutbound(into buffer: inout [UInt8], now: UInt64) {
        if buffer.isEmpty {
            swap(&buffer, &outbound)
        } else {
            buffer += outbound
            outbound.removeAll(keepingCapacity: true)
        }
        if !awaitingFlush { lastWriteAt = now }
        awaitingFlush = true
    }

    /// Some bytes were written but not all (the socket buffer is full).
    mutating func outputProgressed(now: UInt64) {
        lastWriteAt = now
    }

    /// Everything taken was written.
    mutating func outputFlushed(now: UInt64) {
        awaitingFlush = false
        lastWriteAt = now
        if parser.isIdle && current == nil { idleSince = now }
        // The body's clock restarts when reading resumes: the client may have been sending all
        // along into a socket we stopped reading.
        if stream != nil { lastReadAt = now }
    }

    // MARK: - Decisions

    mutating func nextAction(now: UInt64) -> Action {
        if let abortive = closeNow { return .close(abortive: abortive) }
        if let rejection = pendingRejection {
            pendingRejection = nil
            return .rejected(reason: rejection.reason, status: rejection.status)
        }
        if awaitingFlush { return .waitForWrite }
        if closeAfterFlush {
            if !outbound.isEmpty { return .flush }
            closeNow = false
            return .close(abortive: false)
        }
        if outbound.count >= Self.flushThreshold { return .flush }
        if handshaking {
            // No request can be in flight before the TLS handshake completes: shutdown closes
            // such a connection at once instead of waiting for it (Hummingbird #503).
            if draining {
                closeNow = false
                return .close(abortive: false)
            }
            return .read
        }
        if let head = routing { return .route(head) }
        if stream != nil { return nextStreamAction() }
        if draining && current == nil && parser.isIdle {
            if !outbound.isEmpty { return .flush }
            closeNow = false
            return .close(abortive: false)
        }
        while let event = parser.next() {
            switch event {
            case .head(let head):
                current = HTTPResponseEncoder.Context(
                    isHEAD: head.method == "HEAD", minorVersion: head.minorVersion, keepAlive: head.keepAlive)
                lastReadAt = now
                if let router, router.offers(head) {
                    routing = head
                    return .route(head)
                }
                sendContinueIfExpected(head, limit: parser.limits.body)
            case .bodyPart, .bodyEnd:
                // Only a streamed request's body comes in parts (`nextStreamAction`).
                break
            case .request(var request):
                request.receivedAt = requestStartedAt
                if current == nil {
                    current = HTTPResponseEncoder.Context(isHEAD: request.method == "HEAD", minorVersion: request.minorVersion, keepAlive: true)
                }
                return .handle(request)
            case .failure(let error):
                current = nil
                HTTPResponseEncoder.encodeError(error, date: date.current(), into: &outbound)
                closeAfterFlush = true
                return .rejected(reason: error.reason, status: error.status)
            }
        }
        if !outbound.isEmpty { return .flush }
        if inputClosed {
            closeNow = false
            return .close(abortive: false)
        }
        return .read
    }

    private mutating func nextStreamAction() -> Action {
        if let interruption = pendingInterruption {
            pendingInterruption = nil
            stream?.ending = true
            return .streamInterrupted(interruption)
        }
        if stream?.ending == true { return outbound.isEmpty ? .read : .flush }
        if draining {
            // A graceful shutdown ends a stream at once, at a piece boundary: the handler can say
            // in band where it stopped, and the response ends properly instead of being cut at the
            // drain deadline.
            stream?.ending = true
            return .streamInterrupted(.shutdown)
        }
        if stream?.resumePending == true {
            // Only now that earlier output is written (or small): the handler's held input first.
            stream?.resumePending = false
            return .streamResume
        }
        if let event = parser.next() {
            switch event {
            case .bodyPart(let piece):
                return .streamBody(piece)
            case .bodyEnd:
                stream?.ending = true
                return .streamFinish
            case .failure(let error):
                stream?.ending = true
                return .streamInterrupted(.body(error))
            case .head, .request:
                // Cannot happen while a body is being streamed.
                return .read
            }
        }
        if !outbound.isEmpty { return .flush }
        if inputClosed {
            stream?.ending = true
            return .streamInterrupted(.clientEndedBody)
        }
        return .read
    }

    /// When the next timeout would fire (UInt64.max: none).
    var deadline: UInt64 {
        if closeNow != nil { return UInt64.max }
        if handshaking { return add(acceptedAt, timeouts.handshake) }
        if awaitingFlush { return add(lastWriteAt, timeouts.write) }
        if closeAfterFlush { return UInt64.max }
        if current == nil && parser.isIdle {
            return fresh ? add(idleSince, timeouts.header) : add(idleSince, timeouts.idle)
        }
        if parser.isReadingBody { return add(lastReadAt, timeouts.bodyProgress) }
        return add(requestStartedAt, timeouts.header)
    }

    /// Applies the timeout that passed, if any. Returns the rejection to report (reason, status;
    /// status 0 when nothing could be sent). Afterwards `nextAction` says what to do (flush a 408,
    /// close).
    mutating func checkTimeout(now: UInt64) -> (reason: String, status: Int)? {
        guard now >= deadline else { return nil }
        if handshaking {
            closeNow = true
            return ("handshake_timeout", 0)
        }
        if awaitingFlush {
            // The client stopped reading: nothing more can be sent, close abortively.
            closeNow = true
            return ("write_timeout", 0)
        }
        if current == nil && parser.isIdle {
            // An idle keep-alive connection (or one that never sent a byte) closes quietly.
            closeNow = false
            return fresh ? ("idle_timeout", 0) : nil
        }
        if let state = stream {
            // The stream's handler is told first (`nextAction`) and may answer in band; a 408 the
            // server writes itself is reported then (`streamEnded`).
            if !state.ending { pendingInterruption = .bodyTimeout }
            return nil
        }
        let error: HTTPParseError = parser.isReadingBody
            ? HTTPParseError(status: 408, reason: "body_timeout", detail: "The request body did not arrive in time.")
            : HTTPParseError(status: 408, reason: "header_timeout", detail: "The request header section did not arrive in time.")
        current = nil
        HTTPResponseEncoder.encodeError(error, date: date.current(), into: &outbound)
        closeAfterFlush = true
        return (error.reason, error.status)
    }

    /// Close at once (the drain deadline passed, or the transport failed).
    mutating func abort() {
        closeNow = true
    }

    /// True when no request is in progress and no output is pending (safe to close on shutdown).
    var isIdle: Bool { current == nil && parser.isIdle && outbound.isEmpty && !awaitingFlush }

    private func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        b == 0 ? UInt64.max : a &+ b
    }
}
