/// Writes a response head and body into a byte buffer (RFC 9112 §4, §6).
///
/// The encoder owns the framing: it always writes `Content-Length` (except where RFC 9110 forbids a
/// body: 1xx, 204, 304), `Date`, `Connection: close` on the last response (and `keep-alive` for an
/// HTTP/1.0 client that asked for it), and `Content-Type` when there is a body. It drops
/// `Content-Length`, `Transfer-Encoding`, `Connection` and `Date` set by a handler, and never adds a
/// `Server` banner.
enum HTTPResponseEncoder {
    /// Facts about the request being answered.
    struct Context {
        var isHEAD: Bool
        var minorVersion: Int
        /// False when the connection closes after this response.
        var keepAlive: Bool
    }

    /// A handler-supplied header that cannot be written safely (CR/LF injection, bad name).
    struct InvalidHeader: Error {}

    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends the encoded response to `out`. Throws `InvalidHeader` (and appends nothing) when a
    /// header name is not a token or a value holds CR, LF, NUL or another control character.
    static func encode(
        _ response: HTTPResponse, context: Context, date: [UInt8], into out: inout [UInt8]
    ) throws(InvalidHeader) {
        let status = response.status
        // RFC 9110 §6.4.1: 204 and 304 carry no content; HEAD gets GET's headers without a body.
        let bodyAllowed = status != 204 && status != 304
        let sendBody = bodyAllowed && !context.isHEAD && !response.body.isEmpty

        out.reserveCapacity(out.count + 160 + response.body.count)
        let hasContentType = try appendHeadStart(status: status, headers: response.headers, date: date, into: &out)
        if bodyAllowed {
            if !hasContentType && !response.body.isEmpty {
                out += defaultContentType
            }
            out += contentLengthName
            appendInt(&out, response.body.count)
            out += crlf
        }
        if !context.keepAlive {
            out += connectionClose
        } else if context.minorVersion == 0 {
            // RFC 9112 §9.3: an HTTP/1.0 connection persists only when we echo keep-alive.
            out += connectionKeepAlive
        }
        out += crlf
        if sendBody { out += response.body }
    }

    /// How a streamed response's body is delimited (RFC 9112 §6.3).
    enum StreamFraming: Equatable {
        /// `Transfer-Encoding: chunked` (HTTP/1.1).
        case chunked
        /// The body ends when the connection closes (HTTP/1.0 clients, which cannot read chunked:
        /// RFC 9112 §6.1 forbids sending them Transfer-Encoding).
        case closeDelimited
        /// No body follows: a HEAD request, or a 204/304 status.
        case none
    }

    /// The framing of a streamed response with `status` for the request of `context`.
    static func streamFraming(status: Int, context: Context) -> StreamFraming {
        if status == 204 || status == 304 || context.isHEAD { return .none }
        return context.minorVersion >= 1 ? .chunked : .closeDelimited
    }

    /// Appends the head of a streamed response: like `encode`'s, with `Transfer-Encoding: chunked`
    /// instead of `Content-Length` (HTTP/1.1; also on a HEAD response, which carries the header
    /// fields GET would, RFC 9110 §9.3.2), or no length at all and `Connection: close` for an
    /// HTTP/1.0 client. Throws `InvalidHeader` (appending nothing) like `encode`.
    static func encodeStreamHead(
        status: Int, headers: HTTPHeaders, context: Context, date: [UInt8], into out: inout [UInt8]
    ) throws(InvalidHeader) {
        let bodyAllowed = status != 204 && status != 304
        let hasContentType = try appendHeadStart(status: status, headers: headers, date: date, into: &out)
        if bodyAllowed {
            if !hasContentType { out += defaultContentType }
            if context.minorVersion >= 1 { out += transferEncodingChunked }
        }
        // An HTTP/1.0 body is delimited by the close; a HEAD or 204/304 response has none.
        let closeDelimited = bodyAllowed && context.minorVersion == 0 && !context.isHEAD
        if !context.keepAlive || closeDelimited {
            out += connectionClose
        } else if context.minorVersion == 0 {
            out += connectionKeepAlive
        }
        out += crlf
    }

    /// The part of a head both kinds of response share: the status line, `Date` and the handler's
    /// fields less the framing ones. Validates everything first, so a throw appends nothing. True
    /// when the handler set `Content-Type`.
    private static func appendHeadStart(
        status: Int, headers: HTTPHeaders, date: [UInt8], into out: inout [UInt8]
    ) throws(InvalidHeader) -> Bool {
        for field in headers.fields {
            try validate(field.name, field.value)
        }
        guard status >= 200 && status <= 999 else { throw InvalidHeader() }
        out += statusLinePrefix
        appendInt(&out, status)
        out.append(32)
        out.append(contentsOf: HTTPStatusText.reason(status).utf8)
        out += crlf
        out += dateName
        out += date
        out += crlf
        var hasContentType = false
        for field in headers.fields {
            if isFramingHeader(field.name) { continue }
            if field.name.caseInsensitiveEquals("content-type") { hasContentType = true }
            out.append(contentsOf: field.name.utf8)
            out += colonSpace
            out.append(contentsOf: field.value.utf8)
            out += crlf
        }
        return hasContentType
    }

