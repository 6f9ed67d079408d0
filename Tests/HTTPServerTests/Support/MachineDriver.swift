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

    init(
        limits: HTTPServer.Configuration.Limits = .init(),
        timeouts: HTTPServer.Configuration.Timeouts = .init(),
        handshaking: Bool = false
    ) {
        machine = ConnectionStateMachine(limits: limits, timeouts: timeouts, handshaking: handshaking, now: 1_000_000_000)
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

    /// Counts occurrences of `needle` in the wire text.
    func count(_ needle: String) -> Int {
        wireText.components(separatedBy: needle).count - 1
    }
}
