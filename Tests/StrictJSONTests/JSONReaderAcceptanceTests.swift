import Testing
@testable import StrictJSON

/// RFC 8259 texts that must be accepted, with the value they must produce.
struct JSONReaderAcceptanceTests {
    static let accepted: [(text: String, value: JSONValue)] = [
        ("null", .null),
        ("true", true),
        ("false", false),
        ("0", 0),
        ("-0", .number(JSONNumber(text: "-0") ?? JSONNumber(Int64(0)))),
        ("123", 123),
        ("-9223372036854775808", .number(JSONNumber(Int64.min))),
        ("9223372036854775807", .number(JSONNumber(Int64.max))),
        ("1.5", .number(JSONNumber(text: "1.5") ?? JSONNumber(Int64(0)))),
        ("\"\"", ""),
        ("\"abc\"", "abc"),
        (" \t\r\n 7 \t\r\n ", 7),
        ("[]", []),
        ("{}", .object([])),
        ("[1,[2,[3]]]", [1, [2, [3]]]),
        ("{\"a\":1,\"b\":[true,null]}", .object([JSONMember("a", 1), JSONMember("b", [true, nil])])),
        ("{\"b\":1,\"a\":2}", .object([JSONMember("b", 1), JSONMember("a", 2)])),
        ("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\u{08}\u{0C}\n\r\t"),
        ("\"\\u0041\\u00e9\\u20AC\"", "A\u{E9}\u{20AC}"),
        ("\"\\uD83D\\uDE00\"", "\u{1F600}"),
        ("\"\\u0000\"", "\u{0}"),
        ("\"h\u{E9}llo \u{1F600} \u{4E2D}\"", "h\u{E9}llo \u{1F600} \u{4E2D}"),
        ("\"\u{7F}\"", "\u{7F}"),
        ("{\"a\":{\"a\":{\"a\":1}}}", .object([JSONMember("a", .object([JSONMember("a", .object([JSONMember("a", 1)]))]))])),
        ("{\"\":0}", .object([JSONMember("", 0)])),
        ("{\"a\":1,\"A\":2}", .object([JSONMember("a", 1), JSONMember("A", 2)])),
    ]

    @Test(arguments: accepted.indices)
    func acceptsValidText(_ index: Int) throws {
        let (text, expected) = Self.accepted[index]
        let value = try JSONReader.parse(text)
        #expect(value == expected, "\(text)")
    }

    @Test func numbersKeepTheirExactText() throws {
        for text in ["0", "-0", "1.50", "1e3", "1E+03", "-2.5e-7", "123456789012345678901234567890", "0.1"] {
            let value = try JSONReader.parse(text)
            guard case .number(let number) = value else {
                Issue.record("\(text) is not a number")
                continue
            }
            #expect(number.text == text)
            #expect(value.serialized() == Array(text.utf8))
        }
    }

    @Test func integerAccessorIsExactOrNil() throws {
        #expect(try JSONReader.parse("42").int64Value == 42)
        #expect(try JSONReader.parse("-42").int64Value == -42)
        #expect(try JSONReader.parse("9223372036854775807").int64Value == Int64.max)
        #expect(try JSONReader.parse("-9223372036854775808").int64Value == Int64.min)
        #expect(try JSONReader.parse("9223372036854775808").int64Value == nil)
        #expect(try JSONReader.parse("-9223372036854775809").int64Value == nil)
        #expect(try JSONReader.parse("1.0").int64Value == nil)
        #expect(try JSONReader.parse("1e2").int64Value == nil)
        #expect(try JSONReader.parse("\"1\"").int64Value == nil)
    }

    @Test func doubleAccessorRoundsToNearest() throws {
        #expect(try JSONReader.parse("1.5").doubleValue == 1.5)
        #expect(try JSONReader.parse("-2.5e-3").doubleValue == -0.0025)
        #expect(try JSONReader.parse("1E2").doubleValue == 100)
        #expect(try JSONReader.parse("1e400").doubleValue == Double.infinity)
        #expect(try JSONReader.parse("-1e400").doubleValue == -Double.infinity)
    }

    @Test func numberTextInitializerValidatesSyntax() {
        #expect(JSONNumber(text: "12")?.int64Value == 12)
        #expect(JSONNumber(text: "-0.5e+2") != nil)
        for bad in ["", "-", "01", "1.", ".5", "+1", "1e", "1 ", "NaN", "0x10"] {
            #expect(JSONNumber(text: bad) == nil, "\(bad)")
        }
    }

