// Fuzz target: StrictJSON's two readers, the tree reader (JSONReader) and the pull parser
// (JSONPullParser), which must agree on every input.
//
// Properties, with the default options and with small limits drawn from the input:
// 1. The pull parser, walked fully and walked with some subtrees read through `readValue()`, gives the
//    same value, or the same error (kind, message, offset, line, column), as the tree reader.
// 2. An accepted document written back out (compact and pretty) reads back to the same value.
import FuzzSupport
import StrictJSON

func walk(_ p: inout JSONPullParser, skipEvery: Int, counter: inout Int) throws(JSONParseError) -> JSONValue {
    counter += 1
    if skipEvery > 0 && counter % skipEvery == 0 { return try p.readValue() }
    switch try p.peek() {
    case .object:
        try p.beginObject()
        var members: [JSONMember] = []
        while let key = try p.nextKey() {
            members.append(JSONMember(key, try walk(&p, skipEvery: skipEvery, counter: &counter)))
        }
        return .object(members)
    case .array:
        try p.beginArray()
        var elements: [JSONValue] = []
        while try p.nextElement() {
            elements.append(try walk(&p, skipEvery: skipEvery, counter: &counter))
        }
        return .array(elements)
    case .string: return .string(try p.readString())
    case .number: return .number(try p.readNumber())
    case .bool: return .bool(try p.readBool())
    case .null:
        try p.readNull()
        return .null
    }
}

func pull(_ bytes: UnsafeBufferPointer<UInt8>, options: JSONReader.Options, skipEvery: Int) -> Result<JSONValue, JSONParseError> {
    Result { () throws(JSONParseError) -> JSONValue in
        var parser = try JSONPullParser(bytes: bytes, options: options)
        var counter = 0
        let value = try walk(&parser, skipEvery: skipEvery, counter: &counter)
        try parser.finish()
        return value
    }
}

func tree(_ bytes: UnsafeRawBufferPointer, options: JSONReader.Options) -> Result<JSONValue, JSONParseError> {
    Result { () throws(JSONParseError) in try JSONReader(options: options).parse(bytes) }
}

FuzzTarget.run { data in
    var random = DataRandom(data)
    let small = JSONReader.Options(
        maxDepth: Int.random(in: 1...8, using: &random),
        maxInputBytes: Int.random(in: 0...4096, using: &random),
        maxStringBytes: Int.random(in: 0...64, using: &random),
        allowByteOrderMark: Bool.random(using: &random))
    let bytes = data.assumingMemoryBound(to: UInt8.self)
    for options in [JSONReader.Options.default, small] {
        let expected = tree(data, options: options)
        for skipEvery in [0, Int.random(in: 1...5, using: &random)] {
            let pulled = pull(bytes, options: options, skipEvery: skipEvery)
            FuzzCheck.require(pulled == expected, "pull parser (skip every \(skipEvery)) gives \(pulled), tree reader gives \(expected)")
        }
        guard case .success(let value) = expected else { continue }
        for pretty in [false, true] {
            let text = value.serialized(pretty: pretty)
            let again = Result { () throws(JSONParseError) in try JSONReader(options: .default).parse(text) }
            FuzzCheck.require(again == .success(value), "written back out (pretty: \(pretty)) and read again: \(again), was \(value)")
        }
    }
}
