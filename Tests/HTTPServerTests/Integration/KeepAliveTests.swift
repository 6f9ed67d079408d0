import Foundation
import Testing
@testable import HTTPServer

@Suite(.timeLimit(.minutes(1)))
struct KeepAliveTests {
    @Test func http11ConnectionStaysOpenForSecondRequest() throws {
        let server = try TestServer()
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try client.readResponse()
        #expect(first.status == 200)
        #expect(first.bodyText == "GET /a 0")
        #expect(first.header("Connection") == nil)
        #expect(first.header("Content-Length") == "8")
        #expect(first.header("Content-Type") == "text/plain")
        #expect(first.header("Date")?.hasSuffix(" GMT") == true)
        #expect(first.header("Server") == nil)
        try client.write("GET /b HTTP/1.1\r\nHost: x\r\n\r\n")
        let second = try client.readResponse()
        #expect(second.bodyText == "GET /b 0")
        #expect(server.opened.load(ordering: .relaxed) == 1)
    }

    @Test func connectionCloseIsAnsweredThenTheServerCloses() throws {
        let server = try TestServer()
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test func http10ClosesByDefault() throws {
        let server = try TestServer()
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET /a HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test func http10KeepAliveIsHonoured() throws {
        let server = try TestServer()
        let client = try RawHTTPClient(port: server.port)
        for path in ["/1", "/2"] {
            try client.write("GET \(path) HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Connection") == "keep-alive")
            #expect(response.bodyText == "GET \(path) 0")
        }
    }

    /// RFC 9110 §2.5: HTTP/1.2 and above are processed as HTTP/1.1: answered with an `HTTP/1.1` status
    /// line (the client checks it) on a persistent connection.
    @Test func higherHTTP1MinorVersionIsServedAsHTTP11() throws {
        let server = try TestServer()
        let client = try RawHTTPClient(port: server.port)
        for (path, version) in [("/1", "1.2"), ("/2", "1.9")] {
            try client.write("GET \(path) HTTP/\(version)\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == nil)
            #expect(response.bodyText == "GET \(path) 0")
        }
        #expect(server.opened.load(ordering: .relaxed) == 1)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer()
        let client = try RawHTTPClient(port: server.port)
        var batch = ""
        for i in 0..<20 { batch += "GET /\(i) HTTP/1.1\r\nHost: x\r\n\r\n" }
        batch += "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz"
        try client.write(batch)
        for i in 0..<20 {
            #expect(try client.readResponse().bodyText == "GET /\(i) 0")
        }
        #expect(try client.readResponse().bodyText == "POST /echo 3\nxyz")
    }

    @Test func headGetsHeadersWithoutBody() throws {
        let server = try TestServer()
        let client = try RawHTTPClient(port: server.port)
        try client.write("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /g HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try client.readResponse(head: true)
        #expect(head.header("Content-Length") == "9")
        #expect(head.body.isEmpty)
        // The next response starts right after the head: no stray body bytes in between.
        #expect(try client.readResponse().bodyText == "GET /g 0")
    }

    @Test func halfClosedClientGetsItsResponseThenEOF() throws {
        let server = try TestServer()
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        client.shutdownWrite()
        #expect(try client.readResponse().bodyText == "GET /a 0")
        #expect(client.isClosedByServer())
    }

    @Test func continueIsSentBeforeTheBodyThenTheResponse() throws {
        let server = try TestServer()
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        let interim = try client.readResponse()
        #expect(interim.status == 100)
        try client.write("data")
        let final = try client.readResponse()
        #expect(final.status == 200)
        #expect(final.bodyText == "POST /echo 4\ndata")
    }

    @Test func chunkedRequestBodyIsDecoded() throws {
        let server = try TestServer()
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n")
        try client.write("2\r\nde\r\n0\r\nTrailer-Field: 1\r\n\r\n")
        #expect(try client.readResponse().bodyText == "POST /echo 5\nabcde")
        try client.write("GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().bodyText == "GET /after 0")
    }

    @Test func bindFailureThrowsAClearError() throws {
        let first = try TestServer()
        let second = HTTPServer(configuration: .init(host: "127.0.0.1", port: first.port), handler: TestServer.echo)
        do {
            try second.start()
            Issue.record("second bind succeeded")
        } catch let error as HTTPServerError {
            #expect(error.operation == "bind")
            #expect(error.message.contains("127.0.0.1:\(first.port)"))
        }
        let bad = HTTPServer(configuration: .init(host: "not-an-address", port: 0), handler: TestServer.echo)
        #expect(throws: HTTPServerError.self) { try bad.start() }
    }
}
