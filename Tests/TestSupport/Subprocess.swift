#if canImport(Glibc)
import Glibc
#endif
import Locking

/// Runs a program (openssl, curl, sh, the built binary) for a test, with a deadline on everything:
/// feeding stdin, reading stdout/stderr to EOF and waiting for the exit. When the deadline passes the
/// child's process group is killed and `Subprocess.Failure.timedOut` is thrown, so a stuck child is
/// a failing test, never a hung test run.
///
/// Foundation's `Process` is not used: on Linux its `waitUntilExit()` and `readDataToEndOfFile()`
/// have no deadline, its pipes are not close-on-exec (a child spawned at the same moment by another
/// test can inherit them and hold them open), `FileHandle.write(_:)` traps on EPIPE when a child
/// exits without reading its input, and children inherit the spawning Dispatch worker's signal
/// mask (nearly every signal blocked, so SIGTERM does nothing to them).
public enum Subprocess {
    /// How the child ended and what it wrote.
    public struct Result: Sendable {
        /// The exit status, or 128 + the signal number when a signal ended the child.
        public var status: Int32
        public var stdout: [UInt8]
        /// Empty when stderr was merged into stdout.
        public var stderr: [UInt8]

        public var output: String { String(decoding: stdout, as: UTF8.self) }
        public var errorOutput: String { String(decoding: stderr, as: UTF8.self) }
    }

    public enum Failure: Error, CustomStringConvertible {
        /// The program could not be started (`posix_spawn` or `pipe` failed with this errno).
        case launch(command: String, errno: Int32)
        /// The deadline passed before the child exited and closed its output; it was killed.
        case timedOut(command: String, seconds: Double, stdout: String, stderr: String)

        public var description: String {
            switch self {
            case .launch(let command, let code):
                return "cannot start \(command): \(String(cString: strerror(code)))"
            case .timedOut(let command, let seconds, let stdout, let stderr):
                return "\(command) did not finish within \(seconds) s (killed); stdout: \(stdout.suffix(2000)) stderr: \(stderr.suffix(2000))"
            }
        }
    }

    /// Serializes spawns of this helper, so that pipes made for one child are close-on-exec before
    /// any other child of this helper is started. It guards a count, not `()`: the thread sanitizer
    /// reported the accesses of a `Locked<Void>` as races (a zero-sized value has no storage of its own).
    private static let spawnLock = Locked(0)

