#if canImport(Glibc)
import Glibc
#endif
import CEventPoll
import Dispatch
import Locking
import Synchronization

/// The server's moving parts: the listening socket, the event loops that serve it, the count of
/// open connections (the only state loops share, taken on accept and close, never per request)
/// and the shutdown sequence.
final class ServerCore: Sendable {
    let configuration: HTTPServer.Configuration
    let handler: HTTPHandler
    let streamRouter: HTTPStreamRouter?
    let events: HTTPServerEvents
    /// How often each loop looks for passed deadlines: 250 ms, or a quarter of the shortest timeout.
    let sweepNanos: UInt64

    private let state = Locked(State())
    private let draining = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    private let stoppedOnce = Atomic<Bool>(false)

    /// Most connections lingering after a 503 at once; beyond it overflow connections are closed
    /// without an answer.
    static let maxShed = 64

    /// The answer to a connection beyond `maxConnections`.
    static let overloadResponse: [UInt8] = {
        let body = ProblemBody.make(status: 503, detail: "The server has too many open connections; retry later.")
        var head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: \(ProblemBody.contentType)\r\n"
        head += "Retry-After: 1\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + body
    }()

    private struct State: @unchecked Sendable {
        var started = false
        var boundPort = 0
        var listenFD: Int32 = -1
        var loops: [EventLoop] = []
        var runningLoops = 0
        var listenerHolders = 0
        var open = 0
        var shed = 0
        var nextID = 0
        var stopSignalled = false
    }

    init(configuration: HTTPServer.Configuration, handler: @escaping HTTPHandler, streamRouter: HTTPStreamRouter?,
         events: HTTPServerEvents) {
        self.configuration = configuration
        self.handler = handler
        self.streamRouter = streamRouter
        self.events = events
        let t = configuration.timeouts
        let shortest = [t.header, t.bodyProgress, t.idle, t.write, t.handshake].filter { $0 > 0 }.min() ?? 1
        sweepNanos = UInt64(max(10, min(250, shortest * 1000 / 4))) * 1_000_000
    }

    var boundPort: Int { state.withLock { $0.boundPort } }
    var isDraining: Bool { draining.load(ordering: .relaxed) }
    var openConnections: Int { state.withLock { $0.open } }

    // MARK: - Start

    func start() throws {
        // A peer that resets mid-response must not kill the process (writes also use MSG_NOSIGNAL;
        // a TLS engine writing on its own would not).
        signal(SIGPIPE, SIG_IGN)
        let limits = configuration.limits
        guard limits.requestLine > 0, limits.headerSection > 0, limits.headerCount > 0, limits.body >= 0 else {
            throw HTTPServerError(operation: "configuration", code: 0, message: "limits must be positive")
        }
        guard configuration.maxConnections > 0 else {
            throw HTTPServerError(operation: "configuration", code: 0, message: "maxConnections must be positive")
        }
        guard configuration.eventLoops >= 0 else {
            throw HTTPServerError(operation: "configuration", code: 0, message: "eventLoops must be 0 (one per CPU) or more")
        }
        try state.withLock { s throws(HTTPServerError) in
            guard !s.started else {
                throw HTTPServerError(operation: "start", code: 0, message: "the server was already started")
            }
            let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            let count = configuration.eventLoops > 0 ? configuration.eventLoops : Int(cs_available_cpus())
            var loops: [EventLoop] = []
            do throws(HTTPServerError) {
                for index in 0..<count { loops.append(try EventLoop(index: index, core: self)) }
            } catch {
                close(fd)
                throw error
            }
            s.started = true
            s.listenFD = fd
            s.boundPort = port
            s.loops = loops
            for loop in loops {
                do throws(HTTPServerError) {
                    // Counted before the thread starts: the loop may release them at once.
                    s.runningLoops += 1
                    s.listenerHolders += 1
                    try loop.start(listening: fd)
                } catch {
                    s.runningLoops -= 1
                    s.listenerHolders -= 1
                    if s.runningLoops == 0 {
                        // Nothing serves the socket: fail the start.
                        s.started = false
                        close(fd)
                        throw error
                    }
                    // Fewer loops than CPUs still serve every connection.
                    events.rejected("event_loop_failed", 0)
                }
            }
        }
    }

