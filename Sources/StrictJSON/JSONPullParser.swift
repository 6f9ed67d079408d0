/// A pull (streaming) view of the strict reader: the caller walks the document token by token and
/// builds its own values, so a wire decoder pays for no intermediate `JSONValue` tree.
///
/// Every rule of `JSONReader` holds, with the same error kinds, offsets and messages: RFC 8259
/// syntax, limits, UTF-8 and escape validation, and duplicate keys (checked per open object, byte for
/// byte). Syntax is checked as the caller advances; a caller that reads every value it is handed
/// (with `readValue()` for anything it does not want) and then calls `finish()` has validated the
/// whole input.
///
/// The parser reads from a buffer it does not own: use it only inside the scope that keeps the bytes
/// alive (`withUnsafeBufferPointer`).
public struct JSONPullParser {
    /// The type of the value at the current position.
    public enum Kind: Sendable, Equatable {
        case object, array, string, number, bool, null
    }

    /// One open container; trivial (no references) so reading and updating it costs no refcounting.
    struct Frame {
        var open: Int
        /// Where this object's keys start in `keys`.
        var keyStart: Int
        /// The keys of a `JSONNameSet` this object has had (bit = index in the set).
        var knownKeys: UInt64 = 0
        /// The index in the set after the last key matched: the key most likely to come next.
        var expectedKey = 0
        // The flags last, so that they share one word.
        var isObject: Bool
        var first = true

        init(isObject: Bool, open: Int, keyStart: Int) {
            self.open = open
            self.keyStart = keyStart
            self.isObject = isObject
        }
    }

    /// The open containers around `top`, outermost first: the first three in place, so that a usual document
    /// allocates nothing for them (and the parser stays small, as callers in other modules copy it).
    struct FrameStack {
        var inline: (Frame, Frame, Frame)
        /// The frames from the fourth on.
        var more: [Frame] = []
        var count = 0

        init(_ empty: Frame) { inline = (empty, empty, empty) }

        var isEmpty: Bool { count == 0 }

        @inline(__always) mutating func push(_ frame: Frame) {
            switch count {
            case 0: inline.0 = frame
            case 1: inline.1 = frame
            case 2: inline.2 = frame
            default: more.append(frame)
            }
            count &+= 1
        }

        /// The last frame pushed, removed; only when not empty.
        @inline(__always) mutating func pop() -> Frame {
            count &-= 1
            switch count {
            case 0: return inline.0
            case 1: return inline.1
            case 2: return inline.2
            default: return more.removeLast()
            }
        }
    }

    var parser: JSONReader.Parser
    /// The open containers around `top`, outermost first.
    var frames = FrameStack(Frame(isObject: false, open: 0, keyStart: 0))
    /// The innermost open container (valid when `hasTop`), kept out of `frames` so that the per-member
    /// work reads and updates a stored property instead of an array element.
    var top = Frame(isObject: false, open: 0, keyStart: 0)
    var hasTop = false
    /// Keys of the open objects, innermost last: `keys[0..<keyCount]` (one buffer reused for the
    /// whole document; closing an object only moves `keyCount` back).
    var keys: [String] = []
    var keyCount = 0
    /// Byte-keyed key sets of large open objects by frame index (duplicate checks stay linear).
    var largeObjectKeys: [Int: Set<[UInt8]>] = [:]
    /// Whether the key last returned by `nextKey()` is all ASCII.
    public private(set) var lastKeyIsASCII = true

    /// Starts reading `bytes`: checks the size limit and the byte order mark policy, and that a value follows.
    public init(bytes: UnsafeBufferPointer<UInt8>, options: JSONReader.Options = .default) throws(JSONParseError) {
        parser = JSONReader.Parser(bytes: bytes, options: options)
        try parser.beginDocument()
    }

    /// The current byte offset (for callers that want to point at a value).
    public var offset: Int { parser.index }

    // MARK: Values

