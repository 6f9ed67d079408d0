/// A configuration problem, naming the setting and where its value came from (file, environment
/// variable or flag), so `serve` can exit 2 with a message an operator can act on.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting's dotted name, e.g. `tls.certificate`.
    public var setting: String
    /// Where the value came from: `file /etc/x.json`, `environment SCRUBBER_PORT`, `flag --port`.
    public var origin: String
    public var message: String

    public init(setting: String, origin: String, message: String) {
        self.setting = setting
        self.origin = origin
        self.message = message
    }

    public var description: String {
        origin.isEmpty
            ? "invalid configuration: \(setting): \(message)"
            : "invalid configuration: \(setting) (\(origin)): \(message)"
    }
}
