import Dispatch
import Foundation
import Glibc
import TestSupport
import Testing
@testable import claim_scrubber

@Suite struct HealthcheckOptionsTests {
    @Test func defaultsToLoopbackPort8080() throws {
        let options = try HealthcheckCommand.parse([], environment: [:])
        #expect(options == HealthcheckCommand.Options(host: "127.0.0.1", port: 8080, path: "/healthz", timeout: 3, tls: false))
    }

    @Test func wildcardListenAddressesMeanLoopbackOfTheirFamily() throws {
        #expect(try HealthcheckCommand.parse([], environment: ["SCRUBBER_HOST": "0.0.0.0"]).host == "127.0.0.1")
        #expect(try HealthcheckCommand.parse([], environment: ["SCRUBBER_HOST": "::"]).host == "::1")
        #expect(try HealthcheckCommand.parse([], environment: ["SCRUBBER_HOST": "[::1]"]).host == "::1")
        #expect(try HealthcheckCommand.parse([], environment: ["SCRUBBER_HOST": "10.1.2.3"]).host == "10.1.2.3")
    }

    @Test func flagsOverrideTheEnvironment() throws {
        let options = try HealthcheckCommand.parse(
            ["--port", "9090", "--path", "/readyz", "--timeout", "0.5"],
            environment: ["SCRUBBER_PORT": "8443"])
        #expect(options.port == 9090)
        #expect(options.path == "/readyz")
        #expect(options.timeout == 0.5)
    }

    @Test func aConfiguredCertificateTurnsTLSOn() throws {
        #expect(try HealthcheckCommand.parse([], environment: ["SCRUBBER_TLS_CERTIFICATE": "/tls/tls.crt"]).tls)
        #expect(try !HealthcheckCommand.parse([], environment: ["SCRUBBER_TLS_CERTIFICATE": ""]).tls)
    }

    @Test func theConfigFileGivesPortAndTLSAndTheEnvironmentOverridesIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("healthcheck-\(getpid()).json").path
        try Data(#"{"host": "0.0.0.0", "port": 8443, "tls": {"certificate": "/tls/tls.crt"}}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let fromFile = try HealthcheckCommand.parse(["--config", path], environment: [:])
        #expect(fromFile.port == 8443 && fromFile.tls && fromFile.host == "127.0.0.1")
        let overridden = try HealthcheckCommand.parse([], environment: ["SCRUBBER_CONFIG": path, "SCRUBBER_PORT": "9443"])
        #expect(overridden.port == 9443)
    }

    @Test func badFlagsAreUsageErrorsAndBadSettingsAreNot() {
        // Exit 2 is for the command line; settings problems exit 1 (Docker reserves 2 in HEALTHCHECK).
        #expect(throws: HealthcheckCommand.UsageError.message("unknown option --bogus")) {
            try HealthcheckCommand.parse(["--bogus"], environment: [:])
        }
        #expect(throws: HealthcheckCommand.UsageError.self) { try HealthcheckCommand.parse(["--port", "70000"], environment: [:]) }
        #expect(throws: HealthcheckCommand.UsageError.self) { try HealthcheckCommand.parse(["--path", "healthz"], environment: [:]) }
        #expect(throws: HealthcheckCommand.UsageError.settings("SCRUBBER_PORT must be a port from 1 to 65535, not \"http\"")) {
            try HealthcheckCommand.parse([], environment: ["SCRUBBER_PORT": "http"])
        }
        #expect(throws: HealthcheckCommand.UsageError.self) {
            try HealthcheckCommand.parse(["--config", "/nonexistent/claim-scrubber.json"], environment: [:])
        }
    }

    @Test func statusLinesAreReadPerRFC9112() {
        #expect(HealthcheckCommand.status(ofStatusLine: "HTTP/1.1 200 OK") == 200)
        #expect(HealthcheckCommand.status(ofStatusLine: "HTTP/1.0 503 Service Unavailable") == 503)
        #expect(HealthcheckCommand.status(ofStatusLine: "HTTP/1.1 200") == 200)
        #expect(HealthcheckCommand.status(ofStatusLine: "SSH-2.0-OpenSSH") == nil)
        #expect(HealthcheckCommand.status(ofStatusLine: "HTTP/1.1 2000 OK") == nil)
    }
}

/// The probe against real loopback sockets: a one-shot listener that answers with a fixed response.
@Suite struct HealthcheckProbeTests {
    @Test func a200AnswerIsHealthy() throws {
        let server = try OneShotServer(response: "HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}")
        let result = probe(port: server.port)
        #expect(result == .healthy("HTTP/1.1 200 OK"))
        #expect(server.request().hasPrefix("GET /healthz HTTP/1.1\r\n"))
    }

    @Test func anyOtherStatusIsUnhealthy() throws {
        let server = try OneShotServer(response: "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
        guard case .unhealthy(let reason) = probe(port: server.port) else {
            Issue.record("503 was reported healthy")
            return
        }
        #expect(reason.contains("503"))
    }

    @Test func aServerThatNeverAnswersIsUnhealthyWithinTheTimeout() throws {
        let server = try OneShotServer(response: nil)
        let started = Date()
        guard case .unhealthy = probe(port: server.port, timeout: 0.3) else {
            Issue.record("a silent server was reported healthy")
            return
        }
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func nothingListeningIsUnhealthy() throws {
        let port = try TestBinaries.unusedLoopbackPort()
        guard case .unhealthy(let reason) = probe(port: port) else {
            Issue.record("a closed port was reported healthy")
            return
        }
        #expect(reason.contains("refused"))
    }

    private func probe(port: Int, timeout: Double = 3) -> HealthcheckCommand.ProbeResult {
        let options = HealthcheckCommand.Options(host: "127.0.0.1", port: port, path: "/healthz", timeout: timeout, tls: false)
        return HealthcheckCommand.probe(options, deadline: Date().addingTimeInterval(timeout))
    }
}

/// Listens on 127.0.0.1 (ephemeral port), accepts one connection, reads the request head and
/// writes `response` (or, when nil, holds the connection open without answering for a while).
final class OneShotServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let done = DispatchSemaphore(value: 0)
    private var received = ""

    init(response: String?) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 4) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        DispatchQueue.global().async { [self] in
            defer { done.signal() }
            // Bounded: a probe that never connects must not leave this thread in accept().
            var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 5_000) == 1 else { return }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            _ = setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            defer { close(connection) }
            var buffer = [UInt8](repeating: 0, count: 4096)
            var head = [UInt8]()
            while !String(decoding: head, as: UTF8.self).contains("\r\n\r\n") {
                let count = read(connection, &buffer, buffer.count)
                guard count > 0 else { break }
                head += buffer[..<count]
            }
            received = String(decoding: head, as: UTF8.self)
            if let response {
                _ = Array(response.utf8).withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            } else {
                usleep(1_000_000)
            }
        }
    }

    deinit { close(listener) }

    /// The request head the server read (waits for the exchange to end).
    func request() -> String {
        _ = done.wait(timeout: .now() + 5)
        return received
    }
}