    /// The type of the value at the current position, without consuming it.
    public mutating func peek() throws(JSONParseError) -> Kind {
        guard parser.index < parser.bytes.count else {
            throw parser.fail(.unexpectedEndOfInput, "unexpected end of input: expected a value", at: parser.index)
        }
        switch parser.bytes[parser.index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default:
            // Let the tree parser produce its exact error for this byte.
            _ = try parser.parseValue()
            throw parser.fail(.unexpectedCharacter, "unexpected byte where a value was expected", at: parser.index)
        }
    }

    /// Reads any value as a tree (for values the caller skips or reports).
    public mutating func readValue() throws(JSONParseError) -> JSONValue {
        try parser.parseValue()
    }

    public mutating func readString() throws(JSONParseError) -> String {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { return try mismatch("a string") }
        return try parser.parseString()
    }

    public mutating func readNumber() throws(JSONParseError) -> JSONNumber {
        guard try peek() == .number else { return try mismatch("a number") }
        return try parser.parseNumber()
    }

    /// A number read without building its text (`text(of:)` builds it when a message needs it).
    public struct NumberToken: Sendable {
        /// The value when the number is integer syntax within `Int64`.
        public let int64Value: Int64?
        /// No fraction and no exponent.
        public let isIntegerSyntax: Bool
        /// Where the number's text is in `input`.
        public let range: Range<Int>
    }

    /// Reads a number like `readNumber()` but leaves its text in the input.
    public mutating func readNumberToken() throws(JSONParseError) -> NumberToken {
        let bytes = parser.bytes
        let start = parser.index
        // Fast path: an unsigned integer of at most 18 digits (it fits in Int64) ended by a byte that
        // cannot continue a number; anything else takes the scanner, with its errors.
        if start < bytes.count {
            var i = start
            var value: Int64 = 0
            let first = bytes[i]
            if first == UInt8(ascii: "0") {
                i += 1
            } else if first &- UInt8(ascii: "1") < 9 {
                while i < bytes.count, i - start < 18, isDigit(bytes[i]) {
                    value = value &* 10 &+ Int64(bytes[i] &- UInt8(ascii: "0"))
                    i += 1
                }
            }
            if i > start {
                let ends = i == bytes.count
                    || !(isDigit(bytes[i]) || bytes[i] == UInt8(ascii: ".") || bytes[i] | 0x20 == UInt8(ascii: "e"))
                if ends {
                    parser.index = i
                    return NumberToken(int64Value: value, isIntegerSyntax: true, range: start..<i)
                }
            }
        }
        return try scanNumberToken()
    }

    private mutating func scanNumberToken() throws(JSONParseError) -> NumberToken {
        guard try peek() == .number else { return try mismatch("a number") }
        var scanner = NumberScanner(parser.bytes)
        let start = parser.index
        guard let end = scanner.scan(from: start) else {
            let kind: JSONParseError.Kind = scanner.errorIndex >= parser.bytes.count ? .unexpectedEndOfInput : .invalidNumber
            throw parser.fail(kind, scanner.errorMessage, at: scanner.errorIndex)
        }
        parser.index = end
        var integerSyntax = true
        for k in start..<end where parser.bytes[k] == UInt8(ascii: ".") || parser.bytes[k] | 0x20 == UInt8(ascii: "e") {
            integerSyntax = false
            break
        }
        return NumberToken(int64Value: scanner.integerValue, isIntegerSyntax: integerSyntax, range: start..<end)
    }

