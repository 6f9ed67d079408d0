/// Word-at-a-time scanning for the bytes that end a plain run inside a JSON string: `"`, `\` and the
/// control characters below U+0020 (and, for the reader, any non-ASCII byte, which needs UTF-8
/// validation). Eight bytes are tested per step with the classic SWAR bit tricks, which matters for
/// the long message strings of results.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// High bit set in each byte of `word` that is zero.
    @inline(__always) private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highs
    }

    /// High bit set in each byte that is `"`, `\` or below 0x20 (bytes ≥ 0x80 never match).
    @inline(__always) static func specialForWriter(_ word: UInt64) -> UInt64 {
        let below20 = (word &- ones &* 0x20) & ~word & highs
        return below20 | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
    }

    /// Like `specialForWriter`, plus every byte ≥ 0x80.
    @inline(__always) static func specialForReader(_ word: UInt64) -> UInt64 {
        specialForWriter(word) | (word & highs)
    }

    /// Copies `source` to `destination` while no byte is one that `specialForWriter` flags, and returns
    /// how many leading bytes are copied and plain: `source.count` when the copy is the string's JSON
    /// text as it stands; otherwise a count at or before the first special byte (bytes after it may have
    /// been written too, for the caller to overwrite). Words are loaded and stored whole, the last one
    /// overlapping the one before it, and short runs in one or two overlapping pieces: a key or a code
    /// costs a few instructions and no `memcpy` call.
    @inline(__always) static func copyPlainPrefixForWriter(_ source: UnsafeBufferPointer<UInt8>,
                                                          to destination: UnsafeMutablePointer<UInt8>) -> Int {
        let n = source.count
        guard n > 0, let base = source.baseAddress else { return 0 }
        let from = UnsafeRawPointer(base)
        let to = UnsafeMutableRawPointer(destination)
        if n >= 8 {
            // Two words per step for the long message strings; indexes stay below `n`, no overflow checks.
            var i = 0
            while i &+ 16 <= n {
                let first = from.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let second = from.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
                if specialForWriter(first) | specialForWriter(second) != 0 { return i }
                to.storeBytes(of: first, toByteOffset: i, as: UInt64.self)
                to.storeBytes(of: second, toByteOffset: i &+ 8, as: UInt64.self)
                i &+= 16
            }
            if i &+ 8 <= n {
                let word = from.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if specialForWriter(word) != 0 { return i }
                to.storeBytes(of: word, toByteOffset: i, as: UInt64.self)
                i &+= 8
            }
            if i < n {
                let word = from.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                if specialForWriter(word) != 0 { return i }
                to.storeBytes(of: word, toByteOffset: n &- 8, as: UInt64.self)
            }
            return n
        }
        // The flags only say whether some byte is special, so byte order does not matter below.
        if n >= 4 {
            let low = from.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
            let high = from.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            guard specialForWriter(UInt64(low) | UInt64(high) << 32) == 0 else { return 0 }
            to.storeBytes(of: low, toByteOffset: 0, as: UInt32.self)
            to.storeBytes(of: high, toByteOffset: n &- 4, as: UInt32.self)
            return n
        }
        // One to three bytes: the first, middle and last cover them; the other five are a plain "A".
        let first = base[0], middle = base[n >> 1], last = base[n &- 1]
        guard specialForWriter(UInt64(first) | UInt64(middle) << 8 | UInt64(last) << 16 | 0x4141_4141_4100_0000) == 0 else { return 0 }
        destination[0] = first
        destination[n >> 1] = middle
        destination[n &- 1] = last
        return n
    }

    /// Copies `count` bytes (at most 16) from `source` to `destination` in one or two overlapping loads and
    /// stores of a word, half word or byte: a short string costs a few instructions and no `memcpy` call.
    /// Reads and writes stay inside the first `count` bytes of each.
    @inline(__always) static func copyShort(_ source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, count n: Int) {
        if n >= 8 {
            let first = source.loadUnaligned(as: UInt64.self)
            let last = source.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            destination.storeBytes(of: first, as: UInt64.self)
            destination.storeBytes(of: last, toByteOffset: n &- 8, as: UInt64.self)
        } else if n >= 4 {
            let first = source.loadUnaligned(as: UInt32.self)
            let last = source.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            destination.storeBytes(of: first, as: UInt32.self)
            destination.storeBytes(of: last, toByteOffset: n &- 4, as: UInt32.self)
        } else if n > 0 {
            // One to three bytes: the first, middle and last cover them.
            let first = source.load(as: UInt8.self)
            let middle = source.load(fromByteOffset: n &>> 1, as: UInt8.self)
            let last = source.load(fromByteOffset: n &- 1, as: UInt8.self)
            destination.storeBytes(of: first, as: UInt8.self)
            destination.storeBytes(of: middle, toByteOffset: n &>> 1, as: UInt8.self)
            destination.storeBytes(of: last, toByteOffset: n &- 1, as: UInt8.self)
        }
    }

    /// The index of the first byte at or after `start` that `specialForWriter` flags, or `buffer.count`.
    @inline(__always) static func firstSpecialForWriter(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        let n = buffer.count
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let hits = specialForWriter(word)
                if hits != 0 { return i + hits.trailingZeroBitCount / 8 }
                i += 8
            }
        }
        while i < n {
            let byte = buffer[i]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return i }
            i += 1
        }
        return n
    }

    /// The index of the first byte at or after `start` that `specialForReader` flags, or `buffer.count`.
    @inline(__always) static func firstSpecialForReader(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        let n = buffer.count
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let hits = specialForReader(word)
                if hits != 0 { return i + hits.trailingZeroBitCount / 8 }
                i += 8
            }
        }
        while i < n {
            let byte = buffer[i]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte >= 0x80 { return i }
            i += 1
        }
        return n
    }
}
