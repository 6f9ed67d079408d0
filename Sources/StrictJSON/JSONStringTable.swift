/// Strings a reader hands out as shared instances instead of building a new `String` per occurrence.
///
/// A wire format reads the same few dozen keys and enum values in every body; matching their bytes
/// against this table skips String creation and its second UTF-8 validation, and the identical
/// instances make the decoder's later key comparisons cheap. Only strings without escapes are looked up.
public struct JSONStringTable: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        /// The first eight bytes, zero-padded, little-endian: most candidates differ here.
        let head: UInt64
        let bytes: [UInt8]
        let string: String
    }

    /// Entries bucketed by UTF-8 length.
    let buckets: [[Entry]]

    /// A table of `strings` (duplicates are ignored).
    public init(_ strings: [String]) {
        var buckets: [[Entry]] = []
        for string in strings {
            let bytes = Array(string.utf8)
            while buckets.count <= bytes.count { buckets.append([]) }
            if !buckets[bytes.count].contains(where: { $0.bytes == bytes }) {
                var head: UInt64 = 0
                for (k, byte) in bytes.prefix(8).enumerated() { head |= UInt64(byte) << (8 * UInt64(k)) }
                buckets[bytes.count].append(Entry(head: head, bytes: bytes, string: string))
            }
        }
        self.buckets = buckets
    }

    /// The table's instance of the string whose UTF-8 bytes are `bytes[range]`, if any.
    @inline(__always) func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        let length = range.count
        guard length < buckets.count, let base = bytes.baseAddress else { return nil }
        let start = base + range.lowerBound
        var head: UInt64 = 0
        if length >= 8 {
            head = UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
        } else {
            for k in 0..<length { head |= UInt64(start[k]) << (8 * UInt64(k)) }
        }
        return buckets.withUnsafeBufferPointer { all -> String? in
            all[length].withUnsafeBufferPointer { entries -> String? in
                for entry in entries where entry.head == head {
                    if length <= 8 { return entry.string }
                    let rest = entry.bytes.withUnsafeBufferPointer { candidate -> Bool in
                        var k = 8
                        while k < length {
                            if candidate[k] != start[k] { return false }
                            k += 1
                        }
                        return true
                    }
                    if rest { return entry.string }
                }
                return nil
            }
        }
    }
}
