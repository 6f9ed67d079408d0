// Fuzz target: HTTPRequestParser (RFC 9112 request parsing).
//
// Properties, for every input and two sets of limits (the defaults, and small limits drawn from the
// input so the 413/414/431 paths are reached):
// 1. Splitting does not matter: the input fed whole, in random pieces (sizes and whether the events
//    are drained after each piece drawn from the input), and byte by byte gives the same events and
//    leaves the parser in the same state.
// 2. The events are well formed: a failure is the last event; each request follows its head and
//    carries the head's method, target, version and headers; a Content-Length body has that length;
//    names are tokens and values hold no control characters or surrounding whitespace.
// 3. Round trip: an accepted request, written back out in origin-form with a Content-Length body,
//    parses to the same request.
// 4. Streamed bodies (`streamBody(limit:)` after each head, as the streamed routes do): the pieces,
//    none empty or over `streamPieceLimit`, then `.bodyEnd`, add up to the body the buffered request
//    has, and the events are otherwise the same, whatever the split.
import FuzzSupport
import HTTPServer

typealias Limits = HTTPServer.Configuration.Limits

/// Everything an event says, comparable (and printed only when a check fails).
struct Record: Equatable, CustomStringConvertible {
    var kind: String
    var method = "", target = "", minorVersion = 0
    var headers: [String] = []
    var framing = "", keepAlive = false, expectsContinue = false
    var body: [UInt8] = []
    var error: HTTPParseError?

    init(_ event: HTTPRequestParser.Event) {
        switch event {
        case .head(let head):
            kind = "head"
            (method, target, minorVersion) = (head.method, head.target, head.minorVersion)
            headers = head.headers.fields.flatMap { [$0.name, $0.value] }
            framing = "\(head.framing)"
            (keepAlive, expectsContinue) = (head.keepAlive, head.expectsContinue)
        case .request(let request):
            kind = "request"
            (method, target, minorVersion) = (request.method, request.target, request.minorVersion)
            headers = request.headers.fields.flatMap { [$0.name, $0.value] }
            body = request.body
        case .failure(let failure):
            kind = "failure"
            error = failure
        case .bodyPart(let bytes):
            kind = "bodyPart"
            body = bytes
        case .bodyEnd:
            kind = "bodyEnd"
        }
    }

    var description: String {
        if let error { return "failure \(error)" }
        return "\(kind) \(method) \(target) 1.\(minorVersion) \(framing) \(headers) body \(body.count) bytes"
    }
}

struct Outcome: Equatable {
    var events: [Record] = []
    var failed = false
    var buffered = 0
    var idle = false
    var readingBody = false
}

/// Feeds the pieces; with `stream`, every body is streamed, and its pieces and end are recorded as
/// the one request the buffered parser would give (the same fields as its head, the body joined).
func feed(_ pieces: [[UInt8]], limits: Limits, drainEach: [Bool], stream: Bool = false) -> (Outcome, [HTTPRequestParser.Event]) {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = Outcome()
    var events: [HTTPRequestParser.Event] = []
    var open: HTTPRequestHead?
    var streamed: [UInt8] = []
    func drain() {
        while let event = parser.next() {
            events.append(event)
            switch event {
            case .head(let head):
                outcome.events.append(Record(event))
                if stream {
                    parser.streamBody(limit: limits.body)
                    open = head
                    streamed = []
                }
            case .bodyPart(let bytes):
                FuzzCheck.require(stream && open != nil, "a body piece while no body is streamed")
                FuzzCheck.require(!bytes.isEmpty && bytes.count <= HTTPRequestParser.streamPieceLimit, "a body piece of \(bytes.count) bytes")
                streamed += bytes
            case .bodyEnd:
                guard stream, let head = open else { FuzzCheck.fail("a body end while no body is streamed") }
                var record = Record(.head(head))
                (record.kind, record.framing, record.keepAlive, record.expectsContinue) = ("request", "", false, false)
                record.body = streamed
                outcome.events.append(record)
                open = nil
            case .request:
                FuzzCheck.require(!stream, "a buffered request while streaming")
                outcome.events.append(Record(event))
            case .failure:
                outcome.events.append(Record(event))
            }
        }
    }
    for (index, piece) in pieces.enumerated() {
        parser.append(piece)
        if drainEach.isEmpty || drainEach[index % drainEach.count] { drain() }
    }
    drain()
    outcome.failed = parser.hasFailed
    // After a failure the parser stops consuming, so how much it had buffered depends on the pieces.
    if !outcome.failed {
        outcome.buffered = parser.bufferedByteCount
        outcome.idle = parser.isIdle
        outcome.readingBody = parser.isReadingBody
    }
    return (outcome, events)
}

func isToken(_ text: String) -> Bool {
    let tchar = Set("!#$%&'*+-.^_`|~".utf8)
    return !text.utf8.isEmpty && text.utf8.allSatisfy {
        ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || tchar.contains($0)
    }
}

func checkHeaders(_ headers: HTTPHeaders) {
    for field in headers.fields {
        FuzzCheck.require(isToken(field.name), "header name is not a token: \(Array(field.name.utf8))")
        let value = Array(field.value.utf8)
        FuzzCheck.require(!value.contains { ($0 < 32 && $0 != 9) || $0 == 127 }, "control character in a value: \(value)")
        if let first = value.first, let last = value.last {
            FuzzCheck.require(first != 32 && first != 9 && last != 32 && last != 9, "value not trimmed: \(value)")
        }
    }
}

