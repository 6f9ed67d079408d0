import Foundation
import Testing
@testable import HTTPServer

/// Each bad request gets exactly one error response with `Connection: close`, then the connection is
/// closed: the bytes after it (a would-be smuggled request) are never answered.
@Suite(.timeLimit(.minutes(1)))
struct RejectionTests {
    @Test(arguments: [
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n", 400),
        ("GET /\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: user@x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x/y\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x:99999\r\n\r\n", 400),
        ("GET / HTTP/1.0\r\nHost: x y\r\n\r\n", 400),
        ("GET / HTTP/1.0\r\nHost: x\r\nHost: x\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\nx", 417),
    ])
    func badRequestIsAnsweredOnceAndTheConnectionCloses(request: String, status: Int) throws {
        let server = try TestServer()
        let client = try RawHTTPClient(port: server.port)
        try client.write(request + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == status)
        #expect(response.header("Connection") == "close")
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.bodyText.hasPrefix(#"{"type":"about:blank","title":"#))
        #expect(response.bodyText.contains(#""status":\#(status)"#))
        #expect(client.isClosedByServer())
        #expect(client.leftover.isEmpty)
        #expect(eventually { server.rejections.withLock { $0.contains { $0.1 == status } } })
    }

    private let small = HTTPServer.Configuration.Limits(requestLine: 100, headerSection: 200, headerCount: 5, body: 50)

    @Test func overlongRequestLineIs414() throws {
        let server = try TestServer(limits: small)
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET /" + String(repeating: "a", count: 200) + " HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 414)
        #expect(client.isClosedByServer())
    }

    @Test func oversizedHeaderSectionIs431() throws {
        let server = try TestServer(limits: small)
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "v", count: 300) + "\r\n\r\n")
        #expect(try client.readResponse().status == 431)
        #expect(client.isClosedByServer())
    }

    @Test func tooManyHeaderFieldsIs431() throws {
        let server = try TestServer(limits: small)
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\n\r\n")
        #expect(try client.readResponse().status == 431)
        #expect(client.isClosedByServer())
    }

    @Test func oversizedBodyIs413WithoutReadingIt() throws {
        let server = try TestServer(limits: small)
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 51\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByServer())
        #expect(server.rejected("body_too_large"))
    }

    @Test func oversizedChunkedBodyIs413() throws {
        let server = try TestServer(limits: small)
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + String(repeating: "a", count: 32) + "\r\n20\r\n")
        #expect(try client.readResponse().status == 413)
        #expect(client.isClosedByServer())
    }

    @Test func bodyAtTheLimitIsAccepted() throws {
        let server = try TestServer(limits: small)
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n" + String(repeating: "b", count: 50))
        #expect(try client.readResponse().status == 200)
    }

    @Test func handlerHeaderInjectionBecomes500() throws {
        let server = try TestServer { _, _ in
            HTTPResponse(status: 200, headers: HTTPHeaders([("Location", "/a\r\nSet-Cookie: evil=1")]))
        }
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 500)
        #expect(response.header("Set-Cookie") == nil)
        #expect(client.isClosedByServer())
    }
}
