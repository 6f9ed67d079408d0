@testable import HTTPServer

/// A trivial stand-in for TLS to prove the transport seam: the client must first send "HELLO",
/// the server answers "WELCOME", and from then on every byte is XORed with `key` both ways.
final class XORSession: TransportSecuritySession {
    static let key: UInt8 = 0x5A
    private var handshakeBytes: [UInt8] = []
    private var outbound: [UInt8] = []
    private(set) var isHandshakeComplete = false
    private(set) var peerClosed = false
    let peerSubject: String? = "CN=xor-client"

    struct HandshakeError: Error {}

    func receive(_ ciphertext: [UInt8]) throws -> [UInt8] {
        if isHandshakeComplete { return ciphertext.map { $0 ^ Self.key } }
        handshakeBytes += ciphertext
        let hello = Array("HELLO".utf8)
        guard Array(handshakeBytes.prefix(hello.count)) == Array(hello.prefix(handshakeBytes.count)) else { throw HandshakeError() }
        guard handshakeBytes.count >= hello.count else { return [] }
        isHandshakeComplete = true
        outbound += Array("WELCOME".utf8)
        let rest = handshakeBytes.dropFirst(hello.count)
        handshakeBytes = []
        return rest.map { $0 ^ Self.key }
    }

    func send(_ plaintext: [UInt8]) throws {
        outbound += plaintext.map { $0 ^ Self.key }
    }

    func takeOutbound() -> [UInt8] {
        defer { outbound = [] }
        return outbound
    }

    func shutdown() {}
}

struct XORProvider: TransportSecurityProvider {
    func makeSession() throws -> any TransportSecuritySession { XORSession() }
}
