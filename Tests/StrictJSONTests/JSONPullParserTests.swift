import Testing
@testable import StrictJSON

/// The pull parser must accept, reject and locate exactly like the tree reader.
struct JSONPullParserTests {
    /// Rebuilds a tree through the pull API; `skipEvery` > 0 reads some subtrees with `readValue()`.
    /// With `names`, keys are read with `nextKey(in:)` and string values with `readString(in:)`.
    /// With `plainArrays`, arrays are first offered to `readPlainStringArray()`.
    static func walk(_ p: inout JSONPullParser, skipEvery: Int, counter: inout Int, names: JSONNameSet? = nil,
                     plainArrays: Bool = false) throws(JSONParseError) -> JSONValue {
        counter += 1
        if skipEvery > 0 && counter % skipEvery == 0 { return try p.readValue() }
        switch try p.peek() {
        case .object:
            try p.beginObject()
            var members: [JSONMember] = []
            if let names {
                while let name = try p.nextKey(in: names) {
                    let key: String
                    switch name {
                    case .known(let index): key = names.names[index]
                    case .other(let text): key = text
                    }
                    members.append(JSONMember(key, try walk(&p, skipEvery: skipEvery, counter: &counter, names: names, plainArrays: plainArrays)))
                }
                return .object(members)
            }
            while let key = try p.nextKey() {
                members.append(JSONMember(key, try walk(&p, skipEvery: skipEvery, counter: &counter, plainArrays: plainArrays)))
            }
            return .object(members)
        case .array:
            if plainArrays, let strings = p.readPlainStringArray() { return .array(strings.map { .string($0) }) }
            try p.beginArray()
            var elements: [JSONValue] = []
            while try p.nextElement() {
                elements.append(try walk(&p, skipEvery: skipEvery, counter: &counter, names: names, plainArrays: plainArrays))
            }
            return .array(elements)
        case .string:
            guard let names else { return .string(try p.readString()) }
            switch try p.readString(in: names) {
            case .known(let index): return .string(names.names[index])
            case .other(let text): return .string(text)
            }
        case .number: return .number(try p.readNumber())
        case .bool: return .bool(try p.readBool())
        case .null:
            try p.readNull()
            return .null
        }
    }

