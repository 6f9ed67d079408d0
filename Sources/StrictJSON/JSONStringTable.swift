/// Strings a reader hands out as shared instances instead of building a new `String` per occurrence.
///
/// A wire format reads the same few dozen keys and enum values in every body; matching their bytes
/// against this table skips String creation and its second UTF-8 validation, and the identical
/// instances make the decoder's later key comparisons cheap. Only strings without escapes are looked up.
/// A class, so that a reader's options hold and copy one reference rather than the table's arrays.
public final class JSONStringTable: Sendable, Equatable {
    /// Per entry: the first eight bytes, zero-padded, little-endian.
    let heads: [UInt64]
    /// Per entry: the length in bytes, and where the entry's words after its first eight bytes start in `tails`
    /// (`length | tailStart << 32`). Kept apart from `strings` so a probe copies no reference.
    let shapes: [Int]
    /// For each string longer than eight bytes, little-endian words of its bytes at offsets 8, 16, ... up to
    /// the last whole word, then the word of its last eight bytes (overlapping the one before), as in `JSONNameSet`.
    let tails: [UInt64]
    let strings: [String]
    /// Open-addressing hash of (length, head) to entry index + 1 (0 = empty); power-of-two size.
    let slots: [Int32]

    /// A table of `strings` (duplicates are ignored; strings longer than 64 bytes are never looked up).
    public init(_ strings: [String]) {
        var heads: [UInt64] = []
        var shapes: [Int] = []
        var tails: [UInt64] = []
        var kept: [String] = []
        for string in strings where string.utf8.count <= 64 {
            let bytes = Array(string.utf8)
            if kept.contains(where: { $0.utf8.elementsEqual(bytes) }) { continue }
            heads.append(JSONNameSet.word(bytes, at: 0))
            shapes.append(bytes.count | tails.count << 32)
            tails.append(contentsOf: JSONNameSet.tailOffsets(length: bytes.count).map { JSONNameSet.word(bytes, at: $0) })
            kept.append(string)
        }
        var size = 16
        while size < kept.count * 4 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        for index in kept.indices {
            var slot = Self.hash(length: shapes[index] & 0xFFFF_FFFF, head: heads[index]) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index + 1)
        }
        self.heads = heads
        self.shapes = shapes
        self.tails = tails
        self.strings = kept
        self.slots = slots
    }

    /// Tables of the same strings in the same order are equal (they intern alike).
    public static func == (lhs: JSONStringTable, rhs: JSONStringTable) -> Bool {
        lhs === rhs || lhs.strings == rhs.strings
    }

    @inline(__always) static func hash(length: Int, head: UInt64) -> Int {
        Int(truncatingIfNeeded: ((head ^ UInt64(truncatingIfNeeded: length)) &* 0x9E37_79B9_7F4A_7C15) >> 40)
    }

    /// The table's instance of the string whose UTF-8 bytes are `bytes[range]`, if any.
    @inline(__always) func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        let length = range.count
        guard length <= 64, let base = bytes.baseAddress else { return nil }
        let start = base + range.lowerBound
        var head: UInt64 = 0
        if range.lowerBound &+ 8 <= bytes.count {
            // Eight bytes are readable: load them at once and keep the string's.
            head = UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
            if length < 8 { head &= (1 &<< (8 &* UInt64(truncatingIfNeeded: length))) &- 1 }
        } else {
            for k in 0..<min(length, 8) { head |= UInt64(start[k]) &<< (8 &* UInt64(truncatingIfNeeded: k)) }
        }
        let mask = slots.count &- 1
        var slot = Self.hash(length: length, head: head) & mask
        while true {
            let found = Int(slots[slot])
            if found == 0 { return nil }
            let index = found &- 1
            let shape = shapes[index]
            if shape & 0xFFFF_FFFF == length && heads[index] == head && (length <= 8 || tailsMatch(start, length, from: shape &>> 32)) {
                return strings[index]
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// Whether the bytes at `start` after its first eight are those of the entry whose words start at `tailStart`
    /// (`length` is more than eight; every word read is inside the string).
    @inline(__always) private func tailsMatch(_ start: UnsafePointer<UInt8>, _ length: Int, from tailStart: Int) -> Bool {
        let raw = UnsafeRawPointer(start)
        var t = tailStart
        var offset = 8
        while offset < length &- 8 {
            if UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) != tails[t] { return false }
            offset &+= 8
            t &+= 1
        }
        return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)) == tails[t]
    }
}
