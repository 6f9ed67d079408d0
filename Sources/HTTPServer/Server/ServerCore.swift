#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// The server's moving parts: the listener, the registry of open connections, the timeout sweep
/// and the shutdown sequence. Connections are served on their own serial queues; the registry lock
/// is taken on accept, close and sweep only, never per request.
final class ServerCore: Sendable {
    let configuration: HTTPServer.Configuration
    let handler: HTTPHandler
    let events: HTTPServerEvents
    /// Connection queues target the global pool, so a slow handler holds up only its own connection.
    let connectionQueueTarget = DispatchQueue.global(qos: .userInitiated)
    private let acceptQueue = DispatchQueue(label: "http.accept")

    private let state = Mutex(State())
    private let draining = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)

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
        var listener: (any DispatchSourceRead)?
        var pausedListener: (any DispatchSourceRead)?
        var listenerClosed = false
        var sweep: (any DispatchSourceTimer)?
        var connections: [Int: HTTPConnection] = [:]
        var open = 0
        var shed = 0
        var nextID = 0
        var stopSignalled = false
    }

    init(configuration: HTTPServer.Configuration, handler: @escaping HTTPHandler, events: HTTPServerEvents) {
        self.configuration = configuration
        self.handler = handler
        self.events = events
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
        try state.withLock { s throws(HTTPServerError) in
            guard !s.started else {
                throw HTTPServerError(operation: "start", code: 0, message: "the server was already started")
            }
            let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            s.started = true
            s.listenFD = fd
            s.boundPort = port
            let listener = DispatchSource.makeReadSource(fileDescriptor: fd, queue: acceptQueue)
            listener.setEventHandler { [self] in acceptPending() }
            listener.setCancelHandler { [self] in listenerCancelled(fd) }
            s.listener = listener
            listener.activate()

            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
            let interval = sweepInterval()
            timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(5))
            timer.setEventHandler { [self] in sweep() }
            s.sweep = timer
            timer.activate()
        }
    }

    /// One coarse sweep per server: every 250 ms, or a quarter of the shortest timeout.
    private func sweepInterval() -> DispatchTimeInterval {
        let t = configuration.timeouts
        let shortest = [t.header, t.bodyProgress, t.idle, t.write, t.handshake].filter { $0 > 0 }.min() ?? 1
        let millis = Int(max(10, min(250, shortest * 1000 / 4)))
        return .milliseconds(millis)
    }

    // MARK: - Accepting

    private func acceptPending() {
        let fd = state.withLock { $0.listenFD }
        guard fd >= 0 else { return }
        // Bounded batch so one listener event cannot starve the queue.
        for _ in 0..<128 {
            switch Socket.accept(fd) {
            case .accepted(let client, let remote):
                admit(client, remote: remote)
            case .wouldBlock:
                return
            case .retry:
                continue
            case .exhausted:
                pauseAccepting()
                return
            case .failed:
                return
            }
        }
    }

    /// EMFILE/ENFILE: the accept queue stays full and the listener would fire in a loop; pause it.
    private func pauseAccepting() {
        let listener = state.withLock { $0.listener }
        guard let listener else { return }
        events.rejected("accept_exhausted", 0)
        listener.suspend()
        state.withLock { $0.pausedListener = listener }
        acceptQueue.asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in
            // The listener may have been cancelled meanwhile (shutdown); resume it either way so
            // its cancellation completes.
            let paused = state.withLock { s -> (any DispatchSourceRead)? in
                defer { s.pausedListener = nil }
                return s.pausedListener
            }
            paused?.resume()
        }
    }

    private func admit(_ fd: Int32, remote: String) {
        if isDraining {
            close(fd)
            return
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
        case .shed(let id):
            events.rejected("too_many_connections", 503)
            events.protocolResponse(503, ConnectionInfo(remoteAddress: remote, isSecure: configuration.tls != nil))
            let connection = HTTPConnection(id: id, fd: fd, remote: remote, server: self, tls: nil, shed: true, now: now)
            state.withLock { $0.connections[id] = connection }
            connection.start()
        case .serve(let id):
            var session: (any TransportSecuritySession)?
            if let provider = configuration.tls {
                do {
                    session = try provider.makeSession()
                } catch {
                    state.withLock { $0.open -= 1 }
                    events.rejected("tls_error", 0)
                    close(fd)
                    return
                }
            }
            let connection = HTTPConnection(id: id, fd: fd, remote: remote, server: self, tls: session, shed: false, now: now)
            state.withLock { $0.connections[id] = connection }
            events.connectionOpened()
            connection.start()
        }
    }

    func connectionClosed(_ connection: HTTPConnection, shed: Bool) {
        state.withLock { s in
            s.connections[connection.id] = nil
            if shed { s.shed -= 1 } else { s.open -= 1 }
        }
        if !shed { events.connectionClosed() }
        checkStopped()
    }

    // MARK: - Sweep

    private func sweep() {
        let now = HTTPConnection.now()
        let connections = state.withLock { Array($0.connections.values) }
        for connection in connections where connection.deadline.load(ordering: .relaxed) <= now {
            connection.queue.async { connection.tick() }
        }
    }

    // MARK: - Shutdown

    func beginShutdown() {
        guard !draining.exchange(true, ordering: .relaxed) else { return }
        let (listener, connections, started) = state.withLock { s in
            let l = s.listener
            s.listener = nil
            return (l, Array(s.connections.values), s.started)
        }
        guard started else {
            checkStopped()
            return
        }
        listener?.cancel()
        for connection in connections {
            connection.queue.async { connection.beginShutdown() }
        }
        let drain = max(0, configuration.timeouts.drain)
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + drain) { [self] in
            let remaining = state.withLock { Array($0.connections.values) }
            for connection in remaining {
                connection.queue.async { connection.forceClose() }
            }
        }
        checkStopped()
    }

    private func listenerCancelled(_ fd: Int32) {
        close(fd)
        state.withLock { s in
            s.listenFD = -1
            s.listenerClosed = true
        }
        checkStopped()
    }

    private func checkStopped() {
        guard isDraining else { return }
        let signal: Bool = state.withLock { s in
            let done = (!s.started || s.listenerClosed) && s.connections.isEmpty && !s.stopSignalled
            if done {
                s.stopSignalled = true
                s.sweep?.cancel()
                s.sweep = nil
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

    private let stoppedOnce = Atomic<Bool>(false)
}
