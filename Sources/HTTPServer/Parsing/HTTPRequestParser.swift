/// An incremental HTTP/1.1 request parser (RFC 9112): bytes in, heads and complete requests out.
///
/// Pure: no I/O, no clock. Feed bytes with `append(_:)` in pieces of any size, then call `next()`
/// until it returns nil (more bytes needed). Every request yields `.head` once its header section is
/// complete (so the caller can answer `100 Continue`, or choose how to read the body) and then,
/// by default, `.request` once its whole body is in (at most `limits.body` bytes). A caller that
/// calls `streamBody(limit:)` right after `.head` gets the body instead as `.bodyPart` pieces of at
/// most `streamPieceLimit` bytes as they arrive, then `.bodyEnd`.
/// The first error is final: `.failure` is returned once and the parser then yields nothing, so no
/// byte after a bad request can be read as another request.
public struct HTTPRequestParser: Sendable {
    public enum Event: Sendable {
        case head(HTTPRequestHead)
        case request(HTTPRequest)
        /// A piece of a streamed body (after `streamBody(limit:)`), transfer coding removed.
        case bodyPart([UInt8])
        /// The streamed body is complete (chunked trailers, if any, were parsed and dropped).
        case bodyEnd
        case failure(HTTPParseError)
    }

    private enum State: Sendable {
        case requestLine
        case headers
        /// The head was reported; how the body is read is decided on the next `next()`.
        case bodyPending(HTTPRequestHead.BodyFraming)
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        /// A streamed body ended: `.bodyEnd` is due.
        case streamEnd
        case failed
    }

    /// Longest chunk-size line (size and extensions); chunk extensions are parsed and ignored.
    static let chunkLineLimit = 4096
    /// Largest `.bodyPart` piece of a streamed body.
    public static let streamPieceLimit = 256 * 1024

    public let limits: HTTPServer.Configuration.Limits
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Where the search for the next LF resumes (bytes before it were already scanned).
    private var scanIndex = 0
    private var state: State = .requestLine

    // The request being parsed.
    private var method = ""
    private var target = ""
    private var minorVersion = 1
    private var fields: [(name: String, value: String)] = []
    private var headerBytes = 0
    private var body: [UInt8] = []
    private var bodyTotal = 0
    private var framing = FramingFacts()
    /// The current request's body is streamed (`streamBody(limit:)`) rather than collected.
    private var streaming = false
    /// The current request's body limit: `limits.body` unless `streamBody(limit:)` set another.
    private var bodyLimit: Int

    public init(limits: HTTPServer.Configuration.Limits = .init()) {
        self.limits = limits
        self.bodyLimit = limits.body
    }

    /// Bytes received but not yet consumed by `next()`.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// True between requests with nothing buffered (a keep-alive connection at rest).
    public var isIdle: Bool {
        if case .requestLine = state { return buffer.count == readIndex }
        return false
    }

    /// True once a failure was reported.
    public var hasFailed: Bool {
        if case .failed = state { return true }
        return false
    }

    /// True while a request's body is being read (its head was reported, its end not yet).
    public var isReadingBody: Bool {
        switch state {
        case .bodyPending, .body, .chunkSize, .chunkData, .chunkDataEnd, .trailers, .streamEnd: return true
        default: return false
        }
    }

    /// Streams the body of the request whose `.head` was just reported: `next()` then yields it as
    /// `.bodyPart` pieces and `.bodyEnd` (at once for a request without a body), and its size may
    /// reach `limit` bytes instead of `limits.body` (413 `.failure` beyond). Ignored at any other time.
    public mutating func streamBody(limit: Int) {
        guard case .bodyPending = state else { return }
        streaming = true
        bodyLimit = max(0, limit)
    }

    /// Drops the request whose `.head` was just reported, answered without reading its body.
    /// Returns true when the request has no body, so the next request can follow; false when a body
    /// was announced: the parser then yields nothing more (its bytes cannot be told apart from a
    /// following request without reading them), and the connection must close.
    public mutating func skipRequest() -> Bool {
        guard case .bodyPending(let framing) = state else { return false }
        currentHead = nil
        resetBodyMode()
        if framing == .none {
            state = .requestLine
            return true
        }
        state = .failed
        return false
    }

