import Testing
@testable import HTTPServer

/// Streamed bodies (`streamBody(limit:)`): pieces as they arrive, the same bytes whatever the split,
/// their own limit, and the request after them parsed as usual.
@Suite struct HTTPRequestParserStreamingTests {
    private let small = HTTPServer.Configuration.Limits(requestLine: 64, headerSection: 128, headerCount: 4, body: 16)

    @Test func contentLengthBodyIsStreamedAndTheNextRequestFollows() {
        let text = "POST /s HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world" + "GET /n HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(text, streamLimit: 100) == [
            "head POST /s 1 keep-alive", "streamed hello world", "head GET /n 1 keep-alive", "streamed ",
        ])
    }

    @Test func chunkedBodyIsStreamedWithoutItsFramingAndTrailers() {
        let text = "POST /s HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n"
            + "GET /n HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(text, streamLimit: 100) == [
            "head POST /s 1 keep-alive", "streamed hello world", "head GET /n 1 keep-alive", "streamed ",
        ])
    }

    /// The streamed limit replaces `limits.body` for that request only.
    @Test func aStreamedBodyMayExceedTheWholeBodyLimitUpToItsOwn() {
        let body = String(repeating: "x", count: 40)
        let ok = "POST /s HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\n\r\n" + body + "POST /w HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n\r\n"
        // The second request is streamed too in this harness, with the same limit.
        #expect(ParserHarness.consistentOutcome(ok, limits: small, streamLimit: 40).map { Array($0.prefix(2)) }
            == ["head POST /s 1 keep-alive", "streamed \(body)"])
        var parser = HTTPRequestParser(limits: small)
        parser.append(Array(("POST /s HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\n\r\n" + body).utf8))
        guard case .head = parser.next() else { Issue.record("no head"); return }
        // Not streamed: the whole-body limit applies.
        #expect(ParserHarness.describe(parser.next()!) == "failure 413 body_too_large")
    }

    @Test func overTheStreamLimitIs413() {
        let length = "POST /s HTTP/1.1\r\nHost: a\r\nContent-Length: 41\r\n\r\n"
        #expect(ParserHarness.consistentOutcome(length, limits: small, streamLimit: 40)
            == ["head POST /s 1 keep-alive", "failure 413 body_too_large"])
        let chunked = "POST /s HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "14\r\n" + String(repeating: "a", count: 20) + "\r\n15\r\n" + String(repeating: "b", count: 21) + "\r\n0\r\n\r\n"
        // The first chunk is handed out before the second one's size shows the limit is passed.
        let outcome = ParserHarness.outcome(Array(chunked.utf8), pieces: [Array(chunked.utf8)], limits: small, streamLimit: 40)
        #expect(outcome == ["head POST /s 1 keep-alive", "failure 413 body_too_large"])
        var parser = HTTPRequestParser(limits: small)
        parser.append(Array(chunked.utf8))
        _ = parser.next()
        parser.streamBody(limit: 40)
        var events: [String] = []
        while let event = parser.next() { events.append(ParserHarness.describe(event)) }
        #expect(events == ["part 20", "failure 413 body_too_large"])
    }

    @Test func piecesAreBoundedAndFollowTheBytesAsTheyArrive() {
        let size = HTTPRequestParser.streamPieceLimit * 2 + 10
        var parser = HTTPRequestParser(limits: .init())
        parser.append(Array("POST /s HTTP/1.1\r\nHost: a\r\nContent-Length: \(size)\r\n\r\n".utf8))
        guard case .head = parser.next() else { Issue.record("no head"); return }
        parser.streamBody(limit: size)
        let nothing = parser.next()
        #expect(nothing == nil)
        parser.append([UInt8](repeating: 1, count: 100))
        var sizes: [Int] = []
        while case .bodyPart(let part)? = parser.next() { sizes.append(part.count) }
        #expect(sizes == [100])
        parser.append([UInt8](repeating: 2, count: size - 100))
        var rest: [Int] = []
        var ended = false
        while let event = parser.next() {
            switch event {
            case .bodyPart(let part): rest.append(part.count)
            case .bodyEnd: ended = true
            default: Issue.record("unexpected \(ParserHarness.describe(event))")
            }
        }
        #expect(rest == [HTTPRequestParser.streamPieceLimit, size - 100 - HTTPRequestParser.streamPieceLimit])
        #expect(rest.reduce(0, +) == size - 100)
        #expect(ended)
        #expect(parser.isIdle)
    }

    @Test func aRequestWithoutABodyEndsItsStreamAtOnce() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET /s HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        guard case .head = parser.next() else { Issue.record("no head"); return }
        parser.streamBody(limit: 0)
        guard case .bodyEnd? = parser.next() else { Issue.record("no end"); return }
        #expect(parser.isIdle)
    }

    @Test func skippingARequestWithoutABodyKeepsTheConnectionUsable() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        guard case .head = parser.next() else { Issue.record("no head"); return }
        let usable = parser.skipRequest()
        #expect(usable)
        guard case .head(let next)? = parser.next() else { Issue.record("no second head"); return }
        #expect(next.target == "/b")
    }

    /// The announced body cannot be told apart from a next request without reading it: nothing more.
    @Test func skippingARequestWithABodyEndsTheParse() {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 30\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        guard case .head = parser.next() else { Issue.record("no head"); return }
        let usable = parser.skipRequest()
        #expect(!usable)
        let nothing = parser.next()
        #expect(nothing == nil)
    }

    @Test func streamBodyOutsideAHeadIsIgnored() {
        var parser = HTTPRequestParser(limits: small)
        parser.streamBody(limit: 1000)
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n\r\n".utf8))
        guard case .head = parser.next() else { Issue.record("no head"); return }
        #expect(ParserHarness.describe(parser.next()!) == "failure 413 body_too_large")
    }
}