    /// Runs `executable` (an absolute path) with `arguments` to completion.
    /// - Parameters:
    ///   - directory: working directory of the child (nil: the test process's).
    ///   - stdin: bytes written to the child's stdin, which is then closed. A child that exits
    ///     without reading them is not an error.
    ///   - mergeStderr: stderr goes to the same pipe as stdout (`Result.stderr` stays empty).
    ///   - timeout: seconds for the whole run, including reading the output to EOF.
    public static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, stdin: [UInt8] = [],
        mergeStderr: Bool = false, timeout: Double
    ) throws(Failure) -> Result {
        // A child that exits without reading its stdin must not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        let command = ([executable] + arguments).joined(separator: " ")
        let deadline = now() + max(0, timeout)
        var argv = [executable] + arguments
        if let directory {
            // posix_spawn_file_actions_addchdir_np is not visible to Swift (glibc declares it
            // under _GNU_SOURCE only): change directory in a shell that then execs the program.
            argv = ["/bin/sh", "-c", #"cd -- "$1" || exit 127; shift; exec "$@""#, "sh", directory] + argv
        }
        let child = try spawn(argv, mergeStderr: mergeStderr, command: command)
        var input = stdin
        var inputOffset = 0
        var stdinFD: Int32 = child.stdin
        var streams: [(fd: Int32, isError: Bool)] = [(child.stdout, false)]
        if let errorFD = child.stderr { streams.append((errorFD, true)) }
        var out: [UInt8] = []
        var err: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)

        func closeInput() {
            if stdinFD >= 0 { close(stdinFD) }
            stdinFD = -1
            input = []
        }
        if input.isEmpty { closeInput() }

        while !streams.isEmpty {
            let remaining = deadline - now()
            if remaining <= 0 {
                closeInput()
                for stream in streams { close(stream.fd) }
                throw killAndReap(child.pid, command: command, timeout: timeout, stdout: out, stderr: err)
            }
            var fds = streams.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            if stdinFD >= 0 { fds.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000, 1000)) + 1)
            if ready < 0 && errno != EINTR { break }
            if ready <= 0 { continue }
            if stdinFD >= 0, let last = fds.last, last.revents != 0 {
                let written = input.withUnsafeBytes { raw -> Int in
                    guard let base = raw.baseAddress else { return 0 }
                    return write(stdinFD, base + inputOffset, raw.count - inputOffset)
                }
                if written > 0 {
                    inputOffset += written
                    if inputOffset == input.count { closeInput() }
                } else if written < 0 && errno != EAGAIN && errno != EINTR {
                    // EPIPE: the child closed its stdin or exited without reading it.
                    closeInput()
                }
            }
            var index = streams.count - 1
            while index >= 0 {
                if fds[index].revents != 0 {
                    let fd = streams[index].fd
                    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if count > 0 {
                        if streams[index].isError { err += buffer[0..<count] } else { out += buffer[0..<count] }
                    } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                        close(fd)
                        streams.remove(at: index)
                    }
                }
                index -= 1
            }
        }
        closeInput()
        for stream in streams { close(stream.fd) }

        // The output is closed; the child exits at once unless something else keeps it alive.
        while true {
            var status: Int32 = 0
            let result = waitpid(child.pid, &status, WNOHANG)
            if result == child.pid { return Result(status: decode(status), stdout: out, stderr: err) }
            if result < 0 && errno != EINTR {
                return Result(status: -1, stdout: out, stderr: err)
            }
            if now() >= deadline {
                throw killAndReap(child.pid, command: command, timeout: timeout, stdout: out, stderr: err)
            }
            usleep(2_000)
        }
    }

    private struct Child {
        var pid: pid_t
        var stdin: Int32
        var stdout: Int32
        var stderr: Int32?
    }

    private static func spawn(_ argv: [String], mergeStderr: Bool, command: String) throws(Failure) -> Child {
        try spawnLock.withLock { spawns throws(Failure) -> Child in
            spawns += 1
            var pipes: [Int32] = []
            func makePipe() throws(Failure) -> (read: Int32, write: Int32) {
                var fds: [Int32] = [-1, -1]
                guard pipe(&fds) == 0 else {
                    let code = errno
                    for fd in pipes { close(fd) }
                    throw .launch(command: command, errno: code)
                }
                for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                pipes += fds
                return (fds[0], fds[1])
            }
            let input = try makePipe()
            let output = try makePipe()
            let error = mergeStderr ? nil : try makePipe()
            let launched = launch(argv, keeping: pipes) { actions in
                posix_spawn_file_actions_adddup2(&actions, input.read, 0)
                posix_spawn_file_actions_adddup2(&actions, output.write, 1)
                posix_spawn_file_actions_adddup2(&actions, error?.write ?? output.write, 2)
            }
            close(input.read)
            close(output.write)
            if let error { close(error.write) }
            guard case .success(let pid) = launched else {
                close(input.write)
                close(output.read)
                if let error { close(error.read) }
                if case .failure(let code) = launched { throw .launch(command: command, errno: code) }
                throw .launch(command: command, errno: EINVAL)
            }
            for fd in [input.write, output.read] + (error.map { [$0.read] } ?? []) {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
            return Child(pid: pid, stdin: input.write, stdout: output.read, stderr: error?.read)
        }
    }

    private enum Launched { case success(pid_t), failure(Int32) }

    /// posix_spawn with `redirect`'s file actions, every other descriptor closed, its own process
    /// group, no blocked signals and SIGPIPE back to the default (the test process ignores it).
    private static func launch(_ argv: [String], keeping own: [Int32],
                               redirect: (inout posix_spawn_file_actions_t) -> Void) -> Launched {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        redirect(&actions)
        // Descriptors other tests opened without close-on-exec (client sockets, pipes) stay
        // out of the child: a child holding them would keep those connections or pipes open.
        for fd in openDescriptors() where fd > 2 && !own.contains(fd) {
            posix_spawn_file_actions_addclose(&actions, fd)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, environ)
        return result == 0 ? .success(pid) : .failure(result)
    }

    /// A child left running (a server under test), in its own process group; stdin is /dev/null,
    /// stdout and stderr go to files. `kill()` (also on deinit) ends the group and reaps the child
    /// with a deadline.
    public final class Background: Sendable {
        public let pid: pid_t
        private let exitStatus = Locked<Int32?>(nil)

        fileprivate init(pid: pid_t) { self.pid = pid }

        deinit { kill() }

        /// False once the child has exited (it is reaped then).
        public var isRunning: Bool { reaped() == nil }

        /// SIGKILL to the child's process group, then waits at most 10 s for the child to go.
        public func kill() {
            guard isRunning else { return }
            _ = Glibc.kill(-pid, SIGKILL)
            _ = Glibc.kill(pid, SIGKILL)
            for _ in 0..<1000 where isRunning { usleep(10_000) }
        }

        /// The exit status (as `Result.status`) once the child exited, else nil. Never blocks.
        private func reaped() -> Int32? {
            exitStatus.withLock { known -> Int32? in
                if let known { return known }
                var raw: Int32 = 0
                let result = waitpid(pid, &raw, WNOHANG)
                if result == pid { known = Subprocess.decode(raw) }
                else if result < 0 && errno == ECHILD { known = -1 }
                return known
            }
        }
    }

    /// Starts `executable` and leaves it running; see `Background`.
    public static func start(_ executable: String, _ arguments: [String], stdout: String = "/dev/null",
                             stderr: String = "/dev/null") throws(Failure) -> Background {
        let command = ([executable] + arguments).joined(separator: " ")
        let launched = spawnLock.withLock { _ in
            launch([executable] + arguments, keeping: []) { actions in
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o600)
                posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            }
        }
        switch launched {
        case .success(let pid): return Background(pid: pid)
        case .failure(let code): throw .launch(command: command, errno: code)
        }
    }

    /// The descriptors open in this process now.
    private static func openDescriptors() -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        var result: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let fd = Int32(name), fd != own { result.append(fd) }
        }
        return result
    }

    /// Kills the child's process group (and the child), reaps it, and describes the timeout.
    private static func killAndReap(_ pid: pid_t, command: String, timeout: Double, stdout: [UInt8], stderr: [UInt8]) -> Failure {
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return .timedOut(command: command, seconds: timeout, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// WIFEXITED/WEXITSTATUS/WTERMSIG, which Swift does not import.
    fileprivate static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
