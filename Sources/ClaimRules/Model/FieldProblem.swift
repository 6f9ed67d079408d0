/// A semantic problem with the claim's fields, located by an RFC 6901 JSON pointer (e.g. `/lines/0/minutes`).
public struct FieldProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    public var pointer: String
    public var message: String

    public init(pointer: String, message: String) {
        self.pointer = pointer
        self.message = message
    }

    public var description: String { "\(pointer): \(message)" }
}
