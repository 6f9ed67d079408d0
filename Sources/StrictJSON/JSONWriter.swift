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
    /// Output buffer, zero-filled past `length`: writes go straight into it, so a write costs one
    /// uniqueness check and a copy instead of `Array.append`'s generic path per piece.
    private var storage: [UInt8]
    private var length = 0

    /// The output so far.
    public var bytes: [UInt8] { Array(storage[0..<length]) }

    /// The output, without a copy (the writer is done).
    public consuming func finish() -> [UInt8] {
        storage.removeLast(storage.count - length)
        return storage
    }
    /// The output written since the last call, leaving the writer inside whatever containers are open:
    /// a long document can be sent piece by piece while it is being written.
    public mutating func drain() -> [UInt8] {
        let out = Array(storage[0..<length])
        length = 0
        return out
    }

    /// Indent with newlines and two spaces per level.
    public let pretty: Bool
    private var needsComma = false
    private var afterKey = false
    /// Open containers. No stack of comma flags is needed: a closed container is a value, so its
    /// parent always needs a comma next.
    private var depth = 0

    public init(pretty: Bool = false, capacity: Int = 1024) {
        self.pretty = pretty
        storage = [UInt8](repeating: 0, count: max(capacity, 64))
    }

    /// The output as a string.
    public var string: String { String(decoding: storage[0..<length], as: UTF8.self) }

    // MARK: Buffer

    private mutating func grow(toAtLeast needed: Int) {
        var size = storage.count
        while size < needed { size *= 2 }
        storage.append(contentsOf: repeatElement(0, count: size - storage.count))
    }

    @inline(__always) private mutating func put(_ byte: UInt8) {
        if length == storage.count { grow(toAtLeast: length + 1) }
        storage[length] = byte
        length += 1
    }

    @inline(__always) private mutating func put(_ source: UnsafeBufferPointer<UInt8>) {
        let count = source.count
        guard count > 0, let from = source.baseAddress else { return }
        if length + count > storage.count { grow(toAtLeast: length + count) }
        let at = length
        storage.withUnsafeMutableBufferPointer { buffer in
            guard let to = buffer.baseAddress else { return }
            (to + at).update(from: from, count: count)
        }
        length += count
    }

    /// Reserves `maxCount` bytes and lets `body` write up to that many at the end of the output; `body`
    /// returns how many it wrote. One uniqueness check for the whole piece.
    @inline(__always) private mutating func withSpace(_ maxCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if length + maxCount > storage.count { grow(toAtLeast: length + maxCount) }
        let at = length
        let written = storage.withUnsafeMutableBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return body(base + at)
        }
        length += written
    }

    @inline(__always) private mutating func put(_ text: StaticString) {
        text.withUTF8Buffer { put($0) }
    }

    // MARK: Structure

    public mutating func beginObject() {
        separate()
        put(UInt8(ascii: "{"))
        depth += 1
        needsComma = false
    }

    public mutating func endObject() { close(UInt8(ascii: "}")) }

    public mutating func beginArray() {
        separate()
        put(UInt8(ascii: "["))
        depth += 1
        needsComma = false
    }

    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Ends a top-level value with a newline, so that the next one starts a new line without a
    /// separating comma: one writer produces NDJSON (JSON text per line, RFC 8259 each).
    public mutating func endLine() {
        put(UInt8(ascii: "\n"))
        needsComma = false
        afterKey = false
    }

    /// Bytes written so far.
    public var count: Int { length }

    /// Lends the output so far without copying it.
    public func withOutput<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    /// Appends the output of another writer that wrote whole lines (each value ended by `endLine`), as if
    /// they had been written here: NDJSON written in parts, on several threads, joined in order.
    public mutating func appendLines(of other: borrowing JSONWriter) {
        other.storage.withUnsafeBufferPointer { put(UnsafeBufferPointer(rebasing: $0[0..<other.length])) }
        needsComma = false
        afterKey = false
    }

    /// Empties the output and keeps the buffer, for a writer reused over many documents (a fresh
    /// writer's buffer is zero-filled memory, paid again for every document).
    public mutating func reset() {
        length = 0
        needsComma = false
        afterKey = false
        depth = 0
    }

    /// Writes an object key given as a literal; the next value written is its value.
    ///
    /// The name is copied without escaping, so it must not contain `"`, `\` or control characters
    /// (field names never do); use `key(string:)` for keys from data.
    public mutating func key(_ name: StaticString) {
        assert(name.withUTF8Buffer { !$0.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) }, "key needs escaping")
        // Separator, indent, quotes and colon in one buffer access.
        var comma = false
        var indent = 0
        if afterKey {
            afterKey = false
        } else {
            comma = needsComma
            if pretty && depth > 0 { indent = 1 + 2 * depth }
            needsComma = true
        }
        let nameCount = name.utf8CodeUnitCount
        let total = (comma ? 1 : 0) + indent + nameCount + 3 + (pretty ? 1 : 0)
        let pretty = self.pretty
        name.withUTF8Buffer { nameBytes in
            withSpace(total) { p in
                var i = 0
                if comma {
                    p[i] = UInt8(ascii: ",")
                    i += 1
                }
                if indent > 0 {
                    p[i] = UInt8(ascii: "\n")
                    (p + i + 1).initialize(repeating: UInt8(ascii: " "), count: indent - 1)
                    i += indent
                }
                p[i] = UInt8(ascii: "\"")
                i += 1
                if let source = nameBytes.baseAddress { (p + i).update(from: source, count: nameCount) }
                i += nameCount
                p[i] = UInt8(ascii: "\"")
                p[i + 1] = UInt8(ascii: ":")
                i += 2
                if pretty {
                    p[i] = UInt8(ascii: " ")
                    i += 1
                }
                return i
            }
        }
        afterKey = true
    }

    /// Writes an object key from data (escaped as needed); the next value written is its value.
    public mutating func key(string name: String) {
        separate()
        writeQuoted(name)
        put(UInt8(ascii: ":"))
        if pretty { put(UInt8(ascii: " ")) }
        afterKey = true
    }

    private mutating func close(_ byte: UInt8) {
        let hadElements = needsComma
        depth -= 1
        if pretty && hadElements { newline() }
        put(byte)
        needsComma = true
    }

    /// Writes the separator before a value or key: a comma after a sibling, newline and indent when pretty.
    @inline(__always) private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        let comma = needsComma
        needsComma = true
        let indent = pretty && depth > 0 ? 1 + 2 * depth : 0
        guard comma || indent > 0 else { return }
        withSpace((comma ? 1 : 0) + indent) { p in
            var i = 0
            if comma {
                p[0] = UInt8(ascii: ",")
                i = 1
            }
            if indent > 0 {
                p[i] = UInt8(ascii: "\n")
                (p + i + 1).initialize(repeating: UInt8(ascii: " "), count: indent - 1)
                i += indent
            }
            return i
        }
    }

    private mutating func newline() {
        let indent = 1 + 2 * depth
        withSpace(indent) { p in
            p[0] = UInt8(ascii: "\n")
            (p + 1).initialize(repeating: UInt8(ascii: " "), count: indent - 1)
            return indent
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
                    put(UInt8(ascii: "-"))
                }
                writeInteger(Int64(value))
            } else {
                var text = value.description
                text.withUTF8 { put($0) }
            }
        } else {
            put("null")
        }
    }

    /// Writes a number's exact text.
    public mutating func number(_ value: JSONNumber) {
        separate()
        var text = value.text
        text.withUTF8 { put($0) }
    }

    public mutating func bool(_ value: Bool) {
        separate()
        put(value ? "true" : "false")
    }

    public mutating func null() {
        separate()
        put("null")
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
        put(UInt8(ascii: "]"))
    }

    /// Writes `"name": [integers]`; pretty output keeps such a scalar array on one line (`[0, 2]`).
    public mutating func field(_ name: StaticString, _ values: [Int]) {
        key(name)
        beginInlineArray()
        for (index, value) in values.enumerated() {
            if index > 0 { inlineSeparator() }
            writeInteger(Int64(value))
        }
        put(UInt8(ascii: "]"))
    }

    private mutating func beginInlineArray() {
        separate()
        put(UInt8(ascii: "["))
    }

    private mutating func inlineSeparator() {
        put(UInt8(ascii: ","))
        if pretty { put(UInt8(ascii: " ")) }
    }

    // MARK: Encoding

    private mutating func writeInteger(_ value: Int64) {
        withSpace(20) { p in
            var magnitude = value.magnitude
            var digits = 1
            var probe = magnitude
            while probe >= 10 {
                probe /= 10
                digits += 1
            }
            var i = 0
            if value < 0 {
                p[0] = UInt8(ascii: "-")
                i = 1
            }
            var position = i + digits
            let end = position
            repeat {
                position -= 1
                p[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
                magnitude /= 10
            } while magnitude > 0
            return end
        }
    }

    private mutating func writeQuoted(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            let n = utf8.count
            // Worst case every byte becomes a six-byte \u00XX escape; one buffer access for the string.
            withSpace(2 + 6 * n) { p in
                var i = 0
                p[i] = UInt8(ascii: "\"")
                i += 1
                var runStart = 0
                while runStart < n {
                    let special = ByteScan.firstSpecialForWriter(utf8, from: runStart)
                    if runStart < special, let source = utf8.baseAddress {
                        (p + i).update(from: source + runStart, count: special - runStart)
                        i += special - runStart
                    }
                    guard special < n else { break }
                    let byte = utf8[special]
                    p[i] = UInt8(ascii: "\\")
                    i += 1
                    switch byte {
                    case UInt8(ascii: "\""): p[i] = UInt8(ascii: "\"")
                    case UInt8(ascii: "\\"): p[i] = UInt8(ascii: "\\")
                    case 0x0A: p[i] = UInt8(ascii: "n")
                    case 0x0D: p[i] = UInt8(ascii: "r")
                    case 0x09: p[i] = UInt8(ascii: "t")
                    case 0x08: p[i] = UInt8(ascii: "b")
                    case 0x0C: p[i] = UInt8(ascii: "f")
                    default:
                        let hex: StaticString = "0123456789abcdef"
                        hex.withUTF8Buffer { digits in
                            p[i] = UInt8(ascii: "u")
                            p[i + 1] = UInt8(ascii: "0")
                            p[i + 2] = UInt8(ascii: "0")
                            p[i + 3] = digits[Int(byte >> 4)]
                            p[i + 4] = digits[Int(byte & 0x0F)]
                        }
                        i += 4
                    }
                    i += 1
                    runStart = special + 1
                }
                p[i] = UInt8(ascii: "\"")
                return i + 1
            }
        }
    }
}
