/// The shapes of the fields in the CMS NCCI files, checked on raw bytes (millions of rows).
enum NCCIFieldSyntax {
    /// A HCPCS/CPT code packed into a UInt64 (5 ASCII bytes, big-endian, so numeric order is byte
    /// order), or nil when the shape is wrong. Accepted shapes: CPT Category I (5 digits), Category II
    /// and III and PLA/MAAA (4 digits + letter, e.g. 0001F, 0042T, 0001U, 0003M), HCPCS Level II
    /// (letter + 4 digits, e.g. G0283).
    @inline(__always)
    static func packedCode(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        guard end - start == 5 else { return nil }
        var key: UInt64 = 0
        var letters = 0
        var letterAt = -1
        for i in 0..<5 {
            let c = p[start + i]
            if c >= 0x30 && c <= 0x39 {
            } else if c >= 0x41 && c <= 0x5a {
                letters += 1
                letterAt = i
            } else {
                return nil
            }
            key = key << 8 | UInt64(c)
        }
        if letters == 0 || (letters == 1 && (letterAt == 0 || letterAt == 4)) { return key }
        return nil
    }

    /// The code text of a packed code.
    static func codeString(_ key: UInt64) -> String {
        var bytes = [UInt8]()
        var shift: UInt64 = 32
        while true {
            let b = UInt8(truncatingIfNeeded: key >> shift)
            if b != 0 { bytes.append(b) }
            if shift == 0 { break }
            shift -= 8
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `YYYYMMDD` as that number, or nil unless it is a real calendar date in 1900...2999.
    @inline(__always)
    static func date(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        guard end - start == 8 else { return nil }
        var value: UInt32 = 0
        for i in start..<end {
            let c = p[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            value = value * 10 + UInt32(c - 0x30)
        }
        return isRealDate(value) ? value : nil
    }

    static func isRealDate(_ value: UInt32) -> Bool {
        let year = value / 10000
        let month = value / 100 % 100
        let day = value % 100
        guard year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 else { return false }
        return day <= daysIn(month: month, year: year)
    }

    static func daysIn(month: UInt32, year: UInt32) -> UInt32 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Lowercased letters and digits only: header cells compared loosely ("Column 1" → "column1").
    static func normalizedHeader(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var out = [UInt8]()
        for i in start..<end {
            var c = p[i]
            if c >= 0x41 && c <= 0x5a { c += 32 }
            if (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) { out.append(c) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A cell's text for an error message (at most 40 characters, never a whole line).
    static func quoted(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let limit = min(end, start + 40)
        var text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<limit]), as: UTF8.self)
        if limit < end { text += "…" }
        return "\"\(text)\""
    }

    /// Trims spaces and one pair of surrounding double quotes (spreadsheet exports quote text cells).
    @inline(__always)
    static func trim(_ p: UnsafeBufferPointer<UInt8>, _ start: inout Int, _ end: inout Int) {
        while start < end && (p[start] == 0x20 || p[start] == 0x09) { start += 1 }
        while end > start && (p[end - 1] == 0x20 || p[end - 1] == 0x09) { end -= 1 }
        if end - start >= 2 && p[start] == 0x22 && p[end - 1] == 0x22 {
            start += 1
            end -= 1
            while start < end && p[start] == 0x20 { start += 1 }
            while end > start && p[end - 1] == 0x20 { end -= 1 }
        }
    }

    /// Rationale and other free text as a String (UTF-8, or Windows-1252/Latin-1 bytes mapped 1:1).
    static func text(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let slice = UnsafeBufferPointer(rebasing: p[start..<end])
        if let utf8 = String(validating: slice, as: UTF8.self) { return utf8 }
        return String(slice.map { Character(Unicode.Scalar($0)) })
    }
}
