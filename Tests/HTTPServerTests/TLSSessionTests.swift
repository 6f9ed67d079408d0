import COpenSSL
import COpenSSLShims
import Foundation
import Testing
@testable import HTTPServer

/// The TLS engine on memory BIOs, driven in memory against an OpenSSL client (no sockets).
@Suite struct TLSSessionTests {
    let fixtures: TLSFixtures
    init() throws { fixtures = try TLSFixtures.get() }

    private func provider(clientCA: Bool = false, allowed: [String] = []) throws -> TLSProvider {
        try TLSProvider(fixtures.serverConfiguration(clientCA: clientCA, allowed: allowed))
    }

    @Test func handshakeNegotiatesTLS13WithALPNAndCarriesDataBothWays() throws {
        let server = try provider().makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate)
        #expect(handshakeInMemory(client: client, server: server) == nil)
        #expect(client.failure == nil)
        #expect(client.isHandshakeComplete)
        #expect(server.isHandshakeComplete)
        #expect(client.protocolVersion == "TLSv1.3")
        #expect(client.alpn == "http/1.1")
        #expect(server.peerSubject == nil)

        client.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(try server.receive(client.takeOutbound()) == Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        try server.send(Array("HTTP/1.1 204 No Content\r\n\r\n".utf8))
        #expect(client.receive(server.takeOutbound()) == Array("HTTP/1.1 204 No Content\r\n\r\n".utf8))
    }

    @Test func handshakeFedOneByteAtATimeCompletes() throws {
        let server = try provider().makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate)
        client.step()
        for _ in 0..<10 {
            let toServer = client.takeOutbound()
            for byte in toServer { #expect(try server.receive([byte]) == []) }
            client.receive(server.takeOutbound())
            if client.isHandshakeComplete && server.isHandshakeComplete { break }
        }
        #expect(server.isHandshakeComplete)
        #expect(client.isHandshakeComplete)
        client.send(Array("ping".utf8))
        var received: [UInt8] = []
        for byte in client.takeOutbound() { received += try server.receive([byte]) }
        #expect(received == Array("ping".utf8))
    }

    @Test func largeBodiesSurviveRecordSplittingBothWays() throws {
        let server = try provider().makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate)
        handshakeInMemory(client: client, server: server)
        let payload = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try server.send(payload)
        let ciphertext = server.takeOutbound()
        #expect(ciphertext.count > payload.count) // records add headers and tags
        var received: [UInt8] = []
        var offset = 0
        while offset < ciphertext.count { // arbitrary socket-sized chunks
            let end = min(offset + 7_001, ciphertext.count)
            received += client.receive(Array(ciphertext[offset..<end]))
            offset = end
        }
        #expect(received == payload)

