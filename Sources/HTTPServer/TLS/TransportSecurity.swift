/// A per-connection byte-stream transformation that sits between the socket and the HTTP/1.1
/// connection code (TLS with memory BIOs). The connection code owns the socket, timeouts and
/// buffers; this type only turns ciphertext into plaintext and back. One instance per connection,
/// used from that connection's event loop thread only.
public protocol TransportSecuritySession: AnyObject {
    /// Feeds bytes read from the socket. Returns application bytes that became readable (may be
    /// empty, e.g. during the handshake). Throws when the peer misbehaves (plain HTTP on a TLS
    /// port, bad certificate, protocol error): the connection is then closed.
    func receive(_ ciphertext: [UInt8]) throws -> [UInt8]
    /// Encrypts application bytes; the records are appended to the outbound buffer.
    func send(_ plaintext: [UInt8]) throws
    /// Removes and returns every byte the engine wants written to the socket (records, alerts).
    func takeOutbound() -> [UInt8]
    /// True once the handshake has completed.
    var isHandshakeComplete: Bool { get }
    /// True once the peer sent close_notify.
    var peerClosed: Bool { get }
    /// Starts an orderly close (close_notify goes to the outbound buffer).
    func shutdown()
    /// The verified client certificate subject, when mutual TLS verified one.
    var peerSubject: String? { get }
}

/// Makes sessions for new connections; `reload` swaps certificates without touching open
/// connections (they keep the context they started with).
public protocol TransportSecurityProvider: Sendable {
    func makeSession() throws -> any TransportSecuritySession
}
