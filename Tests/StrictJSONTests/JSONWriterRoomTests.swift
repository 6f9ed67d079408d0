import Testing
@testable import StrictJSON

/// A room writes into the free space of the buffer and is written again when the piece does not fit:
/// whatever the buffer holds before it and wherever the space runs out, the bytes must be those the
/// writer's own methods give.
struct JSONWriterRoomTests {
    /// The members of one element, through the writer's methods.
    static func writeDirect(_ text: String, _ index: Int, to w: inout JSONWriter) {
        w.beginObject()
        w.field("text", text)
        w.field("index", index)
        w.field("flag", index % 2 == 0)
        w.field("half", 1480.5)
        w.field("whole", Double(index))
        w.field("third", 1.0 / 3.0)
        w.field("infinite", Double.infinity)
        w.field("one", [text])
        w.field("two", [text, "GP"])
        w.field("none", [String]())
        w.field("ints", [index, -index, 7])
        w.field("date", fullDateYear: 2026, month: index % 12 + 1, day: index % 28 + 1)
        w.field("amount", hundredths: Int64(-index))
        w.beginArray("values")
        w.string(text)
        w.int(index)
        w.endArray()
        w.beginObject("empty")
        w.endObject()
        w.endObject()
    }

    /// The same members, through a room.
    static func writeRoom(_ text: String, _ index: Int, to w: inout JSONWriter.Room) {
        w.beginObject()
        w.field("text", text)
        w.field("index", index)
        w.field("flag", index % 2 == 0)
        w.field("half", 1480.5)
        w.field("whole", Double(index))
        w.field("third", 1.0 / 3.0)
        w.field("infinite", Double.infinity)
        w.field("one", [text])
        w.field("two", [text, "GP"])
        w.field("none", [String]())
        w.field("ints", [index, -index, 7])
        w.field("date", fullDateYear: 2026, month: index % 12 + 1, day: index % 28 + 1)
        w.field("amount", hundredths: Int64(-index))
        w.beginArray("values")
        w.string(text)
        w.int(index)
        w.endArray()
        w.beginObject("empty")
        w.endObject()
        w.endObject()
    }

    @Test func roomWritesTheBytesOfTheWriterMethodsWhereverTheSpaceRunsOut() throws {
        let texts = JSONWriterMemberTests.texts
        for pretty in [false, true] {
            for prefill in [0, 1, 7, 500, 1017, 1500] {
                var direct = JSONWriter(pretty: pretty, capacity: 64)
                var roomed = JSONWriter(pretty: pretty, capacity: 64)
                let pad = String(repeating: "p", count: prefill)
                direct.beginArray()
                direct.string(pad)
                roomed.beginArray()
                roomed.string(pad)
                // One room for everything: it runs out of space again and again as the buffer grows.
                roomed.withRoom { r in
                    for (index, text) in texts.enumerated() { Self.writeRoom(text, index, to: &r) }
                }
                for (index, text) in texts.enumerated() { Self.writeDirect(text, index, to: &direct) }
                // Rooms of one element each, and the writer going on after them.
                for (index, text) in texts.prefix(200).enumerated() {
                    roomed.withRoom { r in Self.writeRoom(text, index, to: &r) }
                    Self.writeDirect(text, index, to: &direct)
                }
                direct.endArray()
                roomed.endArray()
                direct.endLine()
                roomed.withRoom { r in r.endLine() }
                #expect(roomed.count == direct.count)
                #expect(roomed.bytes == direct.bytes)
                if !pretty { _ = try JSONReader.parse(Array(roomed.bytes.dropLast())) }
            }
        }
    }

    /// A room opened after `key(_:)` writes the key's value without a separator.
    @Test func roomAfterAKeyWritesItsValue() {
        for pretty in [false, true] {
            var direct = JSONWriter(pretty: pretty)
            direct.beginObject()
            direct.field("a", 1)
            direct.key("b")
            direct.beginObject()
            direct.field("c", "d")
            direct.endObject()
            direct.endObject()

            var roomed = JSONWriter(pretty: pretty)
            roomed.beginObject()
            roomed.withRoom { $0.field("a", 1) }
            roomed.key("b")
            roomed.withRoom { r in
                r.beginObject()
                r.field("c", "d")
                r.endObject()
            }
            roomed.endObject()
            #expect(roomed.string == direct.string)
        }
    }

