import Foundation
import Testing
@testable import HTTPServer

/// `reload()`: new connections get the new certificate, open ones keep theirs, a bad file keeps
/// the old context.
@Suite struct TLSRotationTests {
    let fixtures: TLSFixtures
    init() throws { fixtures = try TLSFixtures.get() }

    /// Copies the fixture certificate and key to a per-test location the test can overwrite.
    private func livePaths(_ tag: String) throws -> TLSConfiguration {
        let certificate = fixtures.path("live-\(tag).pem")
        let key = fixtures.path("live-\(tag).key")
        try? FileManager.default.removeItem(atPath: certificate)
        try? FileManager.default.removeItem(atPath: key)
        try FileManager.default.copyItem(atPath: fixtures.serverCertificate, toPath: certificate)
        try FileManager.default.copyItem(atPath: fixtures.serverKey, toPath: key)
        return TLSConfiguration(certificatePath: certificate, privateKeyPath: key)
    }

    private func replace(_ path: String, with source: String) throws {
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: source, toPath: path)
    }

    @Test func reloadServesTheNewCertificateToNewConnectionsAndKeepsOpenOnes() throws {
        let configuration = try livePaths("rotate")
        let provider = try TLSProvider(configuration)
        let oldFingerprint = provider.certificate.sha256

        let openServer = try provider.makeSession()
        let openClient = try TLSTestClient(caFile: fixtures.caCertificate)
        #expect(handshakeInMemory(client: openClient, server: openServer) == nil)
        #expect(openClient.serverCertificateSHA256 == oldFingerprint)

        try replace(configuration.certificatePath, with: fixtures.rotatedCertificate)
        try replace(configuration.privateKeyPath, with: fixtures.rotatedKey)
        try provider.reload()
        #expect(provider.certificate.sha256 != oldFingerprint)
        #expect(provider.certificate.subject == "CN=localhost,O=Test Rotated")

        // The open connection still works on its old context.
        openClient.send(Array("still here".utf8))
        #expect(try openServer.receive(openClient.takeOutbound()) == Array("still here".utf8))
        try openServer.send(Array("yes".utf8))
        #expect(openClient.receive(openServer.takeOutbound()) == Array("yes".utf8))

        // A session from before the rotation is not resumed: the new context has its own cache,
        // so the client gets a full handshake and the new certificate.
        let oldSession = try #require(openClient.copySession())
        let newServer = try provider.makeSession()
        let newClient = try TLSTestClient(caFile: fixtures.caCertificate, resuming: oldSession)
        #expect(handshakeInMemory(client: newClient, server: newServer) == nil)
        #expect(!newClient.sessionReused)
        #expect(newClient.serverCertificateSHA256 == provider.certificate.sha256)
    }

    @Test func reloadWithABadFileKeepsTheOldContextAndSaysWhy() throws {
        let configuration = try livePaths("bad")
        let provider = try TLSProvider(configuration)
        let before = provider.certificate

        // A new certificate whose key was not rotated with it.
        try replace(configuration.certificatePath, with: fixtures.rotatedCertificate)
        #expect {
            try provider.reload()
        } throws: { error in
            guard let error = error as? TLSConfigurationError else { return false }
            return error.setting == "tls.privateKey" && error.reason.hasPrefix("private key does not match")
        }
        #expect(provider.certificate == before)

        let server = try provider.makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate)
        #expect(handshakeInMemory(client: client, server: server) == nil)
        #expect(client.serverCertificateSHA256 == before.sha256)
    }

    @Test func reloadWithANewConfigurationSwitchesMutualTLSOn() throws {
        let provider = try TLSProvider(fixtures.serverConfiguration())
        try provider.reload(fixtures.serverConfiguration(clientCA: true))
        #expect(provider.configuration.clientCAPath == fixtures.caCertificate)
        let server = try provider.makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate)
        handshakeInMemory(client: client, server: server)
        #expect(!server.isHandshakeComplete)
    }
}
