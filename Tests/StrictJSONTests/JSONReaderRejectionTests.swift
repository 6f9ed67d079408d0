import Testing
@testable import StrictJSON

/// Texts RFC 8259 does not allow (JSONTestSuite-style "n_" cases), each with the error kind and the
/// exact byte offset the error must name.
struct JSONReaderRejectionTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let bytes: [UInt8]
        let kind: JSONParseError.Kind
        let offset: Int
        var description: String { name }

        init(_ name: String, _ text: String, _ kind: JSONParseError.Kind, at offset: Int) {
            self.name = name
            self.bytes = Array(text.utf8)
            self.kind = kind
            self.offset = offset
        }

        init(_ name: String, bytes: [UInt8], _ kind: JSONParseError.Kind, at offset: Int) {
            self.name = name
            self.bytes = bytes
            self.kind = kind
            self.offset = offset
        }
    }

    static let cases: [Case] = [
        Case("empty input", "", .unexpectedEndOfInput, at: 0),
        Case("only whitespace", "  \n ", .unexpectedEndOfInput, at: 4),
        Case("leading zero", "01", .invalidNumber, at: 0),
        Case("negative leading zero", "[-012]", .invalidNumber, at: 2),
        Case("plus sign", "+1", .invalidNumber, at: 0),
        Case("bare minus", "-", .unexpectedEndOfInput, at: 1),
        Case("minus then letter", "-a", .invalidNumber, at: 1),
        Case("fraction without digits", "1.", .unexpectedEndOfInput, at: 2),
        Case("fraction without leading digit", ".5", .invalidNumber, at: 0),
        Case("exponent without digits", "1e+", .unexpectedEndOfInput, at: 3),
        Case("exponent letter", "[1eX]", .invalidNumber, at: 3),
        Case("NaN", "NaN", .invalidNumber, at: 0),
        Case("Infinity", "[Infinity]", .invalidNumber, at: 1),
        Case("negative Infinity", "-Infinity", .invalidNumber, at: 1),
        Case("hex number", "0x1F", .trailingData, at: 1),
        Case("trailing comma in array", "[1,2,]", .trailingComma, at: 4),
        Case("trailing comma in object", "{\"a\":1 , }", .trailingComma, at: 7),
        Case("leading comma in array", "[,1]", .unexpectedCharacter, at: 1),
        Case("double comma", "[1,,2]", .unexpectedCharacter, at: 3),
        Case("missing comma", "[1 2]", .unexpectedCharacter, at: 3),
        Case("missing colon", "{\"a\" 1}", .unexpectedCharacter, at: 5),
        Case("unquoted key", "{a:1}", .unexpectedCharacter, at: 1),
        Case("single-quoted string", "['a']", .unexpectedCharacter, at: 1),
        Case("line comment", "[1]//x", .trailingData, at: 3),
        Case("block comment as value", "[/* */1]", .unexpectedCharacter, at: 1),
        Case("unclosed array", "[1", .unexpectedEndOfInput, at: 2),
        Case("unclosed object", "{\"a\":1", .unexpectedEndOfInput, at: 6),
        Case("unclosed string", "\"abc", .unexpectedEndOfInput, at: 4),
        Case("close without open", "]", .unexpectedCharacter, at: 0),
        Case("two top-level values", "1 2", .trailingData, at: 2),
        Case("garbage after object", "{} x", .trailingData, at: 3),
        Case("truncated true", "tru", .unexpectedEndOfInput, at: 3),
        Case("misspelled false", "fals3", .invalidLiteral, at: 0),
        Case("capitalised null", "Null", .unexpectedCharacter, at: 0),
        Case("python None", "None", .unexpectedCharacter, at: 0),
        Case("duplicate key", "{\"a\":1,\"a\":2}", .duplicateKey, at: 7),
        Case("duplicate key after unescaping", "{\"a\":1,\"\\u0061\":2}", .duplicateKey, at: 7),
        Case("duplicate key nested", "[{\"x\":{\"k\":1,\"j\":2,\"k\":3}}]", .duplicateKey, at: 19),
        Case("raw newline in string", "\"a\nb\"", .controlCharacterInString, at: 2),
        Case("raw tab in string", "[\"\t\"]", .controlCharacterInString, at: 2),
        Case("raw NUL in string", "\"\u{0}\"", .controlCharacterInString, at: 1),
        Case("bad escape", "\"\\x\"", .invalidEscape, at: 1),
        Case("escaped single quote", "\"\\'\"", .invalidEscape, at: 1),
        Case("short unicode escape", "\"\\u12\"", .invalidEscape, at: 1),
        Case("uppercase U escape", "\"\\U0041\"", .invalidEscape, at: 1),
        Case("lone high surrogate", "\"\\uD800\"", .unpairedSurrogate, at: 1),
        Case("high surrogate then letter", "\"\\uD800x\"", .unpairedSurrogate, at: 1),
        Case("two high surrogates", "\"\\uD800\\uD800\"", .unpairedSurrogate, at: 1),
        Case("lone low surrogate", "[\"\\uDC00\"]", .unpairedSurrogate, at: 2),
        Case("byte order mark", bytes: [0xEF, 0xBB, 0xBF, 0x31], .byteOrderMark, at: 0),
        Case("lone continuation byte", bytes: [0x22, 0x80, 0x22], .invalidUTF8, at: 1),
        Case("overlong slash", bytes: [0x22, 0xC0, 0xAF, 0x22], .invalidUTF8, at: 1),
        Case("overlong three-byte", bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], .invalidUTF8, at: 1),
        Case("encoded surrogate", bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, at: 1),
        Case("above U+10FFFF", bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, at: 1),
        Case("invalid lead byte", bytes: [0x22, 0x61, 0xFF, 0x22], .invalidUTF8, at: 2),
        Case("truncated sequence", bytes: [0x22, 0xE2, 0x82, 0x22], .invalidUTF8, at: 1),
        Case("non-ASCII outside string", bytes: [0x5B, 0xC3, 0xA9, 0x5D], .unexpectedCharacter, at: 1),
        Case("form feed is not whitespace", "\u{0C}1", .unexpectedCharacter, at: 0),
        Case("NBSP is not whitespace", "\u{A0}1", .unexpectedCharacter, at: 0),
        Case("NUL after value", "1\u{0}", .trailingData, at: 1),
    ]

    @Test(arguments: cases)
    func rejectsWithKindAndOffset(_ testCase: Case) {
        do {
            let value = try JSONReader.parse(testCase.bytes)
            Issue.record("accepted as \(value)")
        } catch {
            #expect(error.kind == testCase.kind, "\(error.message)")
            #expect(error.offset == testCase.offset, "\(error.message)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func errorNamesLineAndColumnAcrossLines() {
        let text = "{\n  \"a\": 1,\r\n  \"b\": [1, 2,]\n}"
        do {
            _ = try JSONReader.parse(text)
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .trailingComma)
            #expect(error.line == 3)
            #expect(error.column == 13)
            #expect(error.description.hasPrefix("line 3, column 13: trailing comma"))
        }
    }

    @Test func columnCountsScalarsNotBytes() {
        // "é" is two bytes but one column.
        do {
            _ = try JSONReader.parse("[\"\u{E9}\u{E9}\", x]")
            Issue.record("accepted")
        } catch {
            #expect(error.offset == 9)
            #expect(error.line == 1)
            #expect(error.column == 8)
        }
    }

    @Test func duplicateDetectionWorksForLargeObjects() {
        var text = "{"
        for k in 0..<40 { text += "\"k\(k)\":\(k)," }
        text += "\"k3\":0}"
        #expect { try JSONReader.parse(text) } throws: { ($0 as? JSONParseError)?.kind == .duplicateKey }
        var distinct = "{"
        for k in 0..<40 { distinct += "\"k\(k)\":\(k)," }
        distinct += "\"last\":0}"
        #expect(throws: Never.self) { try JSONReader.parse(distinct) }
    }

    @Test func everyTruncationOfAValidDocumentIsRejectedAtOrBeforeItsEnd() throws {
        let text = Array("{\"a\":[1,-2.5e3,\"x\\u00e9\\n\",true,false,null],\"b\":{\"c\":\"\u{1F600}\"}}".utf8)
        #expect(throws: Never.self) { try JSONReader.parse(text) }
        for cut in 0..<text.count {
            let prefix = Array(text[0..<cut])
            do {
                _ = try JSONReader.parse(prefix)
                Issue.record("prefix of \(cut) bytes accepted")
            } catch {
                #expect(error.offset <= cut, "cut \(cut): \(error)")
            }
        }
    }
}

