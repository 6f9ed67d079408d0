#if canImport(Glibc)
import Glibc
#endif
import CEventPoll
import Locking

/// One epoll instance and the one thread that waits on it. The server runs one loop per CPU the
/// process may use; every loop accepts from the shared listening socket (EPOLLEXCLUSIVE, so one
/// connection wakes one loop) and serves the connections it accepted from start to close, so a
/// connection's state is only ever touched by its loop's thread and needs no lock.
///
/// Why not Dispatch sources: on Linux, libdispatch delivers every socket event from its manager
/// thread to a worker thread and re-arms the source through the manager again, about 1.3 context
/// switches per request; with that, 62-88% of the server's time was kernel time (measured with perf
/// for the HTTP benchmark, Benchmarks/http). Here a request costs one `epoll_wait` (shared by every ready connection), one
/// `recv` and one `send`.
///
/// Interest is level-triggered: a connection reads once per readiness report (the next report comes
/// while bytes remain), and asks for writability only while a response is blocked on a full socket.
final class EventLoop: @unchecked Sendable {
    let index: Int
    /// The read buffer every connection of this loop reads into (one read at a time per thread).
    let readBuffer: UnsafeMutableRawBufferPointer

    /// Strong: a loop keeps its server alive until it stops (the server drops its loops then).
    private let core: ServerCore
    private let pollFD: Int32
    private let wakeFD: Int32

    /// Work handed over from other threads (shutdown). `pollFD` and `wakeFD` live as long as the
    /// loop object (closed in deinit), so posting after the thread ended writes to no reused number.
    private let inbox = Locked<[@Sendable (EventLoop) -> Void]>([])

    // Everything below is used on the loop's thread only.
    private var connections: [Int: HTTPConnection] = [:]
    private var listenFD: Int32 = -1
    private var holdsListener = false
    private var listening = false
    private var acceptPausedUntil: UInt64 = 0
    private var nextSweep: UInt64 = 0
    private var stopping = false
    private var drainDeadline = UInt64.max
    /// Connections with a response to write at the end of this round.
    private var pendingFlushes: [HTTPConnection] = []

    static let readChunk = 256 * 1024
    private static let wakeToken = UInt64.max
    private static let listenToken = UInt64.max - 1
    private static let batch: Int32 = 256
    /// EMFILE/ENFILE: the listener would report readiness in a loop; look again after this long.
    static let acceptPauseNanos: UInt64 = 100_000_000

    init(index: Int, core: ServerCore) throws(HTTPServerError) {
        self.index = index
        self.core = core
        let poll = cs_poll_create()
        guard poll >= 0 else { throw Self.failure("epoll_create1", "cannot create an event loop") }
        let wake = cs_wake_create()
        guard wake >= 0 else {
            let error = Self.failure("eventfd", "cannot create an event loop wake-up")
            close(poll)
            throw error
        }
        guard cs_poll_add(poll, wake, UInt32(CS_POLL_READ), Self.wakeToken) == 0 else {
            let error = Self.failure("epoll_ctl", "cannot register an event loop wake-up")
            close(poll)
            close(wake)
            throw error
        }
        pollFD = poll
        wakeFD = wake
        readBuffer = .allocate(byteCount: Self.readChunk, alignment: 16)
    }

    /// Also frees a loop that never ran (a server start that failed part-way).
    deinit {
        close(wakeFD)
        close(pollFD)
        readBuffer.deallocate()
    }

    private static func failure(_ operation: String, _ what: String) -> HTTPServerError {
        let code = errno
        return HTTPServerError(operation: operation, code: code, message: "\(what): \(String(cString: strerror(code)))")
    }

