@testable import HTTPServer

/// Feeds bytes to an `HTTPRequestParser` in different ways and records what it reports, as short
/// comparable lines ("head GET / 1 keep-alive", "request GET / body=...", "failure 400 bad_framing").
enum ParserHarness {
    static func outcome(_ text: String, limits: HTTPServer.Configuration.Limits = .init()) -> [String] {
        outcome(Array(text.utf8), pieces: [Array(text.utf8)], limits: limits)
    }

    /// With `streamLimit`, every request's body is streamed (`streamBody(limit:)` after each head);
    /// its pieces are joined and reported as one "streamed BODY" line at its end, so the outcome does
    /// not depend on how the bytes were split. Pieces larger than the parser's limit are reported.
    static func outcome(_ bytes: [UInt8], pieces: [[UInt8]], limits: HTTPServer.Configuration.Limits = .init(),
                        streamLimit: Int? = nil) -> [String] {
        var parser = HTTPRequestParser(limits: limits)
        var out: [String] = []
        var streamed: [UInt8] = []
        for piece in pieces {
            parser.append(piece)
            while let event = parser.next() {
                switch event {
                case .head:
                    out.append(describe(event))
                    if let streamLimit { parser.streamBody(limit: streamLimit) }
                case .bodyPart(let part):
                    if part.count > HTTPRequestParser.streamPieceLimit || part.isEmpty { out.append("bad piece \(part.count)") }
                    streamed += part
                case .bodyEnd:
                    out.append("streamed \(String(decoding: streamed, as: UTF8.self))")
                    streamed = []
                default:
                    out.append(describe(event))
                }
            }
        }
        return out
    }

    /// The outcome when fed whole, one byte at a time, and split in two at every offset; all must
    /// agree, and the common outcome is returned (nil when they disagree).
    static func consistentOutcome(_ text: String, limits: HTTPServer.Configuration.Limits = .init(),
                                  streamLimit: Int? = nil) -> [String]? {
        consistentOutcome(Array(text.utf8), limits: limits, streamLimit: streamLimit)
    }

    static func consistentOutcome(_ bytes: [UInt8], limits: HTTPServer.Configuration.Limits = .init(),
                                  streamLimit: Int? = nil) -> [String]? {
        let whole = outcome(bytes, pieces: [bytes], limits: limits, streamLimit: streamLimit)
        let single = outcome(bytes, pieces: bytes.map { [$0] }, limits: limits, streamLimit: streamLimit)
        guard single == whole else { return nil }
        for split in 0...bytes.count {
            let pieces = [Array(bytes[0..<split]), Array(bytes[split...])]
            guard outcome(bytes, pieces: pieces, limits: limits, streamLimit: streamLimit) == whole else { return nil }
        }
        return whole
    }

    static func describe(_ event: HTTPRequestParser.Event) -> String {
        switch event {
        case .head(let head):
            var text = "head \(head.method) \(head.target) \(head.minorVersion) \(head.keepAlive ? "keep-alive" : "close")"
            if head.expectsContinue { text += " expect-continue" }
            return text
        case .request(let request):
            return "request \(request.method) \(request.target) body=\(String(decoding: request.body, as: UTF8.self))"
        case .bodyPart(let part):
            return "part \(part.count)"
        case .bodyEnd:
            return "end"
        case .failure(let error):
            return "failure \(error.status) \(error.reason)"
        }
    }

    static func lastFailure(_ text: String, limits: HTTPServer.Configuration.Limits = .init()) -> String? {
        consistentOutcome(text, limits: limits)?.last.flatMap { $0.hasPrefix("failure") ? $0 : nil }
    }
}
