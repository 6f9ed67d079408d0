import Foundation
import Testing
@testable import HTTPServer

/// HTTPS end to end: the real server on a loopback port with a `TLSProvider`, driven by curl,
/// `openssl s_client` and a raw TLS socket client.
@Suite(.timeLimit(.minutes(1)))
struct TLSServerIntegrationTests {
    let fixtures: TLSFixtures
    init() throws { fixtures = try TLSFixtures.get() }

    /// Echoes method and target, and the verified client subject (mutual TLS) as the body.
    static let whoami: HTTPHandler = { request, info in
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain")
        let text = "\(request.method) \(request.target) secure=\(info.isSecure) subject=\(info.peerSubject ?? "-")"
        return HTTPResponse(status: 200, headers: headers, body: Array(text.utf8))
    }

    private func server(_ configuration: TLSConfiguration, handshake: Double = 2) throws -> (TestServer, TLSProvider) {
        let provider = try TLSProvider(configuration)
        let server = try TestServer(timeouts: TestServer.fastTimeouts(handshake: handshake), tls: provider, handler: Self.whoami)
        return (server, provider)
    }

    private func curl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try TLSFixtures.runProcess("/usr/bin/curl", ["-sS", "--max-time", "10"] + arguments, timeout: 30)
    }

    /// s_client has no timeout of its own: it quits at EOF on stdin (given at once) or when the
    /// server closes; the deadline covers a server that does neither.
    private func sClient(port: Int, _ arguments: [String]) throws -> String {
        try TLSFixtures.runProcess(
            "/usr/bin/openssl",
            ["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "localhost", "-CAfile", fixtures.caCertificate] + arguments,
            stdin: "", timeout: 30).1
    }

    @Test func curlOverHTTPSVerifiesTheServerAndGetsTheResponse() throws {
        let (server, _) = try server(fixtures.serverConfiguration())
        let (status, output) = try curl(["--cacert", fixtures.caCertificate, "-w", " %{http_version}",
                                         "https://localhost:\(server.port)/hello?x=1"])
        #expect(status == 0, "\(output)")
        #expect(output == "GET /hello?x=1 secure=true subject=- 1.1")
        // Without the CA the certificate is not trusted.
        #expect(try curl(["https://localhost:\(server.port)/"]).status == 60)
    }

    @Test func mutualTLSRequiresAClientCertificateAndReportsItsSubject() throws {
        let (server, _) = try server(fixtures.serverConfiguration(clientCA: true, allowed: ["CN=gateway,O=Clinic"]))
        let client = fixtures.client("client")
        let (status, output) = try curl(["--cacert", fixtures.caCertificate, "--cert", client.certificate, "--key", client.key,
                                         "https://localhost:\(server.port)/claims"])
        #expect(status == 0, "\(output)")
        #expect(output == "GET /claims secure=true subject=CN=gateway,O=Clinic")

        let without = try curl(["--cacert", fixtures.caCertificate, "https://localhost:\(server.port)/claims"])
        #expect(without.status != 0)
        #expect(!without.output.contains("GET /claims"))

        for refused in ["intruder", "expired", "wrongca"] {
            let other = fixtures.client(refused)
            let attempt = try curl(["--cacert", fixtures.caCertificate, "--cert", other.certificate, "--key", other.key,
                                    "https://localhost:\(server.port)/claims"])
            #expect(attempt.status != 0, "\(refused) was served: \(attempt.output)")
            #expect(!attempt.output.contains("GET /claims"))
        }
        #expect(eventually { server.rejected("tls_handshake_failed") })
    }

    @Test func sClientNegotiatesTLS13WithALPN() throws {
        let (server, _) = try server(fixtures.serverConfiguration())
        let output = try sClient(port: server.port, ["-alpn", "http/1.1"])
        #expect(output.contains("New, TLSv1.3, Cipher is TLS_"), "\(output)")
        #expect(output.contains("ALPN protocol: http/1.1"))
        #expect(output.contains("Verify return code: 0 (ok)"))
        #expect(output.contains("Compression: NONE"))
    }

    @Test(arguments: ["-tls1", "-tls1_1"])
    func sClientWithAnOldProtocolIsRefused(flag: String) throws {
        let (server, _) = try server(fixtures.serverConfiguration())
        // SECLEVEL=0 lets this OpenSSL offer TLS 1.0/1.1 at all, so the refusal is the server's.
        let output = try sClient(port: server.port, [flag, "-cipher", "DEFAULT@SECLEVEL=0"])
        #expect(output.contains("alert protocol version") || output.contains("unsupported protocol"), "\(output)")
        #expect(output.contains("Cipher is (NONE)"))
    }

    @Test func sClientLimitedToTLS12GetsAForwardSecretAEADSuite() throws {
        let (server, _) = try server(fixtures.serverConfiguration())
        let output = try sClient(port: server.port, ["-tls1_2"])
        #expect(output.contains("New, TLSv1.2, Cipher is ECDHE-ECDSA-"), "\(output)")
        #expect(output.contains("Secure Renegotiation IS supported"))
    }

    @Test func keepAliveAndPipeliningWorkOverTLS() throws {
        let (server, _) = try server(fixtures.serverConfiguration())
        let client = try TLSSocketClient(port: server.port, fixtures: fixtures)
        try client.handshake()
        try client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().body == "GET /one secure=true subject=-")
        // Three pipelined requests in one write (one TLS record), answered in order.
        try client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(try client.readResponse().body == "GET /a secure=true subject=-")
        #expect(try client.readResponse().body == "GET /b secure=true subject=-")
        let last = try client.readResponse()
        #expect(last.body == "GET /c secure=true subject=-")
        #expect(last.head.contains("Connection: close"))
        #expect(client.waitForClose())
        #expect(client.tls.receivedCloseNotify)
    }

    @Test func clientThatStallsMidHandshakeIsDroppedAfterTheHandshakeTimeout() throws {
        let (server, _) = try server(fixtures.serverConfiguration(), handshake: 0.5)
        let client = try TLSTestClient(caFile: fixtures.caCertificate)
        client.step()
        let hello = client.takeOutbound()
        let fd = try TLSSocketClient.connect(port: server.port, timeout: 5)
        defer { close(fd) }
        try TLSSocketClient.writeAll(fd, Array(hello.prefix(hello.count / 2)))
        let started = Date()
        var closed = false
        while Date().timeIntervalSince(started) < 5 {
            guard let bytes = try? TLSSocketClient.readSome(fd) else { break }
            if bytes.isEmpty { closed = true; break }
        }
        let waited = Date().timeIntervalSince(started)
        #expect(closed)
        #expect(waited >= 0.4 && waited < 4.5, "closed after \(waited) s")
        #expect(eventually { server.rejected("handshake_timeout") })
    }

    @Test func shutdownDoesNotWaitForAConnectionThatNeverFinishedItsHandshake() throws {
        // Hummingbird #503: shutdown hung on a TLS connection that never sent data.
        let provider = try TLSProvider(fixtures.serverConfiguration())
        let server = try TestServer(timeouts: TestServer.fastTimeouts(idle: 30, handshake: 30, drain: 30), tls: provider,
                                    handler: Self.whoami)
        let silent = try TLSSocketClient.connect(port: server.port, timeout: 5)
        defer { close(silent) }
        let client = try TLSTestClient(caFile: fixtures.caCertificate)
        client.step()
        let hello = client.takeOutbound()
        let halfway = try TLSSocketClient.connect(port: server.port, timeout: 5)
        defer { close(halfway) }
        try TLSSocketClient.writeAll(halfway, Array(hello.prefix(10)))
        #expect(eventually { server.opened.load(ordering: .relaxed) == 2 })
        let started = Date()
        #expect(server.stop())
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func plainHTTPOnTheTLSPortGetsA400AndIsClosed() throws {
        let (server, _) = try server(fixtures.serverConfiguration())
        let (status, output) = try curl(["-i", "http://127.0.0.1:\(server.port)/"])
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(output.contains("This port speaks HTTPS only"))
        #expect(eventually { server.rejected("tls_plain_http") })
        // The server keeps serving HTTPS afterwards.
        #expect(try curl(["--cacert", fixtures.caCertificate, "https://localhost:\(server.port)/ok"]).output == "GET /ok secure=true subject=-")
    }

    @Test func rotationKeepsAnOpenKeepAliveConnectionAndServesNewConnectionsTheNewCertificate() throws {
        let certificate = fixtures.path("live-e2e.pem")
        let key = fixtures.path("live-e2e.key")
        for path in [certificate, key] { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.copyItem(atPath: fixtures.serverCertificate, toPath: certificate)
        try FileManager.default.copyItem(atPath: fixtures.serverKey, toPath: key)
        let (server, provider) = try server(TLSConfiguration(certificatePath: certificate, privateKeyPath: key))
        let oldFingerprint = provider.certificate.sha256

        let open = try TLSSocketClient(port: server.port, fixtures: fixtures)
        try open.handshake()
        try open.send("GET /before HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try open.readResponse().body == "GET /before secure=true subject=-")
        #expect(open.tls.serverCertificateSHA256 == oldFingerprint)

        for (path, source) in [(certificate, fixtures.rotatedCertificate), (key, fixtures.rotatedKey)] {
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.copyItem(atPath: source, toPath: path)
        }
        try provider.reload()
        #expect(provider.certificate.sha256 != oldFingerprint)

        try open.send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try open.readResponse().body == "GET /after secure=true subject=-")

        let fresh = try TLSSocketClient(port: server.port, fixtures: fixtures)
        try fresh.handshake()
        #expect(fresh.tls.serverCertificateSHA256 == provider.certificate.sha256)
        try fresh.send("GET /new HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try fresh.readResponse().body == "GET /new secure=true subject=-")
        let sClient = try sClient(port: server.port, [])
        #expect(sClient.contains("O = Test Rotated") || sClient.contains("O=Test Rotated"), "\(sClient)")
    }
}
