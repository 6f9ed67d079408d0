import Foundation
import Testing
@testable import HTTPServer

/// Streamed requests over real TLS (OpenSSL): curl decodes the chunked response of a body sent in
/// many records, and a shutdown mid-stream ends the chunked body properly before close_notify.
@Suite(.timeLimit(.minutes(1)))
struct TLSStreamingTests {
    let fixtures: TLSFixtures
    let log = StreamLog()
    init() throws { fixtures = try TLSFixtures.get() }

    private func server() throws -> TestServer {
        try TestServer(tls: try TLSProvider(fixtures.serverConfiguration()), streamRouter: StreamProbe.router(log))
    }

    @Test func curlReadsAChunkedResponseStreamedOverTLS() throws {
        let server = try server()
        let body = String(repeating: "line of text\n", count: 40_000)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tls-stream-\(UUID().uuidString).txt")
        try body.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try TLSFixtures.runProcess(
            "/usr/bin/curl", ["-sS", "--max-time", "20", "--cacert", fixtures.caCertificate, "-D", "-", "--data-binary", "@" + file.path,
                              "-H", "Content-Type: text/plain", "https://localhost:\(server.port)/upper"], timeout: 30)
        #expect(status == 0)
        #expect(output.contains("Transfer-Encoding: chunked\r\n"))
        #expect(output.hasSuffix("\r\n\r\n" + body.uppercased()))
        #expect(log.all == ["start /upper", "finish"])
    }

    @Test func shutdownEndsAStreamOverTLSWithTheLastChunk() throws {
        let server = try server()
        let client = try TLSSocketClient(port: server.port, fixtures: fixtures)
        try client.handshake()
        try client.send("POST /upper HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc")
        #expect(eventually { log.received.load(ordering: .relaxed) == 3 })
        server.server.beginShutdown()
        let text = client.readUntilClose()
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix("\r\n3\r\nABC\r\n16\r\n[interrupted shutdown]\r\n0\r\n\r\n"))
        #expect(server.server.waitUntilStopped(timeout: 5))
    }
}