        client.send(payload)
        #expect(try server.receive(client.takeOutbound()) == payload)
    }

    @Test func applicationDataSentBeforeHandshakeCompletesIsHeldUntilThen() throws {
        let server = try provider().makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate)
        try server.send(Array("early".utf8))
        #expect(server.takeOutbound().isEmpty)
        var plaintext: [UInt8] = []
        client.step()
        for _ in 0..<10 {
            let toServer = client.takeOutbound()
            if !toServer.isEmpty { _ = try server.receive(toServer) }
            plaintext += client.receive(server.takeOutbound())
        }
        #expect(plaintext == Array("early".utf8))
    }

    @Test func closeNotifyIsReportedAndAnsweredWithOurs() throws {
        let server = try provider().makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate)
        handshakeInMemory(client: client, server: server)
        client.send(Array("last".utf8))
        client.sendCloseNotify()
        #expect(try server.receive(client.takeOutbound()) == Array("last".utf8))
        #expect(server.peerClosed)
        server.shutdown()
        let alert = server.takeOutbound()
        #expect(!alert.isEmpty)
        #expect(client.receive(alert).isEmpty)
        #expect(client.receivedCloseNotify)
        #expect(throws: TLSSessionError.closed) { try server.send([1]) }
    }

    @Test func tls12ClientGetsAnECDHEAEADSuite() throws {
        let server = try provider().makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate, maxVersion: TLS1_2_VERSION)
        #expect(handshakeInMemory(client: client, server: server) == nil)
        #expect(client.protocolVersion == "TLSv1.2")
        #expect(client.cipherName.hasPrefix("ECDHE-"))
        #expect(client.cipherName.contains("GCM") || client.cipherName.contains("CHACHA20"))
    }

    @Test(arguments: [TLS1_VERSION, TLS1_1_VERSION])
    func clientsLimitedToOldProtocolVersionsAreRefused(version: Int32) throws {
        let server = try provider().makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate, minVersion: version, maxVersion: version)
        let error = handshakeInMemory(client: client, server: server)
        #expect(error is TLSSessionError)
        #expect(!server.isHandshakeComplete)
        #expect(client.failure != nil)
    }

    @Test(arguments: ["ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384", "AES128-GCM-SHA256"])
    func tls12SuitesWithoutAEADOrForwardSecrecyAreRefused(cipher: String) throws {
        let server = try provider().makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate, maxVersion: TLS1_2_VERSION, ciphers: cipher)
        let error = handshakeInMemory(client: client, server: server)
        #expect(error is TLSSessionError)
        #expect(!server.isHandshakeComplete)
    }

    @Test func clientOfferingALPNWithoutHTTP11IsRefusedAndNoALPNIsServed() throws {
        let refused = try provider().makeSession()
        let h2Only = try TLSTestClient(caFile: fixtures.caCertificate, alpn: ["h2"])
        #expect(handshakeInMemory(client: h2Only, server: refused) is TLSSessionError)

        let both = try provider().makeSession()
        let browser = try TLSTestClient(caFile: fixtures.caCertificate, alpn: ["h2", "http/1.1"])
        #expect(handshakeInMemory(client: browser, server: both) == nil)
        #expect(browser.alpn == "http/1.1")

        let plain = try provider().makeSession()
        let noALPN = try TLSTestClient(caFile: fixtures.caCertificate, alpn: [])
        #expect(handshakeInMemory(client: noALPN, server: plain) == nil)
        #expect(noALPN.alpn == "")
    }

    @Test func plainHTTPOnTheTLSPortThrowsAndAnswersA400InTheClear() throws {
        let server = try provider().makeSession()
        #expect(throws: TLSSessionError.plainHTTP) {
            try server.receive(Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8))
        }
        let reply = String(decoding: server.takeOutbound(), as: UTF8.self)
        #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(reply.contains("Connection: close\r\n"))
        #expect(throws: TLSSessionError.closed) { try server.receive([22]) }
    }

    @Test func bytesThatAreNeitherTLSNorHTTPAreRefused() throws {
        let server = try provider().makeSession()
        #expect(throws: TLSSessionError.notTLS) { try server.receive([0x00, 0x01, 0x02]) }
        #expect(server.takeOutbound().isEmpty)
    }

    @Test func corruptedRecordAfterHandshakeIsAProtocolError() throws {
        let server = try provider().makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate)
        handshakeInMemory(client: client, server: server)
        client.send(Array("hello".utf8))
        var record = client.takeOutbound()
        record[record.count - 1] ^= 0xff
        #expect {
            try server.receive(record)
        } throws: { error in
            guard case TLSSessionError.protocolError = error else { return false }
            return true
        }
        let alert = server.takeOutbound() // bad_record_mac alert queued for the peer
        #expect(!alert.isEmpty)
        client.receive(alert)
        #expect(client.failure != nil)
    }

    @Test func contextRefusesCompressionRenegotiationAndTickets() throws {
        let context = try OpenSSLContext(fixtures.serverConfiguration())
        let options = cs_SSL_CTX_get_options(context.pointer)
        #expect(options & cs_SSL_OP_NO_COMPRESSION() != 0)
        #expect(options & cs_SSL_OP_NO_RENEGOTIATION() != 0)
        #expect(options & cs_SSL_OP_NO_TICKET() != 0)
    }

    @Test(arguments: [TLS1_2_VERSION, TLS1_3_VERSION])
    func sessionsResumeFromTheServerCache(version: Int32) throws {
        let provider = try provider()
        let first = try TLSTestClient(caFile: fixtures.caCertificate, maxVersion: version)
        var firstServer: (any TransportSecuritySession)? = try provider.makeSession()
        #expect(handshakeInMemory(client: first, server: try #require(firstServer)) == nil)
        let session = try #require(first.copySession())
        // An orderly close keeps the session in the cache (OpenSSL drops sessions of connections
        // freed without close_notify).
        firstServer?.shutdown()
        firstServer = nil
        let second = try TLSTestClient(caFile: fixtures.caCertificate, maxVersion: version, resuming: session)
        let server = try provider.makeSession()
        #expect(handshakeInMemory(client: second, server: server) == nil)
        #expect(second.sessionReused)
        #expect(server.isHandshakeComplete)
    }
}