/// The exact text of the container, key and number errors, from the tree reader and the pull parser
/// alike (the rejection table above pins kinds and offsets only).
struct JSONReaderErrorMessageTests {
    static let cases: [(text: String, maxDepth: Int, description: String)] = [
        ("[1 2]", 64, "line 1, column 4: expected ',' or ']' after an array element, found '2'"),
        ("{\"a\":1 x}", 64, "line 1, column 8: expected ',' or '}' after an object member, found 'x'"),
        ("[1,2,]", 64, "line 1, column 5: trailing comma before ']' is not allowed"),
        ("{\"a\":1 , }", 64, "line 1, column 8: trailing comma before '}' is not allowed"),
        ("[1", 64, "line 1, column 3: unexpected end of input: the array opened at line 1, column 1 is not closed"),
        ("[1,", 64, "line 1, column 4: unexpected end of input: expected a value"),
        ("{\"a\":1", 64, "line 1, column 7: unexpected end of input: the object opened at line 1, column 1 is not closed"),
        ("{\"a\":1,", 64, "line 1, column 8: unexpected end of input: the object opened at line 1, column 1 is not closed"),
        ("{", 64, "line 1, column 2: unexpected end of input: the object opened at line 1, column 1 is not closed"),
        ("{\"a\" 1}", 64, "line 1, column 6: expected ':' after an object key, found '1'"),
        ("{\"a\"", 64, "line 1, column 5: unexpected end of input: expected ':' after an object key"),
        ("{a:1}", 64, "line 1, column 2: expected a double-quoted object key, found 'a'"),
        ("{\"a\":1,\"a\":2}", 64, "line 1, column 8: duplicate object key \"a\""),
        ("[[[1]]]", 2, "line 1, column 3: nesting deeper than 2 levels"),
        ("{\"a\":{\"b\":{}}}", 2, "line 1, column 11: nesting deeper than 2 levels"),
        ("[01]", 64, "line 1, column 2: leading zeros are not allowed in numbers"),
        ("[-]", 64, "line 1, column 3: a number needs a digit after '-'"),
        ("-", 64, "line 1, column 2: unexpected end of input inside a number"),
        ("[1.]", 64, "line 1, column 4: a number needs a digit after '.'"),
    ]

