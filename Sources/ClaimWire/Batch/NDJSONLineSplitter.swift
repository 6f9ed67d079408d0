#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Cuts a byte stream into NDJSON lines (one JSON text per line, each ended by LF) as pieces of it
/// arrive, without holding more than one line.
///
/// Lines are numbered from 1, every LF counting, so a line's number is the one an editor shows. A
/// line wholly inside a piece is handed over in place; only a line split across pieces is copied.
/// A line longer than `lineLimit` bytes (its LF not counted) is reported `.tooLong` and its bytes
/// are skipped up to the next LF, never kept. CR before LF needs no care: it is JSON whitespace.
public struct NDJSONLineSplitter: Sendable {
    /// One line handed to the caller.
    public enum Line {
        /// The line's bytes (valid during the callback only; may be empty or blank).
        case text(UnsafeRawBufferPointer)
        /// The line was longer than the limit; its bytes were skipped.
        case tooLong
    }

    public let lineLimit: Int
    /// The number of the last line handed over (0 before the first).
    public private(set) var lineNumber = 0
    /// The start of a line that continues in the next piece.
    private var partial: [UInt8] = []
    /// The current line passed the limit: skip to its LF.
    private var skipping = false

    public init(lineLimit: Int) {
        self.lineLimit = max(1, lineLimit)
    }

    /// Bytes of an unfinished line being kept (at most `lineLimit`).
    public var bufferedByteCount: Int { partial.count }

    /// Hands every line that `bytes` completes to `body`, in order, with its number.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ body: (Int, Line) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        let count = bytes.count
        while start < count {
            // memchr: the C library's vectorised search (a byte-by-byte loop costs about 3 instructions a byte).
            guard let found = memchr(base + start, 10, count - start) else {
                keep(UnsafeRawBufferPointer(start: base + start, count: count - start))
                return
            }
            let end = UnsafeRawPointer(found) - base
            lineNumber += 1
            let piece = UnsafeRawBufferPointer(start: base + start, count: end - start)
            if skipping {
                skipping = false
                body(lineNumber, .tooLong)
            } else if partial.isEmpty {
                body(lineNumber, piece.count > lineLimit ? .tooLong : .text(piece))
            } else if partial.count + piece.count > lineLimit {
                partial.removeAll(keepingCapacity: true)
                body(lineNumber, .tooLong)
            } else {
                partial.append(contentsOf: piece)
                partial.withUnsafeBytes { body(lineNumber, .text($0)) }
                partial.removeAll(keepingCapacity: partial.capacity <= 1 << 20)
            }
            start = end + 1
        }
    }

    /// The input ended: hands over a last line that had no LF (if it has any bytes).
    public mutating func finish(_ body: (Int, Line) -> Void) {
        if skipping {
            skipping = false
            lineNumber += 1
            body(lineNumber, .tooLong)
        } else if !partial.isEmpty {
            lineNumber += 1
            partial.withUnsafeBytes { body(lineNumber, .text($0)) }
            partial.removeAll()
        }
    }

    private mutating func keep(_ bytes: UnsafeRawBufferPointer) {
        if skipping { return }
        if partial.count + bytes.count > lineLimit {
            partial.removeAll(keepingCapacity: true)
            skipping = true
            return
        }
        partial.append(contentsOf: bytes)
    }

    /// True for a line of nothing but spaces, tabs and CRs: such lines are skipped (no output).
    public static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
    }
}
