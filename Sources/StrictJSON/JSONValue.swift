/// A parsed JSON value (RFC 8259 §3).
///
/// Objects keep their members in document order as an array rather than a dictionary: the wire
/// types read a handful of keys, a linear scan of a short array beats hashing, and key order stays
/// stable for re-serialization. Duplicate keys never reach a `JSONValue` built by `JSONReader`.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The JSON type name used in error messages ("object", "array", "string", "number", "boolean", "null").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The value of member `key` when this is an object that has it (first match; readers reject
    /// duplicates). Keys match byte for byte (see `JSONMember.hasKey`).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.hasKey(key) { return member.value }
        return nil
    }

    /// The element at `index` when this is an array and the index is in range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string payload, or nil for any other type.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean payload, or nil for any other type.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number as an `Int64` when it is written as an integer (no fraction, no exponent) that fits.
    public var int64Value: Int64? {
        if case .number(let number) = self { return number.int64Value }
        return nil
    }

    /// The number as the nearest `Double`, or nil for any other type.
    public var doubleValue: Double? {
        if case .number(let number) = self { return number.doubleValue }
        return nil
    }

    /// The members of an object, or nil for any other type.
    public var objectMembers: [JSONMember]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, or nil for any other type.
    public var arrayElements: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// True for JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// One `"key": value` member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public let key: String
    public var value: JSONValue
    /// The key is all ASCII (known from parsing, so lookups can skip the byte-level confirmation).
    @usableFromInline let keyIsASCII: Bool

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
        self.keyIsASCII = key.utf8.allSatisfy { $0 < 0x80 }
    }

    init(key: String, value: JSONValue, keyIsASCII: Bool) {
        self.key = key
        self.value = value
        self.keyIsASCII = keyIsASCII
    }

    /// Whether this member's key is `name`, compared as UTF-8 bytes.
    ///
    /// Object keys are compared byte for byte, as gateways and most JSON parsers do, not with Swift's
    /// `==` alone (Unicode canonical equivalence): NFC and NFD spellings of a name, or U+212A KELVIN
    /// SIGN and "K", are different keys, so the duplicate check and every lookup agree with what a
    /// byte-level peer reads.
    @inlinable public func hasKey(_ name: String) -> Bool {
        // For an ASCII key, a canonically equal name with the same byte count is byte-equal (a non-ASCII
        // scalar canonically equivalent to ASCII text takes more bytes than that text).
        // Byte counts are O(1) and differ for most unequal pairs (Swift's `==` is slower on those).
        guard key.utf8.count == name.utf8.count, key == name else { return false }
        if keyIsASCII { return true }
        return key.utf8.elementsEqual(name.utf8)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}
