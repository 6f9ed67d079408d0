extension JSONWriter {
    /// A writer over the free space of a `JSONWriter`'s buffer, lent by `withRoom(_:)`: members and values
    /// are written as by the writer, but the buffer is reached once for the whole piece instead of once per
    /// member, and each write only compares its worst case with the end of the space.
    ///
    /// When a write does not fit, the room is marked full and writes nothing more; `withRoom` then grows
    /// the buffer and runs its body again from the same state. So a body must do nothing but write.
    public struct Room {
        @usableFromInline var p: UnsafeMutablePointer<UInt8>
        @usableFromInline let end: UnsafeMutablePointer<UInt8>
        @usableFromInline var full = false
        @usableFromInline var needsComma: Bool
        @usableFromInline var afterKey: Bool
        @usableFromInline var depth: Int
        @usableFromInline let pretty: Bool
        /// The top four bits of a small ASCII string's second word (0xE) when `ShortASCIIString.isAvailable` (read
        /// once per room), else 0x10, which four bits never are: small strings are written from their bits only
        /// where the layout is the one checked.
        @usableFromInline let smallStringTag: UInt64
        /// The newline and indent before a member or element at `depth` (`1 + 2 * depth` bytes when pretty and
        /// inside a container, else 0), kept as containers open and close rather than worked out for each member.
        @usableFromInline var memberIndent: Int

        @inlinable init(p: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>, needsComma: Bool, afterKey: Bool,
                        depth: Int, pretty: Bool, smallStringTag: UInt64) {
            self.p = p
            self.end = end
            self.needsComma = needsComma
            self.afterKey = afterKey
            self.depth = depth
            self.pretty = pretty
            self.smallStringTag = smallStringTag
            memberIndent = pretty && depth > 0 ? 1 &+ 2 &* depth : 0
        }

        /// Whether the output is indented (as the writer's `pretty`).
        @inlinable public var isPretty: Bool { pretty }

        // MARK: Pieces

        /// The writer's `separator()`.
        @inlinable @inline(always) mutating func separator() -> (comma: Bool, indent: Int) {
            if afterKey {
                afterKey = false
                return (false, 0)
            }
            let comma = needsComma
            needsComma = true
            return (comma, memberIndent)
        }

        /// Whether `count` more bytes fit; marks the room full when they do not. Writes after that may
        /// still go on while they fit: they land before `end` and are dropped with the rest.
        @inlinable @inline(always) mutating func fits(_ count: Int) -> Bool {
            if end - p >= count { return true }
            full = true
            return false
        }

        /// A value with its separator: `value` writes at most `valueSpace` bytes at the pointer and returns the
        /// count, or -1 when its value did not fit after all (then the room is full).
        @inlinable @inline(always) mutating func scalar(valueSpace: Int, _ value: (UnsafeMutablePointer<UInt8>) -> Int) {
            let (comma, indent) = separator()
            guard fits(1 &+ indent &+ valueSpace) else { return }
            let i = JSONWriter.writeSeparator(comma: comma, indent: indent, at: p)
            let written = value(p + i)
            if written < 0 {
                full = true
            } else {
                p += i &+ written
            }
        }

        /// Separator, `"name":` and the value `value` writes, as `scalar` does.
        ///
        /// A member never follows a key (a room has no `key`, and the writer's key is followed by a value), so
        /// `afterKey` is not tested here, and inside an object `memberIndent` is positive exactly when the output is
        /// pretty: one test decides the indent and the space after the colon.
        @inlinable @inline(always) mutating func member(_ name: StaticString, valueSpace: Int,
                                                       _ value: (UnsafeMutablePointer<UInt8>) -> Int) {
            assert(!afterKey, "a member after a key")
            let comma = needsComma, indent = memberIndent
            needsComma = true
            name.withUTF8Buffer { nameBytes in
                let nameCount = nameBytes.count
                guard fits(5 &+ indent &+ nameCount &+ valueSpace) else { return }
                let p = self.p
                var i = JSONWriter.writeSeparator(comma: comma, indent: indent, at: p)
                p[i] = UInt8(ascii: "\"")
                JSONWriter.copyBytes(nameBytes, to: p + i + 1)
                i &+= 1 &+ nameCount
                p[i] = UInt8(ascii: "\"")
                p[i &+ 1] = UInt8(ascii: ":")
                i &+= 2
                if indent > 0 {
                    p[i] = UInt8(ascii: " ")
                    i &+= 1
                }
                let written = value(p + i)
                if written < 0 {
                    full = true
                } else {
                    self.p = p + (i &+ written)
                }
            }
        }

        // MARK: Structure

        @inlinable @inline(always) public mutating func beginObject() { open(UInt8(ascii: "{")) }

        /// `"name":` and an opening brace.
        @inlinable @inline(always) public mutating func beginObject(_ name: StaticString) { open(name, UInt8(ascii: "{")) }

        @inlinable @inline(always) public mutating func endObject() { close(UInt8(ascii: "}")) }

        @inlinable @inline(always) public mutating func beginArray() { open(UInt8(ascii: "[")) }

        /// `"name":` and an opening bracket.
        @inlinable @inline(always) public mutating func beginArray(_ name: StaticString) { open(name, UInt8(ascii: "[")) }

        @inlinable @inline(always) public mutating func endArray() { close(UInt8(ascii: "]")) }

        @inlinable @inline(always) mutating func open(_ name: StaticString, _ byte: UInt8) {
            member(name, valueSpace: 1) { p in
                p[0] = byte
                return 1
            }
            depth &+= 1
            needsComma = false
            if pretty { memberIndent = 1 &+ 2 &* depth }
        }

        @inlinable @inline(always) mutating func open(_ byte: UInt8) {
            scalar(valueSpace: 1) { p in
                p[0] = byte
                return 1
            }
            depth &+= 1
            needsComma = false
            if pretty { memberIndent = 1 &+ 2 &* depth }
        }

        @inlinable @inline(always) mutating func close(_ byte: UInt8) {
            let hadElements = needsComma
            depth &-= 1
            let indent = pretty && hadElements ? 1 &+ 2 &* depth : 0
            needsComma = true
            if pretty { memberIndent = depth > 0 ? 1 &+ 2 &* depth : 0 }
            guard fits(indent &+ 1) else { return }
            let i = JSONWriter.writeSeparator(comma: false, indent: indent, at: p)
            p[i] = byte
            p += i &+ 1
        }

        /// Ends a top-level value with a newline, as the writer's `endLine()`.
        @inlinable @inline(always) public mutating func endLine() {
            needsComma = false
            afterKey = false
            guard fits(1) else { return }
            p[0] = UInt8(ascii: "\n")
            p += 1
        }

        // MARK: Values and members

        @inlinable @inline(always) public mutating func string(_ value: String) {
            let end = self.end, tag = smallStringTag
            scalar(valueSpace: JSONWriter.plainQuotedSpace(value, smallTag: tag)) { p in
                JSONWriter.writeQuoted(value, at: p, end: end, smallTag: tag)
            }
        }

        @inlinable @inline(always) public mutating func int(_ value: Int) {
            scalar(valueSpace: 20) { p in JSONWriter.writeInteger(Int64(value), at: p) }
        }

        @inlinable @inline(always) public mutating func field(_ name: StaticString, _ value: String) {
            let end = self.end, tag = smallStringTag
            member(name, valueSpace: JSONWriter.plainQuotedSpace(value, smallTag: tag)) { p in
                JSONWriter.writeQuoted(value, at: p, end: end, smallTag: tag)
            }
        }

        @inlinable @inline(always) public mutating func field(_ name: StaticString, _ value: Int) {
            member(name, valueSpace: 20) { p in JSONWriter.writeInteger(Int64(value), at: p) }
        }

        @inlinable @inline(always) public mutating func field(_ name: StaticString, _ value: Bool) {
            member(name, valueSpace: 5) { p in JSONWriter.writeBool(value, at: p) }
        }

        /// As the writer's `field(_:_:)` for a double.
        @inlinable public mutating func field(_ name: StaticString, _ value: Double) {
            if value.isFinite, value == value.rounded(.towardZero), abs(value) < 9_007_199_254_740_992 {
                let negativeZero = value == 0 && value.sign == .minus
                member(name, valueSpace: 21) { p in
                    var i = 0
                    if negativeZero {
                        p[0] = UInt8(ascii: "-")
                        i = 1
                    }
                    return i &+ JSONWriter.writeInteger(Int64(value), at: p + i)
                }
            } else if value.isFinite, let cents = JSONWriter.hundredths(of: value) {
                member(name, valueSpace: 24) { p in JSONWriter.writeHundredths(cents, at: p) }
            } else if value.isFinite {
                let text = value.description
                member(name, valueSpace: text.utf8.count) { p in JSONWriter.writeRaw(text, at: p) }
            } else {
                member(name, valueSpace: 4) { p in JSONWriter.writeNull(at: p) }
            }
        }

        /// As the writer's `field(_:fullDateYear:month:day:)`.
        @inlinable @inline(always) public mutating func field(_ name: StaticString, fullDateYear year: Int, month: Int, day: Int) {
            member(name, valueSpace: 12) { p in JSONWriter.writeFullDate(year: year, month: month, day: day, at: p) }
        }

        /// As the writer's `field(_:hundredths:)`.
        @inlinable @inline(always) public mutating func field(_ name: StaticString, hundredths value: Int64) {
            member(name, valueSpace: 23) { p in JSONWriter.writeAmount(hundredths: value, at: p) }
        }

        /// As the writer's `field(_:_:)` for strings: one line even when pretty.
        @inlinable @inline(always) public mutating func field(_ name: StaticString, _ values: [String]) {
            switch values.count {
            case 0:
                member(name, valueSpace: 2) { p in
                    p[0] = UInt8(ascii: "[")
                    p[1] = UInt8(ascii: "]")
                    return 2
                }
            case 1:
                let end = self.end, tag = smallStringTag
                values.withUnsafeBufferPointer { values in
                    guard let value = values.baseAddress else { return }
                    member(name, valueSpace: JSONWriter.plainQuotedSpace(value.pointee, smallTag: tag) &+ 2) { p in
                        let count = JSONWriter.writeQuoted(value.pointee, at: p + 1, end: end, smallTag: tag)
                        guard count >= 0, end - (p + 1 + count) >= 1 else { return -1 }
                        p[0] = UInt8(ascii: "[")
                        p[1 &+ count] = UInt8(ascii: "]")
                        return count &+ 2
                    }
                }
            default:
                fieldElements(name, values)
            }
        }

        /// `field(_:_:)` for two or more strings.
        @inlinable @inline(always) mutating func fieldElements(_ name: StaticString, _ values: [String]) {
            let separatorCount = pretty ? 2 : 1
            let end = self.end, tag = smallStringTag
            values.withUnsafeBufferPointer { values in
                var space = 2
                for k in values.indices { space &+= separatorCount &+ JSONWriter.plainQuotedSpace(values[k], smallTag: tag) }
                member(name, valueSpace: space) { p in
                    p[0] = UInt8(ascii: "[")
                    var i = 1
                    for k in values.indices {
                        if k > 0 {
                            guard end - (p + i) >= separatorCount else { return -1 }
                            p[i] = UInt8(ascii: ",")
                            if separatorCount == 2 { p[i &+ 1] = UInt8(ascii: " ") }
                            i &+= separatorCount
                        }
                        let count = JSONWriter.writeQuoted(values[k], at: p + i, end: end, smallTag: tag)
                        guard count >= 0 else { return -1 }
                        i &+= count
                    }
                    guard end - (p + i) >= 1 else { return -1 }
                    p[i] = UInt8(ascii: "]")
                    return i &+ 1
                }
            }
        }

        /// As the writer's `field(_:_:)` for integers: one line even when pretty.
        @inlinable @inline(always) public mutating func field(_ name: StaticString, _ values: [Int]) {
            // Line lists are mostly empty or one line long: those two without the general loop.
            switch values.count {
            case 0:
                member(name, valueSpace: 2) { p in
                    p[0] = UInt8(ascii: "[")
                    p[1] = UInt8(ascii: "]")
                    return 2
                }
            case 1:
                let value = values[0]
                member(name, valueSpace: 22) { p in
                    p[0] = UInt8(ascii: "[")
                    let i = 1 &+ JSONWriter.writeInteger(Int64(value), at: p + 1)
                    p[i] = UInt8(ascii: "]")
                    return i &+ 1
                }
            default:
                fieldElements(name, values)
            }
        }

        /// `field(_:_:)` for two or more integers.
        @inlinable mutating func fieldElements(_ name: StaticString, _ values: [Int]) {
            let separatorCount = pretty ? 2 : 1
            values.withUnsafeBufferPointer { elements in
                let count = elements.count
                member(name, valueSpace: 2 &+ count &* (20 &+ separatorCount)) { p in
                    p[0] = UInt8(ascii: "[")
                    var i = 1
                    for index in 0..<count {
                        if index > 0 {
                            p[i] = UInt8(ascii: ",")
                            if separatorCount == 2 { p[i &+ 1] = UInt8(ascii: " ") }
                            i &+= separatorCount
                        }
                        i &+= JSONWriter.writeInteger(Int64(elements[index]), at: p + i)
                    }
                    p[i] = UInt8(ascii: "]")
                    return i &+ 1
                }
            }
        }
    }

    /// Lends the free space of the buffer as a `Room` for `body` to write a piece into (a whole result, say),
    /// then takes the writer state on from where the room left it. When the piece does not fit, the buffer
    /// grows and `body` runs again, so `body` must do nothing but write into the room.
    @inlinable @inline(always) public mutating func withRoom(_ body: (inout Room) -> Void) {
        if room &- length < 1024 { grow(toAtLeast: length &+ 1024) }
        let smallStringTag: UInt64 = ShortASCIIString.isAvailable ? 0xE : 0x10
        while true {
            let at = length, needsComma = self.needsComma, afterKey = self.afterKey, depth = self.depth, pretty = self.pretty
            let outcome = storage.withUnsafeMutableBufferPointer { buffer -> (written: Int, needsComma: Bool, afterKey: Bool, depth: Int)? in
                guard let base = buffer.baseAddress else { return nil }
                var space = Room(p: base + at, end: base + buffer.count, needsComma: needsComma, afterKey: afterKey,
                                 depth: depth, pretty: pretty, smallStringTag: smallStringTag)
                body(&space)
                if space.full { return nil }
                return (space.p - (base + at), space.needsComma, space.afterKey, space.depth)
            }
            if let outcome {
                length = at &+ outcome.written
                self.needsComma = outcome.needsComma
                self.afterKey = outcome.afterKey
                self.depth = outcome.depth
                return
            }
            grow(toAtLeast: room &* 2)
        }
    }

    // MARK: Pieces for the room

    /// Room for `text` quoted when it needs no escape (its UTF-8 count and two quotes): what most strings
    /// take. `writeQuoted(_:at:end:)` checks the room an escaped string needs itself.
    @inlinable @inline(always) static func plainQuotedSpace(_ text: String) -> Int { 2 &+ text.utf8.count }

    /// Whether `text` is a small ASCII string (at most 15 bytes, held in the `String` value itself: codes,
    /// modifiers, roles, ids) whose layout is the one `ShortASCIIString` checks: the top four bits of its second
    /// word are `smallTag` (see `Room.smallStringTag`).
    @inlinable @inline(always) static func isSmallASCII(_ text: String, smallTag: UInt64) -> Bool {
        unsafeBitCast(text, to: (low: UInt64, high: UInt64).self).high &>> 60 == smallTag
    }

    /// Room for `text` quoted when it needs no escape: 17 bytes for a small string (`writeSmallQuoted` writes its
    /// two words whole), else its UTF-8 count and two quotes.
    @inlinable @inline(always) static func plainQuotedSpace(_ text: String, smallTag: UInt64) -> Int {
        isSmallASCII(text, smallTag: smallTag) ? 17 : plainQuotedSpace(text)
    }

    /// Writes `text` quoted and escaped at `p`, with room for `plainQuotedSpace(text, smallTag:)` bytes; a small
    /// string without a byte to escape is written here, without a call.
    @inlinable @inline(always) static func writeQuoted(_ text: String, at p: UnsafeMutablePointer<UInt8>,
                                                      end: UnsafeMutablePointer<UInt8>, smallTag: UInt64) -> Int {
        isSmallASCII(text, smallTag: smallTag) ? writeSmallQuoted(text, at: p, end: end) : writeQuoted(text, at: p, end: end)
    }

    /// Writes the small ASCII string `text` quoted at `p` (17 bytes of room) from its two words: the quote, both
    /// words whole (bytes past the closing quote are past the output) and the closing quote. A string with a byte
    /// to escape goes to the general `writeQuoted`.
    @inlinable @inline(always) static func writeSmallQuoted(_ text: String, at p: UnsafeMutablePointer<UInt8>,
                                                           end: UnsafeMutablePointer<UInt8>) -> Int {
        let bits = unsafeBitCast(text, to: (low: UInt64, high: UInt64).self)
        let count = Int(truncatingIfNeeded: bits.high &>> 56 & 0xF)
        let high = bits.high & 0x00FF_FFFF_FFFF_FFFF
        // The padding past `count` is zero bytes, which read as control characters: only a flag before `count`
        // counts. The lowest flag is exact (a borrow only carries a flag upwards, from a flagged byte).
        let lowFlags = specialBytes(bits.low)
        let firstFlagged = lowFlags != 0 ? lowFlags.trailingZeroBitCount : 64 &+ specialBytes(high).trailingZeroBitCount
        guard firstFlagged &>> 3 >= count else { return writeQuoted(text, at: p, end: end) }
        let raw = UnsafeMutableRawPointer(p)
        p[0] = UInt8(ascii: "\"")
        raw.storeBytes(of: bits.low, toByteOffset: 1, as: UInt64.self)
        raw.storeBytes(of: high, toByteOffset: 9, as: UInt64.self)
        p[count &+ 1] = UInt8(ascii: "\"")
        return count &+ 2
    }

    /// The high bit set in each byte of `word` that is `"`, `\` or below 0x20 (`ByteScan.specialForWriter`, here
    /// for inlining into other modules).
    @inlinable @inline(always) static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        return ((word &- ones &* 0x20) & ~word | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash) & highs
    }

    /// Writes `text` quoted and escaped at `p`, no byte at or past `end`; returns the count, or -1 when it
    /// does not fit (then what was written before `end` is garbage for the caller to drop). The caller has
    /// checked that `plainQuotedSpace(text)` bytes fit.
    ///
    /// It releases no object (`releasenone`), so a caller reading `text` from memory it borrows (a field of an
    /// array element) need not retain it around the call: that pair was a fifth of the cost of a short string.
    /// The copy below (a string without contiguous UTF-8, which Swift on Linux does not make) is the
    /// function's own, retained and released within it.
    @_effects(releasenone)
    @usableFromInline static func writeQuoted(_ text: String, at p: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>) -> Int {
        if let count = text.utf8.withContiguousStorageIfAvailable({ writeQuoted($0, at: p, end: end) }) { return count }
        var copy = text
        return copy.withUTF8 { writeQuoted($0, at: p, end: end) }
    }

    @inline(__always) static func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>, at p: UnsafeMutablePointer<UInt8>,
                                              end: UnsafeMutablePointer<UInt8>) -> Int {
        let n = utf8.count
        p[0] = UInt8(ascii: "\"")
        let plain = copyPlainPrefix(utf8, to: p + 1)
        if plain == n {
            p[n &+ 1] = UInt8(ascii: "\"")
            return n &+ 2
        }
        // Escapes: room for the worst case of the rest, every byte a six-byte `\u00XX`.
        guard end - p >= 2 &+ plain &+ 6 &* (n &- plain) else { return -1 }
        var i = 1 &+ plain
        var runStart = plain
        while runStart < n {
            let special = ByteScan.firstSpecialForWriter(utf8, from: runStart)
            if runStart < special, let source = utf8.baseAddress {
                (p + i).update(from: source + runStart, count: special &- runStart)
                i &+= special &- runStart
            }
            guard special < n else { break }
            i &+= writeEscape(utf8[special], at: p + i)
            runStart = special &+ 1
        }
        p[i] = UInt8(ascii: "\"")
        return i &+ 1
    }

    /// `ByteScan.copyPlainPrefixForWriter` with 16 bytes a step for strings of 16 bytes or more (messages,
    /// ids, digests): the same answer, as a count at or before the first byte that needs an escape.
    @inline(__always) static func copyPlainPrefix(_ source: UnsafeBufferPointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        let n = source.count
        guard n >= 16, let base = source.baseAddress else { return ByteScan.copyPlainPrefixForWriter(source, to: destination) }
        let from = UnsafeRawPointer(base)
        let to = UnsafeMutableRawPointer(destination)
        var i = 0
        // Four blocks a step, copied as they are and their flags tested together: the test costs as much as the
        // rest of a block. A step with a flag is done again block by block below (its copy is overwritten).
        while i &+ 64 <= n {
            let first = from.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let second = from.loadUnaligned(fromByteOffset: i &+ 16, as: SIMD16<UInt8>.self)
            let third = from.loadUnaligned(fromByteOffset: i &+ 32, as: SIMD16<UInt8>.self)
            let fourth = from.loadUnaligned(fromByteOffset: i &+ 48, as: SIMD16<UInt8>.self)
            to.storeBytes(of: first, toByteOffset: i, as: SIMD16<UInt8>.self)
            to.storeBytes(of: second, toByteOffset: i &+ 16, as: SIMD16<UInt8>.self)
            to.storeBytes(of: third, toByteOffset: i &+ 32, as: SIMD16<UInt8>.self)
            to.storeBytes(of: fourth, toByteOffset: i &+ 48, as: SIMD16<UInt8>.self)
            if anyFlagged(escapeFlags(first) | escapeFlags(second) | escapeFlags(third) | escapeFlags(fourth)) { break }
            i &+= 64
        }
        while i &+ 16 <= n {
            let block = from.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            if anyFlagged(escapeFlags(block)) { return i }
            to.storeBytes(of: block, toByteOffset: i, as: SIMD16<UInt8>.self)
            i &+= 16
        }
        if i < n {
            // The last 16 bytes, overlapping the block before.
            let block = from.loadUnaligned(fromByteOffset: n &- 16, as: SIMD16<UInt8>.self)
            if anyFlagged(escapeFlags(block)) { return i }
            to.storeBytes(of: block, toByteOffset: n &- 16, as: SIMD16<UInt8>.self)
        }
        return n
    }

    /// The high bit of each byte of `block` that is `"`, `\` or below 0x20 is set in the result (its other bits
    /// are noise). Lane by lane, so no borrow crosses bytes; for a byte `x` below 0x80, `x ^ 2` is below 0x21
    /// exactly when `x` is a control character or `"` (0x22 becomes 0x20), `(y - k)` has the high bit set exactly
    /// when `y < k`, and `x ^ 0x5C` is 0 exactly for `\`; `& ~block` clears bytes from 0x80 up.
    @inline(__always) static func escapeFlags(_ block: SIMD16<UInt8>) -> SIMD16<UInt8> {
        let quoteOrControl = (block ^ SIMD16(repeating: 0x02)) &- SIMD16(repeating: 0x21)
        let backslash = (block ^ SIMD16(repeating: 0x5C)) &- SIMD16(repeating: 0x01)
        return (quoteOrControl | backslash) & ~block
    }

    /// Whether a byte of `escapeFlags`' result (or several, or-ed) has its high bit set.
    @inline(__always) static func anyFlagged(_ flags: SIMD16<UInt8>) -> Bool {
        let words = unsafeBitCast(flags & SIMD16(repeating: 0x80), to: SIMD2<UInt64>.self)
        return words[0] | words[1] != 0
    }

    /// Writes `"YYYY-MM-DD"` (12 bytes) at `p`; returns 12. The year is in 0...9999, month and day in 0...99 (a date
    /// type's ranges); each pair of digits comes from `digitPair`.
    @inlinable @inline(always) static func writeFullDate(year: Int, month: Int, day: Int, at p: UnsafeMutablePointer<UInt8>) -> Int {
        // Unsigned 32-bit: dividing by 100 is a multiply and a shift, without the fix-ups for a negative Int.
        let y = UInt32(truncatingIfNeeded: year)
        let century = y / 100, rest = y &- century &* 100
        let raw = UnsafeMutableRawPointer(p)
        p[0] = UInt8(ascii: "\"")
        raw.storeBytes(of: digitPair(Int(century)), toByteOffset: 1, as: UInt16.self)
        raw.storeBytes(of: digitPair(Int(rest)), toByteOffset: 3, as: UInt16.self)
        p[5] = UInt8(ascii: "-")
        raw.storeBytes(of: digitPair(month), toByteOffset: 6, as: UInt16.self)
        p[8] = UInt8(ascii: "-")
        raw.storeBytes(of: digitPair(day), toByteOffset: 9, as: UInt16.self)
        p[11] = UInt8(ascii: "\"")
        return 12
    }

    /// Writes hundredths as a number with two decimals (at most 23 bytes) at `p`; returns the count.
    @inlinable @inline(always) static func writeAmount(hundredths value: Int64, at p: UnsafeMutablePointer<UInt8>) -> Int {
        var i = 0
        if value < 0 {
            p[0] = UInt8(ascii: "-")
            i = 1
        }
        let magnitude = value.magnitude
        i &+= writeInteger(Int64(magnitude / 100), at: p + i)
        let fraction = magnitude % 100
        p[i] = UInt8(ascii: ".")
        p[i &+ 1] = UInt8(truncatingIfNeeded: fraction / 10) &+ UInt8(ascii: "0")
        p[i &+ 2] = UInt8(truncatingIfNeeded: fraction % 10) &+ UInt8(ascii: "0")
        return i &+ 3
    }

    /// Writes text that is valid JSON as it is at `p` (room for its UTF-8 count); returns the count.
    @usableFromInline static func writeRaw(_ text: String, at p: UnsafeMutablePointer<UInt8>) -> Int {
        var copy = text
        return copy.withUTF8 { utf8 in
            if let source = utf8.baseAddress { p.update(from: source, count: utf8.count) }
            return utf8.count
        }
    }

    /// Writes `null` at `p`; returns 4.
    @inlinable @inline(always) static func writeNull(at p: UnsafeMutablePointer<UInt8>) -> Int {
        p[0] = UInt8(ascii: "n")
        p[1] = UInt8(ascii: "u")
        p[2] = UInt8(ascii: "l")
        p[3] = UInt8(ascii: "l")
        return 4
    }
}
