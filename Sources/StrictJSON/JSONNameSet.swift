/// A fixed list of names (an object's field names, or the values of an enumeration) that a
/// `JSONPullParser` matches against keys and string values as bytes, so a wire decoder learns which
/// name it read without building a `String` for it.
///
/// Names are compared byte for byte as UTF-8 after unescaping, like `JSONMember.hasKey`. A list holds
/// at most 64 names (the parser tracks an object's known keys in one 64-bit mask); later ones are never
/// matched and read as other strings.
public final class JSONNameSet: Sendable {
    /// The names, in the order given; a match reports its index here.
    public let names: [String]

    struct Entry: Sendable {
        /// The first eight bytes, zero-padded, little-endian.
        let head: UInt64
        /// Selects the name's bytes of a word loaded at its start (all of them up to eight).
        let headMask: UInt64
        let length: Int
        let index: Int
        /// Where the name's words after the first eight bytes start in `tails`.
        let tailStart: Int
    }

    let entries: [Entry]
    /// For each name longer than eight bytes, little-endian words of its bytes at offsets 8, 16, ... up
    /// to the last whole word, then the word of its last eight bytes (overlapping the one before).
    let tails: [UInt64]
    /// `quickMatch` candidates by first byte `b`: `bucketEntries[start..<start + count]` with `buckets[b]` =
    /// `start | count << 8` are the `entries` positions of the plain names that start with `b`.
    let buckets: [UInt16]
    let bucketEntries: [UInt8]
    /// For each name index, the `entries` position of its name when `quickMatch` could match it (a plain name), else
    /// -1; one more -1 at the end (for the index after the last name).
    let plainEntryOfName: [Int8]
    /// Open-addressing hash of (length, head) to `entries` index + 1 (0 = empty); power-of-two size.
    let slots: [UInt8]

    public init(_ names: [String]) {
        self.names = names
        var entries: [Entry] = []
        var tails: [UInt64] = []
        for (index, name) in names.prefix(64).enumerated() {
            let bytes = Array(name.utf8)
            // A repeated name keeps its first index.
            if entries.contains(where: { names[$0.index].utf8.elementsEqual(bytes) }) { continue }
            let mask: UInt64 = bytes.count >= 8 ? ~0 : (1 << (8 * UInt64(bytes.count))) &- 1
            entries.append(Entry(head: Self.word(bytes, at: 0), headMask: mask, length: bytes.count, index: index, tailStart: tails.count))
            tails.append(contentsOf: Self.tailOffsets(length: bytes.count).map { Self.word(bytes, at: $0) })
        }
        var size = 16
        while size < entries.count * 4 { size *= 2 }
        var slots = [UInt8](repeating: 0, count: size)
        for (position, entry) in entries.enumerated() {
            var slot = Self.hash(length: entry.length, head: entry.head) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = UInt8(position + 1)
        }
        var buckets = [[UInt8]](repeating: [], count: 256)
        var plainEntryOfName = [Int8](repeating: -1, count: min(names.count, 64) + 1)
        for (position, entry) in entries.enumerated() {
            let bytes = Array(names[entry.index].utf8)
            let plain = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
            if plain, let first = bytes.first {
                buckets[Int(first)].append(UInt8(position))
                plainEntryOfName[entry.index] = Int8(position)
            }
        }
        self.plainEntryOfName = plainEntryOfName
        var start = 0
        self.buckets = buckets.map { bucket in
            defer { start += bucket.count }
            return UInt16(start) | UInt16(bucket.count) << 8
        }
        bucketEntries = buckets.flatMap { $0 }
        self.entries = entries
        self.tails = tails
        self.slots = slots
    }

