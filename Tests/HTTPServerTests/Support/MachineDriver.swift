import Foundation
@testable import HTTPServer

/// Drives a `ConnectionStateMachine` the way the transport does, with a mock clock (seconds) and a
/// fake wire: handled requests are answered by `handler`, flushed bytes land in `wire`.
struct MachineDriver {
    typealias Action = ConnectionStateMachine.Action

    var machine: ConnectionStateMachine
    /// Mock clock in nanoseconds.
    var now: UInt64 = 1_000_000_000
    var wire: [UInt8] = []
    var handled: [String] = []
    var rejections: [String] = []
    var flushes = 0
    /// When true, flushed bytes stay "in the socket buffer" until `completeWrites()`.
    var blockWrites = false
    var handler: (HTTPRequest) -> HTTPResponse = { request in
        HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: Array("ok \(request.target)".utf8))
    }

    /// How the driver's router answers `.route` (only with `routes: true`).
    enum Route {
        case whole
        case stream(limit: Int)
        case respond(HTTPResponse)
    }

    /// The router: by default every request is read whole.
    var router: (HTTPRequestHead) -> Route = { _ in .whole }
    /// The stream handler's calls: each piece, the finish, an interruption. By default each piece is
    /// echoed upper-cased in its own chunk after a 200 head.
    var onPiece: ([UInt8], inout HTTPResponseWriter) -> Void = { piece, writer in
        if !writer.isStarted { writer.start(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")])) }
        writer.write(piece.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 })
    }
    var onFinish: (inout HTTPResponseWriter) -> Void = { writer in
        if !writer.isStarted { writer.start(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")])) }
    }
    var onInterrupted: (HTTPStreamInterruption, inout HTTPResponseWriter) -> Void = { _, writer in
        if writer.isStarted { writer.write(Array("[interrupted]".utf8)) }
    }
    var onResume: (inout HTTPResponseWriter) -> Void = { _ in }
    /// What happened to streams, in order: "route /s", "piece 5", "finish", "interrupted shutdown", "over".
    var streamEvents: [String] = []
    var writer = HTTPResponseWriter()

    init(
        limits: HTTPServer.Configuration.Limits = .init(),
        timeouts: HTTPServer.Configuration.Timeouts = .init(),
        handshaking: Bool = false,
        routes: Bool = false
    ) {
        machine = ConnectionStateMachine(limits: limits, timeouts: timeouts, handshaking: handshaking,
                                         router: routes ? HTTPStreamRouter(methods: ["GET", "HEAD", "POST"]) { _, _ in .whole } : nil,
                                         now: 1_000_000_000)
    }

    var wireText: String { String(decoding: wire, as: UTF8.self) }

    mutating func advance(_ seconds: Double) {
        now += UInt64(seconds * 1e9)
    }

    /// Feeds bytes and runs the action loop until the machine waits (read, write) or closes.
    @discardableResult
    mutating func send(_ text: String) -> Action {
        machine.received(Array(text.utf8), now: now)
        return run()
    }

    @discardableResult
    mutating func run() -> Action {
        while true {
            let action = machine.nextAction(now: now)
            switch action {
            case .handle(let request):
                handled.append("\(request.method) \(request.target) \(String(decoding: request.body, as: UTF8.self))")
                machine.respond(handler(request), now: now)
            case .rejected(let reason, let status):
                rejections.append("\(reason) \(status)")
            case .route(let head):
                streamEvents.append("route \(head.target)")
                switch router(head) {
                case .whole: machine.routeWhole()
                case .stream(let limit):
                    writer = HTTPResponseWriter()
                    machine.routeStream(bodyLimit: limit)
                case .respond(let response): machine.routeRespond(response, now: now)
                }
            case .streamBody(let piece):
                streamEvents.append("piece \(piece.count)")
                onPiece(piece, &writer)
                if machine.streamWritten(&writer, now: now) {
                    streamEvents.append("over")
                }
            case .streamResume:
                streamEvents.append("resume")
                onResume(&writer)
                if machine.streamWritten(&writer, now: now) { streamEvents.append("over") }
            case .streamFinish:
                streamEvents.append("finish")
                onFinish(&writer)
                machine.streamEnded(&writer, interruption: nil, now: now)
            case .streamInterrupted(let interruption):
                streamEvents.append("interrupted \(interruption.reason)")
                onInterrupted(interruption, &writer)
                machine.streamEnded(&writer, interruption: interruption, now: now)
            case .flush:
                flushes += 1
                var out: [UInt8] = []
                machine.takeOutbound(into: &out, now: now)
                pendingWrite += out
                if !blockWrites {
                    wire += pendingWrite
                    pendingWrite = []
                    machine.outputFlushed(now: now)
                }
            case .waitForWrite, .read, .close:
                return action
            }
        }
    }

    var pendingWrite: [UInt8] = []

    mutating func completeWrites() -> Action {
        wire += pendingWrite
        pendingWrite = []
        machine.outputFlushed(now: now)
        return run()
    }

    /// Applies a timeout if one is due at the current mock time, then runs the loop.
    mutating func tick() -> (timeout: String?, action: Action) {
        let rejection = machine.checkTimeout(now: now)
        let action = run()
        return (rejection.map { "\($0.reason) \($0.status)" }, action)
    }

    /// The wire text with the Date header's value replaced by "D", for byte-exact comparisons.
    var wireTextWithoutDates: String {
        wireText.replacing(/Date: [^\r]*\r\n/, with: "Date: D\r\n")
    }

    /// Counts occurrences of `needle` in the wire text.
    func count(_ needle: String) -> Int {
        wireText.components(separatedBy: needle).count - 1
    }
}