    @Test func byteOrderMarkIsSkippedOnlyWhenAllowed() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[1]".utf8)
        #expect(throws: JSONParseError.self) { try JSONReader.parse(bytes) }
        let reader = JSONReader(options: .init(allowByteOrderMark: true))
        #expect(try reader.parse(bytes) == [1])
    }

    @Test func depthLimitAllowsExactlyMaxDepth() throws {
        let reader = JSONReader(options: .init(maxDepth: 5))
        let five = String(repeating: "[", count: 5) + String(repeating: "]", count: 5)
        #expect(throws: Never.self) { try reader.parse(five) }
        let six = String(repeating: "[", count: 6) + String(repeating: "]", count: 6)
        do {
            _ = try reader.parse(six)
            Issue.record("depth 6 accepted")
        } catch {
            #expect(error.kind == .depthLimitExceeded)
            #expect(error.offset == 5)
        }
    }

    @Test func defaultDepthLimitIs64AndDeepInputDoesNotCrash() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONReader.parse(ok) }
        let deep = String(repeating: "[", count: 100_000)
        #expect { try JSONReader.parse(deep) } throws: { ($0 as? JSONParseError)?.kind == .depthLimitExceeded }
    }

    @Test func inputAndStringSizeLimits() throws {
        let reader = JSONReader(options: .init(maxInputBytes: 10, maxStringBytes: 4))
        #expect(try reader.parse("\"abcd\"") == "abcd")
        #expect { try reader.parse("\"abcde\"") } throws: { ($0 as? JSONParseError)?.kind == .stringTooLong }
        let roomy = JSONReader(options: .init(maxInputBytes: 100, maxStringBytes: 4))
        #expect { try roomy.parse("\"a\\u0062cde\"") } throws: { ($0 as? JSONParseError)?.kind == .stringTooLong }
        #expect { try reader.parse("[1,2,3,4,5,6]") } throws: { ($0 as? JSONParseError)?.kind == .inputTooLarge }
    }

    @Test func rawBufferEntryPointMatchesArrayEntryPoint() throws {
        let bytes = Array("{\"k\":[1,\"x\"]}".utf8)
        let viaRaw = try bytes.withUnsafeBytes { raw in try JSONReader().parse(raw) }
        #expect(viaRaw == (try JSONReader.parse(bytes)))
    }

    @Test func accessorsReadObjectsAndArrays() throws {
        let value = try JSONReader.parse("{\"a\":[10,\"s\",true],\"n\":null}")
        #expect(value["a"]?[0]?.int64Value == 10)
        #expect(value["a"]?[1]?.stringValue == "s")
        #expect(value["a"]?[2]?.boolValue == true)
        #expect(value["a"]?[3] == nil)
        #expect(value["n"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(value.objectMembers?.map(\.key) == ["a", "n"])
        #expect(value["a"]?.arrayElements?.count == 3)
        #expect(value.typeName == "object")
    }
}

/// Keys are compared byte for byte, as a byte-level gateway compares them.
struct JSONKeyComparisonTests {
    @Test func canonicallyEquivalentKeysAreDistinctNotDuplicates() throws {
        // NFC "é" and NFD "e" + U+0301.
        let value = try JSONReader.parse("{\"caf\u{E9}\":1,\"cafe\u{301}\":2}")
        #expect(value.objectMembers?.count == 2)
        #expect(value["caf\u{E9}"] == 1)
        #expect(value["cafe\u{301}"] == 2)
    }

    @Test func kelvinSignIsNotTheLetterK() throws {
        let value = try JSONReader.parse("{\"\u{212A}X\":1}")
        #expect(value["KX"] == nil)
        #expect(value["\u{212A}X"] == 1)
        let both = try JSONReader.parse("{\"\u{212A}X\":1,\"KX\":2}")
        #expect(both["KX"] == 2)
        #expect(both["\u{212A}X"] == 1)
    }

    @Test func escapedAndLiteralSpellingsOfOneKeyAreDuplicates() {
        #expect { try JSONReader.parse("{\"\u{E9}\":1,\"\\u00e9\":2}") } throws: { ($0 as? JSONParseError)?.kind == .duplicateKey }
        #expect { try JSONReader.parse("{\"\\u212AX\":1,\"\u{212A}X\":2}") } throws: { ($0 as? JSONParseError)?.kind == .duplicateKey }
    }

    @Test func hasKeyMatchesBytes() {
        #expect(JSONMember("code", nil).hasKey("code"))
        #expect(!JSONMember("code", nil).hasKey("codes"))
        #expect(!JSONMember("K", nil).hasKey("\u{212A}"))
        #expect(!JSONMember("\u{212A}", nil).hasKey("K"))
        #expect(JSONMember("\u{E9}", nil).hasKey("\u{E9}"))
        #expect(!JSONMember("\u{E9}", nil).hasKey("e\u{301}"))
    }
}

struct JSONStringTableTests {
    @Test func internedStringsMatchOnlyExactBytes() throws {
        let table = JSONStringTable(["code", "codes", "dateOfService", "dateOfServiceX", "a", "", "caf\u{E9}"])
        let reader = JSONReader(options: .init(internedStrings: table))
        let texts = ["code", "cod", "codes", "codex", "dateOfService", "dateOfServicf", "dateOfServiceX", "dateOfServiceY",
                     "a", "b", "", "caf\u{E9}", "cafe", "datEOfService"]
        for text in texts {
            let json = "{\"\(text)\":\"\(text)\"}"
            let value = try reader.parse(json)
            #expect(value.objectMembers?.first?.key == text)
            #expect(value[text]?.stringValue == text)
            #expect(value == (try JSONReader.parse(json)))
        }
    }
}
