/// The lines one call into a `BatchScrubber` completed, copied out of the piece so that several
/// threads can work on them: their bytes end to end, and each line's number and place (nil: a line
/// over the limit). Blank lines are left out: they have no output line.
struct BatchBlock {
    var bytes: [UInt8] = []
    var lines: [(number: Int, range: Range<Int>?)] = []

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
    }

    mutating func add(_ number: Int, _ line: NDJSONLineSplitter.Line) {
        switch line {
        case .tooLong:
            lines.append((number, nil))
        case .text(let text):
            if NDJSONLineSplitter.isBlank(text) { return }
            let start = bytes.count
            bytes.append(contentsOf: text)
            lines.append((number, start..<bytes.count))
        }
    }
}
