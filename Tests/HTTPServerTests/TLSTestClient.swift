import COpenSSL
import COpenSSLShims
import Foundation
@testable import HTTPServer

/// A client-side OpenSSL connection on memory BIOs, to handshake with a server session in
/// memory (no sockets). Test-only: verifies the server against the fixture CA.
final class TLSTestClient {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// A client-side session to resume (owns one SSL_SESSION reference).
    final class Session {
        let pointer: OpaquePointer
        init(_ pointer: OpaquePointer) { self.pointer = pointer }
        deinit { SSL_SESSION_free(pointer) }
    }

    private let ctx: OpaquePointer
    private let ssl: OpaquePointer
    private let readBIO: OpaquePointer
    private let writeBIO: OpaquePointer
    private(set) var isHandshakeComplete = false
    private(set) var failure: String?
    private(set) var receivedCloseNotify = false

    /// - Parameters:
    ///   - maxVersion/minVersion: e.g. TLS1_1_VERSION to act as an old client.
    ///   - ciphers: TLS 1.2 cipher list to offer (nil: OpenSSL's default).
    ///   - alpn: protocols to offer (empty: no ALPN extension).
    init(caFile: String, certificate: (certificate: String, key: String)? = nil,
         minVersion: Int32 = TLS1_VERSION, maxVersion: Int32 = TLS1_3_VERSION,
         ciphers: String? = nil, alpn: [String] = ["http/1.1"], resuming session: Session? = nil) throws {
        guard let ctx = SSL_CTX_new(TLS_client_method()) else { throw Failure(description: "SSL_CTX_new") }
        self.ctx = ctx
        // Old protocol versions need security level 0 to be offered at all by this OpenSSL.
        SSL_CTX_set_security_level(ctx, minVersion < TLS1_2_VERSION ? 0 : 1)
        _ = cs_SSL_CTX_set_min_proto_version(ctx, minVersion)
        _ = cs_SSL_CTX_set_max_proto_version(ctx, maxVersion)
        if let ciphers { _ = SSL_CTX_set_cipher_list(ctx, ciphers) }
        guard SSL_CTX_load_verify_locations(ctx, caFile, nil) == 1 else {
            SSL_CTX_free(ctx)
            throw Failure(description: "load CA")
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
        if let certificate {
            guard SSL_CTX_use_certificate_chain_file(ctx, certificate.certificate) == 1,
                  SSL_CTX_use_PrivateKey_file(ctx, certificate.key, SSL_FILETYPE_PEM) == 1 else {
                SSL_CTX_free(ctx)
                throw Failure(description: "load client certificate")
            }
        }
        if !alpn.isEmpty {
            var wire: [UInt8] = []
            for name in alpn { wire.append(UInt8(name.utf8.count)); wire.append(contentsOf: name.utf8) }
            _ = SSL_CTX_set_alpn_protos(ctx, wire, UInt32(wire.count))
        }
        guard let ssl = SSL_new(ctx) else {
            SSL_CTX_free(ctx)
            throw Failure(description: "SSL_new")
        }
        var readBIO: OpaquePointer?
        var writeBIO: OpaquePointer?
        guard cs_SSL_attach_memory_bios(ssl, &readBIO, &writeBIO) == 1, let readBIO, let writeBIO else {
            SSL_free(ssl)
            SSL_CTX_free(ctx)
            throw Failure(description: "BIOs")
        }
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
        _ = SSL_set1_host(ssl, "localhost")
        if let session { _ = SSL_set_session(ssl, session.pointer) }
        SSL_set_connect_state(ssl)
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(ctx)
    }

    /// Gives the client bytes from the server, advances the handshake, returns plaintext read.
    @discardableResult
    func receive(_ bytes: [UInt8]) -> [UInt8] {
        if !bytes.isEmpty { _ = bytes.withUnsafeBytes { BIO_write(readBIO, $0.baseAddress, Int32($0.count)) } }
        step()
        guard isHandshakeComplete else { return [] }
        var plaintext: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            ERR_clear_error()
            let count = SSL_read(ssl, &buffer, Int32(buffer.count))
            if count <= 0 {
                let error = SSL_get_error(ssl, count)
                if error == SSL_ERROR_ZERO_RETURN { receivedCloseNotify = true }
                else if error != SSL_ERROR_WANT_READ { failure = "SSL_read error \(error)" }
                break
            }
            plaintext.append(contentsOf: buffer[0..<Int(count)])
        }
        return plaintext
    }

    /// Advances the handshake (first call produces the ClientHello).
    func step() {
        guard !isHandshakeComplete, failure == nil else { return }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { isHandshakeComplete = true; return }
        let error = SSL_get_error(ssl, result)
        if error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(ERR_get_error(), &buffer, buffer.count)
            failure = "handshake error \(error): \(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))"
        }
    }

    func send(_ plaintext: [UInt8]) {
        _ = plaintext.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
    }

    func sendCloseNotify() { _ = SSL_shutdown(ssl) }

    func takeOutbound() -> [UInt8] {
        let pending = cs_BIO_pending(writeBIO)
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = BIO_read(writeBIO, &bytes, Int32(pending))
        return Array(bytes.prefix(Int(max(read, 0))))
    }

    /// The session to resume later (after the server's ticket was read), if any.
    func copySession() -> Session? {
        guard let session = SSL_get1_session(ssl) else { return nil }
        guard SSL_SESSION_is_resumable(session) == 1 else {
            SSL_SESSION_free(session)
            return nil
        }
        return Session(session)
    }

    var sessionReused: Bool { cs_SSL_session_reused(ssl) == 1 }

    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }
    var cipherName: String { SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) } ?? "" }
    var alpn: String {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = cs_SSL_get_alpn(ssl, &buffer, buffer.count)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    /// Lowercase hex SHA-256 of the server certificate this client received.
    var serverCertificateSHA256: String {
        guard let certificate = SSL_get0_peer_certificate(ssl) else { return "" }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = X509_digest(certificate, EVP_sha256(), &digest, &length)
        return Hex.encode(digest)
    }
}

/// Runs the handshake between a client and a server session entirely in memory.
/// Returns the server's error, if any (the client's is in `client.failure`).
@discardableResult
func handshakeInMemory(client: TLSTestClient, server: any TransportSecuritySession, maxRounds: Int = 20) -> (any Error)? {
    client.step()
    for _ in 0..<maxRounds {
        let toServer = client.takeOutbound()
        if !toServer.isEmpty {
            do { _ = try server.receive(toServer) } catch {
                client.receive(server.takeOutbound())
                return error
            }
        }
        let toClient = server.takeOutbound()
        client.receive(toClient)
        if client.failure != nil { return nil }
        if toServer.isEmpty && toClient.isEmpty { break }
    }
    return nil
}
