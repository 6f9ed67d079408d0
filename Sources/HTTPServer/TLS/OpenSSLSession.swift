internal import COpenSSL
internal import COpenSSLShims

/// One server-side TLS connection on memory BIOs: the connection code moves ciphertext between
/// the socket and this object, OpenSSL never touches the socket (so SIGPIPE, non-blocking I/O and
/// timeouts stay with the connection code, and the engine is testable without sockets).
/// Used from one connection's event loop thread only.
final class OpenSSLSession: TransportSecuritySession {
    /// Keeps the SSL_CTX (and the allow-list its verify callback reads) alive for this connection,
    /// even after a rotation replaced it for new connections.
    private let context: OpenSSLContext
    private let ssl: OpaquePointer
    private let readBIO: OpaquePointer
    private let writeBIO: OpaquePointer

    private(set) var isHandshakeComplete = false
    private(set) var peerClosed = false
    private(set) var peerSubject: String?
    /// Set once the session failed or was shut down: no more SSL_* I/O.
    private var isDone = false
    private var hasSeenFirstByte = false
    private var pendingPlaintext: [UInt8] = []
    /// Bytes queued by this object itself (the plain-HTTP 400), sent before any TLS records.
    private var plainOutbound: [UInt8] = []

    init(context: OpenSSLContext) throws(TLSSessionError) {
        self.context = context
        (ssl, readBIO, writeBIO) = try context.makeSSL()
    }

    deinit {
        SSL_free(ssl) // frees both memory BIOs too (SSL_set_bio gave it ownership)
    }

    /// The negotiated protocol version ("TLSv1.3"), once the handshake is complete.
    var protocolVersion: String? {
        guard isHandshakeComplete, let name = SSL_get_version(ssl) else { return nil }
        return String(cString: name)
    }

    /// The negotiated cipher suite name, once the handshake is complete.
    var cipherName: String? {
        guard isHandshakeComplete, let cipher = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_get_name(cipher) else { return nil }
        return String(cString: name)
    }

    /// The ALPN protocol selected ("http/1.1"), or nil when the client sent no ALPN.
    var alpnProtocol: String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let length = cs_SSL_get_alpn(ssl, &buffer, buffer.count)
        guard length > 0 else { return nil }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: - TransportSecuritySession

    func receive(_ ciphertext: [UInt8]) throws -> [UInt8] {
        guard !isDone else { throw TLSSessionError.closed }
        if ciphertext.isEmpty { return [] }
        if !hasSeenFirstByte {
            hasSeenFirstByte = true
            try checkFirstByte(ciphertext[0])
        }
        try feed(ciphertext)
        if !isHandshakeComplete {
            try advanceHandshake()
            if !isHandshakeComplete { return [] }
        }
        return try readPlaintext()
    }

    func send(_ plaintext: [UInt8]) throws {
        guard !isDone else { throw TLSSessionError.closed }
        guard isHandshakeComplete else {
            pendingPlaintext.append(contentsOf: plaintext)
            return
        }
        try write(plaintext)
    }

    func takeOutbound() -> [UInt8] {
        var bytes = plainOutbound
        plainOutbound = []
        let pending = cs_BIO_pending(writeBIO)
        guard pending > 0, pending <= Int(Int32.max) else { return bytes }
        let records = [UInt8](unsafeUninitializedCapacity: pending) { buffer, count in
            let read = BIO_read(writeBIO, buffer.baseAddress, Int32(pending))
            count = read > 0 ? Int(read) : 0
        }
        if bytes.isEmpty { return records }
        bytes.append(contentsOf: records)
        return bytes
    }

    func shutdown() {
        guard !isDone else { return }
        isDone = true
        // close_notify only makes sense on an established session; during the handshake the
        // connection is simply closed.
        guard isHandshakeComplete else { return }
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
    }

    // MARK: - Steps

