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
