#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
internal import COpenSSL
internal import COpenSSLShims

/// One configured `SSL_CTX` (certificate, key, client CA, protocol and cipher policy).
/// Immutable after `init`, which is what makes sharing it across connections and threads safe
/// (OpenSSL documents an SSL_CTX as thread-safe once configured). Every session keeps its
/// context alive, so a rotation never frees a context that open connections still use.
final class OpenSSLContext: @unchecked Sendable {
    /// Mozilla "intermediate" TLS 1.2 suites restricted to ECDHE key exchange with AEAD ciphers:
    /// forward secrecy and no CBC (https://ssl-config.mozilla.org/guidelines/5.7.json).
    static let tls12Ciphers = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")
    /// The three TLS 1.3 suites (all AEAD, all forward secret).
    static let tls13Ciphersuites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
    static let groups = "X25519:prime256v1:secp384r1"

    let pointer: OpaquePointer
    let allowedClientSubjects: Set<String>
    let requiresClientCertificate: Bool
    let certificate: TLSCertificateSummary

    init(_ configuration: TLSConfiguration) throws(TLSConfigurationError) {
        if !configuration.allowedClientSubjects.isEmpty && configuration.clientCAPath == nil {
            throw TLSConfigurationError(
                setting: "tls.allowedClientSubjects", path: nil,
                reason: "an allow-list of client subjects needs tls.clientCA (client certificates are only requested with a client CA)")
        }
        let context = try Self.build(configuration)
        pointer = context.pointer
        certificate = context.certificate
        allowedClientSubjects = Set(configuration.allowedClientSubjects)
        requiresClientCertificate = configuration.clientCAPath != nil
        // The verify callback finds the allow-list through the context's app data. Sessions hold
        // this object, and SSL objects only exist inside sessions, so the pointer outlives every
        // callback.
        cs_SSL_CTX_set_app_data(pointer, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        cs_SSL_CTX_set_app_data(pointer, nil)
        SSL_CTX_free(pointer)
    }

    /// A new server-side `SSL` with memory BIOs; the caller owns it (SSL_free frees the BIOs).
    func makeSSL() throws(TLSSessionError) -> (ssl: OpaquePointer, readBIO: OpaquePointer, writeBIO: OpaquePointer) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(pointer) else {
            throw .handshakeFailed("SSL_new: \(OpenSSLErrorQueue.drainedDescription())")
        }
        var readBIO: OpaquePointer?
        var writeBIO: OpaquePointer?
        guard cs_SSL_attach_memory_bios(ssl, &readBIO, &writeBIO) == 1, let readBIO, let writeBIO else {
            SSL_free(ssl)
            throw .handshakeFailed("BIO_new: \(OpenSSLErrorQueue.drainedDescription())")
        }
        SSL_set_accept_state(ssl)
        return (ssl, readBIO, writeBIO)
    }

    /// Checks an allow-listed subject (empty list: any verified client is allowed).
    func allows(subject: String) -> Bool {
        allowedClientSubjects.isEmpty || allowedClientSubjects.contains(subject)
    }

    // MARK: - Building the SSL_CTX

