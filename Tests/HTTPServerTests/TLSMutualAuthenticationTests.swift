import Foundation
import Testing
@testable import HTTPServer

/// Mutual TLS: with a client CA configured, a verified client certificate is required, and its
/// subject can be restricted to an allow-list.
@Suite struct TLSMutualAuthenticationTests {
    let fixtures: TLSFixtures
    init() throws { fixtures = try TLSFixtures.get() }

    private func handshake(clientCertificate name: String?, allowed: [String] = []) throws -> (server: any TransportSecuritySession, client: TLSTestClient, error: (any Error)?) {
        let provider = try TLSProvider(fixtures.serverConfiguration(clientCA: true, allowed: allowed))
        let server = try provider.makeSession()
        let client = try TLSTestClient(caFile: fixtures.caCertificate, certificate: name.map { fixtures.client($0) })
        let error = handshakeInMemory(client: client, server: server)
        return (server, client, error)
    }

    @Test func verifiedClientCertificateSubjectIsReported() throws {
        let (server, client, error) = try handshake(clientCertificate: "client")
        #expect(error == nil)
        #expect(server.isHandshakeComplete)
        #expect(server.peerSubject == "CN=gateway,O=Clinic")
        client.send(Array("hi".utf8))
        #expect(try server.receive(client.takeOutbound()) == Array("hi".utf8))
    }

    @Test func resumedSessionSkipsTheFullHandshakeAndStillReportsTheVerifiedSubject() throws {
        let provider = try TLSProvider(fixtures.serverConfiguration(clientCA: true, allowed: ["CN=gateway,O=Clinic"]))
        let first = try TLSTestClient(caFile: fixtures.caCertificate, certificate: fixtures.client("client"))
        let firstServer = try provider.makeSession()
        #expect(handshakeInMemory(client: first, server: firstServer) == nil)
        #expect(!first.sessionReused)
        let session = try #require(first.copySession()) // the TLS 1.3 ticket arrived after the handshake

        let second = try TLSTestClient(caFile: fixtures.caCertificate, certificate: fixtures.client("client"), resuming: session)
        let secondServer = try provider.makeSession()
        #expect(handshakeInMemory(client: second, server: secondServer) == nil)
        #expect(second.sessionReused)
        #expect(secondServer.peerSubject == "CN=gateway,O=Clinic")
        second.send(Array("again".utf8))
        #expect(try secondServer.receive(second.takeOutbound()) == Array("again".utf8))
    }

    @Test func clientWithoutCertificateIsRefused() throws {
        let (server, _, error) = try handshake(clientCertificate: nil)
        #expect(!server.isHandshakeComplete)
        let message = String(describing: error.map { "\($0)" } ?? "")
        #expect(message.contains("peer did not return a certificate"))
        #expect(server.peerSubject == nil)
    }

    @Test func expiredClientCertificateIsRefused() throws {
        let (server, _, error) = try handshake(clientCertificate: "expired")
        #expect(!server.isHandshakeComplete)
        #expect("\(error.map { "\($0)" } ?? "")".contains("certificate has expired"))
    }

    @Test func clientCertificateFromAnotherCAIsRefused() throws {
        let (server, _, error) = try handshake(clientCertificate: "wrongca")
        #expect(!server.isHandshakeComplete)
        #expect("\(error.map { "\($0)" } ?? "")".contains("unable to get local issuer certificate"))
    }

    @Test func subjectOutsideTheAllowListIsRefusedInTheHandshake() throws {
        let allowed = ["CN=gateway,O=Clinic"]
        let (refused, intruderClient, error) = try handshake(clientCertificate: "intruder", allowed: allowed)
        #expect(!refused.isHandshakeComplete)
        #expect("\(error.map { "\($0)" } ?? "")".contains("application verification failure"))
        #expect(intruderClient.failure != nil || !intruderClient.isHandshakeComplete || error != nil)

        let (accepted, _, noError) = try handshake(clientCertificate: "client", allowed: allowed)
        #expect(noError == nil)
        #expect(accepted.peerSubject == "CN=gateway,O=Clinic")
    }
}
