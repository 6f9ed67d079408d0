import Testing
@testable import HTTPServer

@Suite struct ConnectionStateMachineTests {
    private let get = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"

    // MARK: - Keep-alive

    @Test func http11KeepsTheConnectionOpenBetweenRequests() {
        var d = MachineDriver()
        #expect(d.send(get) == .read)
        #expect(d.send("GET /b HTTP/1.1\r\nHost: h\r\n\r\n") == .read)
        #expect(d.handled == ["GET /a ", "GET /b "])
        #expect(d.count("HTTP/1.1 200 OK\r\n") == 2)
        #expect(d.count("Connection: close") == 0)
    }

    @Test func connectionCloseGetsTheLastResponseAndCloses() {
        var d = MachineDriver()
        #expect(d.send("GET /a HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n") == .close(abortive: false))
        #expect(d.count("Connection: close\r\n") == 1)
    }

    @Test func http10ClosesUnlessKeepAliveIsAskedAndEchoed() {
        var plain = MachineDriver()
        #expect(plain.send("GET / HTTP/1.0\r\n\r\n") == .close(abortive: false))
        #expect(plain.count("Connection: close") == 1)
        var keep = MachineDriver()
        #expect(keep.send("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") == .read)
        #expect(keep.count("Connection: keep-alive\r\n") == 1)
    }

    // MARK: - Pipelining

