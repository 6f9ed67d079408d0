import Testing
@testable import HTTPServer

/// Streamed requests through the connection state machine: the exact bytes of chunked responses,
/// backpressure, timeouts, shutdown and the request after a stream. The driver's default stream
/// handler echoes each piece upper-cased as one chunk after a `200 text/plain` head.
@Suite struct ConnectionStateMachineStreamingTests {
    private static let head = "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"

    private func driver(limits: HTTPServer.Configuration.Limits = .init(), timeouts: HTTPServer.Configuration.Timeouts = .init(),
                        limit: Int = 1 << 20) -> MachineDriver {
        var d = MachineDriver(limits: limits, timeouts: timeouts, routes: true)
        d.router = { $0.path == "/s" ? .stream(limit: limit) : .whole }
        return d
    }

    // MARK: - Byte-exact chunked encoding

    @Test func eachPieceBecomesOneChunkAndTheEndTheLastChunk() {
        var d = driver()
        #expect(d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhel") == .read)
        #expect(d.wireTextWithoutDates == Self.head + "3\r\nHEL\r\n")
        #expect(d.send("lo") == .read)
        #expect(d.wireTextWithoutDates == Self.head + "3\r\nHEL\r\n2\r\nLO\r\n0\r\n\r\n")
        #expect(d.streamEvents == ["route /s", "piece 3", "piece 2", "finish"])
    }

