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
