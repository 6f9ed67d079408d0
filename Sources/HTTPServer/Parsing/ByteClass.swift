/// Byte classification and comparisons for the parser (RFC 9110 §5.6.2 tokens, ASCII only).
enum ByteClass {
    static let host = Array("host".utf8)
    static let expect = Array("expect".utf8)
    static let continue100 = Array("100-continue".utf8)
    static let connection = Array("connection".utf8)
    static let close = Array("close".utf8)
    static let keepAlive = Array("keep-alive".utf8)
    static let contentLength = Array("content-length".utf8)
    static let transferEncoding = Array("transfer-encoding".utf8)
    static let chunked = Array("chunked".utf8)
    static let httpScheme = Array("http://".utf8)
    static let httpsScheme = Array("https://".utf8)

    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    ///       / DIGIT / ALPHA
    private static let tokenTable: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in UInt8(48)...57 { table[Int(b)] = true }
        for b in UInt8(65)...90 { table[Int(b)] = true }
        for b in UInt8(97)...122 { table[Int(b)] = true }
        for c in "!#$%&'*+-.^_`|~".utf8 { table[Int(c)] = true }
        return table
    }()

    @inline(__always)
    static func isTokenChar(_ b: UInt8) -> Bool { tokenTable[Int(b)] }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }

    /// Whether `p[range]` equals `lowercase` ignoring ASCII case (`lowercase` must be lowercase).
    @inline(__always)
    static func equalsLowercase(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ lowercase: [UInt8]) -> Bool {
        guard range.count == lowercase.count else { return false }
        var k = 0
        for i in range {
            var b = p[i]
            if b >= 65 && b <= 90 { b |= 0x20 }
            if b != lowercase[k] { return false }
            k += 1
        }
        return true
    }

    /// Calls `body` with each non-empty element of a comma-separated list (RFC 9110 §5.6.1),
    /// trimmed of optional whitespace.
    static func forEachListElement(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>) -> Void) {
        var start = range.lowerBound
        var i = start
        while i <= range.upperBound {
            if i == range.upperBound || p[i] == 44 {
                var s = start, e = i
                while s < e && (p[s] == 32 || p[s] == 9) { s += 1 }
                while e > s && (p[e - 1] == 32 || p[e - 1] == 9) { e -= 1 }
                if s < e { body(s..<e) }
                start = i + 1
            }
            i += 1
        }
    }
}