    private static func build(_ configuration: TLSConfiguration) throws(TLSConfigurationError) -> (pointer: OpaquePointer, certificate: TLSCertificateSummary) {
        OpenSSLErrorQueue.clear()
        guard let ctx = SSL_CTX_new(TLS_server_method()) else {
            throw TLSConfigurationError(setting: "tls.certificate", path: nil,
                                        reason: "SSL_CTX_new failed: \(OpenSSLErrorQueue.drainedDescription())")
        }
        var built = false
        defer { if !built { SSL_CTX_free(ctx) } }

        try applyPolicy(ctx)
        // Never prompt on the terminal for a pass phrase: an encrypted key is a load error.
        SSL_CTX_set_default_passwd_cb(ctx) { _, _, _, _ in 0 }

        let certificatePath = configuration.certificatePath
        try checkReadableFile(certificatePath, setting: "tls.certificate")
        OpenSSLErrorQueue.clear()
        if SSL_CTX_use_certificate_chain_file(ctx, certificatePath) != 1 {
            throw TLSConfigurationError(setting: "tls.certificate", path: certificatePath,
                                        reason: explain(OpenSSLErrorQueue.drain(), loading: "certificate"))
        }
        let certificate = try summary(of: ctx, path: certificatePath)
        if certificate.notAfter < Date() {
            throw TLSConfigurationError(setting: "tls.certificate", path: certificatePath,
                                        reason: "certificate \(certificate.subject) expired at \(certificate.notAfter)")
        }

        let keyPath = configuration.privateKeyPath
        try checkReadableFile(keyPath, setting: "tls.privateKey")
        OpenSSLErrorQueue.clear()
        if SSL_CTX_use_PrivateKey_file(ctx, keyPath, SSL_FILETYPE_PEM) != 1 {
            throw TLSConfigurationError(setting: "tls.privateKey", path: keyPath,
                                        reason: explain(OpenSSLErrorQueue.drain(), loading: "private key", certificatePath: certificatePath))
        }
        OpenSSLErrorQueue.clear()
        if SSL_CTX_check_private_key(ctx) != 1 {
            let detail = OpenSSLErrorQueue.drainedDescription()
            throw TLSConfigurationError(setting: "tls.privateKey", path: keyPath,
                                        reason: "private key does not match the certificate in \(certificatePath) (\(detail))")
        }

        if let caPath = configuration.clientCAPath {
            try checkReadableFile(caPath, setting: "tls.clientCA")
            OpenSSLErrorQueue.clear()
            if cs_SSL_CTX_require_client_certificate(ctx, caPath, verifyClientCertificate) != 1 {
                throw TLSConfigurationError(setting: "tls.clientCA", path: caPath,
                                            reason: explain(OpenSSLErrorQueue.drain(), loading: "CA certificate"))
            }
        }
        built = true
        return (ctx, certificate)
    }

