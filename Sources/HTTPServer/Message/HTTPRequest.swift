/// One parsed HTTP/1.x request with its whole body (bodies are bounded by `HTTPServer.Limits`).
public struct HTTPRequest: Sendable {
    public var method: String
    /// The request target as sent (origin-form: path and optional query).
    public var target: String
    /// The path part of `target` (before `?`), not percent-decoded.
    public var path: String
    public var query: String?
    /// 0 for HTTP/1.0, 1 for HTTP/1.1 (and for HTTP/1.2 to 1.9, which are processed as HTTP/1.1).
    public var minorVersion: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// When the request's first byte was read, on the `HTTPServer.monotonicNanoseconds()` clock
    /// (0 when the request did not come from a connection). A pipelined request counts from the
    /// moment the previous response was made. Latency measured from here is what nginx calls
    /// `$request_time`: it includes a slow client's sending.
    public var receivedAt: UInt64 = 0

    public init(method: String, target: String, minorVersion: Int = 1, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.target = target
        // Byte search: the target is ASCII (the parser admits visible ASCII only).
        if let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            self.path = String(target[..<q])
            self.query = String(target[target.utf8.index(after: q)...])
        } else {
            self.path = target
            self.query = nil
        }
        self.minorVersion = minorVersion
        self.headers = headers
        self.body = body
    }
}

/// Facts about the connection a request arrived on, for logging and authorization.
public struct ConnectionInfo: Sendable {
    /// Remote address as text (e.g. "127.0.0.1:53412"); never logged with request bodies.
    public var remoteAddress: String
    /// True when the connection is TLS.
    public var isSecure: Bool
    /// The verified client certificate subject (mutual TLS), e.g. "CN=gateway,O=Clinic".
    public var peerSubject: String?

    public init(remoteAddress: String, isSecure: Bool = false, peerSubject: String? = nil) {
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
        self.peerSubject = peerSubject
    }
}
