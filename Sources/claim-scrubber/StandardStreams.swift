// The subcommands' standard input, output and error on plain file descriptors: `FileHandle` and the
// other swift-corelibs-foundation APIs link all of Foundation and ICU's data (+35 MB in a static binary).
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

    /// Writes `bytes` to standard output; false when the descriptor fails (e.g. a closed pipe).
    static func writeAllOutput(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var rest = bytes
        while !rest.isEmpty {
            let written = Glibc.write(STDOUT_FILENO, rest.baseAddress, rest.count)
            if written > 0 {
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
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

    /// Reads up to `buffer.count` bytes from `fd` into `buffer`: the count, 0 at end of file, -1 on error.
    static func read(_ fd: Int32, into buffer: inout [UInt8]) -> Int {
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            return n
        }
    }

    @discardableResult
    private static func write(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var rest = bytes[...]
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written > 0 { rest = rest.dropFirst(written) } else if written < 0 && errno == EINTR { continue } else { return false }
        }
        return true
    }
}
