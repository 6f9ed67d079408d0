/// The request line and header section of a request, with what the framing headers decided.
public struct HTTPRequestHead: Sendable {
    /// How the body is delimited (RFC 9112 §6.3).
    public enum BodyFraming: Sendable, Equatable {
        case none
        case contentLength(Int)
        case chunked
    }

    public var method: String
    /// The request target in origin form (absolute-form targets are reduced to path and query).
    public var target: String
    /// 0 for HTTP/1.0, 1 for HTTP/1.1 (and for HTTP/1.2 to 1.9, which are processed as HTTP/1.1).
    public var minorVersion: Int
    public var headers: HTTPHeaders
    public var framing: BodyFraming
    /// Whether the client allows the connection to stay open after this request (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// `Expect: 100-continue` on an HTTP/1.1 request (RFC 9110 §10.1.1).
    public var expectsContinue: Bool

    /// The path part of `target` (before `?`), not percent-decoded.
    public var path: Substring {
        // Byte search: the target is ASCII (the parser admits visible ASCII only).
        if let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) { return target[..<q] }
        return target[...]
    }
}
