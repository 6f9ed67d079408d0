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
}
