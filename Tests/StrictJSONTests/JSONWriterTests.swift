import Testing
@testable import StrictJSON

struct JSONWriterTests {
    @Test func escapesQuotesBackslashesAndControlCharacters() {
        var writer = JSONWriter()
        writer.string("a\"b\\c\n\r\t\u{08}\u{0C}\u{0}\u{1F}/\u{7F}")
        #expect(writer.string == #""a\"b\\c\n\r\t\b\f\u0000\u001f/\#u{7F}""#)
    }

    /// NDJSON: one writer, one JSON text per line, reused from batch to batch.
    @Test func endLineStartsTheNextValueOnAFreshLineAndResetKeepsNothing() {
        var w = JSONWriter(capacity: 8)
        w.beginObject()
        w.field("line", 1)
        w.endObject()
        w.endLine()
        w.beginArray()
        w.int(2)
        w.endArray()
        w.endLine()
        #expect(w.string == "{\"line\":1}\n[2]\n")
        #expect(w.withOutput { Array($0) } == Array("{\"line\":1}\n[2]\n".utf8))
        w.beginObject()
        w.field("open", true)
        w.reset()
        #expect(w.count == 0)
        w.beginObject()
        w.field("a", 1)
        w.endObject()
        #expect(w.string == "{\"a\":1}")
    }

    @Test func passesNonASCIIThroughAsUTF8() {
        var writer = JSONWriter()
        writer.string("h\u{E9}llo \u{1F600} \u{4E2D} \u{2028}")
        #expect(writer.bytes == Array("\"h\u{E9}llo \u{1F600} \u{4E2D} \u{2028}\"".utf8))
    }

    @Test func writesCompactStructureWithCommas() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("a", 1)
        writer.field("b", "x")
        writer.key("c")
        writer.beginArray()
        writer.bool(true)
        writer.null()
        writer.beginObject()
        writer.endObject()
        writer.beginArray()
        writer.endArray()
        writer.endArray()
        writer.field("d", [1, 2])
        writer.field("e", ["p"])
        writer.field("f", false)
        writer.endObject()
        #expect(writer.string == #"{"a":1,"b":"x","c":[true,null,{},[]],"d":[1,2],"e":["p"],"f":false}"#)
    }

    @Test func prettyOutputIndentsTwoSpacesInWrittenOrder() {
        var writer = JSONWriter(pretty: true)
        writer.beginObject()
        writer.field("z", 1)
        writer.key("list")
        writer.beginArray()
        writer.int(1)
        writer.beginObject()
        writer.field("k", "v")
        writer.endObject()
        writer.endArray()
        writer.key("empty")
        writer.beginObject()
        writer.endObject()
        writer.endObject()
        let expected = """
            {
              "z": 1,
              "list": [
                1,
                {
                  "k": "v"
                }
              ],
              "empty": {}
            }
            """
        #expect(writer.string == expected)
    }

    @Test func prettyScalarArraysFromFieldHelpersStayOnOneLine() {
        var writer = JSONWriter(pretty: true)
        writer.beginObject()
        writer.field("mods", ["GP", "CQ"])
        writer.field("lines", [0, 2])
        writer.field("none", [String]())
        writer.endObject()
        #expect(writer.string == "{\n  \"mods\": [\"GP\", \"CQ\"],\n  \"lines\": [0, 2],\n  \"none\": []\n}")
    }

    @Test func writesIntegersAtTheExtremes() {
        for value in [Int64.min, -1_000_000, -10, -9, -1, 0, 1, 9, 10, 99, 100, 1234567890, Int64.max] {
            var writer = JSONWriter()
            writer.int64(value)
            #expect(writer.string == String(value))
        }
    }

    @Test func writesDoublesThatParseBackExactly() throws {
        for value in [0.0, -0.0, 1.0, -3.0, 0.1, 1.5, 1e-7, 123456.789, 1e300, -2.5e-300, 4.0e15, 12345678901234.0] {
            var writer = JSONWriter()
            writer.double(value)
            let parsed = try JSONReader.parse(writer.bytes)
            #expect(parsed.doubleValue == value, "\(writer.string)")
            #expect(parsed.doubleValue?.sign == value.sign)
        }
    }

    @Test func nonFiniteDoublesBecomeNull() {
        for value in [Double.nan, .infinity, -.infinity] {
            var writer = JSONWriter()
            writer.double(value)
            #expect(writer.string == "null")
        }
        #expect(JSONNumber(exactly: .nan) == nil)
    }

    @Test func valueTreesRoundTripCompactAndPretty() throws {
        let text = #"{"a":[1,-2.5e3,"x\u00e9\n",true,false,null],"b":{"c":"\#u{1F600}","d":[]},"e":{}}"#
        let value = try JSONReader.parse(text)
        let compact = value.serialized()
        #expect(try JSONReader.parse(compact) == value)
        let pretty = value.serialized(pretty: true)
        #expect(try JSONReader.parse(pretty) == value)
        #expect(pretty.contains(UInt8(ascii: "\n")))
        // Re-serializing compact output is a fixed point.
        #expect(try JSONReader.parse(compact).serialized() == compact)
    }
}

struct JSONWriterNumberFormTests {
    @Test func integralDoublesAreWrittenAsIntegers() {
        let cases: [(Double, String)] = [(0, "0"), (-0.0, "-0"), (3, "3"), (-42, "-42"), (1480.5, "1480.5"), (0.1, "0.1"), (1e300, "1e+300")]
        for (value, text) in cases {
            var writer = JSONWriter()
            writer.double(value)
            #expect(writer.string == text)
        }
    }
}
