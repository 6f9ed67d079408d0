/// A usage problem with `check`'s arguments.
public struct CheckUsageError: Error, Equatable, Sendable {
    public var message: String
    /// `--help` was asked for: print usage on stdout and exit 0.
    public var isHelp: Bool

    public init(_ message: String, isHelp: Bool = false) {
        self.message = message
        self.isHelp = isHelp
    }
}