    /// Up to eight bytes of `bytes` from `offset` as a little-endian word, zero-padded.
    static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var word: UInt64 = 0
        for (k, byte) in bytes.dropFirst(offset).prefix(8).enumerated() { word |= UInt64(byte) << (8 * UInt64(k)) }
        return word
    }

    /// The offsets of the words `tails` holds for a name of `length` bytes.
    static func tailOffsets(length: Int) -> [Int] {
        guard length > 8 else { return [] }
        return Array(stride(from: 8, to: length - 8, by: 8)) + [length - 8]
    }

    @inline(__always) static func hash(length: Int, head: UInt64) -> Int {
        Int(truncatingIfNeeded: ((head ^ UInt64(truncatingIfNeeded: length)) &* 0x9E37_79B9_7F4A_7C15) >> 40)
    }

    /// The index of the name whose UTF-8 bytes are `bytes[range]`, if any.
    @inline(__always) func index(of bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        let length = range.count
        guard let base = bytes.baseAddress else { return nil }
        let start = base + range.lowerBound
        var head: UInt64 = 0
        if range.lowerBound + 8 <= bytes.count {
            // Eight bytes are readable: load them at once and keep the name's.
            head = UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
            if length < 8 { head &= (1 << (8 * UInt64(length))) &- 1 }
        } else {
            for k in 0..<min(length, 8) { head |= UInt64(start[k]) << (8 * UInt64(k)) }
        }
        let mask = slots.count - 1
        var slot = Self.hash(length: length, head: head) & mask
        while true {
            let found = Int(slots[slot])
            if found == 0 { return nil }
            let entry = entries[found - 1]
            if entry.length == length && entry.head == head {
                if length <= 8 { return entry.index }
                // Whole words at 8, 16, ... then the (overlapping) last word: all inside the name's bytes.
                let raw = UnsafeRawPointer(start)
                let same = tails.withUnsafeBufferPointer { tails -> Bool in
                    var t = entry.tailStart
                    var offset = 8
                    while offset < length - 8 {
                        if UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) != tails[t] { return false }
                        offset += 8
                        t += 1
                    }
                    return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)) == tails[t]
                }
                if same { return entry.index }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The name at `start` when the bytes there spell a plain name (printable ASCII without `"` or `\`)
    /// followed by its closing `"`: then the string is exactly that name, with no escapes and nothing a full
    /// parse would reject, so it needs no scan. Returns the name's index and the closing quote's position.
    /// At most one name can match (names hold no `"`, so the quote sits at only one of their lengths).
    @inline(__always) func quickMatch(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (index: Int, end: Int)? {
        let n = bytes.count
        guard start &+ 8 <= n, let base = bytes.baseAddress else { return nil }
        let bucket = Int(buckets[Int(base[start])])
        var k = bucket & 0xFF
        let high = k &+ (bucket &>> 8)
        guard k < high else { return nil }
        let raw = UnsafeRawPointer(base + start)
        let word = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        return entries.withUnsafeBufferPointer { entries -> (index: Int, end: Int)? in
            repeat {
                // `bucketEntries` and `entries` are built together: every position is in range.
                let entry = entries[Int(bucketEntries[k])]
                k &+= 1
                let end = start &+ entry.length
                guard word & entry.headMask == entry.head, end < n, base[end] == UInt8(ascii: "\"") else { continue }
                if entry.length <= 8 || tailsMatch(entry, raw) { return (entry.index, end) }
            } while k < high
            return nil
        }
    }

    /// `quickMatch` against the one name at `nameIndex` (0 to `names.count`; nil past the plain names): members
    /// mostly come in the order of a schema's list, so the name after the last one matched is tried first.
    @inline(__always) func quickMatch(name nameIndex: Int, _ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (index: Int, end: Int)? {
        let n = bytes.count
        guard nameIndex < plainEntryOfName.count, start &+ 8 <= n, let base = bytes.baseAddress else { return nil }
        let position = Int(plainEntryOfName[nameIndex])
        guard position >= 0 else { return nil }
        let entry = entries[position]
        let raw = UnsafeRawPointer(base + start)
        let word = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let end = start &+ entry.length
        guard word & entry.headMask == entry.head, end < n, base[end] == UInt8(ascii: "\""),
              entry.length <= 8 || tailsMatch(entry, raw) else { return nil }
        return (entry.index, end)
    }

    /// Whether the bytes at `raw` after the first eight are those of `entry`'s name (longer than eight bytes);
    /// all of them are inside the input.
    @inline(__always) private func tailsMatch(_ entry: Entry, _ raw: UnsafeRawPointer) -> Bool {
        tails.withUnsafeBufferPointer { tails -> Bool in
            var t = entry.tailStart
            var offset = 8
            while offset < entry.length &- 8 {
                if UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) != tails[t] { return false }
                offset &+= 8
                t &+= 1
            }
            return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: entry.length &- 8, as: UInt64.self)) == tails[t]
        }
    }

    /// The index of `name`, if it is in the list.
    func index(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { index(of: $0, 0..<$0.count) }
    }
}

/// A key or string value read against a `JSONNameSet`: the index of the name it matched, or its text.
public enum JSONName: Sendable, Equatable {
    case known(Int)
    case other(String)
}