    /// A TLS connection starts with a handshake record (content type 22, RFC 8446 §5.1). A letter
    /// there is an HTTP request line sent in the clear: answer a plain 400 (so a person trying
    /// http:// sees why) and close, as nginx does.
    private func checkFirstByte(_ byte: UInt8) throws(TLSSessionError) {
        if byte == 22 { return }
        isDone = true
        if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) {
            let body = "This port speaks HTTPS only; use https://\n"
            plainOutbound = Array(("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n"
                + "Connection: close\r\n\r\n" + body).utf8)
            throw .plainHTTP
        }
        throw .notTLS
    }

    private func feed(_ ciphertext: [UInt8]) throws(TLSSessionError) {
        var offset = 0
        while offset < ciphertext.count {
            let chunk = min(ciphertext.count - offset, Int(Int32.max))
            let written = ciphertext.withUnsafeBytes { BIO_write(readBIO, $0.baseAddress.map { $0 + offset }, Int32(chunk)) }
            guard written > 0 else {
                isDone = true
                throw .protocolError("BIO_write: \(OpenSSLErrorQueue.drainedDescription())")
            }
            offset += Int(written)
        }
    }

    private func advanceHandshake() throws(TLSSessionError) {
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            try handshakeCompleted()
            return
        }
        let error = SSL_get_error(ssl, result)
        let messages = OpenSSLErrorQueue.drain()
        switch error {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            // Memory BIOs never block on write; either way we wait for the next bytes from the
            // peer (whatever OpenSSL wrote meanwhile is in the outbound buffer).
            return
        default:
            isDone = true
            throw .handshakeFailed(describe(error: error, messages: messages))
        }
    }

    private func handshakeCompleted() throws(TLSSessionError) {
        isHandshakeComplete = true
        if context.requiresClientCertificate {
            var buffer = [CChar](repeating: 0, count: 1024)
            let length = cs_SSL_get_verified_peer_subject(ssl, &buffer, buffer.count)
            guard length > 0 else {
                isDone = true
                throw .handshakeFailed("no verified client certificate")
            }
            let subject = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // The verify callback already refused subjects outside the allow-list inside the
            // handshake; this second check keeps the rule even if the callback is bypassed.
            guard context.allows(subject: subject) else {
                isDone = true
                throw .clientNotAllowed(subject: subject)
            }
            peerSubject = subject
        }
        if !pendingPlaintext.isEmpty {
            let bytes = pendingPlaintext
            pendingPlaintext = []
            try write(bytes)
        }
    }

    private func readPlaintext() throws(TLSSessionError) -> [UInt8] {
        var plaintext: [UInt8] = []
        // A TLS record carries at most 16 KiB of plaintext (RFC 8446 §5.1).
        try withUnsafeTemporaryAllocation(byteCount: 16_384, alignment: 16) { (buffer) throws(TLSSessionError) in
            while true {
                OpenSSLErrorQueue.clear()
                let count = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
                if count > 0 {
                    plaintext.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<Int(count)]))
                    // Nothing buffered in OpenSSL and no ciphertext left: the next SSL_read could
                    // only answer WANT_READ, so skip it (one call fewer per request).
                    if SSL_pending(ssl) == 0 && cs_BIO_pending(readBIO) == 0 { return }
                    continue
                }
                let error = SSL_get_error(ssl, count)
                let messages = OpenSSLErrorQueue.drain()
                switch error {
                case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                    return
                case SSL_ERROR_ZERO_RETURN:
                    // close_notify from the peer; our own close_notify goes out on shutdown().
                    peerClosed = true
                    return
                case SSL_ERROR_SYSCALL where messages.isEmpty:
                    // No BIO error is possible with memory BIOs; treat as an unclean end.
                    peerClosed = true
                    return
                default:
                    isDone = true
                    throw .protocolError(describe(error: error, messages: messages))
                }
            }
        }
        return plaintext
    }

    private func write(_ bytes: [UInt8]) throws(TLSSessionError) {
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, Int(Int32.max))
            OpenSSLErrorQueue.clear()
            let written = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress.map { $0 + offset }, Int32(chunk)) }
            if written > 0 {
                offset += Int(written)
                continue
            }
            let error = SSL_get_error(ssl, written)
            let messages = OpenSSLErrorQueue.drain()
            // WANT_WRITE cannot happen with a memory BIO; anything else is fatal. Not retrying
            // avoids spinning on a state that would never change.
            isDone = true
            throw .protocolError(describe(error: error, messages: messages))
        }
    }

    private func describe(error: Int32, messages: [String]) -> String {
        var parts = messages
        let verify = SSL_get_verify_result(ssl)
        if verify != Int(X509_V_OK), let text = X509_verify_cert_error_string(verify) {
            parts.append("certificate verification: \(String(cString: text))")
        }
        if parts.isEmpty { parts.append("SSL_get_error \(error)") }
        return parts.joined(separator: "; ")
    }
}
