import ClaimRules

/// How often each finding id was reported, counted without hashing or allocating per claim: one
/// counter per `FindingID` case, at the case's ordinal (for the batch metrics).
public struct FindingTally: Sendable {
    private static let cases = FindingID.allCases
    private var counts = [Int](repeating: 0, count: FindingTally.cases.count)
    /// Ids whose ordinal does not index `counts` (a layout the fast path does not know).
    private var others: [FindingID: Int] = [:]

    public init() {}

    /// Counts every finding of `result`: errors, warnings and conflicts.
    public mutating func count(_ result: ScrubResult) {
        for k in result.errors.indices { add(result.errors[k].id) }
        for k in result.warnings.indices { add(result.warnings[k].id) }
        for k in result.conflicts.indices { add(result.conflicts[k].id) }
    }

    mutating func add(_ id: FindingID, _ n: Int = 1) {
        let k = id.ordinal
        if k < counts.count && Self.cases[k] == id {
            counts[k] += n
        } else {
            others[id, default: 0] += n
        }
    }

    public mutating func add(_ other: FindingTally) {
        for k in other.counts.indices where other.counts[k] != 0 { counts[k] += other.counts[k] }
        for (id, n) in other.others { others[id, default: 0] += n }
    }

    /// Forgets the counts.
    public mutating func reset() {
        for k in counts.indices { counts[k] = 0 }
        others.removeAll(keepingCapacity: true)
    }

    /// The counts by public id (ids never reported are left out).
    public var byID: [String: Int] {
        var out: [String: Int] = [:]
        for k in counts.indices where counts[k] != 0 { out[Self.cases[k].rawValue] = counts[k] }
        for (id, n) in others { out[id.rawValue, default: 0] += n }
        return out
    }
}
