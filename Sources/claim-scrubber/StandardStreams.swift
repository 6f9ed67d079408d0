// The subcommands' standard input, output and error, and the bit of number formatting they print,
// on plain file descriptors: `FileHandle`, `String(format:)`, `String.padding` and the other
// swift-corelibs-foundation APIs link all of Foundation and ICU's data (+35 MB in a static binary).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

enum StandardStreams {
    /// Writes `text` to standard error (all of it, unless the descriptor fails).
    static func writeError(_ text: String) {
        write(Array(text.utf8), to: STDERR_FILENO)
    }

    /// Writes `bytes` to standard output (all of them, unless the descriptor fails).
    static func writeOutput(_ bytes: [UInt8]) {
        write(bytes, to: STDOUT_FILENO)
    }

    /// Everything on standard input up to end of file (what was read before an error, if one occurs).
    static func readInput() -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if n > 0 {
                bytes.append(contentsOf: chunk[0..<n])
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return bytes
            }
        }
    }

    private static func write(_ bytes: [UInt8], to fd: Int32) {
        var rest = bytes[...]
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written > 0 { rest = rest.dropFirst(written) } else if written < 0 && errno == EINTR { continue } else { return }
        }
    }
}

enum TextFormat {
    /// `text` followed by spaces up to `width` characters (unchanged when already that wide or wider).
    static func padded(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// `value` with `fractionDigits` digits after the point: C's `%.Nf`, what `String(format:)` printed.
    static func fixed(_ value: Double, fractionDigits: Int) -> String {
        let format = "%.\(max(0, min(fractionDigits, 17)))f"
        var buffer = [CChar](repeating: 0, count: 64)
        let length = withVaList([value]) { arguments in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, arguments) }
        }
        // Too long for the buffer (a huge value) or an encoding error: Swift's own spelling.
        guard length >= 0, length < buffer.count else { return String(value) }
        return String(decoding: buffer[0..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `value` in decimal with leading zeros up to `width` digits (`%0Nd` for non-negative values).
    static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }
}
