/// Strings of at most 15 ASCII bytes built straight from their bytes.
///
/// The standard library keeps such a string inside the `String` value itself (a "small string"): its bytes in the
/// two words, zero-padded, and its count and an ASCII flag in the top byte. `String(unsafeUninitializedCapacity:)`
/// reaches that form through a generic path of about a hundred instructions; the codes, identifiers, dates and
/// modifiers of a claim are built here with a few masks. The layout is checked once against strings the standard
/// library builds itself, without ever forming one from bits before the check passes: where it differs (another
/// standard library), `isAvailable` is false and readers take the generic path.
@usableFromInline enum ShortASCIIString {
    /// The longest string built here.
    static let maxCount = 15

    /// Whether `make` gives exactly the strings the standard library builds from the same bytes.
    @usableFromInline static let isAvailable: Bool = {
        guard MemoryLayout<String>.size == 16 else { return false }
        let sample = Array("0123456789abcdef".utf8)
        for count in 0...maxCount {
            let reference = String(decoding: sample.prefix(count), as: UTF8.self)
            let bits = unsafeBitCast(reference, to: (UInt64, UInt64).self)
            let expected = sample.withUnsafeBufferPointer { words(of: $0, from: 0, count: count) }
            guard bits.0 == expected.low, bits.1 == expected.high | flags(count) else { return false }
        }
        return true
    }()

    /// The bits of the top byte of a small ASCII string of `count` bytes.
    @inline(__always) static func flags(_ count: Int) -> UInt64 {
        (0xE0 | UInt64(truncatingIfNeeded: count)) &<< 56
    }

    /// Selects the first `count` bytes of a little-endian word (none for a count of 0 or less, all from 8).
    @inline(__always) static func mask(_ count: Int) -> UInt64 {
        if count <= 0 { return 0 }
        return count >= 8 ? ~0 : (1 &<< UInt64(truncatingIfNeeded: count &* 8)) &- 1
    }

    /// Bytes `start..<start + count` (count at most 15) as two little-endian words, zero-padded (built byte by byte,
    /// for the layout check).
    static func words(of bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> (low: UInt64, high: UInt64) {
        var low: UInt64 = 0, high: UInt64 = 0
        for k in 0..<count {
            let byte = UInt64(bytes[start + k])
            if k < 8 { low |= byte << (8 * UInt64(k)) } else { high |= byte << (8 * UInt64(k - 8)) }
        }
        return (low, high)
    }

    /// The string of `count` (at most 15) ASCII bytes held, zero-padded, in `low` (bytes 0-7) and `high` (bytes
    /// 8-14). Only when `isAvailable`.
    @inline(__always) static func make(low: UInt64, high: UInt64, count: Int) -> String {
        // Moved out of the words rather than bit-cast: a cast hands out a borrowed value that the caller then retains
        // (a runtime call that does nothing for a small string); a move hands over ownership of the bits as they are.
        var words = (low, high | flags(count))
        return withUnsafeMutablePointer(to: &words) { pointer in
            pointer.withMemoryRebound(to: String.self, capacity: 1) { $0.move() }
        }
    }
}
