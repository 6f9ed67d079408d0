// FoundationEssentials, not Foundation: FileHandle and other swift-corelibs-foundation APIs link
// all of Foundation and ICU's data (+35 MB in a static binary).
import FoundationEssentials
import Glibc
import ScrubberService

/// `claim-scrubber healthcheck`: the container's HEALTHCHECK. Sends `GET /healthz` to the server
/// running in the same container and exits 0 on a 200 answer within the timeout, 1 otherwise.
///
/// It uses plain sockets so the image needs no curl. Where it connects follows the settings `serve`
/// reads, in the same order: the config file (`--config` or `SCRUBBER_CONFIG`), then
/// `SCRUBBER_HOST` / `SCRUBBER_PORT` / `SCRUBBER_TLS_CERTIFICATE`, then `--host` / `--port`
/// (default 127.0.0.1:8080; a wildcard listen address `0.0.0.0` or `::` means the loopback address
/// of that family).
///
/// TLS: when a TLS certificate is configured the server speaks only TLS on its port, and so does
/// this command (`HealthcheckCommand+TLS.swift`: no certificate verification, no client
/// certificate, so with mutual TLS required it reports unhealthy; use the Kubernetes probes there).
enum HealthcheckCommand {
    static let help = CommandHelp(
        name: "healthcheck",
        summary: "ask the local server for GET /healthz (the container's health check)",
        synopsis: ["[--config FILE] [--host ADDRESS] [--port PORT] [--path PATH] [--timeout SECONDS]"],
        description: """
            Sends GET PATH to the server serve runs with the same settings (the configuration file, \
            then SCRUBBER_HOST, SCRUBBER_PORT and SCRUBBER_TLS_CERTIFICATE, then --host and --port), \
            over TLS when TLS is configured (the certificate is not verified, and with mutual TLS \
            required it reports unhealthy), and exits 0 when the answer is 200 within the timeout. A \
            wildcard listen address (0.0.0.0, ::) means the loopback address of its family. No curl \
            needed: the container image's HEALTHCHECK runs it.
            """,
        options: [
            .init(name: "--config FILE", meaning: CommandHelp.configOption + " healthcheck uses its host, port and TLS settings.",
                  defaultValue: CommandHelp.configDefault),
            .init(name: "--host ADDRESS", meaning: "The address to connect to.", defaultValue: "where serve listens, else 127.0.0.1"),
            .init(name: "--port PORT", meaning: "The port to connect to (1-65535).", defaultValue: "where serve listens, else 8080"),
            .init(name: "--path PATH", meaning: "The path to ask for.", defaultValue: "/healthz"),
            .init(name: "--timeout SECONDS", meaning: "How long to wait for the answer, more than 0 and at most 300.", defaultValue: "3"),
        ],
        exitStatuses: [
            (0, "healthy: the answer was 200 within the timeout"),
            (1, "unhealthy: no answer, another status, or settings serve would refuse (the reason is on standard error)"),
            (2, "bad usage"),
        ])

    struct Options: Equatable {
        var host = "127.0.0.1"
        var port = 8080
        var path = "/healthz"
        var timeout = 3.0
        var tls = false
    }

    enum UsageError: Error, Equatable {
        /// Bad command line: exit 2.
        case message(String)
        /// Bad config file or environment: exit 1, because the Docker HEALTHCHECK contract reserves
        /// 2, and a server cannot be listening with settings it would refuse.
        case settings(String)
    }

    static func run(_ args: [String]) -> Int32 {
        let options: Options
        do {
            options = try parse(args, environment: ProcessInfo.processInfo.environment)
        } catch UsageError.message(let message) {
            return help.usageError(message)
        } catch UsageError.settings(let message) {
            StandardStreams.writeError("healthcheck: unhealthy: \(message)\n")
            return 1
        } catch {
            return 2
        }
        let deadline = Date().addingTimeInterval(options.timeout)
        let result = probe(options, deadline: deadline)
        switch result {
        case .healthy:
            return 0
        case .unhealthy(let reason):
            StandardStreams.writeError("healthcheck: unhealthy: \(reason)\n")
            return 1
        }
    }

