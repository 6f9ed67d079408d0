import Testing
@testable import StrictJSON

/// The string fast paths scan eight bytes at a time; every special byte at every offset within and
/// across words must still be found.
struct StringScanTests {
    /// The obvious byte-at-a-time escaper, as the reference.
    static func naiveEscaped(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static let specials: [String] = ["\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{7F}", "\u{E9}", "\u{1F600}", " ", "~"]

    @Test func writerEscapesEverySpecialAtEveryOffset() throws {
        for length in 0..<20 {
            for position in 0...length {
                for special in Self.specials {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                    var writer = JSONWriter()
                    writer.string(text)
                    #expect(writer.string == Self.naiveEscaped(text), "\(length) \(position) \(special.unicodeScalars.map(\.value))")
                    #expect(try JSONReader.parse(writer.bytes) == .string(text))
                }
            }
        }
    }

    @Test func readerFindsRawControlCharactersAtEveryOffset() {
        for length in 0..<20 {
            for position in 0...length {
                var bytes = Array(("\"" + String(repeating: "b", count: length) + "\"").utf8)
                bytes.insert(0x0A, at: position + 1)
                #expect { try JSONReader.parse(bytes) } throws: { error in
                    guard let error = error as? JSONParseError else { return false }
                    return error.kind == .controlCharacterInString && error.offset == position + 1
                }
            }
        }
    }

    @Test func readerValidatesUTF8AtEveryOffset() {
        for length in 0..<20 {
            for position in 0...length {
                var bytes = Array(("\"" + String(repeating: "c", count: length) + "\"").utf8)
                bytes.insert(0xFF, at: position + 1)
                #expect { try JSONReader.parse(bytes) } throws: { ($0 as? JSONParseError)?.offset == position + 1 }
                var valid = Array(("\"" + String(repeating: "c", count: length) + "\"").utf8)
                valid.insert(contentsOf: [0xC3, 0xA9], at: position + 1)
                #expect((try? JSONReader.parse(valid))?.stringValue?.unicodeScalars.count == length + 1)
            }
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
