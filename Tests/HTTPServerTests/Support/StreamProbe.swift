import Foundation
import Locking
import Synchronization
@testable import HTTPServer

/// What the streams of a test server did, readable from the test thread: events in order
/// ("start /upper", "finish", "interrupted shutdown", "cancelled write_timeout") and body bytes seen.
final class StreamLog: Sendable {
    private let events = Locked<[String]>([])
    let received = Atomic<Int>(0)

    func append(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
    func contains(_ event: String) -> Bool { events.withLock { $0.contains(event) } }
}

/// The stream handler of the loopback tests, chosen by path:
/// - `/upper`: each piece echoed upper-cased (one chunk per piece), a 200 `text/plain` head first;
/// - `/amplify?N`: each piece answered with N bytes of "x" (fills a client that does not read);
/// - `/slow?MS`: like `/upper`, sleeping MS milliseconds per piece (a handler slower than its client);
/// - `/count`: nothing until the end, then the number of body bytes.
/// Interrupted, it writes "[interrupted REASON]" into a started response.
final class StreamProbe: HTTPStreamHandler {
    let log: StreamLog
    let mode: String
    let parameter: Int
    private var count = 0

    init(path: Substring, query: Int, log: StreamLog) {
        self.mode = String(path)
        self.parameter = query
        self.log = log
        log.append("start \(path)")
    }

    func receive(_ body: UnsafeRawBufferPointer, into response: inout HTTPResponseWriter) {
        count += body.count
        log.received.add(body.count, ordering: .relaxed)
        switch mode {
        case "/amplify":
            start(&response)
            response.write([UInt8](repeating: 120, count: parameter))
        case "/count":
            break
        default:
            if mode == "/slow" { usleep(UInt32(parameter * 1000)) }
            start(&response)
            response.write(body.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 })
        }
    }

    func finish(into response: inout HTTPResponseWriter) {
        log.append("finish")
        start(&response)
        if mode == "/count" { response.write(Array("\(count)".utf8)) }
    }

    func interrupted(_ interruption: HTTPStreamInterruption, into response: inout HTTPResponseWriter) {
        log.append("interrupted \(interruption.reason)")
        if response.isStarted { response.write(Array("[interrupted \(interruption.reason)]".utf8)) }
    }

    func cancelled(_ interruption: HTTPStreamInterruption) {
        log.append("cancelled \(interruption.reason)")
    }

    private func start(_ response: inout HTTPResponseWriter) {
        if !response.isStarted { response.start(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")])) }
    }

    /// A router streaming every path the probe knows, with a 1 TiB body limit; others are read whole.
    static func router(_ log: StreamLog) -> HTTPStreamRouter {
        HTTPStreamRouter(methods: ["POST", "HEAD"]) { head, _ in
            let path = head.path
            guard ["/upper", "/amplify", "/slow", "/count"].contains(path) else { return .whole }
            let query = head.target.split(separator: "?").dropFirst().first.flatMap { Int($0) } ?? 0
            return .stream(StreamProbe(path: path, query: query, log: log), bodyLimit: 1 << 40)
        }
    }
}

extension RawHTTPClient {
    /// A chunked response: the head's header fields, the decoded body, the trailers, and the raw
    /// bytes after the head exactly as they came (for byte-exact checks).
    struct ChunkedResponse {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var trailers: [String]
        var raw: [UInt8]

        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// Reads the head (any framing), then a strictly parsed chunked body.
    func readChunkedResponse() throws -> ChunkedResponse {
        let headText = try readLine(until: "\r\n\r\n")
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw ClientError.malformed(statusLine) }
        let headers = lines.filter { !$0.isEmpty }.map { line -> (String, String) in
            let colon = line.firstIndex(of: ":") ?? line.endIndex
            return (String(line[..<colon]), line[colon...].dropFirst().trimmingCharacters(in: [" "]))
        }
        var response = ChunkedResponse(status: status, headers: headers, body: [], trailers: [], raw: [])
        while true {
            let sizeLine = try readLine(until: "\r\n")
            response.raw += Array((sizeLine + "\r\n").utf8)
            guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else { throw ClientError.malformed(sizeLine) }
            if size == 0 { break }
            let data = try readExactly(size + 2)
            guard data.suffix(2) == [13, 10] else { throw ClientError.malformed("chunk not followed by CRLF") }
            response.body += data.prefix(size)
            response.raw += data
        }
        while true {
            let trailer = try readLine(until: "\r\n")
            response.raw += Array((trailer + "\r\n").utf8)
            if trailer.isEmpty { break }
            response.trailers.append(trailer)
        }
        return response
    }

    /// The response head up to its empty line (consumed, not returned).
    func readHead() throws -> String { try readLine(until: "\r\n\r\n") }

    /// The text up to `terminator` (consumed, not returned).
    private func readLine(until terminator: String) throws -> String {
        var bytes: [UInt8] = []
        let end = Array(terminator.utf8)
        while !bytes.ends(with: end) {
            bytes += try readExactly(1)
        }
        return String(decoding: bytes.dropLast(end.count), as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
