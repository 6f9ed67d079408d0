/// What `TLSProvider` loads: PEM files for the server certificate chain and key, and optionally
/// the CA that signs client certificates (mutual TLS).
public struct TLSConfiguration: Sendable, Equatable {
    /// PEM file with the server certificate first, then any intermediates (setting `tls.certificate`).
    public var certificatePath: String
    /// PEM file with the unencrypted private key of that certificate (setting `tls.privateKey`).
    public var privateKeyPath: String
    /// PEM file with the CA certificate(s) client certificates must chain to (setting
    /// `tls.clientCA`). When set, every client must present a certificate that verifies.
    public var clientCAPath: String?
    /// When non-empty (and `clientCAPath` is set), only clients whose verified certificate subject
    /// is in this list complete the handshake. Subjects are compared exactly, in RFC 2253 form
    /// (most specific first), as printed by `openssl x509 -noout -subject -nameopt RFC2253`,
    /// e.g. "CN=gateway,O=Clinic".
    public var allowedClientSubjects: [String]
    /// How long a client may take to complete the handshake. The HTTP server enforces
    /// `HTTPServer.Configuration.Timeouts.handshake`; set that from this value.
    public var handshakeTimeout: Duration

    public init(
        certificatePath: String,
        privateKeyPath: String,
        clientCAPath: String? = nil,
        allowedClientSubjects: [String] = [],
        handshakeTimeout: Duration = .seconds(10)
    ) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
        self.allowedClientSubjects = allowedClientSubjects
        self.handshakeTimeout = handshakeTimeout
    }
}
