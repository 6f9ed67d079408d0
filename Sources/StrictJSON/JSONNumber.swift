/// A JSON number kept as its exact source text (RFC 8259 §6), with integer and floating-point views.
///
/// Keeping the text means a number is never silently rounded on the way through: `int64Value` is
/// exact or nil, and re-serialization writes the same digits that were read.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written (always valid RFC 8259 number syntax).
    public let text: String
    /// The value when `text` is integer syntax (no `.`, `e` or `E`) within `Int64`; nil otherwise.
    public let int64Value: Int64?

    /// A number from an integer.
    public init(_ value: Int64) {
        self.text = String(value)
        self.int64Value = value
    }

    /// A number from a finite double, written in Swift's shortest round-tripping form; nil for NaN or infinity,
    /// which JSON cannot represent.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        self.text = value.description
        self.int64Value = nil
    }

    /// A number from a double; NaN and infinities (not representable in JSON) become 0.
    public init(_ value: Double) {
        self = JSONNumber(exactly: value) ?? JSONNumber(Int64(0))
    }

    /// A number from source text; nil unless `text` is exactly one RFC 8259 number.
    public init?(text: String) {
        var copy = text
        let parsed: JSONNumber? = copy.withUTF8 { buffer in
            var scanner = NumberScanner(buffer)
            guard let end = scanner.scan(), end == buffer.count else { return nil }
            return JSONNumber(validatedText: text, integer: scanner.integerValue)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    init(validatedText: String, integer: Int64?) {
        self.text = validatedText
        self.int64Value = integer
    }

    /// True when the text has no fraction and no exponent.
    public var isIntegerSyntax: Bool {
        !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
    }

    /// The nearest `Double` (may be ±infinity for magnitudes beyond `Double`'s range).
    public var doubleValue: Double {
        Double(text) ?? (text.hasPrefix("-") ? -Double.infinity : Double.infinity)
    }

    public var description: String { text }

    /// Numbers compare by their text: `1.0` and `1` are different spellings and stay distinguishable.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
