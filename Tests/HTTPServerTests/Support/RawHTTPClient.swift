import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking loopback client that writes exact bytes and reads exact responses.
final class RawHTTPClient {
    struct Response {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    enum ClientError: Error { case connect(Int32), timeout, closed, malformed(String) }

    let fd: Int32
    private var buffer: [UInt8] = []
    /// When set, every byte written and read is XORed with it (the fake TLS of the tests).
    var xorKey: UInt8?

    init(port: Int, receiveTimeout: Double = 5) throws {
        // Close-on-exec: a child process another test starts must not hold this connection open.
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        // Sends and connect are bounded too (SO_SNDTIMEO), not only reads.
        var sendTimeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port)).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 {
            // No close here: a class whose stored properties are all set runs deinit when its init
            // throws, and deinit closes `fd`. Closing twice would close whatever descriptor another
            // test (or the server under test) opened in between.
            throw ClientError.connect(errno)
        }
        setReceiveTimeout(receiveTimeout)
    }

    deinit { Glibc.close(fd) }

    func setReceiveTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    func setReceiveBuffer(_ bytes: Int32) {
        var size = bytes
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    func write(_ plain: [UInt8]) throws {
        let bytes = xorKey.map { key in plain.map { $0 ^ key } } ?? plain
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 { throw ClientError.closed }
            offset += n
        }
    }

    func shutdownWrite() { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Closes with an RST (SO_LINGER 0).
    func reset() {
        var l = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Reads more bytes into the buffer; false on EOF or reset.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 {
            if let key = xorKey {
                buffer += chunk[0..<n].map { $0 ^ key }
            } else {
                buffer += chunk[0..<n]
            }
            return true
        }
        if n == 0 { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError.timeout }
        return false
    }

    /// Reads one response (Content-Length framed; no body for HEAD when `head` is true).
    func readResponse(head: Bool = false) throws -> Response {
        while true {
            if let end = findHeaderEnd() {
                let headText = String(decoding: buffer[0..<end], as: UTF8.self)
                var lines = headText.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst()
                let parts = statusLine.split(separator: " ", maxSplits: 2)
                guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
                    throw ClientError.malformed(statusLine)
                }
                var headers: [(String, String)] = []
                for line in lines where !line.isEmpty {
                    guard let colon = line.firstIndex(of: ":") else { throw ClientError.malformed(line) }
                    headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: [" "])))
                }
                var response = Response(status: status, headers: headers, body: [])
                let length = (status >= 100 && status < 200) || status == 204 || status == 304 || head
                    ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
                while buffer.count < end + 4 + length {
                    guard try fill() else { throw ClientError.closed }
                }
                response.body = Array(buffer[(end + 4)..<(end + 4 + length)])
                buffer.removeFirst(end + 4 + length)
                return response
            }
            guard try fill() else { throw ClientError.closed }
        }
    }

    private func findHeaderEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// True when the server closed the connection (EOF or reset) with no further bytes.
    func isClosedByServer() -> Bool {
        do {
            while try fill() {}
            return true
        } catch {
            return false
        }
    }

    /// Everything until EOF.
    func readToEnd() throws -> [UInt8] {
        while try fill() {}
        defer { buffer = [] }
        return buffer
    }

    var leftover: [UInt8] { buffer }

    /// Reads exactly `count` raw bytes (before any XOR is applied to later reads).
    func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw ClientError.closed }
        }
        defer { buffer.removeFirst(count) }
        return Array(buffer.prefix(count))
    }
}
