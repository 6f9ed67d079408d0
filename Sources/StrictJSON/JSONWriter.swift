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
    /// Output buffer whose count is its capacity: writes go straight into it, so a write costs one
    /// uniqueness check and a copy instead of `Array.append`'s generic path per piece. Bytes past
    /// `length` are never read (every accessor slices to `length`), so the buffer is not zero-filled:
    /// filling a result's 4 KiB cost more instructions than writing the result.
    @usableFromInline var storage: [UInt8]
    @usableFromInline var length = 0
    /// `storage.count`, kept here: reading the array's count before every write was a call each time.
    @usableFromInline var room: Int

    /// The output so far.
    public var bytes: [UInt8] { Array(storage[0..<length]) }

    /// The output, without a copy (the writer is done).
    public consuming func finish() -> [UInt8] {
        storage.removeLast(storage.count - length)
        return storage
    }
    /// The output of whole lines, taken without a copy (the writer's own buffer, cut to its length);
    /// the writer goes on empty, with a new buffer of `capacity` bytes.
    public mutating func takeOutput(capacity: Int) -> [UInt8] {
        var out = Self.buffer(count: Swift.max(capacity, 64), keeping: [], upTo: 0)
        swap(&out, &storage)
        room = storage.count
        // Unique here, so this only shortens the array.
        out.removeLast(out.count - length)
        length = 0
        needsComma = false
        afterKey = false
        depth = 0
        return out
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
    @usableFromInline var needsComma = false
    @usableFromInline var afterKey = false
    /// Open containers. No stack of comma flags is needed: a closed container is a value, so its
    /// parent always needs a comma next.
    @usableFromInline var depth = 0

    public init(pretty: Bool = false, capacity: Int = 1024) {
        self.pretty = pretty
        room = max(capacity, 64)
        storage = Self.buffer(count: room, keeping: [], upTo: 0)
    }

    /// The output as a string.
    public var string: String { String(decoding: storage[0..<length], as: UTF8.self) }

    // MARK: Buffer

    /// A buffer of `count` bytes starting with `old[0..<kept]`. The rest is left as it comes: bytes
    /// past `length` are always written before they are read.
    private static func buffer(count: Int, keeping old: [UInt8], upTo kept: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if kept > 0, let to = buffer.baseAddress {
                old.withUnsafeBufferPointer { from in
                    if let source = from.baseAddress { to.initialize(from: source, count: Swift.min(kept, from.count)) }
                }
            }
            initialized = count
        }
    }

    @usableFromInline mutating func grow(toAtLeast needed: Int) {
        var size = storage.count
        while size < needed { size *= 2 }
        storage = Self.buffer(count: size, keeping: storage, upTo: length)
        room = size
    }

    @inline(__always) private mutating func put(_ byte: UInt8) {
        if length == room { grow(toAtLeast: length + 1) }
        storage[length] = byte
        length += 1
    }

    /// Reserves `maxCount` bytes and lets `body` write up to that many at the end of the output; `body`
    /// returns how many it wrote. One uniqueness check for the whole piece. Sizes here and below add
    /// without overflow checks: they are bounded by the lengths of strings in memory, far below `Int.max`.
    @inlinable @inline(__always) mutating func withSpace(_ maxCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if length &+ maxCount > room { grow(toAtLeast: length &+ maxCount) }
        let at = length
        let written = storage.withUnsafeMutableBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return body(base + at)
        }
        length &+= written
    }

    // MARK: Pieces written into reserved space
    //
    // Each public write reserves room for its whole worst case once and fills it through these
    // functions: separator, key and value of a member cost one buffer access, not one per piece.

    /// The separator before a value or key: the writer's state moves as for any value, and the result
    /// says what to write. A value right after its key gets none; otherwise a comma after a sibling,
    /// and when pretty a newline and indent (`1 + 2 * depth` bytes, 0 for none).
    @inlinable @inline(__always) mutating func separator() -> (comma: Bool, indent: Int) {
        if afterKey {
            afterKey = false
            return (false, 0)
        }
        let comma = needsComma
        needsComma = true
        return (comma, pretty && depth > 0 ? 1 &+ 2 &* depth : 0)
    }

    /// Writes what `separator()` decided at `p`; returns the count (at most `1 + indent`).
    @inlinable @inline(always) static func writeSeparator(comma: Bool, indent: Int, at p: UnsafeMutablePointer<UInt8>) -> Int {
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

    /// Writes a value (or anything in value position: a container's opening bracket) with its separator:
    /// `value` writes at most `valueSpace` bytes and returns the count.
    @inlinable @inline(__always) mutating func scalar(valueSpace: Int, _ value: (UnsafeMutablePointer<UInt8>) -> Int) {
        let (comma, indent) = separator()
        withSpace(1 &+ indent &+ valueSpace) { p in
            let i = Self.writeSeparator(comma: comma, indent: indent, at: p)
            return i &+ value(p + i)
        }
    }

    /// Writes separator, `"name":` (`"name": ` when pretty) and the value `value` writes (at most
    /// `valueSpace` bytes, returning the count) in one piece.
    @inlinable @inline(__always) mutating func member(_ name: StaticString, valueSpace: Int,
                                                   _ value: (UnsafeMutablePointer<UInt8>) -> Int) {
        let (comma, indent) = separator()
        let pretty = self.pretty
        name.withUTF8Buffer { nameBytes in
            let nameCount = nameBytes.count
            withSpace(5 &+ indent &+ nameCount &+ valueSpace) { p in
                var i = Self.writeSeparator(comma: comma, indent: indent, at: p)
                p[i] = UInt8(ascii: "\"")
                Self.copyBytes(nameBytes, to: p + i + 1)
                i &+= 1 &+ nameCount
                p[i] = UInt8(ascii: "\"")
                p[i &+ 1] = UInt8(ascii: ":")
                i &+= 2
                if pretty {
                    p[i] = UInt8(ascii: " ")
                    i &+= 1
                }
                return i &+ value(p + i)
            }
        }
    }

    /// Copies `source` to `destination` in whole words, the last one overlapping the one before it, and
    /// short runs in one or two overlapping pieces: for a key name known when compiling, a few moves.
    @inlinable @inline(always) static func copyBytes(_ source: UnsafeBufferPointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>) {
        let n = source.count
        guard n > 0, let base = source.baseAddress else { return }
        let from = UnsafeRawPointer(base)
        let to = UnsafeMutableRawPointer(destination)
        if n >= 8 {
            var i = 0
            while i &+ 8 <= n {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
                i &+= 8
            }
            if i < n {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self), toByteOffset: n &- 8, as: UInt64.self)
            }
        } else if n >= 4 {
            let low = from.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
            let high = from.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            to.storeBytes(of: low, toByteOffset: 0, as: UInt32.self)
            to.storeBytes(of: high, toByteOffset: n &- 4, as: UInt32.self)
        } else {
            destination[0] = base[0]
            destination[n >> 1] = base[n >> 1]
            destination[n &- 1] = base[n &- 1]
        }
    }

    /// Lends a string's UTF-8 without copying it when it is stored contiguously (native and small
    /// strings are; a bridged one is copied).
    @inlinable @inline(__always) static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    /// Room `writeQuoted` needs at most for `count` UTF-8 bytes: every byte a six-byte `\u00XX` escape.
    @inlinable @inline(__always) static func quotedSpace(_ count: Int) -> Int { 2 &+ 6 &* count }

    /// Writes `text` quoted and escaped at `p` (room for `quotedSpace(text.utf8.count)` bytes); returns
    /// the count.
    @usableFromInline static func writeQuoted(_ text: String, at p: UnsafeMutablePointer<UInt8>) -> Int {
        withUTF8(text) { utf8 in writeQuoted(utf8, at: p) }
    }

    /// Writes `utf8` quoted and escaped at `p`; returns the count.
    @usableFromInline @inline(__always) static func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>, at p: UnsafeMutablePointer<UInt8>) -> Int {
        let n = utf8.count
        p[0] = UInt8(ascii: "\"")
        // Most strings (codes, ids, dates, messages) need no escape: copied and checked in one pass.
        let plain = ByteScan.copyPlainPrefixForWriter(utf8, to: p + 1)
        if plain == n {
            p[n &+ 1] = UInt8(ascii: "\"")
            return n &+ 2
        }
        // The plain prefix stays; escaping goes on from its end.
        var i = 1 &+ plain
        var runStart = plain
        while runStart < n {
            let special = ByteScan.firstSpecialForWriter(utf8, from: runStart)
            if runStart < special, let source = utf8.baseAddress {
                (p + i).update(from: source + runStart, count: special - runStart)
                i += special - runStart
            }
            guard special < n else { break }
            i += writeEscape(utf8[special], at: p + i)
            runStart = special + 1
        }
        p[i] = UInt8(ascii: "\"")
        return i + 1
    }

    /// Writes the escape of a byte `ByteScan` flags (`"`, `\` or a control character) at `p`; returns
    /// the count.
    static func writeEscape(_ byte: UInt8, at p: UnsafeMutablePointer<UInt8>) -> Int {
        p[0] = UInt8(ascii: "\\")
        switch byte {
        case UInt8(ascii: "\""): p[1] = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): p[1] = UInt8(ascii: "\\")
        case 0x0A: p[1] = UInt8(ascii: "n")
        case 0x0D: p[1] = UInt8(ascii: "r")
        case 0x09: p[1] = UInt8(ascii: "t")
        case 0x08: p[1] = UInt8(ascii: "b")
        case 0x0C: p[1] = UInt8(ascii: "f")
        default:
            let hex: StaticString = "0123456789abcdef"
            hex.withUTF8Buffer { digits in
                p[1] = UInt8(ascii: "u")
                p[2] = UInt8(ascii: "0")
                p[3] = UInt8(ascii: "0")
                p[4] = digits[Int(byte >> 4)]
                p[5] = digits[Int(byte & 0x0F)]
            }
            return 6
        }
        return 2
    }

    /// The two decimal digits of `value & 0x7F` as they lie in memory, from a table: `"00"` to `"99"`, then for
    /// 100...127 the bytes `48 + v / 10` and `48 + v % 10` (what arithmetic on such a value would give). The mask
    /// keeps any value inside the table; callers pass 0...99.
    @inlinable @inline(always) static func digitPair(_ value: Int) -> UInt16 {
        let pairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899:0:1:2:3:4:5:6:7:8:9;0;1;2;3;4;5;6;7;8;9<0<1<2<3<4<5<6<7"
        return UnsafeRawPointer(pairs.utf8Start).loadUnaligned(fromByteOffset: (value & 0x7F) &* 2, as: UInt16.self)
    }

    /// Writes an integer's decimal digits at `p` (at most 20 bytes); returns the count.
    @inlinable @inline(always) static func writeInteger(_ value: Int64, at p: UnsafeMutablePointer<UInt8>) -> Int {
        // Indexes, minutes and units are small: one or two digits without the general loop.
        if value >= 0 && value < 100 {
            if value < 10 {
                p[0] = UInt8(truncatingIfNeeded: value) &+ UInt8(ascii: "0")
                return 1
            }
            UnsafeMutableRawPointer(p).storeBytes(of: digitPair(Int(truncatingIfNeeded: value)), as: UInt16.self)
            return 2
        }
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

    /// Writes `true` or `false` at `p`; returns the count.
    @inlinable @inline(always) static func writeBool(_ value: Bool, at p: UnsafeMutablePointer<UInt8>) -> Int {
        if value {
            p[0] = UInt8(ascii: "t")
            p[1] = UInt8(ascii: "r")
            p[2] = UInt8(ascii: "u")
            p[3] = UInt8(ascii: "e")
            return 4
        }
        p[0] = UInt8(ascii: "f")
        p[1] = UInt8(ascii: "a")
        p[2] = UInt8(ascii: "l")
        p[3] = UInt8(ascii: "s")
        p[4] = UInt8(ascii: "e")
        return 5
    }

    /// Writes a static text at `p`; returns the count.
    @inline(__always) private static func writeText(_ text: StaticString, at p: UnsafeMutablePointer<UInt8>) -> Int {
        text.withUTF8Buffer { bytes in
            if let source = bytes.baseAddress { p.update(from: source, count: bytes.count) }
            return bytes.count
        }
    }

    // MARK: Structure

    @inlinable @inline(__always) public mutating func beginObject() { open(UInt8(ascii: "{")) }

    /// Writes `"name":` and opens an object as its value, in one piece.
    @inlinable @inline(__always) public mutating func beginObject(_ name: StaticString) { open(name, UInt8(ascii: "{")) }

    @inlinable @inline(__always) public mutating func endObject() { close(UInt8(ascii: "}")) }

    @inlinable @inline(__always) public mutating func beginArray() { open(UInt8(ascii: "[")) }

    /// Writes `"name":` and opens an array as its value, in one piece.
    @inlinable @inline(__always) public mutating func beginArray(_ name: StaticString) { open(name, UInt8(ascii: "[")) }

    @inlinable @inline(__always) public mutating func endArray() { close(UInt8(ascii: "]")) }

    @inlinable @inline(__always) mutating func open(_ name: StaticString, _ byte: UInt8) {
        member(name, valueSpace: 1) { p in
            p[0] = byte
            return 1
        }
        depth &+= 1
        needsComma = false
    }

    @inlinable @inline(__always) mutating func open(_ byte: UInt8) {
        scalar(valueSpace: 1) { p in
            p[0] = byte
            return 1
        }
        depth += 1
        needsComma = false
    }

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
        let count = other.length
        other.storage.withUnsafeBufferPointer { source in
            guard let from = source.baseAddress else { return }
            withSpace(count) { to in
                to.update(from: from, count: count)
                return count
            }
        }
        needsComma = false
        afterKey = false
    }

    /// Empties the output and keeps the buffer, for a writer reused over many documents (a fresh
    /// writer's buffer is allocated again for every document).
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
    @inlinable @inline(__always) public mutating func key(_ name: StaticString) {
        assert(name.withUTF8Buffer { !$0.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) }, "key needs escaping")
        member(name, valueSpace: 0) { _ in 0 }
        afterKey = true
    }

    /// Writes an object key from data (escaped as needed); the next value written is its value.
    public mutating func key(string name: String) {
        let pretty = self.pretty
        Self.withUTF8(name) { utf8 in
            scalar(valueSpace: Self.quotedSpace(utf8.count) + 2) { p in
                var i = Self.writeQuoted(utf8, at: p)
                p[i] = UInt8(ascii: ":")
                i += 1
                if pretty {
                    p[i] = UInt8(ascii: " ")
                    i += 1
                }
                return i
            }
        }
        afterKey = true
    }

    @inlinable @inline(__always) mutating func close(_ byte: UInt8) {
        let hadElements = needsComma
        depth -= 1
        let indent = pretty && hadElements ? 1 + 2 * depth : 0
        withSpace(indent + 1) { p in
            let i = Self.writeSeparator(comma: false, indent: indent, at: p)
            p[i] = byte
            return i + 1
        }
        needsComma = true
    }

    // MARK: Scalars

    @inlinable @inline(__always) public mutating func string(_ value: String) {
        scalar(valueSpace: Self.quotedSpace(value.utf8.count)) { p in Self.writeQuoted(value, at: p) }
    }

    @inlinable @inline(__always) public mutating func int(_ value: Int) { int64(Int64(value)) }

    @inlinable @inline(__always) public mutating func int64(_ value: Int64) {
        scalar(valueSpace: 20) { p in Self.writeInteger(value, at: p) }
    }

    /// Writes a finite double: integral values below 2^53 as integers (`0`, `-3`, like JSONEncoder),
    /// others in Swift's shortest round-tripping form (`1480.5`, `1e-07`). NaN and infinities become
    /// `null` because JSON cannot represent them (RFC 8259 §6).
    public mutating func double(_ value: Double) {
        if value.isFinite {
            if value == value.rounded(.towardZero), abs(value) < 9_007_199_254_740_992 {
                let negativeZero = value == 0 && value.sign == .minus
                scalar(valueSpace: 21) { p in
                    var i = 0
                    if negativeZero {
                        p[0] = UInt8(ascii: "-")
                        i = 1
                    }
                    return i + Self.writeInteger(Int64(value), at: p + i)
                }
            } else if let cents = Self.hundredths(of: value) {
                scalar(valueSpace: 24) { p in Self.writeHundredths(cents, at: p) }
            } else {
                raw(value.description)
            }
        } else {
            scalar(valueSpace: 4) { p in Self.writeText("null", at: p) }
        }
    }

    /// `value` in hundredths when it is a non-integral whole number of hundredths below 10^13 in
    /// magnitude (amounts, `1480.5`); nil for any other value. `writeHundredths` then spells it as
    /// `description` would, without its shortest-digits search.
    ///
    /// When `k / 100` (`k = (value * 100).rounded()`) converts back to `value` exactly, the decimal
    /// `k / 100` with one or two decimals reads back as `value`, and it is the shortest that does:
    /// a double below 10^13 is closer than 0.002 to its neighbours, so no other decimal of at most two
    /// decimals reads back as it. `description` writes such numbers positionally, as here.
    @usableFromInline static func hundredths(of value: Double) -> Int64? {
        guard abs(value) < 1e13 else { return nil }
        let scaled = (value * 100).rounded()
        guard scaled / 100 == value else { return nil }
        let cents = Int64(scaled)
        return cents % 100 == 0 ? nil : cents
    }

    /// Writes hundredths that are not a whole number as `-I.F` with `F` one digit or two, no trailing
    /// zero (`1480.5`, `-0.05`); returns the count (at most 24).
    @usableFromInline static func writeHundredths(_ cents: Int64, at p: UnsafeMutablePointer<UInt8>) -> Int {
        var i = 0
        if cents < 0 {
            p[0] = UInt8(ascii: "-")
            i = 1
        }
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        i &+= writeInteger(Int64(magnitude / 100), at: p + i)
        p[i] = UInt8(ascii: ".")
        p[i &+ 1] = UInt8(truncatingIfNeeded: fraction / 10) &+ UInt8(ascii: "0")
        if fraction % 10 == 0 { return i &+ 2 }
        p[i &+ 2] = UInt8(truncatingIfNeeded: fraction % 10) &+ UInt8(ascii: "0")
        return i &+ 3
    }

    /// Writes a number's exact text.
    public mutating func number(_ value: JSONNumber) { raw(value.text) }

    /// Writes text that is valid JSON as it is (a number's digits).
    private mutating func raw(_ text: String) {
        Self.withUTF8(text) { utf8 in
            scalar(valueSpace: utf8.count) { p in
                if let source = utf8.baseAddress { p.update(from: source, count: utf8.count) }
                return utf8.count
            }
        }
    }

    @inlinable @inline(__always) public mutating func bool(_ value: Bool) {
        scalar(valueSpace: 5) { p in Self.writeBool(value, at: p) }
    }

    public mutating func null() {
        scalar(valueSpace: 4) { p in Self.writeText("null", at: p) }
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

    @inlinable @inline(__always) public mutating func field(_ name: StaticString, _ value: String) {
        // The key is written here, where its name is a constant; the string by one call.
        member(name, valueSpace: Self.quotedSpace(value.utf8.count)) { p in Self.writeQuoted(value, at: p) }
    }

    @inlinable @inline(__always) public mutating func field(_ name: StaticString, _ value: Int) {
        member(name, valueSpace: 20) { p in Self.writeInteger(Int64(value), at: p) }
    }

    @inlinable @inline(__always) public mutating func field(_ name: StaticString, _ value: Bool) {
        member(name, valueSpace: 5) { p in Self.writeBool(value, at: p) }
    }

    public mutating func field(_ name: StaticString, _ value: Double) {
        if value.isFinite, value == value.rounded(.towardZero), abs(value) < 9_007_199_254_740_992 {
            // The integral case of `double(_:)`, with the key in the same piece.
            let negativeZero = value == 0 && value.sign == .minus
            member(name, valueSpace: 21) { p in
                var i = 0
                if negativeZero {
                    p[0] = UInt8(ascii: "-")
                    i = 1
                }
                return i &+ Self.writeInteger(Int64(value), at: p + i)
            }
            return
        }
        if value.isFinite, let cents = Self.hundredths(of: value) {
            member(name, valueSpace: 24) { p in Self.writeHundredths(cents, at: p) }
            return
        }
        key(name)
        double(value)
    }

    /// Writes `"name": "YYYY-MM-DD"`, a full-date of RFC 3339 §5.6 (ISO 8601 calendar date): the year as
    /// four digits, month and day as two. The caller's date type keeps the year in 0...9999, month in
    /// 1...12 and day in 1...31.
    @inlinable @inline(__always) public mutating func field(_ name: StaticString, fullDateYear year: Int, month: Int, day: Int) {
        member(name, valueSpace: 12) { p in Self.writeFullDate(year: year, month: month, day: day, at: p) }
    }

    /// Writes `"name": 125.50`: an amount held in hundredths (cents) as a JSON number with exactly two
    /// decimals, a `-` before negative amounts (`-0.05`).
    @inlinable @inline(__always) public mutating func field(_ name: StaticString, hundredths value: Int64) {
        member(name, valueSpace: 23) { p in
            var i = 0
            if value < 0 {
                p[0] = UInt8(ascii: "-")
                i = 1
            }
            let magnitude = value.magnitude
            i += Self.writeInteger(Int64(magnitude / 100), at: p + i)
            let fraction = magnitude % 100
            p[i] = UInt8(ascii: ".")
            p[i + 1] = UInt8(truncatingIfNeeded: fraction / 10) &+ UInt8(ascii: "0")
            p[i + 2] = UInt8(truncatingIfNeeded: fraction % 10) &+ UInt8(ascii: "0")
            return i + 3
        }
    }

    /// Writes `"name": [strings]`; pretty output keeps such a scalar array on one line (`["GP", "CQ"]`).
    @inlinable @inline(__always) public mutating func field(_ name: StaticString, _ values: [String]) {
        // Modifier lists are mostly empty or one code long: those two without the general loop.
        switch values.count {
        case 0:
            member(name, valueSpace: 2) { p in
                p[0] = UInt8(ascii: "[")
                p[1] = UInt8(ascii: "]")
                return 2
            }
        case 1:
            let value = values[0]
            member(name, valueSpace: Self.quotedSpace(value.utf8.count) &+ 2) { p in
                p[0] = UInt8(ascii: "[")
                let i = 1 &+ Self.writeQuoted(value, at: p + 1)
                p[i] = UInt8(ascii: "]")
                return i &+ 1
            }
        default:
            fieldElements(name, values)
        }
    }

    /// `field(_:_:)` for two or more strings.
    @usableFromInline mutating func fieldElements(_ name: StaticString, _ values: [String]) {
        let separatorCount = pretty ? 2 : 1
        var space = 2
        for value in values { space &+= separatorCount &+ Self.quotedSpace(value.utf8.count) }
        member(name, valueSpace: space) { p in
            p[0] = UInt8(ascii: "[")
            var i = 1
            for value in values {
                if i > 1 {
                    p[i] = UInt8(ascii: ",")
                    if separatorCount == 2 { p[i &+ 1] = UInt8(ascii: " ") }
                    i &+= separatorCount
                }
                i &+= Self.writeQuoted(value, at: p + i)
            }
            p[i] = UInt8(ascii: "]")
            return i &+ 1
        }
    }

    /// Writes `"name": [integers]`; pretty output keeps such a scalar array on one line (`[0, 2]`).
    public mutating func field(_ name: StaticString, _ values: [Int]) {
        let separatorCount = pretty ? 2 : 1
        let count = values.count
        // At most 20 bytes per integer and a separator before each but the first.
        values.withUnsafeBufferPointer { elements in
            member(name, valueSpace: 2 + count * (20 + separatorCount)) { p in
                p[0] = UInt8(ascii: "[")
                var i = 1
                for index in 0..<count {
                    if index > 0 {
                        p[i] = UInt8(ascii: ",")
                        if separatorCount == 2 { p[i + 1] = UInt8(ascii: " ") }
                        i += separatorCount
                    }
                    i += Self.writeInteger(Int64(elements[index]), at: p + i)
                }
                p[i] = UInt8(ascii: "]")
                return i + 1
            }
        }
    }
}
