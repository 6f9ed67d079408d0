import StrictJSON

/// What one thread of a `BatchScrubber` call produced for its share of the lines, joined in order
/// after every share is done: the output lines, the counts, the findings by id (for metrics).
struct BatchShare {
    var writer = JSONWriter(capacity: 64 * 1024)
    var summary = BatchSummary()
    var findingCounts: [String: Int] = [:]

    mutating func reset() {
        writer.reset()
        summary = BatchSummary()
        findingCounts.removeAll(keepingCapacity: true)
    }
}
