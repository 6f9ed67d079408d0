#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A minimal blocking HTTP/1.1 client over a real loopback TCP socket: writes exact bytes, reads
/// one response at a time (Content-Length framed, as the server always sends).
final class RawHTTPClient {
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as NDJSON: one object per line (a line that is not one is an empty object).
        var ndjson: [[String: Any]] {
            text.split(separator: "\n").map {
                ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]) ?? [:]
            }
        }

        /// The body parsed as a JSON object (Foundation; tests only).
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
    }

    enum ClientError: Error { case connect(Int32), closed, malformed(String), timeout }

    private let fd: Int32
    private var buffer: [UInt8] = []

    /// How long each blocking call may take by default: 5 s, or SCRUBBER_TEST_SOCKET_TIMEOUT seconds.
    /// The sanitizer CI step raises it: instrumented code, with the whole suite running beside it,
    /// can answer a heavy request (a gzip bomb inflated to its limit) later than 5 s. Only waits that
    /// would otherwise fail get longer: no test here expects a read to time out.
    static let defaultTimeoutSeconds: Int = getenv("SCRUBBER_TEST_SOCKET_TIMEOUT").flatMap { Int(String(cString: $0)) } ?? 5

    init(port: Int, timeoutSeconds: Int = RawHTTPClient.defaultTimeoutSeconds) throws {
        // Close-on-exec: a child process another test starts must not hold this connection open.
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ClientError.connect(errno) }
        // Every blocking call is bounded: reads, and sends and connect (SO_SNDTIMEO) too.
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            // No close here: a class whose stored properties are all set runs deinit when its init
            // throws, and deinit closes `fd`. Closing twice would close whatever descriptor another
            // test (or the server under test) opened in between.
            throw ClientError.connect(errno)
        }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 { if errno == EINTR { continue }; throw ClientError.closed }
            offset += n
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sends one request with the usual headers and reads its response.
    func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8]? = nil) throws -> Response {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try send(Array(head.utf8) + (body ?? []))
        return try readResponse(head: method == "HEAD")
    }

    func request(_ method: String, _ target: String, headers: [(String, String)] = [], json: String) throws -> Response {
        try request(method, target, headers: [("Content-Type", "application/json")] + headers, body: Array(json.utf8))
    }

    /// Reads one response; `head` means no body follows whatever Content-Length says (HEAD).
    func readResponse(head: Bool = false) throws -> Response {
        var headerEnd: Int?
        while headerEnd == nil {
            if let r = find([13, 10, 13, 10]) { headerEnd = r; break }
            try fill()
        }
        guard let end = headerEnd else { throw ClientError.malformed("no header end") }
        let headText = String(decoding: buffer[..<end], as: UTF8.self)
        buffer.removeFirst(end + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw ClientError.malformed(statusLine) }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        var body: [UInt8] = []
        if !head && headers.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1 == "chunked" }) {
            // RFC 9112 §7.1, strictly: hex size, CRLF, data, CRLF; last chunk; no trailers expected.
            while true {
                var lineEnd = find([13, 10])
                while lineEnd == nil { try fill(); lineEnd = find([13, 10]) }
                guard let sizeEnd = lineEnd, let size = Int(String(decoding: buffer[..<sizeEnd], as: UTF8.self), radix: 16) else {
                    throw ClientError.malformed("chunk size")
                }
                buffer.removeFirst(sizeEnd + 2)
                while buffer.count < size + 2 { try fill() }
                guard buffer[size] == 13 && buffer[size + 1] == 10 else { throw ClientError.malformed("chunk end") }
                body += buffer[..<size]
                buffer.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else if !head && status != 204 && status != 304 && length > 0 {
            while buffer.count < length { try fill() }
            body = Array(buffer[..<length])
            buffer.removeFirst(length)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// Reads raw bytes until `needle` has arrived; returns everything read so far (kept for
    /// `readResponse`, which then reads the response from its start).
    func peek(until needle: String) throws -> String {
        let bytes = Array(needle.utf8)
        while find(bytes) == nil { try fill() }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// True when the server closed the connection (read returns 0) within the timeout.
    func waitForClose() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 { throw ClientError.closed }
        if n < 0 {
            if errno == EINTR { return }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError.timeout }
            throw ClientError.closed
        }
        buffer.append(contentsOf: chunk[..<n])
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        var i = 0
        while i + needle.count <= buffer.count {
            if buffer[i] == needle[0] && Array(buffer[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
