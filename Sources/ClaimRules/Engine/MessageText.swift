/// Builds finding messages with a single allocation and a plain byte copy per piece (internal). Appending
/// strings piece by piece (or interpolating them) regrows the buffer and runs the general append path for
/// every piece, which made message building the largest cost of a claim with findings.
enum MessageText {
    // Fixed numbers of pieces: the variadic form builds an array of the pieces (each retained, then released).
    static func join(_ a: String, _ b: String) -> String {
        String(unsafeUninitializedCapacity: a.utf8.count + b.utf8.count) { buffer in
            var at = 0
            copy(a, to: buffer, at: &at)
            copy(b, to: buffer, at: &at)
            return at
        }
    }

    static func join(_ a: String, _ b: String, _ c: String) -> String {
        String(unsafeUninitializedCapacity: a.utf8.count + b.utf8.count + c.utf8.count) { buffer in
            var at = 0
            copy(a, to: buffer, at: &at)
            copy(b, to: buffer, at: &at)
            copy(c, to: buffer, at: &at)
            return at
        }
    }

    static func join(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
        String(unsafeUninitializedCapacity: a.utf8.count + b.utf8.count + c.utf8.count + d.utf8.count) { buffer in
            var at = 0
            copy(a, to: buffer, at: &at)
            copy(b, to: buffer, at: &at)
            copy(c, to: buffer, at: &at)
            copy(d, to: buffer, at: &at)
            return at
        }
    }

    static func join(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String) -> String {
        String(unsafeUninitializedCapacity: a.utf8.count + b.utf8.count + c.utf8.count + d.utf8.count + e.utf8.count) { buffer in
            var at = 0
            copy(a, to: buffer, at: &at)
            copy(b, to: buffer, at: &at)
            copy(c, to: buffer, at: &at)
            copy(d, to: buffer, at: &at)
            copy(e, to: buffer, at: &at)
            return at
        }
    }

    static func join(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String, _ f: String) -> String {
        String(unsafeUninitializedCapacity: a.utf8.count + b.utf8.count + c.utf8.count + d.utf8.count + e.utf8.count + f.utf8.count) { buffer in
            var at = 0
            copy(a, to: buffer, at: &at)
            copy(b, to: buffer, at: &at)
            copy(c, to: buffer, at: &at)
            copy(d, to: buffer, at: &at)
            copy(e, to: buffer, at: &at)
            copy(f, to: buffer, at: &at)
            return at
        }
    }

    static func join(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String, _ f: String, _ g: String) -> String {
        String(unsafeUninitializedCapacity: a.utf8.count + b.utf8.count + c.utf8.count + d.utf8.count + e.utf8.count + f.utf8.count + g.utf8.count) { buffer in
            var at = 0
            copy(a, to: buffer, at: &at)
            copy(b, to: buffer, at: &at)
            copy(c, to: buffer, at: &at)
            copy(d, to: buffer, at: &at)
            copy(e, to: buffer, at: &at)
            copy(f, to: buffer, at: &at)
            copy(g, to: buffer, at: &at)
            return at
        }
    }

    static func join(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String, _ f: String, _ g: String, _ h: String) -> String {
        String(unsafeUninitializedCapacity: a.utf8.count + b.utf8.count + c.utf8.count + d.utf8.count + e.utf8.count + f.utf8.count + g.utf8.count + h.utf8.count) { buffer in
            var at = 0
            copy(a, to: buffer, at: &at)
            copy(b, to: buffer, at: &at)
            copy(c, to: buffer, at: &at)
            copy(d, to: buffer, at: &at)
            copy(e, to: buffer, at: &at)
            copy(f, to: buffer, at: &at)
            copy(g, to: buffer, at: &at)
            copy(h, to: buffer, at: &at)
            return at
        }
    }

    static func join(_ parts: String...) -> String {
        var count = 0
        for p in parts { count += p.utf8.count }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var at = 0
            for p in parts { copy(p, to: buffer, at: &at) }
            return at
        }
    }

    /// `prefix`, then the batch line numbers ("batch line 7", "batch lines 1, 1001, 2001"), then `suffix`: one allocation, the digits written in place (a list built with
    /// `map(String.init).joined` allocated a string per number and regrew the result).
    static func batchLines(_ prefix: String, _ numbers: [Int], _ suffix: String) -> String {
        let label = numbers.count == 1 ? "batch line " : "batch lines "
        var count = prefix.utf8.count + label.utf8.count + suffix.utf8.count + max(0, numbers.count - 1) * 2
        for n in numbers { count += digitCount(n) }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var at = 0
            copy(prefix, to: buffer, at: &at)
            copy(label, to: buffer, at: &at)
            for k in numbers.indices {
                if k > 0 { copy(", ", to: buffer, at: &at) }
                write(numbers[k], to: buffer, at: &at)
            }
            copy(suffix, to: buffer, at: &at)
            return at
        }
    }

    /// `String(n)`: a literal for 0 to 99 (units, counts and pointers nearly always are), else written directly (the
    /// general conversion goes through a protocol witness, and building a String validates its bytes).
    static func number(_ n: Int) -> String {
        if n >= 0 && n < smallNumbers.count { return smallNumbers[n] }
        return String(unsafeUninitializedCapacity: digitCount(n)) { buffer in
            var at = 0
            write(n, to: buffer, at: &at)
            return at
        }
    }

    /// `String(n)` for 0 to 99.
    private static let smallNumbers: [String] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19",
        "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37",
        "38", "39", "40", "41", "42", "43", "44", "45", "46", "47", "48", "49", "50", "51", "52", "53", "54", "55",
        "56", "57", "58", "59", "60", "61", "62", "63", "64", "65", "66", "67", "68", "69", "70", "71", "72", "73",
        "74", "75", "76", "77", "78", "79", "80", "81", "82", "83", "84", "85", "86", "87", "88", "89", "90", "91",
        "92", "93", "94", "95", "96", "97", "98", "99",
    ]

    /// The bytes of `String(n)`.
    static func digitCount(_ n: Int) -> Int {
        var m = n.magnitude
        var c = n < 0 ? 2 : 1
        while m >= 10 {
            m /= 10
            c += 1
        }
        return c
    }

    /// Writes `String(n)` at `at` when it fits.
    private static func write(_ n: Int, to buffer: UnsafeMutableBufferPointer<UInt8>, at: inout Int) {
        let count = digitCount(n)
        guard count <= buffer.count - at else { return }
        var m = n.magnitude
        var end = at + count
        repeat {
            end -= 1
            buffer[end] = 0x30 + UInt8(truncatingIfNeeded: m % 10)
            m /= 10
        } while m > 0
        if n < 0 { buffer[at] = 0x2D }
        at += count
    }

    /// Copies the bytes of `p` at `at`, as many as fit.
    @inline(__always) private static func copy(_ p: String, to buffer: UnsafeMutableBufferPointer<UInt8>, at: inout Int) {
        // The piece's bytes in place (no copy of the String to call the mutating withUTF8 on).
        let copied: Void? = p.utf8.withContiguousStorageIfAvailable { bytes in
            let n = min(bytes.count, buffer.count - at)
            guard n > 0, let src = bytes.baseAddress, let dst = buffer.baseAddress else { return }
            (dst + at).update(from: src, count: n)
            at += n
        }
        if copied == nil {
            for b in p.utf8 where at < buffer.count {
                buffer[at] = b
                at += 1
            }
        }
    }
}
