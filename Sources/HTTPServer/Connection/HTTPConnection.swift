#if canImport(Glibc)
import Glibc
#endif
import CEventPoll
import Dispatch

/// The glue between one socket and its `ConnectionStateMachine`: readiness from its event loop,
/// the optional TLS session, and the lingering close. Used only on its loop's thread, from accept
/// to close, so nothing in it is locked.
final class HTTPConnection {
    let id: Int
    let fd: Int32
    let shed: Bool
    /// When the loop's sweep should call `tick()` (monotonic nanoseconds; UInt64.max: never).
    private(set) var deadline = UInt64.max

    private let server: ServerCore
    private unowned let loop: EventLoop
    private var machine: ConnectionStateMachine
    private var info: ConnectionInfo
    private var tls: (any TransportSecuritySession)?

    /// What the loop waits for on this socket, and whether the socket is in the loop's epoll set.
    private var wantsRead = false
    private var wantsWrite = false
    private var registered = false
    /// Output is waiting for the loop's end-of-round flush.
    private var flushDeferredPending = false
    private var inputDone = false

    private var writeBuffer: [UInt8] = []
    private var writeOffset = 0
    private var tlsPlaintext: [UInt8] = []

    /// The handler of the streamed request in progress, and what it writes.
    private var stream: (any HTTPStreamHandler)?
    private var streamWriter = HTTPResponseWriter()
    /// Why the connection is closing, for a stream handler still waiting (`cancelled`).
    private var closeReason = HTTPStreamInterruption.connectionLost

    /// When bytes last reached the socket (a response the peer may not have read yet).
    private var lastWriteAt: UInt64 = 0
    private var lingering = false
    private var lingerDeadline: UInt64 = 0
    private var finished = false

    /// How long a closing connection waits for the peer's EOF after our FIN (RFC 9112 §9.6).
    static let lingerNanos: UInt64 = 2_000_000_000

    init(id: Int, fd: Int32, remote: String, server: ServerCore, loop: EventLoop, tls: (any TransportSecuritySession)?, shed: Bool, now: UInt64) {
        self.id = id
        self.fd = fd
        self.server = server
        self.loop = loop
        self.tls = tls
        self.shed = shed
        self.info = ConnectionInfo(remoteAddress: remote, isSecure: tls != nil)
        self.machine = ConnectionStateMachine(
            limits: server.configuration.limits, timeouts: server.configuration.timeouts,
            handshaking: tls != nil, router: server.streamRouter, now: now)
    }

