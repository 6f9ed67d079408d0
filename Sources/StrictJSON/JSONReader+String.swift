extension JSONReader.Parser {
    /// Parses a string starting at the opening quote (RFC 8259 §7).
    mutating func parseString() throws(JSONParseError) -> String {
        if let short = shortPlainString() { return short }
        let quote = index
        let start = index + 1
        var i = start
        let n = bytes.count
        var ascii = true
        // Fast path: no escapes, so the bytes between the quotes are the string.
        while true {
            // Skip plain ASCII eight bytes at a time.
            i = ByteScan.firstSpecialForReader(bytes, from: i)
            guard i < n else { throw unterminated(quote) }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                if i - start > options.maxStringBytes { throw tooLong(quote) }
                index = i + 1
                lastStringIsASCII = ascii
                return plainString(start, i)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte, at: i) }
            if byte < 0x80 {
                i += 1
            } else {
                ascii = false
                i += try validateUTF8Sequence(at: i)
            }
        }
        // Slow path: copy runs and decoded escapes into the scratch buffer.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while true {
            guard i < n else { throw unterminated(quote) }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                index = i + 1
                if scratch.count > options.maxStringBytes { throw tooLong(quote) }
                lastStringIsASCII = !scratch.contains(where: { $0 >= 0x80 })
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                i = try decodeEscape(at: i)
            } else if byte < 0x20 {
                throw controlCharacter(byte, at: i)
            } else if byte < 0x80 {
                scratch.append(byte)
                i += 1
            } else {
                let length = try validateUTF8Sequence(at: i)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]))
                i += length
            }
            if scratch.count > options.maxStringBytes { throw tooLong(quote) }
        }
    }

    /// The string of `bytes[start..<end]`, which hold no escape and are valid UTF-8: the interned instance
    /// when there is one, else a new string.
    @inline(__always) func plainString(_ start: Int, _ end: Int) -> String {
        let count = end &- start
        if count <= ShortASCIIString.maxCount, shortStrings, start &+ 16 <= bytes.count, let base = bytes.baseAddress {
            // Both words lie inside the input; the bytes after the string's are masked off.
            let raw = UnsafeRawPointer(base + start)
            let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) & ShortASCIIString.mask(count)
            let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & ShortASCIIString.mask(count &- 8)
            if (low | high) & 0x8080_8080_8080_8080 == 0 { return ShortASCIIString.make(low: low, high: high, count: count) }
        }
        if let shared = internedStrings?.lookup(bytes, start..<end) { return shared }
        if count <= 16, let base = bytes.baseAddress {
            // Codes, identifiers and dates: copied without a `memcpy` call.
            return String(unsafeUninitializedCapacity: count) { buffer in
                if let target = buffer.baseAddress { ByteScan.copyShort(base + start, to: target, count: count) }
                return count
            }
        }
        return String(unsafeUninitializedCapacity: count) { buffer in
            buffer.initialize(fromContentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
    }

    /// At an opening quote: the string when at most `ShortASCIIString.maxCount` plain ASCII bytes (no escape, no
    /// control character) run to its closing quote, the parser then after it; otherwise nil, the parser unmoved.
    /// Two word loads find the quote and hold the bytes, which become the string as they are.
    @inline(__always) mutating func shortPlainString() -> String? {
        let start = index &+ 1
        guard shortStrings, start &+ 16 <= bytes.count, let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base + start)
        var low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        var high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        // The lowest byte flagged is the first special byte (the flags' borrows only run upwards).
        let count: Int
        let lowHits = ByteScan.specialForReader(low)
        if lowHits != 0 {
            count = lowHits.trailingZeroBitCount &>> 3
        } else {
            let highHits = ByteScan.specialForReader(high)
            guard highHits != 0 else { return nil }
            count = 8 &+ highHits.trailingZeroBitCount &>> 3
        }
        guard base[start &+ count] == UInt8(ascii: "\""), count <= options.maxStringBytes else { return nil }
        low &= ShortASCIIString.mask(count)
        high &= ShortASCIIString.mask(count &- 8)
        index = start &+ count &+ 1
        lastStringIsASCII = true
        return ShortASCIIString.make(low: low, high: high, count: count)
    }

    /// Decodes the escape at `i` (the backslash) into `scratch`; returns the index after it.
    private mutating func decodeEscape(at i: Int) throws(JSONParseError) -> Int {
        guard i + 1 < bytes.count else {
            throw fail(.unexpectedEndOfInput, "unexpected end of input inside an escape sequence", at: i + 1)
        }
        let byte = bytes[i + 1]
        switch byte {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hex4(at: i + 2)
            var scalarValue = UInt32(unit)
            var end = i + 6
            if unit >= 0xD800 && unit <= 0xDBFF {
                // RFC 8259 §7: a character outside the BMP is a UTF-16 surrogate pair of two escapes.
                guard end + 1 < bytes.count, bytes[end] == UInt8(ascii: "\\"), bytes[end + 1] == UInt8(ascii: "u") else {
                    throw fail(.unpairedSurrogate, "high surrogate \\u\(hex4String(unit)) is not followed by a low surrogate escape", at: i)
                }
                let low = try hex4(at: end + 2)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw fail(.unpairedSurrogate, "high surrogate \\u\(hex4String(unit)) is followed by \\u\(hex4String(low)), not a low surrogate", at: i)
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                end += 6
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw fail(.unpairedSurrogate, "low surrogate \\u\(hex4String(unit)) without a preceding high surrogate", at: i)
            }
            appendUTF8(scalarValue)
            return end
        default:
            throw fail(.invalidEscape, "invalid escape sequence '\\\(describeRaw(byte))' (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", at: i)
        }
        return i + 2
    }

    private func hex4(at start: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for k in 0..<4 {
            guard start + k < bytes.count else {
                throw fail(.unexpectedEndOfInput, "unexpected end of input inside a \\u escape", at: start + k)
            }
            let byte = bytes[start + k]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw fail(.invalidEscape, "a \\u escape needs four hexadecimal digits", at: start - 2)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private mutating func appendUTF8(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            scratch.append(UInt8(value))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | (value >> 6)))
            scratch.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | (value >> 12)))
            scratch.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (value & 0x3F)))
        default:
            scratch.append(UInt8(0xF0 | (value >> 18)))
            scratch.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// Validates one multi-byte UTF-8 sequence starting at `i` (RFC 3629 §4 / Unicode Table 3-7) and
    /// returns its length: no overlong forms, no surrogates, nothing above U+10FFFF.
    private func validateUTF8Sequence(at i: Int) throws(JSONParseError) -> Int {
        let lead = bytes[i]
        let n = bytes.count
        @inline(__always) func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            i + k < n && bytes[i + k] >= low && bytes[i + k] <= high
        }
        switch lead {
        case 0xC2...0xDF:
            if continuation(1) { return 2 }
        case 0xE0:
            if continuation(1, 0xA0, 0xBF) && continuation(2) { return 3 }
        case 0xE1...0xEC, 0xEE...0xEF:
            if continuation(1) && continuation(2) { return 3 }
        case 0xED:
            if continuation(1, 0x80, 0x9F) && continuation(2) { return 3 }
        case 0xF0:
            if continuation(1, 0x90, 0xBF) && continuation(2) && continuation(3) { return 4 }
        case 0xF1...0xF3:
            if continuation(1) && continuation(2) && continuation(3) { return 4 }
        case 0xF4:
            if continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) { return 4 }
        default:
            break
        }
        throw fail(.invalidUTF8, "invalid UTF-8 byte sequence starting with byte 0x\(hex2(lead))", at: i)
    }

    private func unterminated(_ quote: Int) -> JSONParseError {
        fail(.unexpectedEndOfInput, "unexpected end of input: the string opened at \(where_(quote)) is not closed", at: bytes.count)
    }

    private func tooLong(_ quote: Int) -> JSONParseError {
        fail(.stringTooLong, "string longer than the limit of \(options.maxStringBytes) bytes", at: quote)
    }

    private func controlCharacter(_ byte: UInt8, at i: Int) -> JSONParseError {
        fail(.controlCharacterInString, "control character U+00\(hex2(byte)) must be escaped inside a string", at: i)
    }

    private func describeRaw(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : "<0x\(hex2(byte))>"
    }
}

func hex4String(_ value: UInt16) -> String { hex2(UInt8(value >> 8)) + hex2(UInt8(value & 0xFF)) }
