import ClaimRules
import StrictJSON

/// Reads typed fields from a `JSONPullParser`, recording every schema problem instead of stopping at
/// the first, so a client gets the whole list in one 422 response. Syntax errors are thrown (they end
/// the document); every value handed out is consumed, so the whole body is always validated.
///
/// Pointers are built only when a problem is recorded: the happy path allocates nothing for them.
struct WireReader {
    var problems: [WireProblem] = []
    /// The parser's input, for reading a plain value's bytes in place: `JSONPullParser.input` is a call into another
    /// module that copies the whole parser to make.
    let input: UnsafeBufferPointer<UInt8>

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    mutating func report(_ pointer: String, _ message: String) {
        problems.append(WireProblem(pointer: pointer, message: message))
    }

    /// Reports `message` at field `key` of the object at `pointer`.
    mutating func report(at pointer: ObjectPath, field key: String, _ message: String) {
        report(JSONPointer.appending(pointer.pointer, key: key), message)
    }

    /// Consumes a value of another kind than the one asked for: null reads as absent (as with Codable's
    /// `decodeIfPresent`); anything else is reported at field `key` of `pointer` (at `pointer` itself when
    /// `key` is nil) as "`what` must be `expected`, found <its type>".
    mutating func otherKind<Value>(
        _ kind: JSONPullParser.Kind, _ p: inout JSONPullParser, at pointer: ObjectPath, field key: String?, what: String, mustBe expected: String
    ) throws(JSONParseError) -> Read<Value> {
        if kind == .null {
            try p.readNull()
            return .absent
        }
        let value = try p.readValue()
        let message = "\(what) must be \(expected), found \(value.typeName)"
        if let key { report(at: pointer, field: key, message) } else { report(pointer.pointer, message) }
        return .invalid
    }

    /// Enters the object at the current position, or consumes the value and reports its type.
    @inline(__always)
    mutating func beginObject(_ p: inout JSONPullParser, at pointer: ObjectPath, what: String) throws(JSONParseError) -> Read<Void> {
        if try p.beginObjectIfObject() { return .value(()) }
        return try otherKind(try p.peek(), &p, at: pointer, field: nil, what: what, mustBe: "an object")
    }

    /// Reports a field the schema does not have and consumes its value (the wire format is strict so
    /// that typos never pass silently).
    /// `index` is what `nextKeyIndex(in: allowed)` returned for the field.
    mutating func unknown(_ p: inout JSONPullParser, _ index: Int, at pointer: ObjectPath, allowed: JSONNameSet, what: String) throws(JSONParseError) {
        let key = index >= 0 && index < allowed.names.count ? allowed.names[index] : p.otherKey
        _ = try p.readValue()
        report(
            at: pointer, field: key,
            "unknown field \"\(key)\" in \(what); allowed fields: \(allowed.names.joined(separator: ", "))"
        )
    }

    /// The value of a required field, reporting it as missing when absent.
    mutating func required<Value>(_ read: Read<Value>, at pointer: ObjectPath, _ key: String) -> Value? {
        switch read {
        case .value(let value): return value
        case .absent:
            report(at: pointer, field: key, "\(key) is required")
            return nil
        case .invalid: return nil
        }
    }

    // MARK: Scalars

    mutating func string(_ p: inout JSONPullParser, at pointer: ObjectPath, _ key: String) throws(JSONParseError) -> Read<String> {
        if let text = try p.readStringIfString() { return .value(text) }
        return try otherKind(try p.peek(), &p, at: pointer, field: key, what: key, mustBe: "a string")
    }

    mutating func bool(_ p: inout JSONPullParser, at pointer: ObjectPath, _ key: String) throws(JSONParseError) -> Read<Bool> {
        if let value = try p.readBoolIfBool() { return .value(value) }
        return try otherKind(try p.peek(), &p, at: pointer, field: key, what: key, mustBe: "true or false")
    }

    /// A non-negative whole number (no fraction, no exponent) that fits in `Int`. `range` is the field's
    /// range (`ClaimValidator` judges the values inside `Int`): a number too large for `Int` is reported
    /// with it, as any other value out of it.
    @inline(__always)
    mutating func count(_ p: inout JSONPullParser, at pointer: ObjectPath, _ key: String,
                        range: ClosedRange<Int> = 0...Int.max) throws(JSONParseError) -> Read<Int> {
        if let small = p.readSmallUnsignedInteger() { return .value(small) }
        return try anyCount(&p, at: pointer, key, range: range)
    }

