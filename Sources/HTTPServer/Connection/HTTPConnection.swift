#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// The glue between one socket and its `ConnectionStateMachine`: Dispatch read/write sources on a
/// serial queue, the optional TLS session, and the lingering close. Every mutable property is used
/// on `queue` only; `deadline` is the one value the server's sweep reads from another thread.
final class HTTPConnection: @unchecked Sendable {
    let id: Int
    let fd: Int32
    let queue: DispatchQueue
    /// When the sweep should call `tick()` (monotonic nanoseconds; UInt64.max: never).
    let deadline = Atomic<UInt64>(UInt64.max)

    private unowned let server: ServerCore
    private var machine: ConnectionStateMachine
    private var info: ConnectionInfo
    private var tls: (any TransportSecuritySession)?
    private let shed: Bool

    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var readSuspended = true
    private var writeSuspended = true
    private var inputDone = false
    private var liveSources = 0

    private var writeBuffer: [UInt8] = []
    private var writeOffset = 0
    private var tlsPlaintext: [UInt8] = []

    /// When bytes last reached the socket (a response the peer may not have read yet).
    private var lastWriteAt: UInt64 = 0
    private var lingering = false
    private var lingerDeadline: UInt64 = 0
    private var finished = false

    /// How long a closing connection waits for the peer's EOF after our FIN (RFC 9112 §9.6).
    static let lingerNanos: UInt64 = 2_000_000_000
    static let readChunk = 64 * 1024

    init(id: Int, fd: Int32, remote: String, server: ServerCore, tls: (any TransportSecuritySession)?, shed: Bool, now: UInt64) {
        self.id = id
        self.fd = fd
        self.server = server
        self.tls = tls
        self.shed = shed
        self.queue = DispatchQueue(label: "http.connection", target: server.connectionQueueTarget)
        self.info = ConnectionInfo(remoteAddress: remote, isSecure: tls != nil)
        self.machine = ConnectionStateMachine(
            limits: server.configuration.limits, timeouts: server.configuration.timeouts,
            handshaking: tls != nil, now: now)
        // Created here, before the connection is visible to any other thread; activated by the
        // first `resumeReading()`.
        let read = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        read.setEventHandler { [unowned self] in self.readable() }
        read.setCancelHandler { [self] in self.sourceCancelled() }
        readSource = read
        liveSources = 1
    }

    /// Starts serving (or, for a shed connection, answers 503 and closes). Everything else that
    /// is queued for the connection (sweep ticks, shutdown) runs after this on the same queue.
    func start() {
        queue.async { [self] in
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
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    // MARK: - Reading

    private func readable() {
        if finished { return }
        withUnsafeTemporaryAllocation(byteCount: Self.readChunk, alignment: 16) { buffer in
            if lingering {
                // Discard what the peer still sends until its EOF (lingering close).
                switch Socket.receive(fd, into: buffer) {
                case .bytes: return
                case .wouldBlock: return
                case .endOfFile, .failed: finalClose()
                }
                return
            }
            let now = Self.now()
            switch Socket.receive(fd, into: buffer) {
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
                switch flushWriteBuffer() {
                case .done:
                    machine.outputFlushed(now: Self.now())
                case .blocked:
                    // Backpressure: stop reading until the client takes what we wrote.
                    suspendReading()
                    updateDeadline()
                    return
                case .failed:
                    finalClose()
                    return
                }
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
                armWriteSource()
                return .blocked
            case .endOfFile, .failed:
                return .failed
            }
        }
        writeBuffer.removeAll(keepingCapacity: writeBuffer.capacity <= 256 * 1024)
        writeOffset = 0
        return .done
    }

    private func armWriteSource() {
        if writeSource == nil {
            let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
            source.setEventHandler { [unowned self] in self.writable() }
            source.setCancelHandler { [self] in self.sourceCancelled() }
            liveSources += 1
            writeSource = source
        }
        if writeSuspended, let source = writeSource {
            writeSuspended = false
            source.resume()
        }
    }

    private func writable() {
        if finished { return }
        switch flushWriteBuffer() {
        case .done:
            if let source = writeSource, !writeSuspended {
                writeSuspended = true
                source.suspend()
            }
            if lingering { return }
            machine.outputFlushed(now: Self.now())
            process()
        case .blocked:
            updateDeadline()
        case .failed:
            finalClose()
        }
    }

    private func resumeReading() {
        if readSuspended, let source = readSource {
            readSuspended = false
            source.resume()
        }
    }

    private func suspendReading() {
        if !readSuspended, let source = readSource {
            readSuspended = true
            source.suspend()
        }
    }

    private func updateDeadline() {
        deadline.store(lingering ? lingerDeadline : machine.deadline, ordering: .relaxed)
    }

    // MARK: - Timeouts and shutdown (called on `queue`)

    /// The sweep found the deadline passed.
    func tick() {
        if finished { return }
        let now = Self.now()
        if lingering {
            if now >= lingerDeadline { finalClose() }
            return
        }
        if let rejection = machine.checkTimeout(now: now) {
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
        if !lingering { process() }
    }

    /// The drain deadline passed: close whatever state the connection is in.
    func forceClose() {
        if finished { return }
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
        lingering = true
        if lingerDeadline == 0 { lingerDeadline = Self.now() + Self.lingerNanos }
        beginLingering()
    }

    private func beginLingering() {
        lingering = true
        if lingerDeadline == 0 { lingerDeadline = Self.now() + Self.lingerNanos }
        _ = shutdown(fd, Int32(SHUT_WR))
        // Common case: the peer already closed; no need to wait.
        let peerGone: Bool = withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 16) { buffer in
            while true {
                switch Socket.receive(fd, into: buffer) {
                case .bytes: continue
                case .wouldBlock: return false
                case .endOfFile, .failed: return true
                }
            }
        }
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
        deadline.store(UInt64.max, ordering: .relaxed)
        // A suspended source must be resumed for its cancellation to complete.
        if let source = readSource {
            if readSuspended { readSuspended = false; source.resume() }
            source.cancel()
        }
        if let source = writeSource {
            if writeSuspended { writeSuspended = false; source.resume() }
            source.cancel()
        }
        if liveSources == 0 { closeDescriptor() }
    }

    private func sourceCancelled() {
        liveSources -= 1
        if liveSources == 0 && finished { closeDescriptor() }
    }

    private func closeDescriptor() {
        readSource = nil
        writeSource = nil
        close(fd)
        server.connectionClosed(self, shed: shed)
    }
}