    private mutating func resetBodyMode() {
        streaming = false
        bodyLimit = limits.body
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: [UInt8]) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    private mutating func compact() {
        if readIndex == buffer.count {
            // A streamed body keeps its buffer from read to read; an idle connection keeps little.
            buffer.removeAll(keepingCapacity: buffer.capacity <= (streaming ? 2 * Self.streamPieceLimit : 64 * 1024))
            readIndex = 0
            scanIndex = 0
        } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
            scanIndex -= readIndex
            readIndex = 0
        }
    }

    /// The next event, or nil when more bytes are needed (or after a failure).
    public mutating func next() -> Event? {
        // A local copy keeps the bytes readable while `self` is mutated (no copy is made: the
        // buffer is only read here).
        let bytes = buffer
        return bytes.withUnsafeBufferPointer { (p) -> Event? in
            do throws(HTTPParseError) {
                return try step(p)
            } catch {
                state = .failed
                return .failure(error)
            }
        }
    }

    // MARK: - State machine

    private mutating func step(_ p: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Event? {
        while true {
            switch state {
            case .failed:
                return nil
            case .requestLine:
                guard let line = try findLine(p, limit: limits.requestLine, onOverflow: .requestLineTooLong) else {
                    return nil
                }
                // RFC 9112 §2.2: ignore empty lines received before the request line.
                if line.isEmpty { continue }
                try parseRequestLine(p, line)
                state = .headers
            case .headers:
                let remaining = limits.headerSection - headerBytes
                guard let line = try findLine(p, limit: remaining - 2, onOverflow: .headerSectionTooLarge) else {
                    return nil
                }
                headerBytes += line.count + 2
                if headerBytes > limits.headerSection { throw .headerSectionTooLarge }
                if line.isEmpty {
                    return try finishHead()
                }
                if fields.count >= limits.headerCount { throw .tooManyHeaders }
                try parseFieldLine(p, line, store: true)
            case .bodyPending(let framing):
                switch framing {
                case .none:
                    return streaming ? endStream() : completeRequest()
                case .contentLength(let n):
                    if n > bodyLimit { throw .bodyTooLarge }
                    // Grow as bytes arrive rather than trusting the announced length up front.
                    if !streaming { body.reserveCapacity(min(n, 64 * 1024)) }
                    state = .body(remaining: n)
                case .chunked:
                    state = .chunkSize
                }
            case .body(let remaining):
                let available = p.count - readIndex
                if available == 0 { return nil }
                if streaming {
                    let take = min(available, remaining, Self.streamPieceLimit)
                    let piece = Array(UnsafeBufferPointer(rebasing: p[readIndex..<(readIndex + take)]))
                    readIndex += take
                    scanIndex = readIndex
                    state = take == remaining ? .streamEnd : .body(remaining: remaining - take)
                    return .bodyPart(piece)
                }
                let take = min(available, remaining)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: p[readIndex..<(readIndex + take)]))
                readIndex += take
                scanIndex = readIndex
                if take == remaining { return completeRequest() }
                state = .body(remaining: remaining - take)
                return nil
            case .streamEnd:
                return endStream()
            case .chunkSize:
                guard let line = try findLine(p, limit: Self.chunkLineLimit, onOverflow: .badChunk("The chunk-size line is too long.")) else {
                    return nil
                }
                let size = try parseChunkSize(p, line)
                if size == 0 {
                    headerBytes = 0
                    fieldCountInTrailers = 0
                    state = .trailers
                } else {
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let available = p.count - readIndex
                if available == 0 { return nil }
                if streaming {
                    let take = min(available, remaining, Self.streamPieceLimit)
                    let piece = Array(UnsafeBufferPointer(rebasing: p[readIndex..<(readIndex + take)]))
                    readIndex += take
                    scanIndex = readIndex
                    state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
                    return .bodyPart(piece)
                }
                let take = min(available, remaining)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: p[readIndex..<(readIndex + take)]))
                readIndex += take
                scanIndex = readIndex
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
                if take < remaining { return nil }
            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk-data is followed by exactly CRLF.
                if p.count - readIndex < 2 {
                    if p.count > readIndex && p[readIndex] != 13 { throw .badChunk("Chunk data is not followed by CRLF.") }
                    return nil
                }
                guard p[readIndex] == 13 && p[readIndex + 1] == 10 else {
                    throw .badChunk("Chunk data is not followed by CRLF.")
                }
                readIndex += 2
                scanIndex = readIndex
                state = .chunkSize
            case .trailers:
                // RFC 9112 §7.1.2: trailer fields are parsed (same syntax and limits) and ignored.
                let remaining = limits.headerSection - headerBytes
                guard let line = try findLine(p, limit: remaining - 2, onOverflow: .headerSectionTooLarge) else {
                    return nil
                }
                headerBytes += line.count + 2
                if headerBytes > limits.headerSection { throw .headerSectionTooLarge }
                if line.isEmpty { return streaming ? endStream() : completeRequest() }
                fieldCountInTrailers += 1
                if fieldCountInTrailers > limits.headerCount { throw .tooManyHeaders }
                try parseFieldLine(p, line, store: false)
            }
        }
    }

    private var fieldCountInTrailers = 0

    /// Finds the next CRLF-terminated line; returns its content range (without CRLF) and consumes it.
    /// A bare LF, or a line longer than `limit`, is an error.
    private mutating func findLine(
        _ p: UnsafeBufferPointer<UInt8>, limit: Int, onOverflow: HTTPParseError
    ) throws(HTTPParseError) -> Range<Int>? {
        var i = scanIndex
        let end = p.count
        while i < end && p[i] != 10 { i += 1 }
        if i == end {
            scanIndex = end
            // Without its CRLF the line is at least this long already.
            if end - readIndex > max(limit, 0) + 1 { throw onOverflow }
            return nil
        }
        // The length is judged before the line ending, exactly as above when the LF has not arrived
        // yet: a line over the limit is refused the same way however the bytes were split.
        if i - readIndex > max(limit, 0) + 1 { throw onOverflow }
        // RFC 9112 §2.2: we require CRLF; a bare LF is rejected rather than guessed at.
        guard i > readIndex && p[i - 1] == 13 else {
            throw HTTPParseError(status: 400, reason: "bad_line_ending", detail: "A line ends with a bare LF.")
        }
        let line = readIndex..<(i - 1)
        if line.count > limit { throw onOverflow }
        readIndex = i + 1
        scanIndex = readIndex
        return line
    }

    // MARK: - Request line (RFC 9112 §3)

    private mutating func parseRequestLine(_ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) throws(HTTPParseError) {
        var i = line.lowerBound
        let end = line.upperBound
        let methodStart = i
        while i < end && ByteClass.isTokenChar(p[i]) { i += 1 }
        guard i > methodStart, i < end, p[i] == 32 else {
            throw .badRequestLine("The request line must be: method SP target SP HTTP-version.")
        }
        let methodRange = methodStart..<i
        i += 1
        let targetStart = i
        while i < end && p[i] > 32 && p[i] < 127 { i += 1 }
        guard i > targetStart, i < end, p[i] == 32 else {
            throw .badRequestLine("The request line must be: method SP target SP HTTP-version.")
        }
        let targetRange = targetStart..<i
        i += 1
        // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3), case-sensitive.
        guard end - i == 8, p[i] == 72, p[i + 1] == 84, p[i + 2] == 84, p[i + 3] == 80, p[i + 4] == 47,
              p[i + 6] == 46, ByteClass.isDigit(p[i + 5]), ByteClass.isDigit(p[i + 7]) else {
            throw .badRequestLine("The HTTP version is malformed.")
        }
        guard p[i + 5] == 49 else { throw .unsupportedVersion }
        // RFC 9110 §2.5: a higher minor version of HTTP/1 is processed as the highest we implement,
        // HTTP/1.1 (and answered as HTTP/1.1, like every response).
        minorVersion = p[i + 7] == 48 ? 0 : 1
        method = String(decoding: UnsafeBufferPointer(rebasing: p[methodRange]), as: UTF8.self)
        target = try Self.originForm(p, targetRange, method: method)
        fields.removeAll(keepingCapacity: true)
        headerBytes = 0
        framing = FramingFacts()
    }

    /// RFC 9112 §3.2: origin-form, absolute-form (reduced to its path and query), and asterisk-form
    /// for OPTIONS; authority-form (CONNECT) is not served.
    private static func originForm(
        _ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, method: String
    ) throws(HTTPParseError) -> String {
        let first = p[range.lowerBound]
        if first == 47 { // "/"
            return String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)
        }
        if first == 42 && range.count == 1 && method == "OPTIONS" { return "*" }
        for scheme in [ByteClass.httpScheme, ByteClass.httpsScheme]
        where range.count > scheme.count && ByteClass.equalsLowercase(p, range.lowerBound..<(range.lowerBound + scheme.count), scheme) {
            let authorityStart = range.lowerBound + scheme.count
            var authorityEnd = authorityStart
            while authorityEnd < range.upperBound && p[authorityEnd] != 47 && p[authorityEnd] != 63 { authorityEnd += 1 }
            // RFC 9110 §4.2.1: an http(s) URI names a non-empty host; §4.2.4: userinfo is an error.
            guard HostSyntax.isValid(p, authorityStart..<authorityEnd, allowEmpty: false) else {
                throw .badRequestLine("The authority of the request target is not a valid host and port.")
            }
            let tail = String(decoding: UnsafeBufferPointer(rebasing: p[authorityEnd..<range.upperBound]), as: UTF8.self)
            if tail.isEmpty { return "/" }
            return p[authorityEnd] == 63 ? "/" + tail : tail
        }
        throw .badRequestLine("The request target must be an absolute path.")
    }

    // MARK: - Field lines (RFC 9112 §5, RFC 9110 §5.5)

    private mutating func parseFieldLine(
        _ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, store: Bool
    ) throws(HTTPParseError) {
        var i = line.lowerBound
        let end = line.upperBound
        // RFC 9112 §5.2: obs-fold is rejected (a line starting with SP or HTAB).
        if p[i] == 32 || p[i] == 9 { throw .badHeader("Folded header lines (obs-fold) are not accepted.") }
        while i < end && ByteClass.isTokenChar(p[i]) { i += 1 }
        guard i < end else { throw .badHeader("A header line has no colon.") }
        if p[i] == 32 || p[i] == 9 {
            // RFC 9112 §5.1: no whitespace is allowed between the field name and the colon.
            throw .badHeader("Whitespace between a header field name and the colon is not accepted.")
        }
        guard p[i] == 58, i > line.lowerBound else { throw .badHeader("A header field name is not a token.") }
        let nameRange = line.lowerBound..<i
        i += 1
        while i < end && (p[i] == 32 || p[i] == 9) { i += 1 }
        var valueEnd = end
        while valueEnd > i && (p[valueEnd - 1] == 32 || p[valueEnd - 1] == 9) { valueEnd -= 1 }
        var j = i
        while j < valueEnd {
            // RFC 9110 §5.5: field-vchar, SP, HTAB and obs-text only; NUL, CR, LF and other controls
            // are rejected.
            let b = p[j]
            if (b < 32 && b != 9) || b == 127 {
                throw .badHeader("A header field value contains a control character (NUL, CR, LF, ...).")
            }
            j += 1
        }
        guard store else { return }
        let valueRange = i..<valueEnd
        try noteFramingField(p, nameRange, valueRange)
        let name = String(decoding: UnsafeBufferPointer(rebasing: p[nameRange]), as: UTF8.self)
        let value = String(decoding: UnsafeBufferPointer(rebasing: p[valueRange]), as: UTF8.self)
        fields.append((name: name, value: value))
    }

    private mutating func noteFramingField(
        _ p: UnsafeBufferPointer<UInt8>, _ name: Range<Int>, _ value: Range<Int>
    ) throws(HTTPParseError) {
        switch name.count {
        case 4 where ByteClass.equalsLowercase(p, name, ByteClass.host):
            // RFC 9112 §3.2: any request (HTTP/1.0 too) with more than one Host field line, or with an
            // invalid Host value, is answered 400, like an HTTP/1.1 request without Host.
            framing.hostCount += 1
            guard framing.hostCount == 1 else { throw .duplicateHost }
            guard HostSyntax.isValid(p, value, allowEmpty: true) else { throw .invalidHost }
        case 6 where ByteClass.equalsLowercase(p, name, ByteClass.expect):
            if ByteClass.equalsLowercase(p, value, ByteClass.continue100) {
                framing.expectsContinue = true
            } else {
                framing.unknownExpectation = true
            }
        case 10 where ByteClass.equalsLowercase(p, name, ByteClass.connection):
            ByteClass.forEachListElement(p, value) { element in
                if ByteClass.equalsLowercase(p, element, ByteClass.close) { framing.close = true }
                if ByteClass.equalsLowercase(p, element, ByteClass.keepAlive) { framing.keepAlive = true }
            }
        case 14 where ByteClass.equalsLowercase(p, name, ByteClass.contentLength):
            // RFC 9112 §6.3: several Content-Length fields, or a list, make the framing ambiguous;
            // we reject them even when the values agree.
            guard framing.contentLength == nil else { throw .badFraming("More than one Content-Length field.") }
            guard !value.isEmpty, value.count <= 18 else { throw .badFraming("Content-Length is not a valid length.") }
            var n = 0
            for k in value {
                guard ByteClass.isDigit(p[k]) else { throw .badFraming("Content-Length is not a valid length.") }
                n = n * 10 + Int(p[k] - 48)
            }
            framing.contentLength = n
        case 17 where ByteClass.equalsLowercase(p, name, ByteClass.transferEncoding):
            framing.transferEncodingSeen = true
            var bad: HTTPParseError?
            ByteClass.forEachListElement(p, value) { element in
                if ByteClass.equalsLowercase(p, element, ByteClass.chunked) {
                    // RFC 9112 §6.1: chunked must not be applied more than once.
                    if framing.chunkedCount > 0 { bad = .badFraming("The chunked coding is applied more than once.") }
                    framing.chunkedCount += 1
                    framing.lastIsChunked = true
                } else {
                    framing.otherCoding = true
                    framing.lastIsChunked = false
                }
            }
            if let bad { throw bad }
        default:
            break
        }
    }

    private mutating func finishHead() throws(HTTPParseError) -> Event? {
        // RFC 9112 §3.2: an HTTP/1.1 request without Host is answered 400 (a repeated one already was).
        if minorVersion == 1 && framing.hostCount == 0 { throw .missingHost }
        let bodyFraming: HTTPRequestHead.BodyFraming
        if framing.transferEncodingSeen {
            // RFC 9112 §6.1: Transfer-Encoding with Content-Length is a smuggling vector: 400.
            if framing.contentLength != nil { throw .badFraming("Both Content-Length and Transfer-Encoding are present.") }
            // RFC 9112 §6.1: HTTP/1.0 has no transfer codings; the framing is faulty.
            if minorVersion == 0 { throw .badFraming("Transfer-Encoding is not allowed in an HTTP/1.0 request.") }
            if framing.otherCoding { throw .unsupportedTransferCoding }
            guard framing.lastIsChunked else { throw .badFraming("Transfer-Encoding is empty.") }
            bodyFraming = .chunked
        } else if let length = framing.contentLength {
            // Checked against the body limit when the body is read (a streamed body may have another).
            bodyFraming = length == 0 ? .none : .contentLength(length)
        } else {
            bodyFraming = .none
        }
        // RFC 9110 §10.1.1: an expectation we do not understand is answered 417.
        if framing.unknownExpectation { throw .expectationFailed }
        let keepAlive = framing.close ? false : (minorVersion == 1 || framing.keepAlive)
        let head = HTTPRequestHead(
            method: method, target: target, minorVersion: minorVersion,
            headers: HTTPHeaders(fields), framing: bodyFraming, keepAlive: keepAlive,
            // RFC 9110 §10.1.1: ignore 100-continue in an HTTP/1.0 request; no body, nothing to wait for.
            expectsContinue: framing.expectsContinue && minorVersion == 1 && bodyFraming != .none
        )
        body = []
        bodyTotal = 0
        state = .bodyPending(bodyFraming)
        currentHead = head
        return .head(head)
    }

    private var currentHead: HTTPRequestHead?

    private mutating func completeRequest() -> Event? {
        state = .requestLine
        resetBodyMode()
        guard let head = currentHead else { return nil }
        currentHead = nil
        return .request(makeRequest(head))
    }

    private mutating func endStream() -> Event {
        state = .requestLine
        currentHead = nil
        resetBodyMode()
        return .bodyEnd
    }

    private mutating func makeRequest(_ head: HTTPRequestHead) -> HTTPRequest {
        let request = HTTPRequest(
            method: head.method, target: head.target, minorVersion: head.minorVersion,
            headers: head.headers, body: body)
        body = []
        return request
    }

    // MARK: - Chunked (RFC 9112 §7.1)

    private mutating func parseChunkSize(_ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) throws(HTTPParseError) -> Int {
        var i = line.lowerBound
        let end = line.upperBound
        var size = 0
        while i < end, let digit = ByteClass.hexValue(p[i]) {
            // Overflow and the body limit are checked digit by digit.
            let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
            size = shifted + Int(digit)
            if overflow || size > bodyLimit { throw .bodyTooLarge }
            i += 1
        }
        guard i > line.lowerBound else { throw .badChunk("The chunk size is not a hexadecimal number.") }
        if i < end {
            // chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ): parsed for syntax, ignored.
            var k = i
            while k < end && (p[k] == 32 || p[k] == 9) { k += 1 }
            guard k < end, p[k] == 59 else { throw .badChunk("The chunk size is followed by something other than an extension.") }
            while k < end {
                let b = p[k]
                if (b < 32 && b != 9) || b == 127 { throw .badChunk("A chunk extension contains a control character.") }
                k += 1
            }
        }
        // Both are at most `bodyLimit`, so the sum cannot overflow.
        if size > bodyLimit - bodyTotal { throw .bodyTooLarge }
        bodyTotal += size
        return size
    }
}
