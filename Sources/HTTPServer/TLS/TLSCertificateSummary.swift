#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The server certificate a TLS context serves, for logs ("serving CN=localhost until ...")
/// and for checking that a rotation took effect.
public struct TLSCertificateSummary: Sendable, Equatable {
    /// Subject in RFC 2253 form, e.g. "CN=localhost,O=Clinic".
    public var subject: String
    /// End of the validity period.
    public var notAfter: Date
    /// Lowercase hex SHA-256 of the DER certificate (the fingerprint `openssl x509 -fingerprint -sha256` shows).
    public var sha256: String
}
