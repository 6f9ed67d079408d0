extension JSONReader {
    /// The recursive-descent parser over one contiguous input buffer.
    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let options: Options
        /// `options.internedStrings`, held directly so the hot path does not copy `options`. Unowned: `options` keeps it
        /// alive as long as the parser, and a second strong reference would cost every document a retain and a release
        /// of an object that all threads share.
        unowned(unsafe) let internedStrings: JSONStringTable?
        var index = 0
        var depth = 0
        /// Reused buffer for strings that contain escapes.
        var scratch: [UInt8] = []
        /// Whether the last string parsed was all ASCII.
        var lastStringIsASCII = true
        /// `ShortASCIIString.isAvailable`, read once per document.
        let shortStrings: Bool

        init(bytes: UnsafeBufferPointer<UInt8>, options: Options) {
            self.bytes = bytes
            self.options = options
            self.internedStrings = options.internedStrings
            self.shortStrings = ShortASCIIString.isAvailable
        }

        // MARK: Document

        mutating func parseDocument() throws(JSONParseError) -> JSONValue {
            try beginDocument()
            let value = try parseValue()
            skipWhitespace()
            if index < bytes.count {
                throw fail(.trailingData, "unexpected \(describe(bytes[index])) after the top-level value", at: index)
            }
            return value
        }

        /// Size limit, byte order mark policy, leading whitespace, and a value must follow.
        mutating func beginDocument() throws(JSONParseError) {
            if bytes.count > options.maxInputBytes {
                throw fail(.inputTooLarge, "input of \(bytes.count) bytes exceeds the limit of \(options.maxInputBytes) bytes", at: options.maxInputBytes)
            }
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                guard options.allowByteOrderMark else {
                    throw fail(.byteOrderMark, "a byte order mark (U+FEFF) at the start of JSON is not allowed (RFC 8259 §8.1)", at: 0)
                }
                index = 3
            }
            skipWhitespace()
            guard index < bytes.count else {
                throw fail(.unexpectedEndOfInput, "empty input: expected a JSON value", at: index)
            }
        }

        @inline(__always) mutating func skipWhitespace() {
            // RFC 8259 §2: only space, horizontal tab, line feed and carriage return.
            while index < bytes.count {
                let byte = bytes[index]
                // Most bytes that end a run are above the space; test that first.
                guard byte <= 0x20, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
                index += 1
            }
        }

        // MARK: Values

        mutating func parseValue() throws(JSONParseError) -> JSONValue {
            guard index < bytes.count else {
                throw fail(.unexpectedEndOfInput, "unexpected end of input: expected a value", at: index)
            }
            switch bytes[index] {
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
            case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try expectLiteral("null"); return .null
            case UInt8(ascii: "N") where startsWith("NaN"), UInt8(ascii: "I") where startsWith("Infinity"):
                throw fail(.invalidNumber, "NaN and Infinity are not JSON numbers", at: index)
            case UInt8(ascii: "+"):
                throw fail(.invalidNumber, "a number must not start with '+'", at: index)
            case UInt8(ascii: "."):
                throw fail(.invalidNumber, "a number needs a digit before '.'", at: index)
            case UInt8(ascii: "/"):
                throw fail(.unexpectedCharacter, "comments are not allowed in JSON", at: index)
            case UInt8(ascii: "'"):
                throw fail(.unexpectedCharacter, "strings must be in double quotes", at: index)
            default:
                throw fail(.unexpectedCharacter, "unexpected \(describe(bytes[index])) where a value was expected", at: index)
            }
        }

        mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
            let start = index
            let count = literal.utf8CodeUnitCount
            let text = literal.utf8Start
            for k in 0..<count {
                guard start + k < bytes.count else {
                    throw fail(.unexpectedEndOfInput, "unexpected end of input inside the literal '\(literal)'", at: start + k)
                }
                guard bytes[start + k] == text[k] else {
                    throw fail(.invalidLiteral, "invalid literal: expected '\(literal)'", at: start)
                }
            }
            index = start + count
        }

        mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
            var scanner = NumberScanner(bytes)
            guard let end = scanner.scan(from: index) else {
                let kind: JSONParseError.Kind = scanner.errorIndex >= bytes.count ? .unexpectedEndOfInput : .invalidNumber
                throw fail(kind, scanner.errorMessage, at: scanner.errorIndex)
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
            index = end
            return JSONNumber(validatedText: text, integer: scanner.integerValue)
        }

        // MARK: Containers

        mutating func parseArray() throws(JSONParseError) -> JSONValue {
            let open = index
            depth += 1
            if depth > options.maxDepth {
                throw fail(.depthLimitExceeded, "nesting deeper than \(options.maxDepth) levels", at: open)
            }
            index += 1
            skipWhitespace()
            var elements: [JSONValue] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(elements)
            }
            // Growing from empty reallocates at 1, 2 and 4 elements; claims' arrays are short.
            elements.reserveCapacity(4)
            while true {
                elements.append(try parseValue())
                skipWhitespace()
                guard index < bytes.count else {
                    throw fail(.unexpectedEndOfInput, "unexpected end of input: the array opened at \(where_(open)) is not closed", at: index)
                }
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") {
                    let comma = index
                    index += 1
                    skipWhitespace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                        throw fail(.trailingComma, "trailing comma before ']' is not allowed", at: comma)
                    }
                } else if byte == UInt8(ascii: "]") {
                    index += 1
                    depth -= 1
                    return .array(elements)
                } else {
                    throw fail(.unexpectedCharacter, "expected ',' or ']' after an array element, found \(describe(byte))", at: index)
                }
            }
        }

        mutating func parseObject() throws(JSONParseError) -> JSONValue {
            let open = index
            depth += 1
            if depth > options.maxDepth {
                throw fail(.depthLimitExceeded, "nesting deeper than \(options.maxDepth) levels", at: open)
            }
            index += 1
            skipWhitespace()
            var members: [JSONMember] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(members)
            }
            members.reserveCapacity(8)
            // Past a few members a hash set finds duplicates faster than a scan. The set holds UTF-8
            // byte arrays: keys are compared byte for byte (see `JSONMember.hasKey`).
            var seen: Set<[UInt8]>? = nil
            while true {
                guard index < bytes.count else {
                    throw fail(.unexpectedEndOfInput, "unexpected end of input: the object opened at \(where_(open)) is not closed", at: index)
                }
                guard bytes[index] == UInt8(ascii: "\"") else {
                    throw fail(.unexpectedCharacter, "expected a double-quoted object key, found \(describe(bytes[index]))", at: index)
                }
                let keyStart = index
                let key = try parseString()
                let keyIsASCII = lastStringIsASCII
                var duplicate = false
                if var set = seen {
                    duplicate = !set.insert(Array(key.utf8)).inserted
                    seen = set
                } else {
                    let probe = JSONMember(key: key, value: .null, keyIsASCII: keyIsASCII)
                    for member in members where probe.hasKey(member.key) {
                        duplicate = true
                        break
                    }
                    if members.count >= 16 {
                        var set = Set(members.map { Array($0.key.utf8) })
                        set.insert(Array(key.utf8))
                        seen = set
                    }
                }
                if duplicate {
                    throw fail(.duplicateKey, "duplicate object key \"\(printable(key))\"", at: keyStart)
                }
                skipWhitespace()
                guard index < bytes.count else {
                    throw fail(.unexpectedEndOfInput, "unexpected end of input: expected ':' after an object key", at: index)
                }
                guard bytes[index] == UInt8(ascii: ":") else {
                    throw fail(.unexpectedCharacter, "expected ':' after an object key, found \(describe(bytes[index]))", at: index)
                }
                index += 1
                skipWhitespace()
                let value = try parseValue()
                members.append(JSONMember(key: key, value: value, keyIsASCII: keyIsASCII))
                skipWhitespace()
                guard index < bytes.count else {
                    throw fail(.unexpectedEndOfInput, "unexpected end of input: the object opened at \(where_(open)) is not closed", at: index)
                }
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") {
                    let comma = index
                    index += 1
                    skipWhitespace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                        throw fail(.trailingComma, "trailing comma before '}' is not allowed", at: comma)
                    }
                } else if byte == UInt8(ascii: "}") {
                    index += 1
                    depth -= 1
                    return .object(members)
                } else {
                    throw fail(.unexpectedCharacter, "expected ',' or '}' after an object member, found \(describe(byte))", at: index)
                }
            }
        }

        func startsWith(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for k in 0..<count where bytes[index + k] != word.utf8Start[k] { return false }
            return true
        }

        // MARK: Errors

        func fail(_ kind: JSONParseError.Kind, _ message: String, at offset: Int) -> JSONParseError {
            let position = JSONParseError.position(of: offset, in: bytes)
            return JSONParseError(kind: kind, message: message, offset: offset, line: position.line, column: position.column)
        }

        func where_(_ offset: Int) -> String {
            let position = JSONParseError.position(of: offset, in: bytes)
            return "line \(position.line), column \(position.column)"
        }

        func describe(_ byte: UInt8) -> String {
            if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
            return "byte 0x\(hex2(byte))"
        }

        /// A key for an error message: at most 64 scalars, control characters shown escaped.
        func printable(_ key: String) -> String {
            var out = ""
            for scalar in key.unicodeScalars.prefix(64) {
                if scalar.value < 0x20 || scalar == "\"" || scalar == "\\" {
                    out += scalar.escaped(asASCII: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            return key.unicodeScalars.count > 64 ? out + "..." : out
        }
    }
}

func hex2(_ byte: UInt8) -> String {
    let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}