    /// `count` for a value that is not a small unsigned integer.
    private mutating func anyCount(_ p: inout JSONPullParser, at pointer: ObjectPath, _ key: String,
                                   range: ClosedRange<Int>) throws(JSONParseError) -> Read<Int> {
        // The number's text is built only for a message.
        guard let number = try p.readNumberTokenIfNumber() else {
            return try otherKind(try p.peek(), &p, at: pointer, field: key, what: key, mustBe: "a whole number")
        }
        guard let integer = number.int64Value, let result = Int(exactly: integer) else {
            if number.isIntegerSyntax {
                let text = p.text(of: number)
                report(at: pointer, field: key, text.hasPrefix("-") ? "\(key) must not be negative, found \(text)"
                                                                     : ClaimValidator.outOfRange(key, range))
            } else {
                report(at: pointer, field: key, "\(key) must be a whole number without fraction or exponent, found \(p.text(of: number))")
            }
            return .invalid
        }
        guard result >= 0 else {
            report(at: pointer, field: key, "\(key) must not be negative, found \(p.text(of: number))")
            return .invalid
        }
        return .value(result)
    }

    /// A finite, non-negative number (dollar amounts).
    mutating func amount(_ p: inout JSONPullParser, at pointer: ObjectPath, _ key: String) throws(JSONParseError) -> Read<Double> {
        if let range = p.readPlainDecimal() {
            let digits = UnsafeBufferPointer(rebasing: input[range])
            if let amount = Self.shortDecimal(digits) { return .value(amount) }
            return amount(String(decoding: digits, as: UTF8.self), at: pointer, key)
        }
        switch try p.peek() {
        case .number:
            let number = try p.readNumberToken()
            if let amount = Self.shortDecimal(UnsafeBufferPointer(rebasing: input[number.range])) { return .value(amount) }
            return amount(p.text(of: number), at: pointer, key)
        case let other:
            return try otherKind(other, &p, at: pointer, field: key, what: key, mustBe: "a number")
        }
    }

    /// The amount a number's `text` gives, or its problem.
    private mutating func amount(_ text: String, at pointer: ObjectPath, _ key: String) -> Read<Double> {
        let amount = Double(text) ?? (text.hasPrefix("-") ? -Double.infinity : Double.infinity)
        guard amount.isFinite else {
            report(at: pointer, field: key, text.hasPrefix("-") ? "\(key) must not be negative, found \(text)"
                                                                 : ClaimValidator.amountOutOfRange(key))
            return .invalid
        }
        guard amount >= 0 else {
            report(at: pointer, field: key, "\(key) must not be negative, found \(text)")
            return .invalid
        }
        return .value(amount)
    }

    private static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

    /// The value of an unsigned decimal of at most 15 digits without exponent (`1480.5`), as `Double(text)`
    /// reads it: the digits and the power of ten are exact doubles, so their quotient is the correctly
    /// rounded value (Clinger's fast path). Nil for anything else (signs, exponents, longer numbers).
    static func shortDecimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = -1
        for byte in text {
            if isASCIIDigit(byte) {
                mantissa = mantissa &* 10 &+ Int64(byte &- UInt8(ascii: "0"))
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if byte == UInt8(ascii: "."), fraction < 0 {
                fraction = 0
            } else {
                return nil
            }
            if digits > 15 { return nil }
        }
        guard digits > 0 else { return nil }
        return fraction > 0 ? Double(mantissa) / powersOfTen[fraction] : Double(mantissa)
    }

    /// An amount of dollars: a JSON number written as a plain decimal with at most two decimal places (no sign,
    /// no exponent), read from its text so that it is exact to the cent.
    mutating func money(_ p: inout JSONPullParser, at pointer: ObjectPath, _ key: String) throws(JSONParseError) -> Read<Money> {
        switch try p.peek() {
        case .number:
            let number = try p.readNumberToken()
            let text = p.text(of: number)
            if let money = Money(decimal: text) { return .value(money) }
            if text.utf8.first == UInt8(ascii: "-") {
                report(at: pointer, field: key, "\(key) must not be negative, found \(text)")
            } else {
                report(at: pointer, field: key, "\(key) must be an amount of dollars with at most two decimal places and no exponent (at most 12 whole digits), found \(text)")
            }
            return .invalid
        case let other:
            return try otherKind(other, &p, at: pointer, field: key, what: key, mustBe: "a number of dollars")
        }
    }

