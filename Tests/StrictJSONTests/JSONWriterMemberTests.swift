import Testing
@testable import StrictJSON

/// The writer fills a member's separator, key and value in one piece, copies plain strings word by word
/// with overlapping tails, and writes some numbers without `description`: each must give exactly the
/// bytes of the obvious way.
struct JSONWriterMemberTests {
    /// Texts of every length across the one-, two- and many-word paths, with each special at each offset.
    static var texts: [String] {
        var texts: [String] = []
        for length in 0..<40 {
            texts.append(String(repeating: "a", count: length))
            for position in stride(from: 0, through: length, by: length > 20 ? 3 : 1) {
                for special in StringScanTests.specials + ["\u{2028}", "\u{2029}", "\u{1B}"] {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                    texts.append(text)
                }
            }
        }
        return texts
    }

    @Test func stringMembersMatchTheObviousEscapingCompactAndPretty() throws {
        for text in Self.texts {
            var compact = JSONWriter()
            compact.beginObject()
            compact.field("first", 1)
            compact.field("text", text)
            compact.endObject()
            #expect(compact.string == "{\"first\":1,\"text\":" + StringScanTests.naiveEscaped(text) + "}")
            #expect(try JSONReader.parse(compact.bytes) == .object([JSONMember("first", .number(JSONNumber(Int64(1)))), JSONMember("text", .string(text))]))

            var pretty = JSONWriter(pretty: true)
            pretty.beginObject()
            pretty.field("text", text)
            pretty.key(string: text)
            pretty.string(text)
            pretty.endObject()
            let quoted = StringScanTests.naiveEscaped(text)
            #expect(pretty.string == "{\n  \"text\": \(quoted),\n  \(quoted): \(quoted)\n}")
        }
    }

    /// Seeded random strings drawn from plain ASCII, the characters that need escapes and non-ASCII.
    @Test func randomStringsRoundTripAndMatchTheObviousEscaping() throws {
        var generator = SeededGenerator(seed: 0x5EED)
        let pool: [Character] = ["a", "Z", "0", " ", "-", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}",
                                 "\u{E9}", "\u{2028}", "\u{2029}", "\u{1F600}", "\u{4E2D}"]
        for _ in 0..<2000 {
            let length = Int.random(in: 0...70, using: &generator)
            let text = String((0..<length).map { _ in pool.randomElement(using: &generator) ?? "a" })
            var writer = JSONWriter(capacity: 64)
            writer.field("k", [text, text])
            writer.field("one", [text])
            #expect(writer.string == "\"k\":[\(StringScanTests.naiveEscaped(text)),\(StringScanTests.naiveEscaped(text))],"
                + "\"one\":[\(StringScanTests.naiveEscaped(text))]")
            var value = JSONWriter()
            value.string(text)
            #expect(try JSONReader.parse(value.bytes) == .string(text))
        }
    }

    @Test func stringArraysOfEveryShapeMatchSeparateWrites() {
        for values in [[], ["GP"], ["GP", "CQ"], ["a\"b", "", "\u{E9}"]] as [[String]] {
            for pretty in [false, true] {
                var fused = JSONWriter(pretty: pretty)
                fused.beginObject()
                fused.field("values", values)
                fused.field("after", values)
                fused.endObject()
                let inner = values.map(StringScanTests.naiveEscaped).joined(separator: pretty ? ", " : ",")
                let expected = pretty ? "{\n  \"values\": [\(inner)],\n  \"after\": [\(inner)]\n}" : "{\"values\":[\(inner)],\"after\":[\(inner)]}"
                #expect(fused.string == expected)
            }
        }
    }

    @Test func longOutputGrowsTheBufferAndKeepsEveryByte() throws {
        var writer = JSONWriter(capacity: 1)
        var expected = "["
        writer.beginArray()
        for index in 0..<300 {
            let text = String(repeating: "x\(index % 10)", count: index % 37)
            writer.string(text)
            expected += (index > 0 ? "," : "") + "\"" + text + "\""
        }
        writer.endArray()
        expected += "]"
        #expect(writer.string == expected)
        #expect(writer.finish() == Array(expected.utf8))
    }

    @Test func integersOfEveryWidthMatchTheirDescription() {
        var values: [Int] = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, -1, -9, -10, -99, -100, Int.max, Int.min]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power]
        }
        for value in values {
            var writer = JSONWriter()
            writer.field("n", value)
            writer.field("m", [value, value])
            #expect(writer.string == "\"n\":\(value),\"m\":[\(value),\(value)]")
        }
    }

    /// Whole hundredths below 10^13 skip `description`'s digit search; everything must still read as
    /// `description` writes it.
    @Test func doublesMatchDescription() {
        var generator = SeededGenerator(seed: 0xD0_0B1E)
        var values: [Double] = [0.01, 0.05, 0.1, 0.2, 0.3, 0.1 + 0.2, 0.5, 1.5, 1480.5, 1480.25, 99.99, -0.05, -12.5,
                                1e-7, 0.001, 0.015, 1.005, 2.675, 1e12 + 0.5, 9_999_999_999_999.5, 1e13 + 0.5, 123_456_789.12,
                                Double.ulpOfOne, 1 / 3, 2 / 3, 4_503_599_627_370_495.5]
        for _ in 0..<20000 {
            let cents = Int64.random(in: -10_000_000_000_000...10_000_000_000_000, using: &generator)
            values.append(Double(cents) / 100)
            values.append(Double(Int.random(in: -100_000...100_000, using: &generator)) / 100)
            values.append(Double.random(in: -1e6...1e6, using: &generator))
            values.append(Double(Int.random(in: 0...1000, using: &generator)) / 10)
        }
        for value in values where value != value.rounded(.towardZero) {
            var writer = JSONWriter()
            writer.double(value)
            #expect(writer.string == value.description, "\(value)")
        }
    }

    @Test func fullDatesAndHundredthsArePaddedAsRequired() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("a", fullDateYear: 2024, month: 7, day: 1)
        writer.field("b", fullDateYear: 1, month: 12, day: 31)
        writer.field("c", fullDateYear: 9999, month: 10, day: 9)
        writer.field("d", hundredths: 12550)
        writer.field("e", hundredths: -5)
        writer.field("f", hundredths: 0)
        writer.field("g", hundredths: 100)
        writer.endObject()
        #expect(writer.string == #"{"a":"2024-07-01","b":"0001-12-31","c":"9999-10-09","d":125.50,"e":-0.05,"f":0.00,"g":1.00}"#)
    }
}
