import HTTPServer

/// One located problem inside a request body: an RFC 6901 JSON pointer and a message that never
/// repeats the offending value (claims carry patient data).
public struct ProblemEntry: Sendable, Equatable {
    public var pointer: String
    public var message: String

    public init(pointer: String, message: String) {
        self.pointer = pointer
        self.message = message
    }
}

/// An RFC 9457 problem details document (`application/problem+json`).
public struct ProblemDetails: Sendable {
    /// The problem type URI; `about:blank` when the HTTP status says it all (RFC 9457 §4.2.1).
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var errors: [ProblemEntry]

    public init(type: String = "about:blank", title: String, status: Int, detail: String, errors: [ProblemEntry] = []) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    /// The JSON body.
    public func encoded() -> [UInt8] {
        var out = JSONText(capacity: 160 + errors.count * 80)
        out.raw("{\"type\":")
        out.string(type)
        out.raw(",\"title\":")
        out.string(title)
        out.raw(",\"status\":")
        out.int(status)
        out.raw(",\"detail\":")
        out.string(detail)
        out.raw(",\"errors\":[")
        for (i, entry) in errors.enumerated() {
            if i > 0 { out.raw(",") }
            out.raw("{\"pointer\":")
            out.string(entry.pointer)
            out.raw(",\"message\":")
            out.string(entry.message)
            out.raw("}")
        }
        out.raw("]}")
        return out.bytes
    }

    /// The response carrying this problem.
    public func response(extraHeaders: [(String, String)] = []) -> HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", "application/problem+json")])
        for (name, value) in extraHeaders { headers.add(name, value) }
        return HTTPResponse(status: status, headers: headers, body: encoded())
    }
}

extension ProblemDetails {
    static let typeBase = "https://claim-scrubber.dev/problems/"

    static func malformedJSON(_ errors: [ProblemEntry]) -> ProblemDetails {
        ProblemDetails(type: typeBase + "malformed-json", title: "Malformed JSON", status: 400,
                       detail: "The request body is not well-formed JSON (RFC 8259).", errors: errors)
    }

    static func invalidClaim(_ errors: [ProblemEntry]) -> ProblemDetails {
        let count = errors.count
        return ProblemDetails(type: typeBase + "invalid-claim", title: "Invalid claim", status: 422,
                              detail: count == 1 ? "The claim has 1 problem." : "The claim has \(count) problems.",
                              errors: errors)
    }

    static func notFound() -> ProblemDetails {
        ProblemDetails(title: "Not Found", status: 404, detail: "No resource at this path; see GET /openapi.yaml.")
    }

    static func methodNotAllowed(allow: String) -> ProblemDetails {
        ProblemDetails(title: "Method Not Allowed", status: 405, detail: "Allowed methods: \(allow).")
    }

    static func unsupportedMediaType() -> ProblemDetails {
        ProblemDetails(title: "Unsupported Media Type", status: 415,
                       detail: "Send the claim as Content-Type: application/json (UTF-8).",
                       errors: [ProblemEntry(pointer: "", message: "Content-Type must be application/json")])
    }

    static func unsupportedBatchMediaType() -> ProblemDetails {
        ProblemDetails(title: "Unsupported Media Type", status: 415,
                       detail: "Send the batch as Content-Type: application/x-ndjson (UTF-8, one claim per line).",
                       errors: [ProblemEntry(pointer: "", message: "Content-Type must be application/x-ndjson")])
    }

    /// RFC 9110 §15.5.16: an unsupported content coding; the response carries Accept-Encoding.
    static func unsupportedContentEncoding() -> ProblemDetails {
        ProblemDetails(title: "Unsupported Media Type", status: 415,
                       detail: "The only content coding accepted for request bodies is gzip.",
                       errors: [ProblemEntry(pointer: "", message: "Content-Encoding must be gzip or absent")])
    }

    static func malformedGzip(_ failure: GzipInflater.Failure) -> ProblemDetails {
        let why: String
        switch failure {
        case .truncated: why = "The gzip body ends before its end (truncated)."
        case .trailingGarbage: why = "The gzip body has bytes after its last member that are not another member."
        default: why = "The body is not valid gzip (RFC 1952)."
        }
        return ProblemDetails(type: typeBase + "malformed-gzip", title: "Malformed gzip", status: 400, detail: why,
                              errors: [ProblemEntry(pointer: "", message: "Content-Encoding: gzip, but the body does not inflate")])
    }

    static func tooManyBatches() -> ProblemDetails {
        ProblemDetails(title: "Service Unavailable", status: 503, detail: "Too many batches are being scrubbed; retry later.")
    }

    static func unauthorized(detail: String) -> ProblemDetails {
        ProblemDetails(title: "Unauthorized", status: 401, detail: detail)
    }

    static func forbidden(detail: String) -> ProblemDetails {
        ProblemDetails(title: "Forbidden", status: 403, detail: detail)
    }

    static func contentTooLarge(limit: Int) -> ProblemDetails {
        ProblemDetails(title: "Content Too Large", status: 413, detail: "The request body is larger than \(limit) bytes.")
    }

    static func internalError() -> ProblemDetails {
        ProblemDetails(title: "Internal Server Error", status: 500, detail: "The request could not be processed.")
    }
}
