/// Splits a text table into records and cells without copying: tab-delimited (the PTP text files;
/// no quoting, a cell wrapped in quotes is unwrapped by `NCCIFieldSyntax.trim`) or comma-separated
/// with RFC 4180 quoting (the MUE CSV, whose preamble has quoted cells that may span lines).
/// Line numbers are 1-based and count every line break, so errors point at the line an editor shows.
struct DelimitedRecordReader {
    let buffer: UnsafeBufferPointer<UInt8>
    let separator: UInt8
    let quoteAware: Bool
    private(set) var position = 0
    private var nextLine = 1
    /// The line the current record starts on.
    private(set) var line = 0
    /// Cell bounds of the current record (at most `maxCells`; extra cells are ignored).
    private(set) var starts: [Int]
    private(set) var ends: [Int]
    private(set) var count = 0
    static let maxCells = 64

    init(buffer: UnsafeBufferPointer<UInt8>, separator: UInt8, quoteAware: Bool) {
        self.buffer = buffer
        self.separator = separator
        self.quoteAware = quoteAware
        starts = [Int](repeating: 0, count: Self.maxCells)
        ends = [Int](repeating: 0, count: Self.maxCells)
        // A UTF-8 byte order mark before the first line is not part of the first cell.
        if buffer.count >= 3 && buffer[0] == 0xef && buffer[1] == 0xbb && buffer[2] == 0xbf { position = 3 }
    }

    /// Advances to the next record; false at the end of the buffer.
    mutating func next() -> Bool {
        guard position < buffer.count else { return false }
        line = nextLine
        count = 0
        var cellStart = position
        var inQuotes = false
        var i = position
        let n = buffer.count
        while i < n {
            let c = buffer[i]
            if quoteAware && c == 0x22 {
                // RFC 4180 §2: a quote opens a field only at its start; inside, "" is a literal quote
                // and a single quote closes the field. A quote inside an unquoted field is literal.
                if inQuotes {
                    if i + 1 < n && buffer[i + 1] == 0x22 { i += 1 } else { inQuotes = false }
                } else if isFieldStart(cellStart, i) {
                    inQuotes = true
                }
            } else if c == 0x0a {
                nextLine += 1
                if !inQuotes { break }
            } else if c == separator && !inQuotes {
                append(cellStart, i)
                cellStart = i + 1
            }
            i += 1
        }
        var end = i
        if end > cellStart && buffer[end - 1] == 0x0d { end -= 1 }
        append(cellStart, end)
        position = i < n ? i + 1 : n
        return true
    }

    /// True when only spaces precede position `i` in the cell starting at `cellStart`.
    private func isFieldStart(_ cellStart: Int, _ i: Int) -> Bool {
        var k = cellStart
        while k < i && buffer[k] == 0x20 { k += 1 }
        return k == i
    }

    @inline(__always)
    private mutating func append(_ start: Int, _ end: Int) {
        guard count < Self.maxCells else { return }
        starts[count] = start
        ends[count] = max(start, end)
        count += 1
    }

    /// True when every cell is empty or whitespace.
    var isBlank: Bool {
        for k in 0..<count {
            var s = starts[k], e = ends[k]
            NCCIFieldSyntax.trim(buffer, &s, &e)
            if s < e { return false }
        }
        return true
    }

    /// Trimmed bounds of cell `k` (empty when the record is shorter).
    @inline(__always)
    func cell(_ k: Int) -> (Int, Int) {
        guard k < count else { return (0, 0) }
        var s = starts[k], e = ends[k]
        NCCIFieldSyntax.trim(buffer, &s, &e)
        return (s, e)
    }
}
