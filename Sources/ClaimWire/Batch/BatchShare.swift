import ClaimRules
import StrictJSON

/// What one thread of a `BatchScrubber` call produced for its share of the lines, joined in order
/// after every share is done: the output lines, the counts, the finding ids (for metrics).
struct BatchShare {
    var writer = JSONWriter(capacity: 64 * 1024)
    var summary = BatchSummary()
    var findings: [FindingID] = []

    mutating func reset() {
        writer.reset()
        summary = BatchSummary()
        findings.removeAll(keepingCapacity: true)
    }
}
