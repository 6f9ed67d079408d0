/// Why and where a JSON text was rejected.
///
/// `offset` is the 0-based byte offset of the offending byte; `line` and `column` are 1-based, lines
/// split at LF (a CR LF pair counts once) and columns counted in Unicode scalars, which is what an
/// editor shows for UTF-8 text.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of the problem, for programs; `message` is for people.
    public enum Kind: String, Sendable, Equatable {
        case unexpectedEndOfInput
        case unexpectedCharacter
        case invalidNumber
        case invalidLiteral
        case invalidEscape
        case unpairedSurrogate
        case controlCharacterInString
        case invalidUTF8
        case duplicateKey
        case trailingComma
        case trailingData
        case byteOrderMark
        case depthLimitExceeded
        case inputTooLarge
        case stringTooLong
    }

    public let kind: Kind
    public let message: String
    public let offset: Int
    public let line: Int
    public let column: Int

    public init(kind: Kind, message: String, offset: Int, line: Int, column: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// "line L, column C: message".
    public var description: String { "line \(line), column \(column): \(message)" }

    /// Line and column (1-based) of `offset` in `bytes`.
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let byte = bytes[i]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte == 0x0D {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                    // CR LF: the LF ends the line.
                } else {
                    line += 1
                    column = 1
                }
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }
}
