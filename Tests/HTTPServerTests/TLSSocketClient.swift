import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPServer

/// A blocking loopback HTTPS client built from `TLSTestClient` (memory BIOs) and a plain socket,
/// so tests control exactly which bytes go out and when (keep-alive, pipelining, stalls).
final class TLSSocketClient {
    struct Failure: Error, CustomStringConvertible { var description: String }
    struct Response {
        var status: Int
        var head: String
        var body: String
    }

    let tls: TLSTestClient
    let fd: Int32
    private var plaintext: [UInt8] = []
    private(set) var sawEOF = false

    init(port: Int, fixtures: TLSFixtures, clientCertificate: String? = nil, timeout: Double = 5) throws {
        tls = try TLSTestClient(caFile: fixtures.caCertificate, certificate: clientCertificate.map { fixtures.client($0) })
        fd = try Self.connect(port: port, timeout: timeout)
    }

    deinit { close(fd) }

    static func connect(port: Int, timeout: Double = 5) throws -> Int32 {
        // Close-on-exec: a child process another test starts must not hold this connection open.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        // Every blocking call is bounded: connect and sends (SO_SNDTIMEO), reads (SO_RCVTIMEO).
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw Failure(description: "connect errno \(errno)")
        }
        return fd
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { throw Failure(description: "send errno \(errno)") }
            offset += n
        }
    }

    /// Reads once from the socket: the bytes, [] on EOF; throws on timeout or error.
    static func readSome(_ fd: Int32) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = recv(fd, &buffer, buffer.count, 0)
        if n < 0 { throw Failure(description: errno == EAGAIN || errno == EWOULDBLOCK ? "timeout" : "recv errno \(errno)") }
        return Array(buffer.prefix(n))
    }

    private func flush() throws {
        let out = tls.takeOutbound()
        if !out.isEmpty { try Self.writeAll(fd, out) }
    }

    private func pump() throws {
        let bytes = try Self.readSome(fd)
        if bytes.isEmpty {
            sawEOF = true
            throw Failure(description: "server closed the connection")
        }
        plaintext += tls.receive(bytes)
        try flush()
        if let failure = tls.failure { throw Failure(description: failure) }
    }

    func handshake() throws {
        tls.step()
        try flush()
        while !tls.isHandshakeComplete {
            try pump()
        }
    }

    func send(_ text: String) throws {
        tls.send(Array(text.utf8))
        try flush()
    }

    /// Reads one response (Content-Length framed).
    func readResponse() throws -> Response {
        while true {
            if let end = plaintext.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: plaintext[..<end.lowerBound], as: UTF8.self)
                let lines = head.components(separatedBy: "\r\n")
                let status = Int(lines[0].split(separator: " ")[1]) ?? 0
                let length = lines.dropFirst().compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }.first ?? 0
                if plaintext.count - end.upperBound >= length {
                    let body = String(decoding: plaintext[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
                    plaintext.removeFirst(end.upperBound + length)
                    return Response(status: status, head: head, body: body)
                }
            }
            try pump()
        }
    }

    /// Everything the server sends until it closes (or the timeout), as text.
    func readUntilClose() -> String {
        _ = waitForClose()
        defer { plaintext = [] }
        return String(decoding: plaintext, as: UTF8.self)
    }

    /// Waits for the server to close (close_notify and/or EOF); true if it did before the timeout.
    func waitForClose() -> Bool {
        while true {
            guard let bytes = try? Self.readSome(fd) else { return false }
            if bytes.isEmpty { sawEOF = true; return true }
            plaintext += tls.receive(bytes)
        }
    }
}
