/// Why a TLS connection was refused or broken. The connection is closed after any of these.
public enum TLSSessionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The first bytes were not a TLS handshake record but looked like a plain-text HTTP request.
    case plainHTTP
    /// The first bytes were neither TLS nor HTTP.
    case notTLS
    /// The handshake failed (protocol version, cipher, ALPN, client certificate ...).
    case handshakeFailed(String)
    /// The client certificate verified but its subject is not in `allowedClientSubjects`.
    case clientNotAllowed(subject: String)
    /// A TLS protocol error after the handshake (bad record MAC, unexpected message ...).
    case protocolError(String)
    /// The session already failed or was shut down; no more data can pass.
    case closed

    /// A short stable token for metrics and logs ("tls_plain_http", "tls_handshake_failed", ...).
    public var reason: String {
        switch self {
        case .plainHTTP: "tls_plain_http"
        case .notTLS: "tls_not_tls"
        case .handshakeFailed: "tls_handshake_failed"
        case .clientNotAllowed: "tls_client_not_allowed"
        case .protocolError: "tls_protocol_error"
        case .closed: "tls_closed"
        }
    }

    public var description: String {
        switch self {
        case .plainHTTP: "plain HTTP request on the TLS port"
        case .notTLS: "not a TLS handshake"
        case .handshakeFailed(let why): "TLS handshake failed: \(why)"
        case .clientNotAllowed(let subject): "client certificate subject not allowed: \(subject)"
        case .protocolError(let why): "TLS protocol error: \(why)"
        case .closed: "TLS session closed"
        }
    }
}
