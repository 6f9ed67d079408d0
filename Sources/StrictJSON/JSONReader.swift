/// A strict RFC 8259 JSON reader from UTF-8 bytes to `JSONValue`.
///
/// Everything RFC 8259 does not allow is rejected with the byte offset, line and column: leading zeros,
/// trailing commas, comments, `NaN`/`Infinity`, single quotes, unescaped control characters, invalid
/// UTF-8 (overlong forms, surrogates, code points above U+10FFFF; RFC 3629 §3), unpaired `\u` surrogate
/// escapes, and any non-whitespace after the top-level value. Duplicate object keys are rejected too
/// (RFC 8259 §4 leaves them undefined; a gateway and this service must never read different values
/// from one body). Keys are compared after unescaping, byte for byte as UTF-8: `"a"` and `"\u0061"`
/// are duplicates, NFC and NFD spellings of a name are not (see `JSONMember.hasKey`).
///
/// Byte order mark: RFC 8259 §8.1 forbids emitting one and lets parsers ignore it. We reject a leading
/// U+FEFF by default (a peer that sends one is not sending what the spec says) and skip it only when
/// `Options.allowByteOrderMark` is set.
public struct JSONReader: Sendable {
    /// Limits and policies; every limit is on by default.
    public struct Options: Sendable, Equatable {
        /// Maximum nesting of arrays and objects (the top-level container is depth 1).
        public var maxDepth: Int
        /// Maximum size of the whole input in bytes.
        public var maxInputBytes: Int
        /// Maximum length of one string (key or value) in UTF-8 bytes after unescaping.
        public var maxStringBytes: Int
        /// Skip a leading UTF-8 byte order mark instead of rejecting it.
        public var allowByteOrderMark: Bool
        /// Keys and values to hand out as shared instances (a speed-up only; results are equal either way).
        public var internedStrings: JSONStringTable?

        public init(
            maxDepth: Int = 64, maxInputBytes: Int = 8 << 20, maxStringBytes: Int = 1 << 20, allowByteOrderMark: Bool = false,
            internedStrings: JSONStringTable? = nil
        ) {
            self.maxDepth = maxDepth
            self.maxInputBytes = maxInputBytes
            self.maxStringBytes = maxStringBytes
            self.allowByteOrderMark = allowByteOrderMark
            self.internedStrings = internedStrings
        }

        /// Depth 64, 8 MiB input, 1 MiB strings, byte order mark rejected.
        public static let `default` = Options()
    }

    public var options: Options

    public init(options: Options = .default) { self.options = options }

    /// Parses one JSON text.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        let typed = bytes.bindMemory(to: UInt8.self)
        var parser = Parser(bytes: typed, options: options)
        return try parser.parseDocument()
    }

    /// Parses one JSON text.
    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer, options: options)
            do throws(JSONParseError) { return .success(try parser.parseDocument()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses one JSON text given as a Swift string (its UTF-8 form).
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses with the default options.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try JSONReader().parse(bytes)
    }

    /// Parses with the default options.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONReader().parse(text)
    }
}
