import Testing
@testable import HTTPServer

/// Every case is fed whole, one byte at a time, and split in two at every offset; the outcomes
/// must agree (`consistentOutcome` returns nil otherwise).
@Suite struct HTTPRequestParserTests {
    @Test func simpleGetYieldsHeadThenRequest() {
        #expect(ParserHarness.consistentOutcome("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n") == [
            "head GET /healthz 1 keep-alive", "request GET /healthz body=",
        ])
    }

    @Test func headersKeepOrderDuplicatesAndTrimmedValues() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET /x?q=1 HTTP/1.1\r\nHost: a\r\nX-A:  one \t\r\nx-a:two\r\n\r\n".utf8))
        guard case .head = parser.next(), case .request(let request) = parser.next() else {
            Issue.record("no request")
            return
        }
        #expect(request.headers.values(for: "X-A") == ["one", "two"])
        #expect(request.path == "/x")
        #expect(request.query == "q=1")
        #expect(request.headers["host"] == "a")
    }

    @Test func emptyLinesBeforeRequestLineAreIgnored() {
        #expect(ParserHarness.consistentOutcome("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") == [
            "head GET / 1 keep-alive", "request GET / body=",
        ])
    }

    @Test func contentLengthBodyIsCollected() {
        #expect(ParserHarness.consistentOutcome("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello") == [
            "head POST /p 1 keep-alive", "request POST /p body=hello",
        ])
    }

    @Test func chunkedBodyWithExtensionsAndTrailersIsDecoded() {
        let text = "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6 ; ext\r\n world\r\n0\r\nX-Trailer: t\r\nY: u\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(text) == [
            "head POST /c 1 keep-alive", "request POST /c body=hello world",
        ])
    }

    @Test func transferEncodingNameAndValueAreCaseInsensitive() {
        let text = "POST /c HTTP/1.1\r\nHost: a\r\ntransfer-encoding:\tChunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(text) == [
            "head POST /c 1 keep-alive", "request POST /c body=0123456789",
        ])
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let text = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nokGET /3 HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(text) == [
            "head GET /1 1 keep-alive", "request GET /1 body=",
            "head POST /2 1 keep-alive", "request POST /2 body=ok",
            "head GET /3 1 keep-alive", "request GET /3 body=",
        ])
    }

    @Test func connectionHeaderIsACaseInsensitiveTokenList() {
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n")?.first
            == "head GET / 1 close")
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nConnection: close\r\n\r\n")?.first
            == "head GET / 1 close")
    }

    @Test func http10IsCloseByDefaultAndKeepAliveWhenAsked() {
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.0\r\n\r\n")?.first == "head GET / 0 close")
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")?.first == "head GET / 0 keep-alive")
    }

    @Test func expectContinueIsReportedOnlyForHTTP11WithABody() {
        #expect(ParserHarness.consistentOutcome("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx")?.first
            == "head POST / 1 keep-alive expect-continue")
        #expect(ParserHarness.consistentOutcome("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx")?.first
            == "head POST / 0 close")
    }

    @Test func absoluteFormTargetIsReducedToOriginForm() {
        #expect(ParserHarness.consistentOutcome("GET http://example.com/a/b?c HTTP/1.1\r\nHost: example.com\r\n\r\n")?.first
            == "head GET /a/b?c 1 keep-alive")
        #expect(ParserHarness.consistentOutcome("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")?.first == "head OPTIONS * 1 keep-alive")
    }

    @Test func obsTextInAValueIsAccepted() {
        let bytes = Array("GET / HTTP/1.1\r\nHost: a\r\nX: caf".utf8) + [0xC3, 0xA9] + Array("\r\n\r\n".utf8)
        #expect(ParserHarness.consistentOutcome(bytes)?.count == 2)
    }

    // MARK: - Framing (request smuggling)

    @Test(arguments: [
        ("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n", "failure 400 bad_framing"),
        ("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", "failure 400 bad_framing"),
        ("Content-Length: 3\r\nContent-Length: 3\r\n", "failure 400 bad_framing"),
        ("Content-Length: 3\r\nContent-Length: 4\r\n", "failure 400 bad_framing"),
        ("Content-Length: 3, 3\r\n", "failure 400 bad_framing"),
        ("Content-Length: +3\r\n", "failure 400 bad_framing"),
        ("Content-Length: -1\r\n", "failure 400 bad_framing"),
        ("Content-Length: 0x3\r\n", "failure 400 bad_framing"),
        ("Content-Length: 3 3\r\n", "failure 400 bad_framing"),
        ("Content-Length:\r\n", "failure 400 bad_framing"),
        ("Content-Length: 99999999999999999999999\r\n", "failure 400 bad_framing"),
        ("Transfer-Encoding: gzip\r\n", "failure 501 unsupported_transfer_coding"),
        ("Transfer-Encoding: gzip, chunked\r\n", "failure 501 unsupported_transfer_coding"),
        ("Transfer-Encoding: chunked, gzip\r\n", "failure 501 unsupported_transfer_coding"),
        ("Transfer-Encoding: xchunked\r\n", "failure 501 unsupported_transfer_coding"),
        ("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", "failure 501 unsupported_transfer_coding"),
        ("Transfer-Encoding: chunked, chunked\r\n", "failure 400 bad_framing"),
        ("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "failure 400 bad_framing"),
        ("Transfer-Encoding:\r\n", "failure 400 bad_framing"),
        ("Transfer-Encoding : chunked\r\n", "failure 400 bad_header"),
        ("Content-Length : 3\r\n", "failure 400 bad_header"),
        (" Transfer-Encoding: chunked\r\n", "failure 400 bad_header"),
        ("X: a\r\n Transfer-Encoding: chunked\r\n", "failure 400 bad_header"),
        ("X: a\r\n\tb\r\n", "failure 400 bad_header"),
        ("X: a\0b\r\n", "failure 400 bad_header"),
        ("X: a\rb\r\n", "failure 400 bad_header"),
        ("X: a\u{7F}\r\n", "failure 400 bad_header"),
        ("X: a\nY: b\r\n", "failure 400 bad_line_ending"),
        ("X\r\n", "failure 400 bad_header"),
        (": empty-name\r\n", "failure 400 bad_header"),
        ("X(y): z\r\n", "failure 400 bad_header"),
        ("Expect: something-else\r\n", "failure 417 expectation_failed"),
    ])
    func ambiguousOrInvalidFramingIsRejected(headers: String, expected: String) {
        let text = "POST /p HTTP/1.1\r\nHost: a\r\n\(headers)\r\nabc"
        #expect(ParserHarness.consistentOutcome(text) == [expected])
    }

    @Test func transferEncodingInHTTP10IsRejected() {
        #expect(ParserHarness.lastFailure("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == "failure 400 bad_framing")
    }

    @Test func nothingAfterAFailureIsReadAsARequest() {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(text) == ["failure 400 bad_framing"])
        var parser = HTTPRequestParser()
        parser.append(Array(text.utf8))
        _ = parser.next()
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(parser.next() == nil)
        #expect(parser.hasFailed)
    }

    @Test(arguments: [
        ("zz\r\n", "failure 400 bad_chunk"),
        ("\r\n", "failure 400 bad_chunk"),
        ("5x\r\nhello\r\n0\r\n\r\n", "failure 400 bad_chunk"),
        ("5 \r\nhello\r\n0\r\n\r\n", "failure 400 bad_chunk"),
        ("-5\r\nhello\r\n0\r\n\r\n", "failure 400 bad_chunk"),
        ("5\r\nhelloXX0\r\n\r\n", "failure 400 bad_chunk"),
        ("5\r\nhello\n0\r\n\r\n", "failure 400 bad_chunk"),
        ("5;a=\u{1}\r\nhello\r\n0\r\n\r\n", "failure 400 bad_chunk"),
        ("5\nhello\r\n0\r\n\r\n", "failure 400 bad_line_ending"),
        ("FFFFFFFFFFFFFFFFFFFFFFFF\r\n", "failure 413 body_too_large"),
        ("0\r\nBad Trailer: x\r\n\r\n", "failure 400 bad_header"),
    ])
    func invalidChunkedBodiesAreRejected(body: String, expected: String) {
        let text = "POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\(body)"
        #expect(ParserHarness.consistentOutcome(text)?.last == expected)
    }

    @Test func overlongChunkExtensionIsRejected() {
        let text = "POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;" + String(repeating: "e", count: 5000) + "\r\nhello\r\n0\r\n\r\n"
        #expect(ParserHarness.outcome(text).last == "failure 400 bad_chunk")
    }

    // MARK: - Request line

    @Test(arguments: [
        ("GET /\r\n", "failure 400 bad_request_line"),
        ("GET  / HTTP/1.1\r\n", "failure 400 bad_request_line"),
        ("GET / HTTP/1.1 \r\n", "failure 400 bad_request_line"),
        ("GET / http/1.1\r\n", "failure 400 bad_request_line"),
        ("GET / HTTP/1.10\r\n", "failure 400 bad_request_line"),
        ("GET / HTTP/11\r\n", "failure 400 bad_request_line"),
        ("G(T / HTTP/1.1\r\n", "failure 400 bad_request_line"),
        (" GET / HTTP/1.1\r\n", "failure 400 bad_request_line"),
        ("GET foo HTTP/1.1\r\n", "failure 400 bad_request_line"),
        ("GET /a\u{1}b HTTP/1.1\r\n", "failure 400 bad_request_line"),
        ("GET / HTTP/1.1\n", "failure 400 bad_line_ending"),
        ("GET / HTTP/2.0\r\n", "failure 505 unsupported_version"),
        ("GET / HTTP/0.9\r\n", "failure 505 unsupported_version"),
        ("GET / HTTP/3.1\r\n", "failure 505 unsupported_version"),
        ("GET / HTTP/1.a\r\n", "failure 400 bad_request_line"),
        ("GET http:///a HTTP/1.1\r\n", "failure 400 bad_request_line"),
        ("GET http://:80/a HTTP/1.1\r\n", "failure 400 bad_request_line"),
        ("GET http://user@a/ HTTP/1.1\r\n", "failure 400 bad_request_line"),
        ("GET https://a:65536/ HTTP/1.1\r\n", "failure 400 bad_request_line"),
        ("GET http://a,b/ HTTP/1.1\r\n", "failure 400 bad_request_line"),
    ])
    func malformedRequestLinesAreRejected(line: String, expected: String) {
        #expect(ParserHarness.consistentOutcome(line + "Host: a\r\n\r\n") == [expected])
    }

    /// RFC 9110 §2.5: a request with a higher HTTP/1 minor version is processed as HTTP/1.1: persistent,
    /// Host required, chunked allowed.
    @Test(arguments: ["2", "5", "9"])
    func higherHTTP1MinorVersionsAreProcessedAsHTTP11(minor: String) {
        #expect(ParserHarness.consistentOutcome("GET /v HTTP/1.\(minor)\r\nHost: a\r\n\r\n") == [
            "head GET /v 1 keep-alive", "request GET /v body=",
        ])
        #expect(ParserHarness.consistentOutcome("GET /v HTTP/1.\(minor)\r\n\r\n") == ["failure 400 missing_host"])
        let chunked = "POST /c HTTP/1.\(minor)\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(chunked)?.last == "request POST /c body=ok")
    }

    @Test func missingOrDuplicateHostOnHTTP11IsRejected() {
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\n\r\n") == ["failure 400 missing_host"])
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == ["failure 400 duplicate_host"])
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n") == ["failure 400 duplicate_host"])
    }

    /// Found by the differential check against h11: RFC 9112 §3.2 refuses more than one Host in any
    /// request, and an HTTP/1.0 request with two was accepted.
    @Test func duplicateHostOnHTTP10IsRejected() {
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.0\r\n\r\n")?.count == 2)
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.0\r\nHost: a\r\n\r\n")?.count == 2)
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n") == ["failure 400 duplicate_host"])
    }

    // MARK: - Host (RFC 9112 §3.2, RFC 3986 §3.2.2-3.2.3)

    static let validHosts: [String] = [
        "example.com", "EXAMPLE.com:8080", "a", "localhost:0", "h:65535", "h:00080", "h:",
        "127.0.0.1", "127.0.0.1:8080", "999.999.999.999", "1.2.3",
        "xn--bcher-kva.example", "a-b_c~d.e", "%41%62c", "!$&'()*+;=",
        "[::1]", "[::1]:443", "[::1]:", "[::]", "[2001:db8::7]", "[2001:DB8:0:0:8:800:200C:417A]", "[1:2:3:4:5:6:7:8]",
        "[1:2:3:4:5:6:7::]", "[::2:3:4:5:6:7:8]", "[::ffff:192.0.2.128]", "[1:2:3:4:5:6:1.2.3.4]", "[fe80::1:2]:1",
        "[v1.fe80::a+en1]", "[V7.x,y]",
    ]

    static let invalidHosts: [String] = [
        // lists and userinfo
        "a, b", "a,b", "a b", "user@a", "user:pw@a", "@a",
        // paths, queries, fragments
        "a/b", "a/", "/a", "a?x", "a#f", "a\\b",
        // ports
        "a:b", "a:8o", "a:-1", "a:65536", "a:99999999999999999999", "a:80:90", "a: 80", ":80", ":", "a:+80",
        // IP literals
        "[::1", "::1]", "[::1]x", "[::1]:x", "[]", "[1:2:3:4:5:6:7:8:9]", "[1::2::3]", "[:::]", "[12345::]", "[1:2]",
        "[::1.2.3.256]", "[::1.2.3.04]", "[1.2.3.4]", "[::1%25eth0]", "[v1]", "[v.x]", "[vz.x]", "[v1.]", "[:1]", "[1:]",
        "[a]:80", "[::1]]",
        // characters outside reg-name: gen-delims, quotes, brackets, controls in the middle, obs-text
        "a\"b", "a<b", "a>b", "a{b}", "a|b", "a^b", "a`b", "a[b", "a]b", "a%", "a%4", "a%zz", "a\tb",
        "caf\u{E9}.example",
    ]

    @Test(arguments: validHosts)
    func validHostValuesAreAccepted(host: String) {
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n")?.first == "head GET / 1 keep-alive",
                "\(host)")
    }

    @Test(arguments: invalidHosts)
    func invalidHostValuesAreRejected(host: String) {
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n") == ["failure 400 bad_host"], "\(host)")
        // HTTP/1.0 may leave Host out, but one that is sent must be valid too.
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.0\r\nHost: \(host)\r\n\r\n") == ["failure 400 bad_host"], "\(host)")
    }

    @Test func everyByteOutsideTheHostGrammarIsRejected() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+;=".utf8)
        for byte in UInt8(0)...255 where !allowed.contains(byte) && byte != 13 && byte != 10 {
            let bytes = Array("GET / HTTP/1.1\r\nHost: a".utf8) + [byte] + Array("b\r\n\r\n".utf8)
            let outcome = ParserHarness.consistentOutcome(bytes)
            // Controls are refused by the field-value check before the Host grammar sees them.
            let expected = (byte < 32 && byte != 9) || byte == 127 ? "failure 400 bad_header" : "failure 400 bad_host"
            #expect(outcome == [expected], "byte \(byte)")
        }
        for byte in allowed {
            let bytes = Array("GET / HTTP/1.1\r\nHost: a".utf8) + [byte] + Array("b\r\n\r\n".utf8)
            #expect(ParserHarness.consistentOutcome(bytes)?.count == 2, "byte \(byte)")
        }
    }

    /// RFC 9112 §3.2: a client sends an empty Host when the target URI has no authority. The grammar
    /// allows it (reg-name may be empty), and the server does not route by Host, so it is served, as an
    /// HTTP/1.0 request without Host is. Surrounding whitespace is not part of the value.
    @Test func emptyHostIsAccepted() {
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\nHost:\r\n\r\n")?.first == "head GET / 1 keep-alive")
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\nHost: \t \r\n\r\n")?.first == "head GET / 1 keep-alive")
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\nHost: \r\nHost: \r\n\r\n") == ["failure 400 duplicate_host"])
    }

    @Test func hostWithSurroundingWhitespaceIsTrimmedAndAccepted() {
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\nHost: \t example.com:80 \t\r\n\r\n")?.first
            == "head GET / 1 keep-alive")
    }

    @Test func absoluteFormTargetsWithAValidAuthorityAreAccepted() {
        for target in ["http://a", "http://a:80/x", "HTTPS://[::1]:8443/x?y", "http://a?q", "http://a.b-c"] {
            #expect(ParserHarness.consistentOutcome("GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n")?.count == 2, "\(target)")
        }
    }

    // MARK: - Limits

    private let small = HTTPServer.Configuration.Limits(requestLine: 64, headerSection: 128, headerCount: 4, body: 16)

    @Test func requestLineAtTheLimitPassesAndOneByteMoreIs414() {
        let atLimit = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1"
        #expect(atLimit.utf8.count == 64)
        #expect(ParserHarness.consistentOutcome(atLimit + "\r\nHost: a\r\n\r\n", limits: small)?.count == 2)
        let over = "GET /" + String(repeating: "a", count: 65 - 14) + " HTTP/1.1"
        #expect(ParserHarness.consistentOutcome(over + "\r\nHost: a\r\n\r\n", limits: small) == ["failure 414 request_line_too_long"])
    }

    @Test func overlongRequestLineIsRejectedBeforeItsEnd() {
        var parser = HTTPRequestParser(limits: small)
        parser.append(Array(("GET /" + String(repeating: "a", count: 200)).utf8))
        #expect(parser.next().map(ParserHarness.describe) == "failure 414 request_line_too_long")
    }

    /// Found by fuzzing: a line over the limit that ends in a bare LF was a 400 when it arrived whole and
    /// a 414 (or 431) when it arrived in pieces. The length now decides first, in both cases.
    @Test func overlongLineEndingInABareLFIsRefusedForItsLengthHoweverItIsSplit() {
        // 66 bytes before the LF: over the 64-byte limit even if the last one had been its CR.
        let over = "GET /" + String(repeating: "a", count: 66 - 14) + " HTTP/1.1\n"
        #expect(ParserHarness.consistentOutcome(over + "Host: a\r\n\r\n", limits: small) == ["failure 414 request_line_too_long"])
        // 64 bytes of line and one more byte that is not CR: a bare LF within the limit stays a 400.
        let atLimit = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1x\n"
        #expect(ParserHarness.consistentOutcome(atLimit + "Host: a\r\n\r\n", limits: small) == ["failure 400 bad_line_ending"])
        let header = "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "v", count: 200) + "\n\r\n"
        #expect(ParserHarness.consistentOutcome(header, limits: small) == ["failure 431 header_too_large"])
    }

    @Test func headerSectionOverTheLimitIs431() {
        let big = "X: " + String(repeating: "v", count: 130) + "\r\n"
        #expect(ParserHarness.consistentOutcome("GET / HTTP/1.1\r\nHost: a\r\n" + big + "\r\n", limits: small)
            == ["failure 431 header_too_large"])
        var parser = HTTPRequestParser(limits: small)
        parser.append(Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 300)).utf8))
        #expect(parser.next().map(ParserHarness.describe) == "failure 431 header_too_large")
    }

    @Test func headerSectionExactlyAtTheLimitPasses() {
        // Header section = "Host: a\r\n" (9) + "X: ...\r\n" + "\r\n" (2) = 128.
        let filler = "X: " + String(repeating: "v", count: 128 - 9 - 2 - 5) + "\r\n"
        let text = "GET / HTTP/1.1\r\nHost: a\r\n" + filler + "\r\n"
        #expect(ParserHarness.consistentOutcome(text, limits: small)?.count == 2)
        let over = "GET / HTTP/1.1\r\nHost: a\r\n" + "X: v" + filler.dropFirst(3) + "\r\n"
        #expect(ParserHarness.consistentOutcome(over, limits: small) == ["failure 431 header_too_large"])
    }

    @Test func moreHeaderFieldsThanTheLimitIs431() {
        let four = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(four, limits: small)?.count == 2)
        let five = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(five, limits: small) == ["failure 431 too_many_headers"])
    }

    /// The head is reported (the caller may choose another limit for a streamed body), then the
    /// failure, before any body byte is read.
    @Test func contentLengthOverTheBodyLimitIs413BeforeTheBody() {
        #expect(ParserHarness.consistentOutcome("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 16\r\n\r\n0123456789abcdef", limits: small)?.last
            == "request POST / body=0123456789abcdef")
        #expect(ParserHarness.consistentOutcome("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n\r\n", limits: small)
            == ["head POST / 1 keep-alive", "failure 413 body_too_large"])
    }

    @Test func chunkedBodyOverTheLimitIs413() {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n9\r\n012345678\r\n0\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(text, limits: small) == ["head POST / 1 keep-alive", "failure 413 body_too_large"])
    }

    @Test func trailersAreBoundedByTheHeaderLimits() {
        let many = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(many, limits: small)?.last == "failure 431 too_many_headers")
        let big = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: " + String(repeating: "x", count: 200) + "\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(big, limits: small)?.last == "failure 431 header_too_large")
    }

    @Test func bufferIsCompactedAcrossManyRequests() {
        var parser = HTTPRequestParser()
        let one = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        var requests = 0
        for _ in 0..<2000 {
            parser.append(one + one.prefix(10))
            parser.append(Array(one.dropFirst(10)))
            while let event = parser.next() {
                if case .request = event { requests += 1 }
            }
        }
        #expect(requests == 4000)
        #expect(parser.bufferedByteCount == 0)
        #expect(parser.isIdle)
    }
}