    @Test func treeAndPullReadersWordEachErrorTheSame() {
        for (text, maxDepth, description) in Self.cases {
            let bytes = Array(text.utf8)
            let options = JSONReader.Options(maxDepth: maxDepth)
            guard case .failure(let tree) = JSONPullParserTests.tree(bytes, options: options),
                  case .failure(let pull) = JSONPullParserTests.pull(bytes, options: options) else {
                Issue.record("accepted: \(text)")
                continue
            }
            #expect(tree.description == description, "\(text)")
            #expect(pull.description == description, "\(text)")
        }
    }

    @Test func numberTokensFailLikeNumbers() {
        for text in ["01", "-", "1.", "1e", "-x", "[1]"] {
            let bytes = Array(text.utf8)
            let token = bytes.withUnsafeBufferPointer { buffer in
                Result { () throws(JSONParseError) -> Int64? in
                    var parser = try JSONPullParser(bytes: buffer)
                    return try parser.readNumberToken().int64Value
                }
            }
            guard case .failure(let tree) = JSONPullParserTests.tree(bytes) else {
                // "[1]" is a document but not a number: the token reader names what it expected.
                #expect(token == .failure(JSONParseError(kind: .unexpectedCharacter, message: "expected a number", offset: 0, line: 1, column: 1)))
                continue
            }
            #expect(token == .failure(tree), "\(text)")
        }
    }
}
