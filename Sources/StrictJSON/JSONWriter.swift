/// A fast JSON writer appending UTF-8 to a byte array (RFC 8259).
///
/// Values are written in the order they are given (keys too, so output is stable). Strings are escaped
/// as RFC 8259 §7 requires: `"`, `\` and the control characters U+0000...U+001F (as `\n`, `\t`, ... or
/// `\u00XX`); everything else, non-ASCII included, passes through as UTF-8. Pretty output indents
/// by two spaces and writes `"key": value`, empty containers as `{}` and `[]`, and the scalar arrays
/// of the `field(_:_:)` helpers on one line.
///
/// The writer does not check that calls are balanced; the encoders that use it are written so they
/// are, and the tests parse every output back.
public struct JSONWriter: Sendable {
    /// The output so far.
    public var bytes: [UInt8]
    /// Indent with newlines and two spaces per level.
    public let pretty: Bool
    private var needsComma = false
    private var afterKey = false
    /// Open containers. No stack of comma flags is needed: a closed container is a value, so its
    /// parent always needs a comma next.
    private var depth = 0

    public init(pretty: Bool = false, capacity: Int = 1024) {
        self.pretty = pretty
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The output as a string.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Structure

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        needsComma = false
    }

    public mutating func endObject() { close(UInt8(ascii: "}")) }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        depth += 1
        needsComma = false
    }

    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Writes an object key given as a literal; the next value written is its value.
    ///
    /// The name is copied without escaping, so it must not contain `"`, `\` or control characters
    /// (field names never do); use `key(string:)` for keys from data.
    public mutating func key(_ name: StaticString) {
        assert(name.withUTF8Buffer { !$0.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) }, "key needs escaping")
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    /// Writes an object key from data (escaped as needed); the next value written is its value.
    public mutating func key(string name: String) {
        separate()
        writeQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    private mutating func close(_ byte: UInt8) {
        let hadElements = needsComma
        depth -= 1
        if pretty && hadElements { newline() }
        bytes.append(byte)
        needsComma = true
    }

    /// Writes the separator before a value or key: a comma after a sibling, newline and indent when pretty.
    @inline(__always) private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        if pretty && depth > 0 { newline() }
        needsComma = true
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth {
            bytes.append(UInt8(ascii: " "))
            bytes.append(UInt8(ascii: " "))
        }
    }

    // MARK: Scalars

    public mutating func string(_ value: String) {
        separate()
        writeQuoted(value)
    }

    public mutating func int(_ value: Int) { int64(Int64(value)) }

    public mutating func int64(_ value: Int64) {
        separate()
        writeInteger(value)
    }

    /// Writes a finite double: integral values below 2^53 as integers (`0`, `-3`, like JSONEncoder),
    /// others in Swift's shortest round-tripping form (`1480.5`, `1e-07`). NaN and infinities become
    /// `null` because JSON cannot represent them (RFC 8259 §6).
    public mutating func double(_ value: Double) {
        separate()
        if value.isFinite {
            if value == value.rounded(.towardZero), abs(value) < 9_007_199_254_740_992 {
                if value == 0 && value.sign == .minus {
                    bytes.append(UInt8(ascii: "-"))
                }
                writeInteger(Int64(value))
            } else {
                bytes.append(contentsOf: value.description.utf8)
            }
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    /// Writes a number's exact text.
    public mutating func number(_ value: JSONNumber) {
        separate()
        bytes.append(contentsOf: value.text.utf8)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes a whole value tree.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let number): self.number(number)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let members):
            beginObject()
            for member in members {
                key(string: member.key)
                self.value(member.value)
            }
            endObject()
        }
    }

    // MARK: Members (key + value)

    public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    public mutating func field(_ name: StaticString, _ value: Double) {
        key(name)
        double(value)
    }

    /// Writes `"name": [strings]`; pretty output keeps such a scalar array on one line (`["GP", "CQ"]`).
    public mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        beginInlineArray()
        for (index, value) in values.enumerated() {
            if index > 0 { inlineSeparator() }
            writeQuoted(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `"name": [integers]`; pretty output keeps such a scalar array on one line (`[0, 2]`).
    public mutating func field(_ name: StaticString, _ values: [Int]) {
        key(name)
        beginInlineArray()
        for (index, value) in values.enumerated() {
            if index > 0 { inlineSeparator() }
            writeInteger(Int64(value))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func beginInlineArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
    }

    private mutating func inlineSeparator() {
        bytes.append(UInt8(ascii: ","))
        if pretty { bytes.append(UInt8(ascii: " ")) }
    }

    // MARK: Encoding

    private mutating func writeInteger(_ value: Int64) {
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        if magnitude < 10 {
            bytes.append(UInt8(truncatingIfNeeded: magnitude) &+ UInt8(ascii: "0"))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var position = 20
            while magnitude > 0 {
                position -= 1
                digits[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
                magnitude /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[position..<20]))
        }
    }

    private mutating func writeQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            var runStart = 0
            let n = utf8.count
            while runStart < n {
                let special = ByteScan.firstSpecialForWriter(utf8, from: runStart)
                if runStart < special { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<special])) }
                guard special < n else { break }
                let byte = utf8[special]
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: "u00".utf8)
                    bytes.append(contentsOf: hex2(byte).lowercased().utf8)
                }
                runStart = special + 1
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// This value as JSON bytes.
    public func serialized(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.value(self)
        return writer.bytes
    }
}