    /// Appends one chunk (RFC 9112 §7.1): the size in hex, CRLF, the data, CRLF. Nothing for no
    /// data: a zero size would be the last chunk.
    static func appendChunk(_ data: [UInt8], into out: inout [UInt8]) {
        guard !data.isEmpty else { return }
        // Room for the whole chunk at once: a large chunk is copied once, not again at each doubling.
        let needed = out.count + data.count + 20
        if needed > out.capacity { out.reserveCapacity(max(needed, 2 * out.capacity)) }
        appendHex(&out, data.count)
        out += crlf
        out += data
        out += crlf
    }

    /// Appends the last chunk and the trailer section (RFC 9112 §7.1, §7.1.2). Trailer fields that
    /// could not be written safely, and framing fields (RFC 9110 §6.5.1), are left out.
    static func appendLastChunk(trailers: HTTPHeaders, into out: inout [UInt8]) {
        out += lastChunk
        for field in trailers.fields {
            if isFramingHeader(field.name) || field.name.caseInsensitiveEquals("trailer")
                || field.name.caseInsensitiveEquals("content-type") || field.name.caseInsensitiveEquals("content-encoding") { continue }
            do {
                try validate(field.name, field.value)
            } catch {
                continue
            }
            out.append(contentsOf: field.name.utf8)
            out += colonSpace
            out.append(contentsOf: field.value.utf8)
            out += crlf
        }
        out += crlf
    }

    static func appendHex(_ out: inout [UInt8], _ value: Int) {
        var shift = 60
        while shift > 0 && (value >> shift) & 15 == 0 { shift -= 4 }
        while shift >= 0 {
            let digit = UInt8((value >> shift) & 15)
            out.append(digit < 10 ? 48 + digit : 87 + digit)
            shift -= 4
        }
    }

    /// The response the HTTP layer sends for its own errors: problem+json and `Connection: close`.
    static func encodeError(_ error: HTTPParseError, isHEAD: Bool = false, date: [UInt8], into out: inout [UInt8]) {
        let response = HTTPResponse(
            status: error.status,
            headers: HTTPHeaders([("Content-Type", ProblemBody.contentType)]),
            body: ProblemBody.make(status: error.status, detail: error.detail))
        do {
            try encode(response, context: Context(isHEAD: isHEAD, minorVersion: 1, keepAlive: false), date: date, into: &out)
        } catch {
            // Unreachable: the headers above are constants.
        }
    }

    static func validate(_ name: String, _ value: String) throws(InvalidHeader) {
        if name.utf8.isEmpty { throw InvalidHeader() }
        for b in name.utf8 where !ByteClass.isTokenChar(b) { throw InvalidHeader() }
        for b in value.utf8 where (b < 32 && b != 9) || b == 127 { throw InvalidHeader() }
    }

    private static func isFramingHeader(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: return name.caseInsensitiveEquals("date")
        case 10: return name.caseInsensitiveEquals("connection") || name.caseInsensitiveEquals("keep-alive")
        case 14: return name.caseInsensitiveEquals("content-length")
        case 17: return name.caseInsensitiveEquals("transfer-encoding")
        default: return false
        }
    }

    static func appendInt(_ out: inout [UInt8], _ value: Int) {
        if value < 10 {
            out.append(UInt8(48 + max(0, value)))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 && count < 20 {
                d[count] = UInt8(48 + n % 10)
                n /= 10
                count += 1
            }
            var i = count - 1
            while i >= 0 {
                out.append(d[i])
                i -= 1
            }
        }
    }

    private static let statusLinePrefix = Array("HTTP/1.1 ".utf8)
    private static let crlf: [UInt8] = [13, 10]
    private static let colonSpace: [UInt8] = [58, 32]
    private static let dateName = Array("Date: ".utf8)
    private static let contentLengthName = Array("Content-Length: ".utf8)
    private static let defaultContentType = Array("Content-Type: application/octet-stream\r\n".utf8)
    private static let connectionClose = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)
    private static let transferEncodingChunked = Array("Transfer-Encoding: chunked\r\n".utf8)
    private static let lastChunk = Array("0\r\n".utf8)
}