    @Test func chunkSizesAreLowercaseHexAndEmptyWritesMakeNoChunk() {
        var d = driver()
        d.onPiece = { piece, writer in
            writer.start(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]))
            writer.write([])
            writer.write([UInt8](repeating: 120, count: 300))
            writer.write([UInt8](repeating: 121, count: 2))
        }
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nz")
        let expected = Self.head + "12e\r\n" + String(repeating: "x", count: 300) + "yy\r\n0\r\n\r\n"
        #expect(d.wireTextWithoutDates == expected)
    }

    @Test func trailersFollowTheLastChunkWithoutFramingFields() {
        var d = driver()
        d.onFinish = { writer in
            writer.end(trailers: HTTPHeaders([("X-Lines", "2"), ("Content-Length", "9"), ("Bad", "a\r\nInjected: 1"), ("X-Done", "yes")]))
        }
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab")
        #expect(d.wireTextWithoutDates == Self.head + "2\r\nAB\r\n0\r\nX-Lines: 2\r\nX-Done: yes\r\n\r\n")
    }

    /// The handler's framing fields are replaced by the server's (no Content-Length with chunked).
    @Test func framingFieldsSetByTheHandlerAreDropped() {
        var d = driver()
        d.onPiece = { piece, writer in
            writer.start(status: 201, headers: HTTPHeaders([("Content-Length", "99"), ("Transfer-Encoding", "gzip"),
                                                             ("Connection", "close"), ("Content-Type", "application/x-ndjson")]))
            writer.write(piece)
        }
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nz")
        #expect(d.wireTextWithoutDates
            == "HTTP/1.1 201 Created\r\nDate: D\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n")
    }

    @Test func aChunkedRequestBodyIsStreamedWithoutItsFraming() {
        var d = driver()
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n")
        d.send("2;x=y\r\nde\r\n0\r\nT: 1\r\n\r\n")
        #expect(d.wireTextWithoutDates == Self.head + "3\r\nABC\r\n2\r\nDE\r\n0\r\n\r\n")
    }

    /// Methods the router does not take go straight to the whole-body handler, without `.route`.
    @Test func onlyTheRoutersMethodsAreOffered() {
        var d = driver()
        #expect(d.send("PUT /s HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab") == .read)
        #expect(d.streamEvents.isEmpty)
        #expect(d.handled == ["PUT /s ab"])
    }

    @Test func aRouterOffersOnlyItsMethodsAndPaths() {
        func head(_ method: String, _ target: String) -> HTTPRequestHead {
            HTTPRequestHead(method: method, target: target, minorVersion: 1, headers: HTTPHeaders(), framing: .none,
                            keepAlive: true, expectsContinue: false)
        }
        let router = HTTPStreamRouter(methods: ["POST"], paths: ["/v1/claims/batch"]) { _, _ in .whole }
        #expect(router.offers(head("POST", "/v1/claims/batch")))
        #expect(router.offers(head("POST", "/v1/claims/batch?part=units")))
        #expect(!router.offers(head("POST", "/v1/claims/scrub")))
        #expect(!router.offers(head("GET", "/v1/claims/batch")))
        #expect(!router.offers(head("POST", "/v1/claims/batch/x")))
        #expect(HTTPStreamRouter(methods: ["POST"]) { _, _ in .whole }.offers(head("POST", "/anything")))
    }

    // MARK: - Keep-alive and pipelining

    @Test func aPipelinedRequestAfterAStreamIsAnsweredAfterIt() {
        var d = driver()
        let action = d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nabGET /w HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(action == .read)
        #expect(d.handled == ["GET /w "])
        let text = d.wireTextWithoutDates
        #expect(text.hasPrefix(Self.head + "2\r\nAB\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix("ok /w"))
        #expect(d.count("Connection: close") == 0)
    }

    @Test func anHTTP10ClientGetsACloseDelimitedBody() {
        var d = driver()
        #expect(d.send("POST /s HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello") == .close(abortive: false))
        #expect(d.wireTextWithoutDates == "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nHELLO")
    }

    @Test func aHEADRequestGetsTheHeadAloneAndTheConnectionStays() {
        var d = driver()
        #expect(d.send("HEAD /s HTTP/1.1\r\nHost: h\r\n\r\nGET /w HTTP/1.1\r\nHost: h\r\n\r\n") == .read)
        #expect(d.streamEvents == ["route /s", "finish", "route /w"])
        #expect(d.wireTextWithoutDates.hasPrefix(Self.head + "HTTP/1.1 200 OK\r\n"))
        #expect(d.handled == ["GET /w "])
    }

    @Test func aWholeResponseFromTheStreamHandlerHasAContentLength() {
        var d = driver()
        d.onPiece = { _, _ in }
        d.onFinish = { writer in
            writer.respond(HTTPResponse(status: 202, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: Array("done".utf8)))
        }
        #expect(d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab") == .read)
        #expect(d.wireTextWithoutDates == "HTTP/1.1 202 Accepted\r\nDate: D\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\ndone")
    }

    // MARK: - Backpressure

    /// A piece's output at the flush threshold is written before the next piece is handed out.
    @Test func noPieceIsHandedOutWhileOutputWaitsForTheSocket() {
        var d = driver()
        d.blockWrites = true
        let size = 3 * HTTPRequestParser.streamPieceLimit
        let action = d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: \(size)\r\n\r\n" + String(repeating: "a", count: size))
        #expect(action == .waitForWrite)
        #expect(d.streamEvents == ["route /s", "piece \(HTTPRequestParser.streamPieceLimit)"])
        #expect(d.machine.nextAction(now: d.now) == .waitForWrite)
        #expect(d.completeWrites() == .waitForWrite)
        #expect(d.streamEvents.count == 3)
        #expect(d.completeWrites() == .waitForWrite)
        #expect(d.streamEvents.count == 4)
        // The last piece's output, then the last chunk.
        #expect(d.completeWrites() == .waitForWrite)
        #expect(d.streamEvents.suffix(2) == ["piece \(HTTPRequestParser.streamPieceLimit)", "finish"])
        #expect(d.completeWrites() == .read)
    }

    /// A handler holding input it did not process (an inflater's output) asks to be resumed: it is,
    /// once its output is written, before any more body is handed out.
    @Test func aHandlerThatAsksToResumeIsResumedOnceItsOutputIsWritten() {
        var d = driver()
        d.blockWrites = true
        let big = [UInt8](repeating: 97, count: ConnectionStateMachine.flushThreshold)
        final class Left { var count = 2 }
        let left = Left()
        d.onPiece = { _, writer in
            writer.write(big)
            writer.requestResume()
        }
        d.onResume = { writer in
            writer.write(big)
            if left.count > 0 {
                left.count -= 1
                writer.requestResume()
            }
        }
        #expect(d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\na") == .waitForWrite)
        #expect(d.streamEvents == ["route /s", "piece 1"])
        #expect(d.completeWrites() == .waitForWrite)
        #expect(d.streamEvents.last == "resume")
        #expect(d.completeWrites() == .waitForWrite)
        #expect(d.completeWrites() == .waitForWrite)
        #expect(d.completeWrites() == .read)
        #expect(d.streamEvents == ["route /s", "piece 1", "resume", "resume", "resume"])
        d.blockWrites = false
        d.send("b")
        #expect(d.streamEvents.suffix(3) == ["piece 1", "resume", "finish"])
    }

    @Test func aClientThatStopsReadingIsClosedAtTheWriteTimeout() {
        var d = driver(timeouts: .init(bodyProgress: 5, write: 3))
        d.blockWrites = true
        let size = 2 * HTTPRequestParser.streamPieceLimit
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: \(size)\r\n\r\n" + String(repeating: "a", count: size))
        d.advance(2.9)
        #expect(d.tick().timeout == nil)
        d.advance(0.2)
        let (timeout, action) = d.tick()
        #expect(timeout == "write_timeout 0")
        #expect(action == .close(abortive: true))
        #expect(d.streamEvents == ["route /s", "piece \(HTTPRequestParser.streamPieceLimit)"])
    }

    /// Time spent waiting for the client to read does not count against its body's progress.
    @Test func theBodyClockRestartsWhenReadingResumes() {
        var d = driver(timeouts: .init(bodyProgress: 5, write: 10))
        d.blockWrites = true
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: \(HTTPRequestParser.streamPieceLimit + 10)\r\n\r\n"
            + String(repeating: "a", count: HTTPRequestParser.streamPieceLimit))
        d.advance(8)
        d.blockWrites = false
        #expect(d.completeWrites() == .read)
        d.advance(4)
        #expect(d.tick().action == .read)
        d.advance(2)
        #expect(d.tick().action == .close(abortive: false))
        #expect(d.streamEvents.last == "interrupted body_timeout")
    }

    // MARK: - Interruptions

    @Test func aBodyTimeoutAfterTheHeadEndsTheChunkedBodyWithTheHandlersWords() {
        var d = driver(timeouts: .init(bodyProgress: 5))
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhel")
        d.advance(5.1)
        let (timeout, action) = d.tick()
        #expect(timeout == nil)
        #expect(action == .close(abortive: false))
        #expect(d.wireTextWithoutDates == Self.head + "3\r\nHEL\r\nd\r\n[interrupted]\r\n0\r\n\r\n")
        #expect(d.streamEvents.last == "interrupted body_timeout")
    }

    @Test func aBodyTimeoutBeforeAnyOutputIs408() {
        var d = driver(timeouts: .init(bodyProgress: 5))
        d.onPiece = { _, _ in }
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhel")
        d.advance(5.1)
        #expect(d.tick().action == .close(abortive: false))
        #expect(d.wireText.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(d.count("Connection: close") == 1)
        #expect(d.rejections == ["body_timeout 408"])
    }

    @Test func shutdownEndsAStreamAtOnceAndProperly() {
        var d = driver()
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhel")
        d.machine.beginShutdown()
        #expect(d.run() == .close(abortive: false))
        #expect(d.wireTextWithoutDates == Self.head + "3\r\nHEL\r\nd\r\n[interrupted]\r\n0\r\n\r\n")
        #expect(d.streamEvents == ["route /s", "piece 3", "interrupted shutdown"])
    }

    @Test func shutdownBeforeAnyOutputIs503() {
        var d = driver()
        d.onPiece = { _, _ in }
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhel")
        d.machine.beginShutdown()
        #expect(d.run() == .close(abortive: false))
        #expect(d.wireText.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(d.rejections == ["shutdown 503"])
    }

    @Test func aClientThatEndsItsSideMidBodyInterruptsTheStream() {
        var d = driver()
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhel")
        d.machine.inputEnded()
        #expect(d.run() == .close(abortive: false))
        #expect(d.streamEvents.last == "interrupted body_incomplete")
        #expect(d.wireTextWithoutDates.hasSuffix("d\r\n[interrupted]\r\n0\r\n\r\n"))
    }

    @Test func aChunkedBodyOverTheStreamLimitInterruptsTheStream() {
        var d = driver(limit: 5)
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n")
        #expect(d.streamEvents == ["route /s", "piece 3", "interrupted body_too_large"])
        #expect(d.wireTextWithoutDates == Self.head + "3\r\nABC\r\nd\r\n[interrupted]\r\n0\r\n\r\n")
    }

    @Test func aContentLengthOverTheStreamLimitIs413BeforeTheHandlerSeesAByte() {
        var d = driver(limit: 5)
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\nabcdef")
        #expect(d.streamEvents == ["route /s", "interrupted body_too_large"])
        #expect(d.wireText.hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
    }

    /// A format with no in-band error: the chunked body gets no last chunk and the connection closes.
    @Test func anAbortedResponseHasNoLastChunkAndClosesTheConnection() {
        var d = driver(limit: 5)
        d.onInterrupted = { _, writer in
            writer.write(Array("partial".utf8))
            writer.abort()
            writer.write(Array("ignored".utf8))
            writer.end()
        }
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n")
        #expect(d.streamEvents == ["route /s", "piece 3", "interrupted body_too_large"])
        #expect(d.wireTextWithoutDates == Self.head + "3\r\nABC\r\n7\r\npartial\r\n")
        #expect(d.run() == .close(abortive: false))
    }

    /// Aborted in `finish` (no interruption), the connection still closes: a pipelined request is not answered.
    @Test func anAbortAtTheEndIsNotKeptAlive() {
        var d = driver()
        d.onFinish = { writer in writer.abort() }
        let action = d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nabGET /w HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(action == .close(abortive: false))
        #expect(d.wireTextWithoutDates == Self.head + "2\r\nAB\r\n")
        #expect(d.handled.isEmpty)
    }

    /// Before `start` an abort does nothing: the server answers as for a stream that wrote nothing.
    @Test func anAbortBeforeStartIsIgnored() {
        var d = driver()
        d.onPiece = { _, writer in writer.abort() }
        d.onFinish = { _ in }
        d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab")
        #expect(d.wireText.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
    }

    // MARK: - Ending early, answering at once

    /// The rest of the body is not read: the connection closes after the response.
    @Test func aHandlerThatEndsEarlyClosesTheConnection() {
        var d = driver()
        d.onPiece = { piece, writer in
            writer.write(piece)
            writer.end()
        }
        #expect(d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhel") == .close(abortive: false))
        #expect(d.streamEvents == ["route /s", "piece 3", "over"])
        #expect(d.wireTextWithoutDates
            == "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n0\r\n\r\n")
    }

    @Test func anImmediateAnswerToARequestWithABodyClosesWithoutContinue() {
        var d = MachineDriver(routes: true)
        d.router = { _ in .respond(HTTPResponse(status: 415, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: Array("no".utf8))) }
        let action = d.send("POST /s HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n")
        #expect(action == .close(abortive: false))
        #expect(d.wireTextWithoutDates
            == "HTTP/1.1 415 Unsupported Media Type\r\nDate: D\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno")
    }

    @Test func anImmediateAnswerToARequestWithoutABodyKeepsTheConnection() {
        var d = MachineDriver(routes: true)
        d.router = { $0.path == "/x" ? .respond(HTTPResponse(status: 404)) : .whole }
        #expect(d.send("GET /x HTTP/1.1\r\nHost: h\r\n\r\nGET /w HTTP/1.1\r\nHost: h\r\n\r\n") == .read)
        #expect(d.count("HTTP/1.1 404 Not Found\r\n") == 1)
        #expect(d.handled == ["GET /w "])
    }

    @Test func continueFollowsTheStreamLimitNotTheWholeBodyLimit() {
        var d = driver(limits: .init(body: 10), limit: 1000)
        #expect(d.send("POST /s HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 500\r\n\r\n") == .read)
        #expect(d.wireText == "HTTP/1.1 100 Continue\r\n\r\n")
        var over = driver(limits: .init(body: 10), limit: 1000)
        over.send("POST /s HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1001\r\n\r\n")
        #expect(over.count("100 Continue") == 0)
        #expect(over.wireText.hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
    }

    @Test func aHandlerThatNeverAnswersGets500() {
        var d = driver()
        d.onPiece = { _, _ in }
        d.onFinish = { _ in }
        #expect(d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab") == .close(abortive: false))
        #expect(d.wireText.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
        #expect(d.rejections == ["invalid_response 500"])
    }

    @Test func anInvalidStreamHeadIs500() {
        var d = driver()
        d.onPiece = { _, writer in writer.start(status: 200, headers: HTTPHeaders([("X", "a\nb")])) }
        #expect(d.send("POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab") == .close(abortive: false))
        #expect(d.wireText.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
        #expect(!d.wireText.contains("a\nb"))
    }
}
