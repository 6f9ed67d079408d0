#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Dispatch
import Locking

/// A buffered, thread-safe line writer: lines are appended to a buffer under a lock and written
/// with one `write(2)` when the buffer passes `flushThreshold` bytes or every `flushInterval`, so
/// logging a request costs a memcpy, not a syscall.
public final class LogWriter: Sendable {
    public enum Destination: Sendable {
        case fileDescriptor(Int32)
        /// Keeps lines in memory (tests).
        case memory
    }

    private struct State {
        var buffer: [UInt8] = []
        var lines: [String] = []
    }

    private let destination: Destination
    private let flushThreshold: Int
    private let state = Locked(State())
    // Dispatch sources are thread-safe; the timer is only created, resumed and cancelled.
    nonisolated(unsafe) private let timer: (any DispatchSourceTimer)?

    public init(destination: Destination, flushThreshold: Int = 16 * 1024, flushInterval: Double? = 0.2) {
        self.destination = destination
        self.flushThreshold = flushThreshold
        if let flushInterval, case .fileDescriptor = destination {
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "log-flush"))
            let ms = Int(flushInterval * 1000)
            timer.schedule(deadline: .now() + .milliseconds(ms), repeating: .milliseconds(ms), leeway: .milliseconds(50))
            self.timer = timer
        } else {
            self.timer = nil
        }
        timer?.setEventHandler { [weak self] in self?.flush() }
        timer?.resume()
    }

    deinit {
        timer?.cancel()
        flush()
    }

    /// Appends one line (a newline is added).
    public func write(line bytes: [UInt8]) {
        switch destination {
        case .memory:
            let text = String(decoding: bytes, as: UTF8.self)
            state.withLock { $0.lines.append(text) }
        case .fileDescriptor(let fd):
            state.withLock { s in
                s.buffer.append(contentsOf: bytes)
                s.buffer.append(0x0A)
                if s.buffer.count >= flushThreshold {
                    LogWriter.writeAll(fd, s.buffer)
                    s.buffer.removeAll(keepingCapacity: true)
                }
            }
        }
    }

    /// Writes whatever is buffered.
    public func flush() {
        guard case .fileDescriptor(let fd) = destination else { return }
        state.withLock { s in
            guard !s.buffer.isEmpty else { return }
            LogWriter.writeAll(fd, s.buffer)
            s.buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Lines kept by a `.memory` writer.
    public func capturedLines() -> [String] { state.withLock { $0.lines } }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n > 0 { offset += n; continue }
                if n < 0 && errno == EINTR { continue }
                // A closed or full stdout must never take the service down: drop the log bytes.
                return
            }
        }
    }
}
