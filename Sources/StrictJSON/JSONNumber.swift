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

/// Scans one RFC 8259 number: `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`.
struct NumberScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where scanning stopped with an error (for the error position).
    var errorIndex = 0
    var errorMessage = ""
    var integerValue: Int64?

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Scans from `start`; returns the end index, or nil with `errorIndex`/`errorMessage` set.
    mutating func scan(from start: Int = 0) -> Int? {
        var i = start
        let n = bytes.count
        var negative = false
        if i < n, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < n, isDigit(bytes[i]) else {
            if i < n, bytes[i] == UInt8(ascii: "I") { return fail(at: i, "NaN and Infinity are not JSON numbers") }
            return fail(at: i, i < n ? "a number needs a digit after '-'" : "unexpected end of input inside a number")
        }
        // Accumulate as a negative magnitude so Int64.min fits.
        var magnitude: Int64 = 0
        var fits = true
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < n, isDigit(bytes[i]) {
                return fail(at: i - 1, "leading zeros are not allowed in numbers")
            }
        } else {
            while i < n, isDigit(bytes[i]) {
                let digit = Int64(bytes[i] &- UInt8(ascii: "0"))
                if fits {
                    let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times10.subtractingReportingOverflow(digit)
                    if o1 || o2 { fits = false } else { magnitude = next }
                }
                i += 1
            }
        }
        var integer = true
        if i < n, bytes[i] == UInt8(ascii: ".") {
            integer = false
            i += 1
            guard i < n, isDigit(bytes[i]) else { return fail(at: i, "a number needs a digit after '.'") }
            while i < n, isDigit(bytes[i]) { i += 1 }
        }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            integer = false
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < n, isDigit(bytes[i]) else { return fail(at: i, "a number needs a digit in its exponent") }
            while i < n, isDigit(bytes[i]) { i += 1 }
        }
        if integer && fits {
            if negative {
                integerValue = magnitude
            } else if magnitude != Int64.min {
                integerValue = -magnitude
            }
        }
        return i
    }

    private mutating func fail(at index: Int, _ message: String) -> Int? {
        errorIndex = index
        errorMessage = message
        return nil
    }
}

@inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
