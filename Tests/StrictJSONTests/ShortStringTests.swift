import Testing
@testable import StrictJSON

/// Strings of up to 15 ASCII bytes are built straight from their bytes (`ShortASCIIString`); they must be the very
/// strings the standard library builds, at every length, wherever they sit in the input.
struct ShortStringTests {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-_.".utf8)

    static func text(_ length: Int, from offset: Int = 0) -> String {
        String(decoding: (0..<length).map { alphabet[($0 + offset) % alphabet.count] }, as: UTF8.self)
    }

    @Test func theSmallStringLayoutIsTheOneThisToolchainUses() {
        // Where this fails, the readers still work (through the generic path) but lose the fast one.
        #expect(ShortASCIIString.isAvailable)
    }

    /// Every length from empty to past the short limit, with 0 to 20 bytes after the closing quote (so the two-word
    /// load is taken or declined at the end of the input).
    @Test func stringValuesAreTheStandardLibrarysAtEveryLengthAndPosition() throws {
        for length in 0...18 {
            for tail in 0...20 {
                let expected = Self.text(length, from: tail)
                let bytes = Array("[\"\(expected)\"\(String(repeating: " ", count: tail))]".utf8)
                try bytes.withUnsafeBufferPointer { buffer in
                    var parser = try JSONPullParser(bytes: buffer)
                    try parser.beginArray()
                    #expect(try parser.nextElement())
                    let read = try parser.readStringIfString()
                    #expect(read == expected)
                    #expect(read.map { Array($0.utf8) } == Array(expected.utf8))
                    #expect(read?.hashValue == expected.hashValue)
                    #expect(try !parser.nextElement())
                    try parser.finish()
                }
                #expect(try JSONReader.parse(bytes) == .array([.string(expected)]))
            }
        }
    }

    @Test func plainStringArraysAreReadAtEveryLength() throws {
        for length in 0...18 {
            let elements = (0..<3).map { Self.text(length + $0, from: $0) }
            let json = "{\"list\":[" + elements.map { "\"\($0)\"" }.joined(separator: " , ") + "],\"n\":1}"
            try Array(json.utf8).withUnsafeBufferPointer { buffer in
                var parser = try JSONPullParser(bytes: buffer)
                try parser.beginObject()
                #expect(try parser.nextKey() == "list")
                #expect(parser.readPlainStringArray() == elements)
                #expect(try parser.nextKey() == "n")
                #expect(parser.readSmallUnsignedInteger() == 1)
                #expect(try parser.nextKey() == nil)
                try parser.finish()
            }
        }
    }

    /// An array that is not all plain strings is left unread for the element-by-element path, even after short
    /// strings were read from it.
    @Test func anArrayWithOtherElementsIsLeftUnread() throws {
        for json in ["[\"GP\",\"CQ\",1]", "[\"GP\",\"C\\u0051\"]", "[\"GP\",\"é\"]", "[\"GP\" \"CQ\"]", "[\"GP\",\"CQ\""] {
            try Array(json.utf8).withUnsafeBufferPointer { buffer in
                var parser = try JSONPullParser(bytes: buffer)
                #expect(parser.readPlainStringArray() == nil, "\(json)")
                #expect(parser.offset == 0, "\(json)")
            }
        }
    }

    /// The string length limit holds for short strings as for long ones, with the same error.
    @Test func theLengthLimitAppliesToShortStrings() throws {
        let options = JSONReader.Options(maxStringBytes: 3)
        let bytes = Array("[\"abcd\",                 1]".utf8)
        #expect(throws: JSONParseError.self) { try JSONReader(options: options).parse(bytes) }
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = try JSONPullParser(bytes: buffer, options: options)
            try parser.beginArray()
            #expect(try parser.nextElement())
            #expect(throws: JSONParseError.self) { try parser.readStringIfString() }
        }
        let read = try JSONReader(options: options).parse(Array("[\"abc\",                  1]".utf8))
        #expect(read[0]?.stringValue == "abc")
        #expect(read[1]?.int64Value == 1)
    }
}
