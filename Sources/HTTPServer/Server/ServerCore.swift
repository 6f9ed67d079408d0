import Dispatch
import Synchronization

/// The server's mutable parts (listener, connection registry, sweep timer); placeholder until the
/// transport lands.
final class ServerCore: Sendable {
    let configuration: HTTPServer.Configuration
    let handler: HTTPHandler
    let events: HTTPServerEvents
    private let state = Mutex(State())

    private struct State {
        var boundPort = 0
        var draining = false
        var open = 0
    }

    init(configuration: HTTPServer.Configuration, handler: @escaping HTTPHandler, events: HTTPServerEvents) {
        self.configuration = configuration
        self.handler = handler
        self.events = events
    }

    func start() throws {
        throw HTTPServerError(operation: "start", code: 0, message: "HTTPServer: transport not implemented yet")
    }

    var boundPort: Int { state.withLock { $0.boundPort } }
    var isDraining: Bool { state.withLock { $0.draining } }
    var openConnections: Int { state.withLock { $0.open } }
    func beginShutdown() { state.withLock { $0.draining = true } }
    func waitUntilStopped(timeout: Double) -> Bool { true }
}
