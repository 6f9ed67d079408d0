/// Lets a stream handler hand work to other threads and still answer on its connection: `resume()`,
/// called from any thread, makes the server call the handler's `resume(into:)` on the connection's
/// loop thread, at the next point where it could have asked for one with `requestResume` (its earlier
/// output written, before more of the body is given to it). There the handler writes what its work
/// made.
///
/// The server gives one to every call of a streamed request (`HTTPResponseWriter.resumer`). It does
/// nothing once that request's stream is over: after `finish`, `interrupted` or `cancelled`, or on
/// the connection's next request. A handler whose work is still running when one of those comes must
/// wait for it there: its output can only be written then.
public struct HTTPStreamResumer: Sendable {
    private let loop: EventLoop
    private let connection: Int
    private let generation: Int

    init(loop: EventLoop, connection: Int, generation: Int) {
        self.loop = loop
        self.connection = connection
        self.generation = generation
    }

    /// Asks for a call to the handler's `resume(into:)` on its loop's thread; from any thread.
    public func resume() {
        loop.wakeStream(connection: connection, generation: generation)
    }
}
