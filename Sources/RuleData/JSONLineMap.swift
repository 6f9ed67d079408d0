
/// The line on which each value of a JSON document starts, keyed by RFC 6901 pointer (for object
/// members: the line of the member's key), so problems found after parsing can name a line.
///
/// Only used on text that StrictJSON has already accepted, so the scanner can be lenient.
struct JSONLineMap {
    private(set) var lines: [String: Int] = [:]

    init(_ text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        scanner.value(pointer: "", line: 1, into: &lines)
    }

    /// The line of `pointer`, or of its nearest ancestor that has one (1 for the root).
    func line(of pointer: String) -> Int {
        var current = pointer
        while true {
            if let line = lines[current] { return line }
            guard let slash = current.lastIndex(of: "/") else { return 1 }
            current = String(current[..<slash])
        }
    }

    /// RFC 6901 escaping of one reference token.
    static func escape(_ token: String) -> String {
        token.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\n"): line += 1; index += 1
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
                default: return
                }
            }
        }

        /// Reads a string starting at the quote; returns its (unescaped enough for keys) text.
        mutating func string() -> String {
            index += 1
            var out: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    let next = bytes[index + 1]
                    switch next {
                    case UInt8(ascii: "n"): out.append(10)
                    case UInt8(ascii: "t"): out.append(9)
                    case UInt8(ascii: "u"):
                        // Keys in rule data are ASCII; keep the escape text rather than decoding it.
                        out.append(contentsOf: [UInt8(ascii: "\\"), next])
                    default: out.append(next)
                    }
                    index += 2
                    continue
                }
                out.append(bytes[index])
                index += 1
            }
            index += 1
            return String(decoding: out, as: UTF8.self)
        }

        mutating func value(pointer: String, line valueLine: Int, into lines: inout [String: Int]) {
            skipWhitespace()
            guard index < bytes.count else { return }
            if lines[pointer] == nil { lines[pointer] = valueLine == 0 ? line : valueLine }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                while true {
                    skipWhitespace()
                    guard index < bytes.count else { return }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    let keyLine = line
                    let key = string()
                    skipWhitespace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                    value(pointer: pointer + "/" + JSONLineMap.escape(key), line: keyLine, into: &lines)
                }
            case UInt8(ascii: "["):
                index += 1
                var element = 0
                while true {
                    skipWhitespace()
                    guard index < bytes.count else { return }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    value(pointer: pointer + "/\(element)", line: 0, into: &lines)
                    element += 1
                }
            case UInt8(ascii: "\""):
                _ = string()
            default:
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " "),
                         UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                        return
                    default: index += 1
                    }
                }
            }
        }
    }
}
