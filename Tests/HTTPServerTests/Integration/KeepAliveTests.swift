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
        #expect(first.header("Date") != nil)
        #expect(first.header("Server") == nil)
        try client.write("GET /b HTTP/1.1\r\nHost: x\r\n\r\n")
        let second = try client.readResponse()
        #expect(second.bodyText == "GET /b 0")
    }
}