    static func pull(_ bytes: [UInt8], options: JSONReader.Options = .default, skipEvery: Int = 0,
                     names: JSONNameSet? = nil, plainArrays: Bool = false) -> Result<JSONValue, JSONParseError> {
        bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                var parser = try JSONPullParser(bytes: buffer, options: options)
                var counter = 0
                let value = try walk(&parser, skipEvery: skipEvery, counter: &counter, names: names, plainArrays: plainArrays)
                try parser.finish()
                return value
            }
        }
    }

    static func tree(_ bytes: [UInt8], options: JSONReader.Options = .default) -> Result<JSONValue, JSONParseError> {
        Result { () throws(JSONParseError) in try JSONReader(options: options).parse(bytes) }
    }

    @Test(arguments: JSONReaderRejectionTests.cases)
    func rejectsTableCasesLikeTheTreeReader(_ testCase: JSONReaderRejectionTests.Case) {
        #expect(Self.pull(testCase.bytes) == Self.tree(testCase.bytes), "\(testCase.name)")
    }

    @Test func randomAndMutatedDocumentsMatchTheTreeReader() {
        var generator = RandomJSONText(rng: SeededGenerator(seed: 0x5EED_0101), duplicateKeyChance: 0.05)
        var rng = SeededGenerator(seed: 0x5EED_0102)
        let alphabet = Array("{}[],:\"\\0123456789-.etrufalsn \n".utf8) + [0x01, 0xC3, 0xFF]
        for round in 0..<3000 {
            var bytes = generator.document(maxDepth: 4)
            if round % 3 != 0 {
                for _ in 0..<Int.random(in: 1...2, using: &rng) {
                    let position = Int.random(in: 0...bytes.count, using: &rng)
                    if position < bytes.count && Bool.random(using: &rng) {
                        bytes[position] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                    } else {
                        bytes.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: position)
                    }
                }
            }
            let expected = Self.tree(bytes)
            #expect(Self.pull(bytes) == expected, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            #expect(Self.pull(bytes, skipEvery: 3) == expected, "round \(round) with skips")
            #expect(Self.pull(bytes, names: Self.names) == expected, "round \(round) with names")
            #expect(Self.pull(bytes, plainArrays: true) == expected, "round \(round) with plain string arrays")
        }
    }

    /// Short, 8-byte, long and repeated names, as keys of the random documents use them ("k0"...).
    static let names = JSONNameSet(
        (0..<40).map { "k\($0)" } + ["k1x", "k12345678", "k1234567", "treatmentDaysSinceProgressReport", "k1", "", "é", "k100000000000000000"]
    )

    @Test func namedKeysAndValuesMatchTheTreeReader() {
        let texts = [
            #"{"k1": 1, "k2": "k1", "k3": "\u006b1"}"#,
            #"{"k1": 1, "\u006b1": 2}"#,
            #"{"k1": 1, "k1x": 2, "k1x": 3}"#,
            #"{"zz": 1, "k1": 2, "zz": 3}"#,
            #"{"treatmentDaysSinceProgressReport": 1, "treatmentDaysSinceProgressReporT": 2, "treatmentDaysSinceProgressReport": 3}"#,
            #"{"k12345678": [], "k1234567": {}, "k123456789": 0, "k12345678": 1}"#,
            #"{"": 1, "é": 2, "\u00e9": 3}"#,
            #"{"a": {"k1": 1}, "k1": {"k1": 2, "k1": 3}}"#,
            #"{"k1": 1, "k1""#, #"{"k1" 1}"#, #"{"k1": 1,}"#, "{\"k\u{01}\": 1}", #"{"k1": "\x"}"#,
            #"["k1", "k100000000000000000", "k100000000000000001", "\u006b39"]"#,
            #"{"k1\"": 1, "k1": "k1\"", "k12345678\u0000": 2}"#, #"{"k1":1,"k2":2}"#, #"["k1"]"#, #"{"k1""#, #"["k12345678"#,
            #"{"treatmentDaysSinceProgressReport":"treatmentDaysSinceProgressReport","treatmentDaysSinceProgressReport":1}"#,
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            #expect(Self.pull(bytes, names: Self.names) == Self.tree(bytes), "\(text)")
            for limit in [0, 2, 8] {
                let options = JSONReader.Options(maxStringBytes: limit)
                #expect(Self.pull(bytes, options: options, names: Self.names) == Self.tree(bytes, options: options), "\(text) limit \(limit)")
            }
        }
        var text = "{"
        for k in 0..<40 { text += "\"k\(k)\":\(k),\"u\(k)\":\(k)," }
        for suffix in ["\"u7\":0}", "\"k7\":0}", "\"u99\":0}"] {
            let bytes = Array((text + suffix).utf8)
            #expect(Self.pull(bytes, names: Self.names) == Self.tree(bytes), "\(suffix)")
        }
    }

    @Test func plainStringArraysReadLikeTheTreeReader() {
        let texts = [
            #"["GP"]"#, #"[]"#, #"[ ]"#, #"[ "GP" , "CQ" ]"#, "[\n\"G1\",\n\"G2\"\n]", #"{"a": ["x", "y"], "b": []}"#,
            #"["GP",]"#, #"["GP""#, #"["GP" "CQ"]"#, #"["GP", 1]"#, #"["G\u0050"]"#, #"["caf\#u{E9}"]"#, "[\"a\u{01}\"]",
            #"["abcdefghijklmnopq", "k12345678"]"#, #"[["a"]]"#, #"["a"], "#, #"["a"]]"#, #"[,"a"]"#, #"["#, #"[""]"#,
            #"["treatmentDaysSinceProgressReport", "medicare-advantage"]"#,
        ]
        let table = JSONStringTable(["GP", "CQ", "medicare-advantage", "treatmentDaysSinceProgressReport", "k1234567"])
        for text in texts {
            let bytes = Array(text.utf8)
            #expect(Self.pull(bytes, plainArrays: true) == Self.tree(bytes), "\(text)")
            for options in [JSONReader.Options(maxDepth: 1), JSONReader.Options(maxStringBytes: 2), JSONReader.Options(internedStrings: table)] {
                #expect(Self.pull(bytes, options: options, plainArrays: true) == Self.tree(bytes, options: options), "\(text)")
            }
        }
    }

    @Test func limitsApplyLikeTheTreeReader() {
        let options = JSONReader.Options(maxDepth: 3, maxInputBytes: 64, maxStringBytes: 5)
        for text in ["[[[1]]]", "[[[[1]]]]", "{\"a\":{\"b\":{\"c\":{}}}}", "\"abcdef\"", "[\"abcde\"]", String(repeating: " ", count: 70) + "1"] {
            let bytes = Array(text.utf8)
            #expect(Self.pull(bytes, options: options) == Self.tree(bytes, options: options), "\(text)")
        }
    }

    @Test func largeObjectsStillRejectDuplicates() {
        var text = "{"
        for k in 0..<40 { text += "\"k\(k)\":\(k)," }
        text += "\"k7\":0}"
        #expect(Self.pull(Array(text.utf8)) == Self.tree(Array(text.utf8)))
    }
}

struct JSONPullNumberTokenTests {
    @Test func numberTokensAgreeWithNumbers() throws {
        for text in ["0", "-0", "12", "-9223372036854775808", "9223372036854775808", "1.5", "1e3", "-2E-2", "10.0"] {
            let bytes = Array(text.utf8)
            let number = try JSONReader.parse(bytes)
            try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in
                var parser = try JSONPullParser(bytes: buffer)
                let token = try parser.readNumberToken()
                try parser.finish()
                guard case .number(let expected) = number else { return }
                #expect(token.int64Value == expected.int64Value, "\(text)")
                #expect(token.isIntegerSyntax == expected.isIntegerSyntax, "\(text)")
                #expect(parser.text(of: token) == expected.text)
            }
        }
        #expect(JSONPullParserTests.pull(Array("01".utf8)) == JSONPullParserTests.tree(Array("01".utf8)))
    }
}
