import Testing
@testable import HTTPServer

/// Mutation fuzzing with a fixed seed: the parser never traps, and its outcome never depends on
/// how the bytes were split.
@Suite struct HTTPRequestParserFuzzTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [String] = [
        "GET /a?b=c HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.0\r\n\r\n",
        "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n",
        "PUT /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok",
    ]

    static let interesting: [UInt8] = [0, 9, 10, 13, 32, 44, 58, 59, 48, 70, 127, 255] + Array("chunked".utf8)

    @Test func mutatedRequestsNeverTrapAndDoNotDependOnSplitting() {
        var rng = SplitMix(state: 0xC1A1_5C2B)
        let limits = HTTPServer.Configuration.Limits(requestLine: 64, headerSection: 128, headerCount: 6, body: 32)
        var failures = 0
        for round in 0..<400 {
            var bytes = Array(Self.seeds[round % Self.seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let position = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[position] = Self.interesting.randomElement(using: &rng) ?? 0
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: position)
                case 2: if bytes.count > 1 { bytes.remove(at: position) }
                default: bytes[position] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            let outcome = ParserHarness.consistentOutcome(bytes, limits: limits)
            #expect(outcome != nil, "split-dependent outcome for \(bytes)")
            if outcome?.last?.hasPrefix("failure") == true { failures += 1 }
        }
        // The mutations must actually exercise the error paths.
        #expect(failures > 100)
    }

    @Test func hugeChunkSizeWithAnUnboundedBodyLimitDoesNotOverflow() {
        let limits = HTTPServer.Configuration.Limits(body: Int.max)
        let text = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n7FFFFFFFFFFFFFFF\r\nab\r\n1\r\n"
        #expect(ParserHarness.outcome(text, limits: limits).last == "head POST / 1 keep-alive")
        let overflow = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n"
        #expect(ParserHarness.outcome(overflow, limits: limits).last == "failure 413 body_too_large")
    }
}