    // MARK: - Connections (called on loop threads)

    /// Counts a newly accepted socket in, or closes it: at `maxConnections` the connection is
    /// answered 503 and closed (at most `maxShed` at a time), beyond that it is closed unanswered.
    func admit(_ fd: Int32, remote: String, loop: EventLoop) -> HTTPConnection? {
        if isDraining {
            close(fd)
            return nil
        }
        enum Admission { case serve(Int), shed(Int), drop }
        let admission: Admission = state.withLock { s in
            s.nextID += 1
            if s.open < configuration.maxConnections {
                s.open += 1
                return .serve(s.nextID)
            }
            if s.shed < Self.maxShed {
                s.shed += 1
                return .shed(s.nextID)
            }
            return .drop
        }
        let now = HTTPConnection.now()
        switch admission {
        case .drop:
            events.rejected("too_many_connections", 0)
            close(fd)
            return nil
        case .shed(let id):
            events.rejected("too_many_connections", 503)
            events.protocolResponse(503, ConnectionInfo(remoteAddress: remote, isSecure: configuration.tls != nil))
            return HTTPConnection(id: id, fd: fd, remote: remote, server: self, loop: loop, tls: nil, shed: true, now: now)
        case .serve(let id):
            var session: (any TransportSecuritySession)?
            if let provider = configuration.tls {
                do {
                    session = try provider.makeSession()
                } catch {
                    state.withLock { $0.open -= 1 }
                    events.rejected("tls_error", 0)
                    close(fd)
                    return nil
                }
            }
            events.connectionOpened()
            return HTTPConnection(id: id, fd: fd, remote: remote, server: self, loop: loop, tls: session, shed: false, now: now)
        }
    }

    func connectionClosed(shed: Bool) {
        state.withLock { s in
            if shed { s.shed -= 1 } else { s.open -= 1 }
        }
        if !shed { events.connectionClosed() }
    }

    // MARK: - Shutdown

    func beginShutdown() {
        guard !draining.exchange(true, ordering: .relaxed) else { return }
        let (loops, started) = state.withLock { ($0.loops, $0.started) }
        guard started else {
            checkStopped()
            return
        }
        let drain = ConnectionStateMachine.Timeouts.nanos(configuration.timeouts.drain)
        for loop in loops {
            loop.execute { $0.beginShutdown(drainNanos: drain) }
        }
    }

    /// A loop stopped listening; the last one closes the socket.
    func listenerReleased() {
        let fd: Int32 = state.withLock { s in
            s.listenerHolders -= 1
            guard s.listenerHolders == 0 else { return -1 }
            defer { s.listenFD = -1 }
            return s.listenFD
        }
        if fd >= 0 { close(fd) }
    }

    /// A loop's thread ended (after shutdown, with all its connections closed).
    func loopFinished() {
        state.withLock { $0.runningLoops -= 1 }
        checkStopped()
    }

    private func checkStopped() {
        guard isDraining else { return }
        let signal: Bool = state.withLock { s in
            let done = (!s.started || s.runningLoops == 0) && !s.stopSignalled
            if done {
                s.stopSignalled = true
                s.loops = []
            }
            return done
        }
        if signal { stopped.signal() }
    }

    func waitUntilStopped(timeout: Double) -> Bool {
        let (started, alreadyStopped) = state.withLock { ($0.started, $0.stopSignalled) }
        if !started { return true }
        if alreadyStopped && stoppedOnce.load(ordering: .relaxed) { return true }
        let deadline = DispatchTime.now() + max(0, timeout)
        if stopped.wait(timeout: deadline) == .success {
            stoppedOnce.store(true, ordering: .relaxed)
            // Let later waiters through as well.
            stopped.signal()
            return true
        }
        return false
    }
}