func checkWellFormed(_ events: [HTTPRequestParser.Event], limits: Limits) {
    var open: HTTPRequestHead?
    for (index, event) in events.enumerated() {
        switch event {
        case .head(let head):
            FuzzCheck.require(open == nil, "a head while another request is open")
            FuzzCheck.require(head.minorVersion == 0 || head.minorVersion == 1, "minor version \(head.minorVersion)")
            FuzzCheck.require(head.target.hasPrefix("/") || (head.target == "*" && head.method == "OPTIONS"),
                              "target not in origin-form: \(head.target)")
            FuzzCheck.require(isToken(head.method), "method is not a token")
            if head.minorVersion == 1 {
                FuzzCheck.require(head.headers.values(for: "host").count == 1, "HTTP/1.1 head without exactly one Host")
            }
            checkHeaders(head.headers)
            open = head
        case .request(let request):
            guard let head = open else { FuzzCheck.fail("a request without a head") }
            FuzzCheck.require(request.method == head.method && request.target == head.target
                              && request.minorVersion == head.minorVersion, "request differs from its head")
            FuzzCheck.require(Record(.request(request)).headers == Record(.head(head)).headers, "request headers differ from its head")
            FuzzCheck.require(request.body.count <= limits.body, "body over the limit")
            switch head.framing {
            case .none: FuzzCheck.require(request.body.isEmpty, "body without framing")
            case .contentLength(let n): FuzzCheck.require(request.body.count == n, "body length \(request.body.count) != \(n)")
            case .chunked: break
            }
            open = nil
        case .bodyPart, .bodyEnd:
            FuzzCheck.fail("a streamed body event without streamBody")
        case .failure(let error):
            FuzzCheck.require(index == events.count - 1, "events after a failure")
            FuzzCheck.require([400, 413, 414, 417, 431, 501, 505].contains(error.status), "unexpected status \(error.status)")
        }
    }
}

/// The request written back out: origin-form target, the same fields except the framing ones, and
/// the body with a Content-Length.
func reserialize(_ request: HTTPRequest) -> [UInt8] {
    var out = Array("\(request.method) \(request.target) HTTP/1.\(request.minorVersion)\r\n".utf8)
    for field in request.headers.fields
    where !field.name.caseInsensitiveEquals("content-length") && !field.name.caseInsensitiveEquals("transfer-encoding") {
        out += Array(field.name.utf8) + Array(": ".utf8) + Array(field.value.utf8) + [13, 10]
    }
    if !request.body.isEmpty { out += Array("Content-Length: \(request.body.count)\r\n".utf8) }
    out += [13, 10]
    return out + request.body
}

func checkRoundTrip(_ events: [HTTPRequestParser.Event]) {
    let roomy = Limits(requestLine: 1 << 20, headerSection: 1 << 22, headerCount: 1 << 16, body: 1 << 24)
    for event in events {
        guard case .request(let request) = event else { continue }
        let bytes = reserialize(request)
        let (_, again) = feed([bytes], limits: roomy, drainEach: [])
        guard again.count == 2, case .request(let copy) = again[1] else {
            FuzzCheck.fail("re-serialized request not accepted: \(again.map(Record.init)) from \(bytes)")
        }
        var original = request
        original.headers.remove("content-length")
        original.headers.remove("transfer-encoding")
        var reparsed = copy
        reparsed.headers.remove("content-length")
        FuzzCheck.require(Record(.request(original)) == Record(.request(reparsed)),
                          "round trip changed the request: \(Record(.request(request))) -> \(Record(.request(copy)))")
    }
}

FuzzTarget.run { data in
    var random = DataRandom(data)
    let small = Limits(
        requestLine: Int.random(in: 8...128, using: &random),
        headerSection: Int.random(in: 16...512, using: &random),
        headerCount: Int.random(in: 1...8, using: &random),
        body: Int.random(in: 0...64, using: &random))
    let whole = [Array(data)]
    for limits in [Limits(), small] {
        let (expected, events) = feed(whole, limits: limits, drainEach: [])
        checkWellFormed(events, limits: limits)
        if limits == Limits() { checkRoundTrip(events) }

        let maxPiece = Int.random(in: 1...64, using: &random)
        let pieces = random.pieces(of: data, maxPiece: maxPiece)
        let drainEach = (0..<7).map { _ in Bool.random(using: &random) }
        let (split, _) = feed(pieces, limits: limits, drainEach: drainEach)
        FuzzCheck.require(split == expected, "split into \(pieces.map(\.count)) gives \(split), whole gives \(expected)")

        if data.count <= 2048 {
            let (single, _) = feed(data.map { [$0] }, limits: limits, drainEach: [])
            FuzzCheck.require(single == expected, "byte by byte gives \(single), whole gives \(expected)")
        }

        let (streamedWhole, _) = feed(whole, limits: limits, drainEach: [], stream: true)
        FuzzCheck.require(streamedWhole.events == expected.events, "streamed bodies give \(streamedWhole.events), buffered \(expected.events)")
        let (streamedSplit, _) = feed(pieces, limits: limits, drainEach: drainEach, stream: true)
        FuzzCheck.require(streamedSplit.events == expected.events,
                          "streamed bodies split into \(pieces.map(\.count)) give \(streamedSplit.events), buffered whole \(expected.events)")
    }
}
