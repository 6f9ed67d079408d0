import Testing
@testable import HTTPServer

@Suite struct HTTPResponseEncoderTests {
    private let date = Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8)

    private func encode(_ response: HTTPResponse, head: Bool = false, minor: Int = 1, keepAlive: Bool = true) throws -> String {
        var out: [UInt8] = []
        try HTTPResponseEncoder.encode(
            response, context: .init(isHEAD: head, minorVersion: minor, keepAlive: keepAlive), date: date, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func encodesStatusDateHeadersLengthAndBodyExactly() throws {
        let text = try encode(HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array("{}".utf8)))
        #expect(text == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
    }

    @Test func lastResponseSaysConnectionClose() throws {
        let text = try encode(HTTPResponse(status: 404), keepAlive: false)
        #expect(text == "HTTP/1.1 404 Not Found\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    }

    @Test func headGetsTheLengthButNoBody() throws {
        let text = try encode(HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: Array("hello".utf8)), head: true)
        #expect(text.hasSuffix("Content-Length: 5\r\n\r\n"))
    }

    @Test(arguments: [204, 304])
    func noContentStatusesHaveNoBodyAndNoLength(status: Int) throws {
        let text = try encode(HTTPResponse(status: status, body: Array("ignored".utf8)))
        #expect(!text.contains("Content-Length"))
        #expect(!text.contains("ignored"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test func bodyWithoutContentTypeGetsOctetStream() throws {
        #expect(try encode(HTTPResponse(status: 200, body: [1])).contains("Content-Type: application/octet-stream\r\n"))
        #expect(try !encode(HTTPResponse(status: 200)).contains("Content-Type"))
    }

    @Test func handlerFramingHeadersAreReplacedByTheServers() throws {
        let response = HTTPResponse(status: 200, headers: HTTPHeaders([
            ("Content-Length", "999"), ("Transfer-Encoding", "chunked"), ("Connection", "keep-alive"), ("Date", "x"), ("Content-Type", "text/plain"),
        ]), body: Array("abc".utf8))
        let text = try encode(response, keepAlive: false)
        #expect(!text.contains("999"))
        #expect(!text.contains("chunked"))
        #expect(text.contains("Content-Length: 3\r\n"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(!text.contains("Connection: keep-alive"))
        #expect(!text.contains("Date: x"))
    }

    @Test func http10KeepAliveIsEchoed() throws {
        #expect(try encode(HTTPResponse(status: 200), minor: 0).contains("Connection: keep-alive\r\n"))
    }

    @Test(arguments: [("X-A", "a\r\nInjected: 1"), ("X-A", "a\nb"), ("X-A", "a\0"), ("Bad Name", "v"), ("", "v"), ("X:Y", "v")])
    func unsafeHandlerHeadersAreRejected(name: String, value: String) {
        var out: [UInt8] = []
        #expect(throws: HTTPResponseEncoder.InvalidHeader.self) {
            try HTTPResponseEncoder.encode(
                HTTPResponse(status: 200, headers: HTTPHeaders([(name, value)])),
                context: .init(isHEAD: false, minorVersion: 1, keepAlive: true), date: date, into: &out)
        }
        #expect(out.isEmpty)
    }

    @Test func informationalStatusFromAHandlerIsRejected() {
        var out: [UInt8] = []
        #expect(throws: HTTPResponseEncoder.InvalidHeader.self) {
            try HTTPResponseEncoder.encode(HTTPResponse(status: 101), context: .init(isHEAD: false, minorVersion: 1, keepAlive: true), date: date, into: &out)
        }
    }

    @Test func errorResponsesCarryProblemJSON() {
        var out: [UInt8] = []
        HTTPResponseEncoder.encodeError(HTTPParseError(status: 431, reason: "r", detail: "Too \"big\"."), date: date, into: &out)
        let text = String(decoding: out, as: UTF8.self)
        let body = #"{"type":"about:blank","title":"Request Header Fields Too Large","status":431,"detail":"Too \"big\"."}"#
        #expect(text == "HTTP/1.1 431 Request Header Fields Too Large\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "Content-Type: application/problem+json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
    }

    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_796_000_000, "Mon, 30 Nov 2026 00:53:20 GMT"),
        (4_102_444_799, "Thu, 31 Dec 2099 23:59:59 GMT"),
    ])
    func imfFixdateIsFormattedWithoutFoundation(seconds: Int, expected: String) {
        #expect(String(decoding: HTTPDate.format(epochSeconds: seconds), as: UTF8.self) == expected)
    }

    @Test func integersAreWrittenInDecimal() {
        for n in [0, 7, 10, 99, 100, 12345, 1_048_576] {
            var out: [UInt8] = []
            HTTPResponseEncoder.appendInt(&out, n)
            #expect(String(decoding: out, as: UTF8.self) == String(n))
        }
    }
}