    /// Protocol and cipher policy: TLS 1.2 and 1.3 only (OpenSSL negotiates the highest both
    /// sides support, so 1.3 wins whenever the client has it), forward-secret AEAD suites only,
    /// no compression (CRIME), no renegotiation, resumption from a server-side session cache but
    /// no stateless tickets (Mozilla intermediate), ALPN http/1.1.
    /// The TLS 1.3 ticket also matters on the wire: sent right after the handshake, it carries
    /// the ACK of the client's Finished, so a client with Nagle's algorithm on (two small writes:
    /// Finished, then the request) is not held up by a delayed ACK.
    /// No server cipher preference: every suite offered is strong, and clients without AES
    /// hardware pick ChaCha20 (Mozilla intermediate: ssl_prefer_server_ciphers off).
    private static func applyPolicy(_ ctx: OpaquePointer) throws(TLSConfigurationError) {
        OpenSSLErrorQueue.clear()
        guard cs_SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1,
              cs_SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) == 1,
              SSL_CTX_set_cipher_list(ctx, tls12Ciphers) == 1,
              SSL_CTX_set_ciphersuites(ctx, tls13Ciphersuites) == 1,
              cs_SSL_CTX_set1_groups_list(ctx, groups) == 1
        else {
            throw TLSConfigurationError(setting: "tls.certificate", path: nil,
                                        reason: "OpenSSL refused the protocol policy: \(OpenSSLErrorQueue.drainedDescription())")
        }
        SSL_CTX_set_security_level(ctx, 2)
        _ = cs_SSL_CTX_set_hardening_options(ctx)
        cs_SSL_CTX_set_partial_write_modes(ctx)
        cs_SSL_CTX_release_buffers_when_idle(ctx)
        // One hour of resumption, at most 10,000 cached sessions (about 1 KB each: bounded memory) per
        // context; a rotation builds a new context and so starts an empty cache.
        let sessionContext = Array("claim-scrubber".utf8)
        cs_SSL_CTX_enable_session_cache(ctx, sessionContext, UInt32(sessionContext.count), 3600, 10_000)
        cs_SSL_CTX_set_alpn_http11(ctx)
    }

    private static func checkReadableFile(_ path: String, setting: String) throws(TLSConfigurationError) {
        if path.isEmpty { throw TLSConfigurationError(setting: setting, path: nil, reason: "no file given") }
        var info = stat()
        if stat(path, &info) != 0 {
            throw TLSConfigurationError(setting: setting, path: path, reason: String(cString: strerror(errno)))
        }
        if info.st_mode & S_IFMT != S_IFREG {
            throw TLSConfigurationError(setting: setting, path: path, reason: "not a regular file")
        }
        if access(path, R_OK) != 0 {
            throw TLSConfigurationError(setting: setting, path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Turns OpenSSL's error texts into a reason an operator can act on, keeping the originals.
    private static func explain(_ errors: [String], loading what: String, certificatePath: String? = nil) -> String {
        let detail = errors.isEmpty ? "unknown error" : errors.joined(separator: "; ")
        func mentions(_ fragments: String...) -> Bool {
            errors.contains { error in fragments.contains { error.contains($0) } }
        }
        if mentions("bad decrypt", "bad password", "interrupted or cancelled", "processing error") {
            return "the \(what) is encrypted with a pass phrase; give an unencrypted key (\(detail))"
        }
        if let certificatePath, mentions("key values mismatch") {
            return "private key does not match the certificate in \(certificatePath) (\(detail))"
        }
        if mentions("no start line", "DECODER routines::unsupported") {
            return "no PEM \(what) found in the file (\(detail))"
        }
        if mentions("ee key too small", "ca md too weak", "key too small") {
            return "the \(what) is too weak for security level 2 (RSA ≥ 2048 bits, SHA-256 signatures) (\(detail))"
        }
        return "cannot load the \(what): \(detail)"
    }

    private static func summary(of ctx: OpaquePointer, path: String) throws(TLSConfigurationError) -> TLSCertificateSummary {
        var digest = [UInt8](repeating: 0, count: 32)
        var subject = [CChar](repeating: 0, count: 1024)
        var notAfter: Int64 = 0
        guard cs_SSL_CTX_certificate_summary(ctx, &digest, &subject, subject.count, &notAfter) == 1 else {
            throw TLSConfigurationError(setting: "tls.certificate", path: path,
                                        reason: "cannot read the certificate: \(OpenSSLErrorQueue.drainedDescription())")
        }
        let subjectText = String(decoding: subject.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return TLSCertificateSummary(subject: subjectText, notAfter: Date(timeIntervalSince1970: TimeInterval(notAfter)),
                                     sha256: Hex.encode(digest))
    }
}

/// Verify callback (runs inside SSL_do_handshake for each certificate of the client's chain):
/// OpenSSL's chain verification decides; for the leaf, the subject must also be allow-listed.
/// Failing here makes OpenSSL send an alert, so the client learns it was refused in the handshake.
private let verifyClientCertificate: @convention(c) (Int32, OpaquePointer?) -> Int32 = { preverifyOK, store in
    guard preverifyOK == 1, let store else { return preverifyOK }
    guard X509_STORE_CTX_get_error_depth(store) == 0 else { return 1 }
    guard let ctx = cs_X509_STORE_CTX_get_ssl_ctx(store), let owner = cs_SSL_CTX_get_app_data(ctx) else { return 1 }
    let context = Unmanaged<OpenSSLContext>.fromOpaque(owner).takeUnretainedValue()
    if context.allowedClientSubjects.isEmpty { return 1 }
    var buffer = [CChar](repeating: 0, count: 1024)
    let length = cs_X509_STORE_CTX_leaf_subject(store, &buffer, buffer.count)
    let subject = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if context.allows(subject: subject) { return 1 }
    cs_X509_STORE_CTX_reject_application(store)
    return 0
}