    /// A value from a closed set of strings; the message lists the allowed values.
    mutating func choice<Value>(
        _ p: inout JSONPullParser, at pointer: ObjectPath, _ key: String, allowed: ClaimSchema.Choices<Value>
    ) throws(JSONParseError) -> Read<Value> {
        let text: String
        switch try p.peek() {
        case .string:
            switch try p.readString(in: allowed.names) {
            case .known(let index): return .value(allowed.values[index])
            case .other(let other): text = other
            }
        case let other:
            return try otherKind(other, &p, at: pointer, field: key, what: key, mustBe: "a string")
        }
        report(
            at: pointer, field: key,
            "\(key) \"\(text)\" is not one of: \(allowed.names.names.joined(separator: ", "))"
        )
        return .invalid
    }

    // MARK: Arrays

    /// Enters the array at the current position, or consumes the value and reports its type.
    mutating func beginArray(_ p: inout JSONPullParser, at pointer: ObjectPath, _ key: String) throws(JSONParseError) -> Read<Void> {
        if try p.beginArrayIfArray() { return .value(()) }
        return try otherKind(try p.peek(), &p, at: pointer, field: key, what: key, mustBe: "an array")
    }

    /// An array of non-negative whole numbers; wrong elements are reported by index.
    mutating func counts(_ p: inout JSONPullParser, at pointer: ObjectPath, _ key: String) throws(JSONParseError) -> Read<[Int]> {
        let begun = try beginArray(&p, at: pointer, key)
        guard case .value = begun else { return begun.isInvalid ? .invalid : .absent }
        var result: [Int] = []
        var ok = true
        var index = 0
        while try p.nextElement() {
            var problem: String?
            if let small = p.readSmallUnsignedInteger() {
                result.append(small)
            } else if try p.peek() == .number {
                let number = try p.readNumberToken()
                if let integer = number.int64Value, let value = Int(exactly: integer), value >= 0 {
                    result.append(value)
                } else if number.isIntegerSyntax {
                    problem = "\(key) entries must be whole numbers of 0 or more, found \(p.text(of: number))"
                } else {
                    problem = "\(key) entries must be whole numbers without fraction or exponent, found \(p.text(of: number))"
                }
            } else {
                problem = "\(key) entries must be whole numbers, found \(try p.readValue().typeName)"
            }
            if let problem {
                ok = false
                report(JSONPointer.appending(JSONPointer.appending(pointer.pointer, key: key), index: index), problem)
            }
            index += 1
        }
        return ok ? .value(result) : .invalid
    }

    /// An array of strings; wrong-typed elements are reported by index.
    @inline(__always)
    mutating func strings(_ p: inout JSONPullParser, at pointer: ObjectPath, _ key: String) throws(JSONParseError) -> Read<[String]> {
        // Most lists are plain strings, read in one pass; anything else is read element by element.
        if let plain = p.readPlainStringArray() { return .value(plain) }
        return try anyStrings(&p, at: pointer, key)
    }

    /// `strings` for a value that is not a list of plain strings.
    private mutating func anyStrings(_ p: inout JSONPullParser, at pointer: ObjectPath, _ key: String) throws(JSONParseError) -> Read<[String]> {
        let begun = try beginArray(&p, at: pointer, key)
        guard case .value = begun else { return begun.isInvalid ? .invalid : .absent }
        var result: [String] = []
        var ok = true
        var index = 0
        while try p.nextElement() {
            if index == 0 { result.reserveCapacity(4) }
            if let text = try p.readStringIfString() {
                result.append(text)
            } else {
                let value = try p.readValue()
                ok = false
                report(
                    JSONPointer.appending(JSONPointer.appending(pointer.pointer, key: key), index: index),
                    "\(key) entries must be strings, found \(value.typeName)"
                )
            }
            index += 1
        }
        return ok ? .value(result) : .invalid
    }
}

@inline(__always) private func isASCIIDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