    @Test func pipelinedRequestsAreAnsweredInOrderInOneFlush() {
        var d = MachineDriver()
        #expect(d.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n") == .read)
        #expect(d.handled == ["GET /1 ", "GET /2 ", "GET /3 "])
        #expect(d.flushes == 1)
        let text = d.wireText
        let positions = ["ok /1", "ok /2", "ok /3"].compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == 3 && positions == positions.sorted())
    }

    @Test func nothingMoreIsParsedWhileAResponseWaitsForTheSocket() {
        var d = MachineDriver()
        d.blockWrites = true
        d.handler = { request in
            // A response larger than the batching threshold forces a flush after each request.
            HTTPResponse(status: 200, body: [UInt8](repeating: 65, count: ConnectionStateMachine.flushThreshold) + Array(request.target.utf8))
        }
        #expect(d.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n") == .waitForWrite)
        #expect(d.handled == ["GET /1 "])
        #expect(d.machine.nextAction(now: d.now) == .waitForWrite)
        #expect(d.completeWrites() == .waitForWrite)
        #expect(d.handled == ["GET /1 ", "GET /2 "])
        #expect(d.completeWrites() == .read)
    }

    // MARK: - 100-continue

    @Test func continueIsSentBeforeTheBodyIsRead() {
        var d = MachineDriver()
        #expect(d.send("POST /p HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n") == .read)
        #expect(d.wireText == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(d.handled.isEmpty)
        #expect(d.send("hi") == .read)
        #expect(d.handled == ["POST /p hi"])
        #expect(d.count("HTTP/1.1 200 OK") == 1)
    }

    @Test func continueIsNotSentWhenTheBodyIsAlreadyArriving() {
        var d = MachineDriver()
        #expect(d.send("POST /p HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi") == .read)
        #expect(d.count("100 Continue") == 0)
        #expect(d.handled == ["POST /p hi"])
    }

    @Test func continueIsNotSentWhenTheBodyIsRefused() {
        var d = MachineDriver(limits: .init(body: 10))
        #expect(d.send("POST /p HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n") == .close(abortive: false))
        #expect(d.count("100 Continue") == 0)
        #expect(d.wireText.hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
        #expect(d.rejections == ["body_too_large 413"])
    }

    @Test func unknownExpectationIs417AndCloses() {
        var d = MachineDriver()
        #expect(d.send("POST /p HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\nhi") == .close(abortive: false))
        #expect(d.wireText.hasPrefix("HTTP/1.1 417 Expectation Failed\r\n"))
        #expect(d.handled.isEmpty)
    }

    // MARK: - Errors

    @Test func parseErrorAnswersOnceWithProblemJSONAndCloses() {
        var d = MachineDriver()
        let action = d.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(action == .close(abortive: false))
        #expect(d.handled == ["GET /1 "])
        #expect(d.rejections == ["bad_framing 400"])
        #expect(d.count("HTTP/1.1 400 Bad Request\r\n") == 1)
        #expect(d.count("Content-Type: application/problem+json\r\n") == 1)
        #expect(d.count(#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"#) == 1)
        #expect(d.count("Connection: close") == 1)
        #expect(d.count("HTTP/1.1 ") == 2)
    }

    @Test func handlerHeaderWithCRLFIsReplacedBy500AndCloses() {
        var d = MachineDriver()
        d.handler = { _ in HTTPResponse(status: 200, headers: HTTPHeaders([("X-Evil", "a\r\nSet-Cookie: x=1")]), body: []) }
        #expect(d.send(get) == .close(abortive: false))
        #expect(d.wireText.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
        #expect(d.count("Set-Cookie") == 0)
        #expect(d.rejections == ["invalid_response 500"])
    }

    @Test func halfClosedClientStillGetsItsResponses() {
        var d = MachineDriver()
        d.machine.received(Array(get.utf8), now: d.now)
        d.machine.inputEnded()
        #expect(d.run() == .close(abortive: false))
        #expect(d.handled == ["GET /a "])
        #expect(d.count("Connection: close") == 1)
    }

    @Test func partialRequestThenEOFClosesWithoutAnswer() {
        var d = MachineDriver()
        d.machine.received(Array("GET / HTTP/1.1\r\nHost:".utf8), now: d.now)
        d.machine.inputEnded()
        #expect(d.run() == .close(abortive: false))
        #expect(d.wire.isEmpty)
        #expect(d.handled.isEmpty)
    }

    @Test func requestsPipelinedAfterConnectionCloseAreNotAnswered() {
        var d = MachineDriver()
        #expect(d.send("GET /1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n") == .close(abortive: false))
        #expect(d.handled == ["GET /1 "])
        #expect(d.count("HTTP/1.1 ") == 1)
    }

    // MARK: - Timeouts (mock clock)

    @Test func connectionThatNeverSendsClosesAfterTheHeaderTimeout() {
        var d = MachineDriver(timeouts: .init(header: 10))
        #expect(d.run() == .read)
        d.advance(9.9)
        #expect(d.tick().timeout == nil)
        d.advance(0.1)
        let result = d.tick()
        #expect(result.timeout == "idle_timeout 0")
        #expect(result.action == .close(abortive: false))
        #expect(d.wire.isEmpty)
    }

    @Test func slowLorisGets408TenSecondsAfterTheFirstByteEvenWhileTrickling() {
        var d = MachineDriver(timeouts: .init(header: 10))
        d.send("GET / HTTP/1.1\r\n")
        for _ in 0..<9 {
            d.advance(1)
            #expect(d.tick().timeout == nil)
            d.send("X: y\r\n")
        }
        d.advance(1)
        let result = d.tick()
        #expect(result.timeout == "header_timeout 408")
        #expect(result.action == .close(abortive: false))
        #expect(d.wireText.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(d.handled.isEmpty)
    }

    @Test func bodyProgressTimeoutResetsOnEachRead() {
        var d = MachineDriver(timeouts: .init(bodyProgress: 5))
        d.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n")
        for _ in 0..<4 {
            d.advance(4)
            #expect(d.tick().timeout == nil)
            d.send("ab")
        }
        d.advance(5)
        let result = d.tick()
        #expect(result.timeout == "body_timeout 408")
        #expect(result.action == .close(abortive: false))
    }

    @Test func idleKeepAliveConnectionClosesQuietlyAfterTheIdleTimeout() {
        var d = MachineDriver(timeouts: .init(header: 10, idle: 60))
        d.send(get)
        d.advance(59)
        #expect(d.tick().timeout == nil)
        #expect(d.machine.deadline == d.now + 1_000_000_000)
        d.advance(1)
        let result = d.tick()
        #expect(result.timeout == nil)
        #expect(result.action == .close(abortive: false))
    }

    @Test func clientThatStopsReadingIsClosedAfterTheWriteTimeout() {
        var d = MachineDriver(timeouts: .init(write: 10))
        d.blockWrites = true
        #expect(d.send(get) == .waitForWrite)
        d.advance(6)
        d.machine.outputProgressed(now: d.now)
        d.advance(6)
        #expect(d.tick().timeout == nil)
        d.advance(4)
        let result = d.tick()
        #expect(result.timeout == "write_timeout 0")
        #expect(result.action == .close(abortive: true))
    }

    @Test func tlsHandshakeMustFinishWithinTheHandshakeTimeout() {
        var d = MachineDriver(timeouts: .init(handshake: 3), handshaking: true)
        #expect(d.run() == .read)
        d.advance(3)
        let result = d.tick()
        #expect(result.timeout == "handshake_timeout 0")
        #expect(result.action == .close(abortive: true))
        var done = MachineDriver(timeouts: .init(handshake: 3), handshaking: true)
        done.advance(1)
        done.machine.handshakeCompleted(now: done.now)
        done.advance(2.5)
        #expect(done.tick().timeout == nil)
    }

    // MARK: - Shutdown

    @Test func shutdownClosesANeverUsedConnectionAtOnce() {
        var d = MachineDriver()
        #expect(d.run() == .read)
        d.machine.beginShutdown()
        #expect(d.run() == .close(abortive: false))
    }

    @Test func shutdownClosesAConnectionStillInItsTLSHandshake() {
        var d = MachineDriver(handshaking: true)
        #expect(d.run() == .read)
        d.machine.beginShutdown()
        #expect(d.run() == .close(abortive: false))
    }

    @Test func shutdownClosesAnIdleKeepAliveConnectionAtOnce() {
        var d = MachineDriver()
        d.send(get)
        d.machine.beginShutdown()
        #expect(d.run() == .close(abortive: false))
        #expect(d.count("Connection: close") == 0)
    }

    @Test func shutdownLetsTheInFlightRequestFinishWithConnectionClose() {
        var d = MachineDriver()
        #expect(d.send("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab") == .read)
        d.machine.beginShutdown()
        #expect(d.run() == .read)
        #expect(d.send("cdGET /next HTTP/1.1\r\nHost: h\r\n\r\n") == .close(abortive: false))
        #expect(d.handled == ["POST /p abcd"])
        #expect(d.count("Connection: close\r\n") == 1)
    }
}
