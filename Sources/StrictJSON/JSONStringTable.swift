/// Strings a reader hands out as shared instances instead of building a new `String` per occurrence.
///
/// A wire format reads the same few dozen keys and enum values in every body; matching their bytes
/// against this table skips String creation and its second UTF-8 validation, and the identical
/// instances make the decoder's later key comparisons cheap. Only strings without escapes are looked up.
public struct JSONStringTable: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        let length: Int
        /// The first eight bytes, zero-padded, little-endian.
        let head: UInt64
        /// Bytes after the first eight.
        let tail: [UInt8]
        let string: String
    }

    let entries: [Entry]
    /// Open-addressing hash of (length, head) to `entries` index + 1 (0 = empty); power-of-two size.
    let slots: [Int32]

    /// A table of `strings` (duplicates are ignored).
    public init(_ strings: [String]) {
        var entries: [Entry] = []
        for string in strings {
            let bytes = Array(string.utf8)
            var head: UInt64 = 0
            for (k, byte) in bytes.prefix(8).enumerated() { head |= UInt64(byte) << (8 * UInt64(k)) }
            let entry = Entry(length: bytes.count, head: head, tail: Array(bytes.dropFirst(8)), string: string)
            if !entries.contains(where: { $0.length == entry.length && $0.head == entry.head && $0.tail == entry.tail }) {
                entries.append(entry)
            }
        }
        var size = 16
        while size < entries.count * 4 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        for (index, entry) in entries.enumerated() {
            var slot = Self.hash(length: entry.length, head: entry.head) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index + 1)
        }
        self.entries = entries
        self.slots = slots
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
        if length >= 8 {
            head = UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
        } else {
            for k in 0..<length { head |= UInt64(start[k]) << (8 * UInt64(k)) }
        }
        let mask = slots.count - 1
        var slot = Self.hash(length: length, head: head) & mask
        while true {
            let found = Int(slots[slot])
            if found == 0 { return nil }
            let entry = entries[found - 1]
            if entry.length == length && entry.head == head {
                if length <= 8 { return entry.string }
                var same = true
                entry.tail.withUnsafeBufferPointer { tail in
                    for k in 0..<(length - 8) where tail[k] != start[8 + k] {
                        same = false
                        break
                    }
                }
                if same { return entry.string }
            }
            slot = (slot + 1) & mask
        }
    }
}