    /// Every ASCII byte at every offset of strings of 0 to 15 bytes, the strings the standard library keeps in the
    /// `String` value itself: the room writes them from the value's two words, whose zero padding must not read
    /// as a control character while a real NUL must.
    @Test func smallStringsAreEscapedExactlyLikeAnyOther() throws {
        var checkedSmall = 0
        for length in 0...15 {
            for position in 0..<max(length, 1) {
                for byte in UInt8(0)...0x7F {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if length > 0 { bytes[position] = byte }
                    let text = String(decoding: bytes, as: UTF8.self)
                    if ShortASCIIString.isAvailable, JSONWriter.isSmallASCII(text, smallTag: 0xE) { checkedSmall += 1 }
                    let quoted = StringScanTests.naiveEscaped(text)
                    for pretty in [false, true] {
                        var writer = JSONWriter(pretty: pretty, capacity: 64)
                        writer.withRoom { r in
                            r.beginObject()
                            r.field("t", text)
                            r.field("one", [text])
                            r.field("two", [text, text])
                            r.beginArray("values")
                            r.string(text)
                            r.endArray()
                            r.endObject()
                        }
                        let expected = pretty
                            ? "{\n  \"t\": \(quoted),\n  \"one\": [\(quoted)],\n  \"two\": [\(quoted), \(quoted)],\n  \"values\": [\n    \(quoted)\n  ]\n}"
                            : "{\"t\":\(quoted),\"one\":[\(quoted)],\"two\":[\(quoted),\(quoted)],\"values\":[\(quoted)]}"
                        #expect(writer.string == expected, "\(length) \(position) \(byte)")
                    }
                }
            }
        }
        // Where the layout is the one checked, every string above took the small path: 128 empty ones and
        // 128 per offset of each length.
        if ShortASCIIString.isAvailable { #expect(checkedSmall == 128 + 128 * (1...15).reduce(0, +)) }
    }

    /// Long strings are copied in steps of four 16-byte blocks tested together, then block by block: each special
    /// at offsets across the steps, the blocks and the overlapping tail.
    @Test func longStringsAreEscapedAtEveryBlockOffset() throws {
        for length in [63, 64, 65, 79, 80, 127, 128, 129, 150, 200] {
            for position in 0...length where position % 7 == 0 || position % 16 == 15 || position % 64 < 2 || position == length {
                for special in StringScanTests.specials + ["\u{2028}", "\u{1B}"] {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                    var writer = JSONWriter(capacity: 64)
                    writer.withRoom { r in r.string(text) }
                    #expect(writer.string == StringScanTests.naiveEscaped(text), "\(length) \(position) \(special.unicodeScalars.map(\.value))")
                }
            }
        }
    }

    /// Integers and dates take their pairs of digits from a table: every small integer and every month and day,
    /// across years of each width, must read as their decimal spelling.
    @Test func integersAndDatesSpellTheirDigits() {
        func padded(_ value: Int, _ width: Int) -> String {
            String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        }
        for value in -300...300 {
            var direct = JSONWriter()
            direct.int(value)
            var roomed = JSONWriter()
            roomed.withRoom { r in r.field("n", value) }
            #expect(direct.string == String(value))
            #expect(roomed.string == "\"n\":\(value)")
        }
        for year in [0, 1, 9, 10, 99, 100, 101, 999, 1000, 1999, 2026, 9000, 9999] {
            for month in 1...12 {
                for day in 1...31 {
                    let expected = "\"d\":\"\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))\""
                    var direct = JSONWriter()
                    direct.field("d", fullDateYear: year, month: month, day: day)
                    var roomed = JSONWriter()
                    roomed.withRoom { r in r.field("d", fullDateYear: year, month: month, day: day) }
                    #expect(direct.string == expected)
                    #expect(roomed.string == expected)
                }
            }
        }
    }
}
