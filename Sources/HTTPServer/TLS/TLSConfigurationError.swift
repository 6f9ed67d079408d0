/// Why TLS material could not be loaded: the setting, the file and the reason, e.g.
/// `tls.privateKey: /etc/scrubber/key.pem: private key does not match the certificate in /etc/scrubber/cert.pem`.
public struct TLSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration setting at fault: "tls.certificate", "tls.privateKey", "tls.clientCA"
    /// or "tls.allowedClientSubjects".
    public var setting: String
    /// The file that was being loaded (nil when the problem is not about a file).
    public var path: String?
    /// A human-readable reason, including OpenSSL's own error text where it helps.
    public var reason: String

    public init(setting: String, path: String?, reason: String) {
        self.setting = setting
        self.path = path
        self.reason = reason
    }

    public var description: String {
        if let path { return "\(setting): \(path): \(reason)" }
        return "\(setting): \(reason)"
    }
}