    /// The source text of a number token.
    public func text(of token: NumberToken) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: parser.bytes[token.range]), as: UTF8.self)
    }

    /// Reads the value when it is a string; otherwise reads nothing and returns nil (`peek()` then
    /// tells what it is, or reports the syntax error there). Saves a `peek()` on the common path.
    public mutating func readStringIfString() throws(JSONParseError) -> String? {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { return nil }
        if let short = parser.shortPlainString() { return short }
        return try parser.parseString()
    }

    /// Reads the value when it is an array of plain strings (printable ASCII without escapes, within the string
    /// length limit), well formed and closed, and returns its elements; otherwise reads nothing and returns nil
    /// (the caller then reads the value element by element, with every error). The common case of a wire
    /// decoder's string lists, read without entering a container for it.
    public mutating func readPlainStringArray() -> [String]? {
        let bytes = parser.bytes
        let n = bytes.count
        var i = parser.index
        guard i < n, bytes[i] == UInt8(ascii: "["), parser.depth < parser.options.maxDepth else { return nil }
        i = Self.skipWhitespace(bytes, from: i &+ 1)
        if i < n, bytes[i] == UInt8(ascii: "]") {
            parser.index = i &+ 1
            return []
        }
        // First pass: the array's shape and its length, so that the result is allocated once at its size (a short list
        // as an array literal, the cheapest allocation there is). The parser stays put until the array is known plain.
        let first = i
        let limit = parser.options.maxStringBytes
        var count = 0
        while true {
            guard i < n, bytes[i] == UInt8(ascii: "\"") else { return nil }
            let start = i &+ 1
            let end = ByteScan.firstSpecialForReader(bytes, from: start)
            guard end < n, bytes[end] == UInt8(ascii: "\""), end &- start <= limit else { return nil }
            count &+= 1
            i = Self.skipWhitespace(bytes, from: end &+ 1)
            guard i < n else { return nil }
            if bytes[i] == UInt8(ascii: "]") { break }
            guard bytes[i] == UInt8(ascii: ",") else { return nil }
            i = Self.skipWhitespace(bytes, from: i &+ 1)
        }
        // Second pass over the same (checked) bytes.
        var j = first
        let elements: [String]
        switch count {
        case 1:
            elements = [plainElement(&j)]
        case 2:
            let element0 = plainElement(&j)
            elements = [element0, plainElement(&j)]
        case 3:
            let element0 = plainElement(&j)
            let element1 = plainElement(&j)
            elements = [element0, element1, plainElement(&j)]
        default:
            var list: [String] = []
            list.reserveCapacity(count)
            for _ in 0..<count { list.append(plainElement(&j)) }
            elements = list
        }
        parser.index = i &+ 1
        parser.lastStringIsASCII = true
        return elements
    }

    /// In `readPlainStringArray`'s second pass: the string whose opening quote is at `j` (checked plain by the first
    /// pass), with `j` moved past the comma after it to the next opening quote.
    @inline(__always) private mutating func plainElement(_ j: inout Int) -> String {
        let bytes = parser.bytes
        // A short string from two word loads (the parser's index is moved to read it; the caller sets it at the end).
        parser.index = j
        let string: String
        let end: Int
        if let short = parser.shortPlainString() {
            string = short
            end = parser.index &- 1
        } else {
            (string, end) = longPlainElement(from: j &+ 1)
        }
        j = Self.skipWhitespace(bytes, from: Self.skipWhitespace(bytes, from: end &+ 1) &+ 1)
        return string
    }

    /// `plainElement` for a string longer than a short one: the string from `start` and its closing quote's position.
    @inline(never) private mutating func longPlainElement(from start: Int) -> (String, Int) {
        let end = ByteScan.firstSpecialForReader(parser.bytes, from: start)
        return (parser.plainString(start, end), end)
    }

    /// Reads the value when it is `true` or `false`; otherwise reads nothing and returns nil (see
    /// `readStringIfString()`).
    public mutating func readBoolIfBool() throws(JSONParseError) -> Bool? {
        let bytes = parser.bytes
        let i = parser.index
        guard i < bytes.count else { return nil }
        if i + 4 <= bytes.count, bytes[i] == UInt8(ascii: "t"), bytes[i + 1] == UInt8(ascii: "r"), bytes[i + 2] == UInt8(ascii: "u"),
           bytes[i + 3] == UInt8(ascii: "e") {
            parser.index = i + 4
            return true
        }
        if i + 5 <= bytes.count, bytes[i] == UInt8(ascii: "f"), bytes[i + 1] == UInt8(ascii: "a"), bytes[i + 2] == UInt8(ascii: "l"),
           bytes[i + 3] == UInt8(ascii: "s"), bytes[i + 4] == UInt8(ascii: "e") {
            parser.index = i + 5
            return false
        }
        // A broken literal: `readBool()` reports it.
        guard bytes[i] == UInt8(ascii: "t") || bytes[i] == UInt8(ascii: "f") else { return nil }
        return try readBool()
    }

    /// Reads the value when it is an unsigned integer of at most 18 digits (so it fits in `Int`) that the next byte
    /// ends, and returns it; otherwise reads nothing and returns nil (see `readStringIfString()`): the common
    /// case of `readNumberToken()`, without building a token.
    public mutating func readSmallUnsignedInteger() -> Int? {
        let bytes = parser.bytes
        let n = bytes.count
        let start = parser.index
        guard start < n else { return nil }
        var i = start
        var value = 0
        let first = bytes[i]
        if first == UInt8(ascii: "0") {
            i &+= 1
        } else if first &- UInt8(ascii: "1") < 9 {
            while i < n, i &- start < 18, isDigit(bytes[i]) {
                value = value &* 10 &+ Int(bytes[i] &- UInt8(ascii: "0"))
                i &+= 1
            }
        } else {
            return nil
        }
        guard i == n || !(isDigit(bytes[i]) || bytes[i] == UInt8(ascii: ".") || bytes[i] | 0x20 == UInt8(ascii: "e")) else { return nil }
        parser.index = i
        return value
    }

    /// Reads the value when it is an unsigned number without exponent (`1480.5`, `0`, `0.25`) that the next byte
    /// ends, and returns where its text is in `input`; otherwise reads nothing and returns nil (see
    /// `readStringIfString()`).
    public mutating func readPlainDecimal() -> Range<Int>? {
        let bytes = parser.bytes
        let n = bytes.count
        let start = parser.index
        guard start < n else { return nil }
        var i = start
        let first = bytes[i]
        if first == UInt8(ascii: "0") {
            i &+= 1
        } else if first &- UInt8(ascii: "1") < 9 {
            i &+= 1
            while i < n, isDigit(bytes[i]) { i &+= 1 }
        } else {
            return nil
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i &+= 1
            let fraction = i
            while i < n, isDigit(bytes[i]) { i &+= 1 }
            guard i > fraction else { return nil }
        }
        guard i == n || !(isDigit(bytes[i]) || bytes[i] == UInt8(ascii: ".") || bytes[i] | 0x20 == UInt8(ascii: "e")) else { return nil }
        parser.index = i
        return start..<i
    }

    /// Reads the value when it is a number (see `readNumberToken()`); otherwise reads nothing and returns nil
    /// (see `readStringIfString()`).
    public mutating func readNumberTokenIfNumber() throws(JSONParseError) -> NumberToken? {
        guard parser.index < parser.bytes.count else { return nil }
        let byte = parser.bytes[parser.index]
        guard byte == UInt8(ascii: "-") || isDigit(byte) else { return nil }
        return try readNumberToken()
    }

    public mutating func readBool() throws(JSONParseError) -> Bool {
        guard try peek() == .bool else { return try mismatch("true or false") }
        if parser.bytes[parser.index] == UInt8(ascii: "t") {
            try parser.expectLiteral("true")
            return true
        }
        try parser.expectLiteral("false")
        return false
    }

    public mutating func readNull() throws(JSONParseError) {
        guard try peek() == .null else { return try mismatch("null") }
        try parser.expectLiteral("null")
    }

    /// Callers check `peek()` first; reading the wrong type is a programming error reported as a parse error.
    private mutating func mismatch<T>(_ expected: String) throws(JSONParseError) -> T {
        throw parser.fail(.unexpectedCharacter, "expected \(expected)", at: parser.index)
    }

    // MARK: Containers

    /// Enters the object at the current position.
    public mutating func beginObject() throws(JSONParseError) {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "{") else {
            // Not at one: `peek()` reports a bad byte or the end of input as a syntax error, as before.
            _ = try peek()
            return try mismatch("an object")
        }
        try enter(isObject: true)
    }

    /// Enters the object at the current position if there is one; otherwise reads nothing and returns false
    /// (see `readStringIfString()`).
    public mutating func beginObjectIfObject() throws(JSONParseError) -> Bool {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "{") else { return false }
        try enter(isObject: true)
        return true
    }

    /// Enters the array at the current position if there is one; otherwise reads nothing and returns false
    /// (see `readStringIfString()`).
    public mutating func beginArrayIfArray() throws(JSONParseError) -> Bool {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "[") else { return false }
        try enter(isObject: false)
        return true
    }

    /// Enters the array at the current position.
    public mutating func beginArray() throws(JSONParseError) {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "[") else {
            // Not at one: `peek()` reports a bad byte or the end of input as a syntax error, as before.
            _ = try peek()
            return try mismatch("an array")
        }
        try enter(isObject: false)
    }

    private mutating func enter(isObject: Bool) throws(JSONParseError) {
        let open = parser.index
        parser.depth += 1
        if parser.depth > parser.options.maxDepth {
            throw parser.fail(.depthLimitExceeded, "nesting deeper than \(parser.options.maxDepth) levels", at: open)
        }
        parser.index += 1
        parser.skipWhitespace()
        if hasTop { frames.push(top) }
        top = Frame(isObject: isObject, open: open, keyStart: keyCount)
        hasTop = true
    }

    private mutating func leave() {
        parser.index += 1
        parser.depth -= 1
        guard hasTop else { return }
        if top.isObject {
            keyCount = top.keyStart
            if !largeObjectKeys.isEmpty { largeObjectKeys[frames.count] = nil }
        }
        if frames.isEmpty { hasTop = false } else { top = frames.pop() }
    }

    /// The next key of the innermost open object, positioned at its value; nil when the object closes.
    /// The caller must consume the value before asking for the next key. Read all keys of one object
    /// with this method or all with `nextKey(in:)`, not both (each checks duplicates among its own).
    public mutating func nextKey() throws(JSONParseError) -> String? {
        guard try beforeKey() else { return nil }
        let keyStart = parser.index
        let key = try parser.parseString()
        let isASCII = parser.lastStringIsASCII
        try checkOtherKey(key, isASCII: isASCII, at: keyStart)
        try afterKey()
        lastKeyIsASCII = isASCII
        return key
    }

    /// The next key of the innermost open object matched against `names`, positioned at its value; nil
    /// when the object closes. Same syntax, limits, errors and duplicate check as `nextKey()`, but a key
    /// in `names` is reported by its index and never built as a `String`.
    public mutating func nextKey(in names: JSONNameSet) throws(JSONParseError) -> JSONName? {
        guard let index = try nextKeyIndex(in: names) else { return nil }
        return index >= 0 ? .known(index) : .other(otherKey)
    }

    /// What `nextKeyIndex(in:)` returns for a key that is not in its set (the key's text is then `otherKey`).
    public static let otherKeyIndex = -1

    /// The text of the last key that `nextKeyIndex(in:)` reported as `otherKeyIndex`.
    public private(set) var otherKey = ""

    /// `nextKey(in:)` without the enum (cheaper per key): the index of the key in `names`, `otherKeyIndex` for
    /// any other key (its text in `otherKey`), nil when the object closes.
    public mutating func nextKeyIndex(in names: JSONNameSet) throws(JSONParseError) -> Int? {
        guard var i = try keyQuote() else { return nil }
        let bytes = parser.bytes
        let n = bytes.count
        // A plain name of the set followed by its quote is the whole key (see `JSONNameSet.quickMatch`).
        guard let match = names.quickMatch(name: top.expectedKey, bytes, at: i &+ 1) ?? names.quickMatch(bytes, at: i &+ 1),
              match.end &- i &- 1 <= parser.options.maxStringBytes else {
            parser.index = i
            return try slowKeyIndex(in: names)
        }
        // Known keys are tracked by bit; they can never equal another key of the object.
        let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: match.index)
        if top.knownKeys & bit != 0 { throw duplicateKeyError(names.names[match.index], at: i) }
        top.knownKeys |= bit
        top.expectedKey = match.index &+ 1
        parser.lastStringIsASCII = true
        lastKeyIsASCII = true
        let colon = match.end &+ 1
        if colon &+ 1 < n, bytes[colon] == UInt8(ascii: ":"), bytes[colon &+ 1] > 0x20 {
            // The usual case: the colon right after the key and the value right after it (no byte above the space is
            // whitespace).
            parser.index = colon &+ 1
            return match.index
        }
        i = Self.skipWhitespace(bytes, from: colon)
        guard i < n, bytes[i] == UInt8(ascii: ":") else { throw colonError(at: i) }
        parser.index = Self.skipWhitespace(bytes, from: i &+ 1)
        return match.index
    }

    /// The rest of `nextKeyIndex(in:)` for a key that `quickMatch` does not settle (escapes, non-ASCII, a name
    /// not in the set, a string at the end of the input), at its opening quote.
    @inline(never) private mutating func slowKeyIndex(in names: JSONNameSet) throws(JSONParseError) -> Int {
        let keyStart = parser.index
        let known: Int?
        var key = ""
        if let range = plainString() {
            known = names.index(of: parser.bytes, range)
            if known == nil { key = String(decoding: UnsafeBufferPointer(rebasing: parser.bytes[range]), as: UTF8.self) }
        } else {
            key = try parser.parseString()
            known = names.index(of: key)
        }
        let isASCII = parser.lastStringIsASCII
        if let known {
            let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: known)
            if top.knownKeys & bit != 0 { throw duplicateKeyError(names.names[known], at: keyStart) }
            top.knownKeys |= bit
        } else {
            try checkOtherKey(key, isASCII: isASCII, at: keyStart)
            otherKey = key
        }
        try afterKey()
        lastKeyIsASCII = isASCII
        return known ?? Self.otherKeyIndex
    }

    /// Reads a string value matched against `names`: the index of the name it is, or its text.
    public mutating func readString(in names: JSONNameSet) throws(JSONParseError) -> JSONName {
        let quote = parser.index
        if quote < parser.bytes.count, parser.bytes[quote] == UInt8(ascii: "\""),
           let match = names.quickMatch(parser.bytes, at: quote &+ 1), match.end &- quote &- 1 <= parser.options.maxStringBytes {
            parser.index = match.end &+ 1
            parser.lastStringIsASCII = true
            return .known(match.index)
        }
        if let range = plainString() {
            if let known = names.index(of: parser.bytes, range) { return .known(known) }
            return .other(String(decoding: UnsafeBufferPointer(rebasing: parser.bytes[range]), as: UTF8.self))
        }
        let text = try readString()
        if let known = names.index(of: text) { return .known(known) }
        return .other(text)
    }

    /// The input, for callers that read a plain string's bytes themselves (see `readPlainString()`).
    public var input: UnsafeBufferPointer<UInt8> { parser.bytes }

    /// Reads the string at the current position when it is plain ASCII (no escapes, no control
    /// characters, within the string length limit) and returns the range of its bytes in `input`;
    /// otherwise reads nothing and returns nil (then `readString()` reads it, or reports its error).
    public mutating func readPlainString() -> Range<Int>? {
        plainString()
    }

    @inline(__always) private mutating func plainString() -> Range<Int>? {
        let bytes = parser.bytes
        let quote = parser.index
        guard quote < bytes.count, bytes[quote] == UInt8(ascii: "\"") else { return nil }
        let end = ByteScan.firstSpecialForReader(bytes, from: quote + 1)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\""), end - (quote + 1) <= parser.options.maxStringBytes else { return nil }
        parser.index = end + 1
        parser.lastStringIsASCII = true
        return (quote + 1)..<end
    }

    /// Handles what precedes a key: the end of the object (false), or the comma after the previous member;
    /// leaves the parser at the key's opening quote.
    @inline(__always) private mutating func beforeKey() throws(JSONParseError) -> Bool {
        guard let quote = try keyQuote() else { return false }
        parser.index = quote
        return true
    }

    /// Handles what precedes a key: the end of the object (nil, the object closed), or the comma after the previous
    /// member; returns the position of the key's opening quote (the parser's index is not moved there).
    @inline(__always) private mutating func keyQuote() throws(JSONParseError) -> Int? {
        guard hasTop, top.isObject else { throw noObjectOpen() }
        let bytes = parser.bytes
        let n = bytes.count
        var i = parser.index
        if top.first {
            // `enter` skipped the whitespace after the brace.
            if i < n, bytes[i] == UInt8(ascii: "}") {
                leave()
                return nil
            }
            top.first = false
        } else if i &+ 1 < n, bytes[i] == UInt8(ascii: ","), bytes[i &+ 1] == UInt8(ascii: "\"") {
            // The usual case: the comma right after the value and the key's quote right after it.
            return i &+ 1
        } else {
            i = Self.skipWhitespace(bytes, from: i)
            guard i < n, bytes[i] == UInt8(ascii: ",") else {
                parser.index = i
                if i < n, bytes[i] == UInt8(ascii: "}") {
                    leave()
                    return nil
                }
                throw afterMemberError(at: i)
            }
            let comma = i
            i = Self.skipWhitespace(bytes, from: i &+ 1)
            if i < n, bytes[i] == UInt8(ascii: "}") {
                throw parser.fail(.trailingComma, "trailing comma before '}' is not allowed", at: comma)
            }
        }
        guard i < n, bytes[i] == UInt8(ascii: "\"") else { throw keyStartError(at: i) }
        return i
    }

    /// The duplicate check of a key not tracked by bit, and its record for the object's later keys.
    private mutating func checkOtherKey(_ key: String, isASCII: Bool, at keyStart: Int) throws(JSONParseError) {
        let frame = top
        var duplicate = false
        // `top` is frame number `frames.count`.
        let frameIndex = frames.count
        if !largeObjectKeys.isEmpty, largeObjectKeys[frameIndex] != nil {
            duplicate = largeObjectKeys[frameIndex]?.insert(Array(key.utf8)).inserted == false
        } else {
            let probe = JSONMember(key: key, value: .null, keyIsASCII: isASCII)
            for k in frame.keyStart..<keyCount where probe.hasKey(keys[k]) {
                duplicate = true
                break
            }
            if keyCount - frame.keyStart >= 16 {
                var set = Set(keys[frame.keyStart..<keyCount].map { Array($0.utf8) })
                set.insert(Array(key.utf8))
                largeObjectKeys[frameIndex] = set
            }
        }
        if duplicate {
            throw parser.fail(.duplicateKey, "duplicate object key \"\(parser.printable(key))\"", at: keyStart)
        }
        if keyCount < keys.count {
            keys[keyCount] = key
        } else {
            keys.append(key)
        }
        keyCount += 1
    }

    /// The colon after a key; leaves the parser at the value.
    @inline(__always) private mutating func afterKey() throws(JSONParseError) {
        let bytes = parser.bytes
        let i = Self.skipWhitespace(bytes, from: parser.index)
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw colonError(at: i) }
        parser.index = Self.skipWhitespace(bytes, from: i &+ 1)
    }

    /// The index of the first byte at or after `i` that is not JSON whitespace (RFC 8259 §2), or the end.
    @inline(__always) static func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        while i < bytes.count {
            let byte = bytes[i]
            // Most bytes that end a run are above the space; test that first.
            guard byte <= 0x20, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return i }
            i &+= 1
        }
        return i
    }

    // MARK: Errors (out of line, so the paths that do not throw stay short)

    @inline(never) private func noObjectOpen() -> JSONParseError {
        parser.fail(.unexpectedCharacter, "no object is open", at: parser.index)
    }

    @inline(never) private func noArrayOpen() -> JSONParseError {
        parser.fail(.unexpectedCharacter, "no array is open", at: parser.index)
    }

    /// At `i`, where a ',' or '}' should follow an object member.
    @inline(never) private func afterMemberError(at i: Int) -> JSONParseError {
        guard i < parser.bytes.count else { return notClosed(top, at: i) }
        return parser.fail(.unexpectedCharacter, "expected ',' or '}' after an object member, found \(parser.describe(parser.bytes[i]))", at: i)
    }

    /// At `i`, where a ',' or ']' should follow an array element.
    @inline(never) private func afterElementError(at i: Int) -> JSONParseError {
        guard i < parser.bytes.count else { return notClosed(top, at: i) }
        return parser.fail(.unexpectedCharacter, "expected ',' or ']' after an array element, found \(parser.describe(parser.bytes[i]))", at: i)
    }

    /// At `i`, where a key's opening quote should be.
    @inline(never) private func keyStartError(at i: Int) -> JSONParseError {
        guard i < parser.bytes.count else { return notClosed(top, at: i) }
        return parser.fail(.unexpectedCharacter, "expected a double-quoted object key, found \(parser.describe(parser.bytes[i]))", at: i)
    }

    /// At `i`, where the colon after a key should be.
    @inline(never) private func colonError(at i: Int) -> JSONParseError {
        guard i < parser.bytes.count else {
            return parser.fail(.unexpectedEndOfInput, "unexpected end of input: expected ':' after an object key", at: i)
        }
        return parser.fail(.unexpectedCharacter, "expected ':' after an object key, found \(parser.describe(parser.bytes[i]))", at: i)
    }

    @inline(never) private func duplicateKeyError(_ key: String, at keyStart: Int) -> JSONParseError {
        parser.fail(.duplicateKey, "duplicate object key \"\(parser.printable(key))\"", at: keyStart)
    }

    /// Whether the innermost open array has another element (positioned at it); false when it closes.
    public mutating func nextElement() throws(JSONParseError) -> Bool {
        guard hasTop, !top.isObject else { throw noArrayOpen() }
        let bytes = parser.bytes
        let n = bytes.count
        var i = parser.index
        if top.first {
            // `enter` skipped the whitespace after the bracket.
            if i < n, bytes[i] == UInt8(ascii: "]") {
                leave()
                return false
            }
            top.first = false
            return true
        }
        i = Self.skipWhitespace(bytes, from: i)
        guard i < n, bytes[i] == UInt8(ascii: ",") else {
            parser.index = i
            if i < n, bytes[i] == UInt8(ascii: "]") {
                leave()
                return false
            }
            throw afterElementError(at: i)
        }
        let comma = i
        i = Self.skipWhitespace(bytes, from: i &+ 1)
        parser.index = i
        if i < n, bytes[i] == UInt8(ascii: "]") {
            throw parser.fail(.trailingComma, "trailing comma before ']' is not allowed", at: comma)
        }
        return true
    }

    private func notClosed(_ frame: Frame, at i: Int) -> JSONParseError {
        let what = frame.isObject ? "object" : "array"
        return parser.fail(.unexpectedEndOfInput, "unexpected end of input: the \(what) opened at \(parser.where_(frame.open)) is not closed", at: i)
    }

    /// Ends the document: every container must be closed and nothing but whitespace may follow.
    public mutating func finish() throws(JSONParseError) {
        guard !hasTop else {
            throw parser.fail(.unexpectedCharacter, "the document was not read to its end", at: parser.index)
        }
        parser.skipWhitespace()
        if parser.index < parser.bytes.count {
            throw parser.fail(.trailingData, "unexpected \(parser.describe(parser.bytes[parser.index])) after the top-level value", at: parser.index)
        }
    }
}