    /// Starts serving (or, for a shed connection, answers 503 and closes).
    func start() {
        if shed {
            writeBuffer = ServerCore.overloadResponse
            lingerDeadline = Self.now() + 500_000_000
            switch flushWriteBuffer() {
            case .done, .blocked: beginLingering()
            case .failed: finalClose()
            }
            return
        }
        process()
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// The loop saw readiness (CS_POLL_* bits) on the socket.
    func ready(_ events: UInt32) {
        let hangup = events & UInt32(CS_POLL_HANGUP) != 0
        if hangup && !wantsRead && !wantsWrite {
            // Reset or hung up while waiting for nothing: level-triggered, it would be reported
            // on every wait.
            finalClose()
            return
        }
        if wantsRead && (hangup || events & UInt32(CS_POLL_READ) != 0) { readable() }
        if !finished && wantsWrite && (hangup || events & UInt32(CS_POLL_WRITE) != 0) { writePending() }
    }

    // MARK: - Reading

    private func readable() {
        if finished { return }
        let buffer = loop.readBuffer
        let result = Socket.receive(fd, into: buffer)
        if lingering {
            // Discard what the peer still sends until its EOF (lingering close).
            switch result {
            case .bytes, .wouldBlock: break
            case .endOfFile, .failed: finalClose()
            }
            return
        }
        let now = Self.now()
        switch result {
        case .bytes(let n):
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            if tls != nil {
                receiveThroughTLS(bytes, now: now)
            } else {
                machine.received(bytes, now: now)
            }
        case .wouldBlock:
            return
        case .endOfFile:
            inputDone = true
            suspendReading()
            machine.inputEnded()
        case .failed:
            // ECONNRESET and friends: nothing more can be sent; close quietly.
            finalClose()
            return
        }
        if !finished && !lingering { process() }
    }

    private func receiveThroughTLS(_ bytes: UnsafeRawBufferPointer, now: UInt64) {
        guard let session = tls else { return }
        do {
            let plaintext = try session.receive(Array(bytes))
            writeBuffer += session.takeOutbound()
            if session.isHandshakeComplete && info.peerSubject == nil {
                info.peerSubject = session.peerSubject
            }
            if session.isHandshakeComplete { machine.handshakeCompleted(now: now) }
            machine.received(plaintext, now: now)
            if session.peerClosed { machine.inputEnded() }
        } catch {
            // A TLS protocol error (plain HTTP on a TLS port, bad certificate): send any alert, close.
            writeBuffer += session.takeOutbound()
            // The reason names what went wrong ("tls_plain_http", "tls_handshake_failed", ...).
            server.events.rejected((error as? TLSSessionError)?.reason ?? "tls_error", 0)
            _ = flushWriteBuffer()
            tls = nil
            gracefulClose()
        }
    }

    // MARK: - The action loop

    private func process() {
        while !finished && !lingering {
            let now = Self.now()
            switch machine.nextAction(now: now) {
            case .handle(let request):
                let response = server.handler(request, info)
                // Shutdown may have begun while the handler ran: this is then the last response.
                if server.isDraining && !machine.draining { machine.beginShutdown() }
                machine.respond(response, now: Self.now())
            case .route(let head):
                switch server.streamRouter?.route(head, info) ?? .whole {
                case .whole:
                    machine.routeWhole()
                case .stream(let handler, let bodyLimit):
                    stream = handler
                    streamWriter.reset()
                    machine.routeStream(bodyLimit: bodyLimit)
                case .respond(let response):
                    machine.routeRespond(response, now: Self.now())
                }
            case .streamBody(let piece):
                if let handler = stream {
                    piece.withUnsafeBytes { handler.receive($0, into: &streamWriter) }
                }
                if server.isDraining && !machine.draining { machine.beginShutdown() }
                if machine.streamWritten(&streamWriter, now: Self.now()) { stream = nil }
            case .streamResume:
                stream?.resume(into: &streamWriter)
                if server.isDraining && !machine.draining { machine.beginShutdown() }
                if machine.streamWritten(&streamWriter, now: Self.now()) { stream = nil }
            case .streamFinish:
                let handler = stream
                stream = nil
                handler?.finish(into: &streamWriter)
                if server.isDraining && !machine.draining { machine.beginShutdown() }
                machine.streamEnded(&streamWriter, interruption: nil, now: Self.now())
            case .streamInterrupted(let interruption):
                let handler = stream
                stream = nil
                handler?.interrupted(interruption, into: &streamWriter)
                machine.streamEnded(&streamWriter, interruption: interruption, now: Self.now())
            case .rejected(let reason, let status):
                server.events.rejected(reason, status)
                if status > 0 { server.events.protocolResponse(status, info) }
            case .flush:
                if let session = tls {
                    machine.takeOutbound(into: &tlsPlaintext, now: now)
                    do {
                        try session.send(tlsPlaintext)
                    } catch {
                        finalClose()
                        return
                    }
                    tlsPlaintext.removeAll(keepingCapacity: true)
                    writeBuffer += session.takeOutbound()
                } else {
                    machine.takeOutbound(into: &writeBuffer, now: now)
                }
                // Written when the loop has handled every ready connection (`flushDeferred`).
                if !flushDeferredPending {
                    flushDeferredPending = true
                    loop.deferFlush(self)
                }
                return
            case .waitForWrite:
                suspendReading()
                updateDeadline()
                return
            case .read:
                if !writeBuffer.isEmpty {
                    // TLS handshake records are waiting.
                    switch flushWriteBuffer() {
                    case .done: break
                    case .blocked:
                        updateDeadline()
                        return
                    case .failed:
                        finalClose()
                        return
                    }
                }
                if !inputDone { resumeReading() }
                updateDeadline()
                return
            case .close(let abortive):
                if abortive { finalClose() } else { gracefulClose() }
                return
            }
        }
    }

    /// Writes what `process()` left for the end of the loop's round. Sending every response of a
    /// round back to back lets one wake-up of a client cover many responses: sending each as soon as
    /// it is made woke a waiting client once per response, the largest single cost of a request under
    /// load (perf: the wake-up in sock_def_readable was 17% of the server's CPU on POST /scrub).
    func flushDeferred() {
        flushDeferredPending = false
        writePending()
    }

    /// Writes the pending output and goes on from where that leaves the connection. Both the
    /// end-of-round flush and a writable socket come here.
    private func writePending() {
        if finished { return }
        switch flushWriteBuffer() {
        case .done:
            if wantsWrite {
                wantsWrite = false
                applyInterest()
            }
            if lingering { return }
            machine.outputFlushed(now: Self.now())
            process()
        case .blocked:
            // Backpressure: stop reading until the client takes what we wrote.
            suspendReading()
            updateDeadline()
        case .failed:
            finalClose()
        }
    }

    private enum FlushResult { case done, blocked, failed }

    private func flushWriteBuffer() -> FlushResult {
        while writeOffset < writeBuffer.count {
            let offset = writeOffset
            let result = writeBuffer.withUnsafeBytes { raw in
                Socket.send(fd, UnsafeRawBufferPointer(rebasing: raw[offset...]))
            }
            switch result {
            case .bytes(let n):
                writeOffset += n
                lastWriteAt = Self.now()
                if writeOffset < writeBuffer.count { machine.outputProgressed(now: Self.now()) }
            case .wouldBlock:
                awaitWritable()
                return .blocked
            case .endOfFile, .failed:
                return .failed
            }
        }
        writeBuffer.removeAll(keepingCapacity: writeBuffer.capacity <= 256 * 1024)
        writeOffset = 0
        return .done
    }

    private func awaitWritable() {
        if !wantsWrite {
            wantsWrite = true
            applyInterest()
        }
    }

    private func resumeReading() {
        if !wantsRead {
            wantsRead = true
            applyInterest()
        }
    }

    private func suspendReading() {
        if wantsRead {
            wantsRead = false
            applyInterest()
        }
    }

    /// Tells the loop what this socket now waits for. The kernel refusing (ENOMEM, or ENOSPC
    /// past max_user_watches) leaves no way to hear from the socket again: close it.
    private func applyInterest() {
        if finished { return }
        if loop.setInterest(self, read: wantsRead, write: wantsWrite, registered: registered) {
            registered = true
        } else {
            server.events.rejected("event_registration_failed", 0)
            finalClose()
        }
    }

    private func updateDeadline() {
        deadline = lingering ? lingerDeadline : machine.deadline
    }

    // MARK: - Timeouts and shutdown (called by the loop)

    /// The sweep found the deadline passed.
    func tick() {
        if finished { return }
        let now = Self.now()
        if lingering {
            if now >= lingerDeadline { finalClose() }
            return
        }
        if let rejection = machine.checkTimeout(now: now) {
            if rejection.reason == "write_timeout" { closeReason = .writeTimeout }
            if rejection.reason != "idle_timeout" || rejection.status > 0 {
                server.events.rejected(rejection.reason, rejection.status)
            }
            if rejection.status > 0 { server.events.protocolResponse(rejection.status, info) }
        }
        process()
        if !finished { updateDeadline() }
    }

    func beginShutdown() {
        if finished { return }
        machine.beginShutdown()
        if lingering { return }
        // Bytes already in the socket are a request in flight, not an idle connection: read them
        // before deciding (the loop may not have had its turn since they arrived).
        if wantsRead { readable() }
        if !finished && !lingering && !flushDeferredPending { process() }
    }

    /// The drain deadline passed: close whatever state the connection is in.
    func forceClose() {
        closeReason = .drainDeadline
        finalClose()
    }

    // MARK: - Closing

    /// RFC 9112 §9.6: send our FIN, then read and discard until the peer's EOF (bounded), so that
    /// unread request bytes do not turn the close into a reset that destroys the last response.
    private func gracefulClose() {
        if finished || lingering { return }
        if let session = tls {
            session.shutdown()
            writeBuffer += session.takeOutbound()
            _ = flushWriteBuffer()
        }
        beginLingering()
    }

    private func beginLingering() {
        lingering = true
        if lingerDeadline == 0 { lingerDeadline = Self.now() + Self.lingerNanos }
        _ = shutdown(fd, Int32(SHUT_WR))
        // Common case: the peer already closed; no need to wait.
        let peerGone: Bool = {
            let buffer = loop.readBuffer
            while true {
                switch Socket.receive(fd, into: buffer) {
                case .bytes: continue
                case .wouldBlock: return false
                case .endOfFile, .failed: return true
                }
            }
        }()
        // Lingering protects a response the peer may still be reading; with nothing sent recently
        // (an idle keep-alive connection, a silent one) there is nothing to protect.
        if peerGone || Self.now() &- lastWriteAt > Self.lingerNanos {
            finalClose()
            return
        }
        inputDone = false
        resumeReading()
        updateDeadline()
    }

    private func finalClose() {
        if finished { return }
        finished = true
        deadline = UInt64.max
        wantsRead = false
        wantsWrite = false
        loop.remove(self, registered: registered)
        registered = false
        if let handler = stream {
            stream = nil
            handler.cancelled(closeReason)
        }
    }
}
