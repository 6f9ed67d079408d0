/// Why `HTTPServer.start()` failed.
public struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system call that failed ("socket", "bind", "listen", ...), or "configuration".
    public var operation: String
    /// The errno value, or 0 when the failure is not a system error.
    public var code: Int32
    public var message: String

    public init(operation: String, code: Int32, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
