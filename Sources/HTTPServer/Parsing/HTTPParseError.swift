/// Why the HTTP layer refused a request before it reached the handler. The server answers with
/// `status` (problem+json body) and `Connection: close`, then closes: no byte after the bad request is
/// ever read as another request.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer with (400, 413, 414, 417, 431, 501, 505).
    public var status: Int
    /// A short stable token for metrics ("bad_framing", "header_too_large", ...).
    public var reason: String
    /// One sentence for the problem+json `detail` (never echoes request bytes).
    public var detail: String

    public init(status: Int, reason: String, detail: String) {
        self.status = status
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(status) \(reason): \(detail)" }

    static func badRequestLine(_ detail: String) -> HTTPParseError {
        HTTPParseError(status: 400, reason: "bad_request_line", detail: detail)
    }
    static func badHeader(_ detail: String) -> HTTPParseError {
        HTTPParseError(status: 400, reason: "bad_header", detail: detail)
    }
    static func badFraming(_ detail: String) -> HTTPParseError {
        HTTPParseError(status: 400, reason: "bad_framing", detail: detail)
    }
    static func badChunk(_ detail: String) -> HTTPParseError {
        HTTPParseError(status: 400, reason: "bad_chunk", detail: detail)
    }
    static let requestLineTooLong = HTTPParseError(
        status: 414, reason: "request_line_too_long", detail: "The request line is longer than the server accepts.")
    static let headerSectionTooLarge = HTTPParseError(
        status: 431, reason: "header_too_large", detail: "The header section is larger than the server accepts.")
    static let tooManyHeaders = HTTPParseError(
        status: 431, reason: "too_many_headers", detail: "The request has more header fields than the server accepts.")
    static let bodyTooLarge = HTTPParseError(
        status: 413, reason: "body_too_large", detail: "The request body is larger than the server accepts.")
    static let missingHost = HTTPParseError(
        status: 400, reason: "missing_host", detail: "An HTTP/1.1 request must carry a Host header field.")
    static let duplicateHost = HTTPParseError(
        status: 400, reason: "duplicate_host", detail: "A request must not carry more than one Host header field.")
    static let invalidHost = HTTPParseError(
        status: 400, reason: "bad_host", detail: "The Host header field is not a valid host with an optional port.")
    static let unsupportedVersion = HTTPParseError(
        status: 505, reason: "unsupported_version", detail: "Only HTTP/1.x is supported.")
    static let unsupportedTransferCoding = HTTPParseError(
        status: 501, reason: "unsupported_transfer_coding", detail: "Only the chunked transfer coding is supported.")
    static let expectationFailed = HTTPParseError(
        status: 417, reason: "expectation_failed", detail: "Only the 100-continue expectation is supported.")
}
