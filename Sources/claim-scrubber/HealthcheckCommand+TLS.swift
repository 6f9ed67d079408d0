internal import COpenSSL
import FoundationEssentials
import Glibc

/// The TLS side of `claim-scrubber healthcheck`: with TLS configured the server speaks nothing
/// else on its port, so the probe is sent through an OpenSSL client session over the same
/// non-blocking socket.
///
/// It does not verify the server's certificate: it talks to the server of its own container over
/// loopback and asks only whether it answers, and a certificate issued for the service's public
/// name would not match 127.0.0.1 anyway. It presents no client certificate, so when the server
/// requires one (`tls.clientCA`) the server refuses the request and the check reports that.
extension HealthcheckCommand {
    /// Sends `request` over TLS on the connected socket `fd` and returns the status line, or why not.
    static func exchangeOverTLS(_ fd: Int32, request: [UInt8], deadline: Date) -> Result<String, TLSProbeError> {
        guard let context = SSL_CTX_new(TLS_client_method()) else { return .failure(.init("cannot create a TLS client context")) }
        defer { SSL_CTX_free(context) }
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        guard let ssl = SSL_new(context) else { return .failure(.init("cannot create a TLS session")) }
        defer { SSL_free(ssl) }
        guard SSL_set_fd(ssl, fd) == 1 else { return .failure(.init("cannot attach the socket to the TLS session")) }

        // RFC 8446 §4: the handshake, then application data, each step retried on WANT_READ/WRITE.
        guard step(ssl, fd, deadline, { SSL_connect(ssl) }) else {
            return .failure(.init("TLS handshake failed or timed out"))
        }
        var offset = 0
        while offset < request.count {
            var written = 0
            let ok = step(ssl, fd, deadline) {
                let n = request[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
                written = Int(max(n, 0))
                return n
            }
            guard ok else { return .failure(.init("could not send the request over TLS")) }
            offset += written
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while received.count < 1024 {
            if let end = received.firstIndex(of: UInt8(ascii: "\n")) {
                _ = SSL_shutdown(ssl)
                let line = received[..<end].last == UInt8(ascii: "\r") ? received[..<(end - 1)] : received[..<end]
                return .success(String(decoding: line, as: UTF8.self))
            }
            var count = 0
            let ok = step(ssl, fd, deadline) {
                let n = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
                count = Int(max(n, 0))
                return n
            }
            guard ok, count > 0 else { break }
            received.append(contentsOf: buffer[..<count])
        }
        return .failure(.init("no HTTP answer over TLS (the server may require a client certificate)"))
    }

    /// Runs one OpenSSL call until it succeeds (> 0), waiting on the socket as OpenSSL asks.
    private static func step(_ ssl: OpaquePointer, _ fd: Int32, _ deadline: Date, _ call: () -> Int32) -> Bool {
        while true {
            ERR_clear_error()
            let result = call()
            if result > 0 { return true }
            let events: Int16
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ: events = Int16(POLLIN)
            case SSL_ERROR_WANT_WRITE: events = Int16(POLLOUT)
            default: return false
            }
            guard waitForSocket(fd, for: events, deadline: deadline) else { return false }
        }
    }

    struct TLSProbeError: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