    /// Registers the shared listening socket and starts the loop's thread.
    func start(listening fd: Int32) throws(HTTPServerError) {
        listenFD = fd
        guard cs_poll_add(pollFD, fd, UInt32(CS_POLL_READ | CS_POLL_EXCLUSIVE), Self.listenToken) == 0 else {
            throw Self.failure("epoll_ctl", "cannot register the listening socket")
        }
        holdsListener = true
        listening = true
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<EventLoop>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<EventLoop>.fromOpaque(box).release()
            _ = cs_poll_remove(pollFD, fd)
            holdsListener = false
            listening = false
            throw HTTPServerError(operation: "pthread_create", code: rc, message: "cannot start an event loop thread")
        }
        pthread_detach(thread)
    }

    /// Runs `task` on the loop's thread (soon, between two waits).
    func execute(_ task: @escaping @Sendable (EventLoop) -> Void) {
        inbox.withLock { $0.append(task) }
        cs_wake_signal(wakeFD)
    }

    // MARK: - The loop

    private func run() {
        setThreadName()
        let events = UnsafeMutableBufferPointer<cs_poll_event>.allocate(capacity: Int(Self.batch))
        defer { events.deallocate() }
        nextSweep = HTTPConnection.now() + core.sweepNanos
        var wakeAt = nextSweep
        while !(stopping && connections.isEmpty) {
            let count = cs_poll_wait(pollFD, events.baseAddress, Self.batch, Self.millis(until: wakeAt, from: HTTPConnection.now()))
            if count < 0 && errno != EINTR {
                // Cannot happen with a valid epoll descriptor; stop serving rather than spin.
                core.events.rejected("event_loop_failed", 0)
                closeEverything()
                break
            }
            for i in 0..<Int(max(0, count)) {
                dispatch(events[i])
            }
            flushPending()
            runTasks()
            wakeAt = fireTimers(now: HTTPConnection.now())
            flushPending()
        }
        releaseListener()
        core.loopFinished()
    }

    /// When a paused listener is taken back (nil: not paused).
    private var acceptResumeAt: UInt64? { holdsListener && !listening && !stopping ? acceptPausedUntil : nil }
    /// When the connections still open are closed by force (nil: not draining).
    private var forceCloseAt: UInt64? { stopping ? drainDeadline : nil }

    /// Acts on every deadline that has passed and returns the earliest one ahead, which the loop
    /// waits for. Both in one place: a deadline waited for but not acted on would make every wait
    /// 0 ms until something else acted on it (a spin).
    private func fireTimers(now: UInt64) -> UInt64 {
        if let at = acceptResumeAt, now >= at { resumeAccepting() }
        if let at = forceCloseAt, now >= at {
            for connection in Array(connections.values) { connection.forceClose() }
        }
        if now >= nextSweep {
            sweep(now: now)
            nextSweep = now + core.sweepNanos
        }
        return min(nextSweep, acceptResumeAt ?? .max, forceCloseAt ?? .max)
    }

    private func setThreadName() {
        "http-loop-\(index)".withCString { cs_name_thread($0) }
    }

    /// The epoll_wait timeout for a wake-up at `until`, rounded up so the loop does not wake a
    /// little early and spin.
    private static func millis(until: UInt64, from now: UInt64) -> Int32 {
        if until <= now { return 0 }
        return Int32(min(1000, (until - now + 999_999) / 1_000_000))
    }

    private func dispatch(_ event: cs_poll_event) {
        switch event.token {
        case Self.wakeToken:
            cs_wake_drain(wakeFD)
        case Self.listenToken:
            if listening { acceptPending() }
        default:
            guard let connection = connections[Int(truncatingIfNeeded: event.token)] else { return }
            connection.ready(event.events)
        }
    }

    /// A connection's response becomes due at the end of this round.
    func deferFlush(_ connection: HTTPConnection) {
        pendingFlushes.append(connection)
    }

    /// Writes the round's responses. A connection may make another (pipelined requests) while
    /// flushing: that one is written in the next pass.
    private func flushPending() {
        while !pendingFlushes.isEmpty {
            let due = pendingFlushes
            pendingFlushes.removeAll(keepingCapacity: true)
            for connection in due { connection.flushDeferred() }
        }
    }

    private func runTasks() {
        let tasks = inbox.withLock { tasks -> [@Sendable (EventLoop) -> Void] in
            defer { tasks.removeAll() }
            return tasks
        }
        for task in tasks { task(self) }
    }

    private func sweep(now: UInt64) {
        for connection in Array(connections.values) where connection.deadline <= now {
            connection.tick()
        }
    }

    // MARK: - Accepting

    private func acceptPending() {
        // A bounded batch, so a flood of connections cannot starve the open ones.
        for _ in 0..<64 {
            switch Socket.accept(listenFD) {
            case .accepted(let client, let remote):
                admit(client, remote: remote)
            case .wouldBlock, .failed:
                return
            case .retry:
                continue
            case .exhausted:
                pauseAccepting()
                return
            }
        }
    }

    private func pauseAccepting() {
        core.events.rejected("accept_exhausted", 0)
        _ = cs_poll_remove(pollFD, listenFD)
        listening = false
        acceptPausedUntil = HTTPConnection.now() + Self.acceptPauseNanos
    }

    private func resumeAccepting() {
        if cs_poll_add(pollFD, listenFD, UInt32(CS_POLL_READ | CS_POLL_EXCLUSIVE), Self.listenToken) == 0 {
            listening = true
        } else {
            acceptPausedUntil = HTTPConnection.now() + Self.acceptPauseNanos
        }
    }

    private func admit(_ fd: Int32, remote: String) {
        guard let connection = core.admit(fd, remote: remote, loop: self) else { return }
        connections[connection.id] = connection
        connection.start()
    }

    // MARK: - Connections

    /// Sets what the connection waits for; false when the kernel refused (the caller closes).
    func setInterest(_ connection: HTTPConnection, read: Bool, write: Bool, registered: Bool) -> Bool {
        var interest: UInt32 = 0
        if read { interest |= UInt32(CS_POLL_READ) }
        if write { interest |= UInt32(CS_POLL_WRITE) }
        let token = UInt64(connection.id)
        let rc = registered
            ? cs_poll_modify(pollFD, connection.fd, interest, token)
            : cs_poll_add(pollFD, connection.fd, interest, token)
        return rc == 0
    }

    /// Forgets a finished connection and closes its socket.
    func remove(_ connection: HTTPConnection, registered: Bool) {
        if registered { _ = cs_poll_remove(pollFD, connection.fd) }
        connections[connection.id] = nil
        close(connection.fd)
        core.connectionClosed(shed: connection.shed)
    }

    // MARK: - Shutdown

    /// Stops accepting on this loop, tells every connection, and closes what is left at the
    /// drain deadline.
    func beginShutdown(drainNanos: UInt64) {
        guard !stopping else { return }
        stopping = true
        drainDeadline = HTTPConnection.now() &+ drainNanos
        releaseListener()
        for connection in Array(connections.values) { connection.beginShutdown() }
    }

    private func releaseListener() {
        guard holdsListener else { return }
        if listening { _ = cs_poll_remove(pollFD, listenFD) }
        listening = false
        holdsListener = false
        core.listenerReleased()
    }

    private func closeEverything() {
        stopping = true
        for connection in Array(connections.values) { connection.forceClose() }
    }
}