    /// Options from the environment, then the command line.
    static func parse(_ args: [String], environment: [String: String]) throws -> Options {
        var options = Options()
        var configFile = environment["SCRUBBER_CONFIG"]
        if let index = args.firstIndex(of: "--config") {
            guard index + 1 < args.count else { throw UsageError.message("--config needs a value") }
            configFile = args[index + 1]
        }
        if let configFile, !configFile.isEmpty {
            var file = ServiceConfiguration()
            do {
                try ConfigurationLoader.applyFile(configFile, to: &file)
            } catch {
                throw UsageError.settings("config file: \(error.description)")
            }
            options.host = loopback(for: file.host)
            if (1...65535).contains(file.port) { options.port = file.port }
            options.tls = file.tlsEnabled
        }
        if let host = environment["SCRUBBER_HOST"] { options.host = loopback(for: host) }
        if let text = environment["SCRUBBER_PORT"] {
            guard let port = Int(text), (1...65535).contains(port) else {
                throw UsageError.settings("SCRUBBER_PORT must be a port from 1 to 65535, not \"\(text)\"")
            }
            options.port = port
        }
        if let certificate = environment["SCRUBBER_TLS_CERTIFICATE"], !certificate.isEmpty { options.tls = true }
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg == "-h" || arg == "--help" { i += 1; continue }
            guard ["--config", "--host", "--port", "--path", "--timeout"].contains(arg) else {
                throw UsageError.message("unknown option \(arg)")
            }
            guard i + 1 < args.count else { throw UsageError.message("\(arg) needs a value") }
            let value = args[i + 1]
            switch arg {
            case "--config":
                break   // read above, before the environment
            case "--host":
                options.host = loopback(for: value)
            case "--port":
                guard let port = Int(value), (1...65535).contains(port) else {
                    throw UsageError.message("--port must be a port from 1 to 65535, not \"\(value)\"")
                }
                options.port = port
            case "--path":
                guard value.hasPrefix("/"), !value.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                    throw UsageError.message("--path must start with / and contain no spaces")
                }
                options.path = value
            default:
                guard let seconds = Double(value), seconds.isFinite, seconds > 0, seconds <= 300 else {
                    throw UsageError.message("--timeout must be a number of seconds from 0 to 300")
                }
                options.timeout = seconds
            }
            i += 2
        }
        return options
    }

    /// The address to connect to for a listen address: wildcards mean "this host".
    static func loopback(for listenAddress: String) -> String {
        switch listenAddress {
        case "", "0.0.0.0", "*": return "127.0.0.1"
        case "::", "[::]": return "::1"
        default:
            if listenAddress.hasPrefix("["), listenAddress.hasSuffix("]") {
                return String(listenAddress.dropFirst().dropLast())
            }
            return listenAddress
        }
    }

    enum ProbeResult: Equatable {
        case healthy(String)
        case unhealthy(String)
    }

    static func probe(_ options: Options, deadline: Date) -> ProbeResult {
        let fd: Int32
        switch connect(host: options.host, port: options.port, deadline: deadline) {
        case .success(let socket): fd = socket
        case .failure(let reason): return .unhealthy(reason)
        }
        defer { close(fd) }
        let request = "GET \(options.path) HTTP/1.1\r\nHost: \(options.host)\r\nUser-Agent: claim-scrubber-healthcheck\r\nConnection: close\r\n\r\n"
        let statusLine: String
        if options.tls {
            switch exchangeOverTLS(fd, request: Array(request.utf8), deadline: deadline) {
            case .success(let line): statusLine = line
            case .failure(let error): return .unhealthy("https://\(options.host):\(options.port): \(error.reason)")
            }
        } else {
            guard send(fd, bytes: Array(request.utf8), deadline: deadline) else {
                return .unhealthy("could not send the request to \(options.host):\(options.port)")
            }
            guard let line = readStatusLine(fd, deadline: deadline) else {
                return .unhealthy("no HTTP answer from \(options.host):\(options.port) within \(options.timeout) s")
            }
            statusLine = line
        }
        return status(ofStatusLine: statusLine) == 200
            ? .healthy(statusLine)
            : .unhealthy("GET \(options.path) answered \"\(statusLine)\"")
    }

    /// The status code of `HTTP/1.x NNN reason` (RFC 9112 §4), or nil.
    static func status(ofStatusLine line: String) -> Int? {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3 else { return nil }
        return Int(parts[1])
    }

    private enum ConnectResult {
        case success(Int32)
        case failure(String)
    }

    private static func connect(host: String, port: Int, deadline: Date) -> ConnectResult {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address for \(host)"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { lastError = "socket: \(String(cString: strerror(errno)))"; continue }
            let result = Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
            if result == 0 { return .success(fd) }
            guard errno == EINPROGRESS, waitForSocket(fd, for: Int16(POLLOUT), deadline: deadline) else {
                lastError = "connect to \(host):\(port): \(String(cString: strerror(errno)))"
                close(fd)
                continue
            }
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            if soError == 0 { return .success(fd) }
            lastError = "connect to \(host):\(port): \(String(cString: strerror(soError)))"
            close(fd)
        }
        return .failure(lastError)
    }

    /// Polls `fd` for `events` until the deadline; false on timeout or error.
    static func waitForSocket(_ fd: Int32, for events: Int16, deadline: Date) -> Bool {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { errno = ETIMEDOUT; return false }
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&pfd, 1, Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if ready > 0 { return true }
            if ready == 0 { continue }
            if errno != EINTR { return false }
        }
    }

    private static func send(_ fd: Int32, bytes: [UInt8], deadline: Date) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 { offset += written; continue }
            guard written < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR,
                  waitForSocket(fd, for: Int16(POLLOUT), deadline: deadline) else { return false }
        }
        return true
    }

    /// Reads until the end of the status line (the only part that matters), at most 1 KiB.
    private static func readStatusLine(_ fd: Int32, deadline: Date) -> String? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while received.count < 1024 {
            if let end = received.firstIndex(of: UInt8(ascii: "\n")) {
                let line = received[..<end].last == UInt8(ascii: "\r") ? received[..<(end - 1)] : received[..<end]
                return String(decoding: line, as: UTF8.self)
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { received.append(contentsOf: buffer[..<count]); continue }
            if count == 0 { break }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR,
                  waitForSocket(fd, for: Int16(POLLIN), deadline: deadline) else { return nil }
        }
        return nil
    }
}
