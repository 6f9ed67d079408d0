/// A set of short code values packed into integers (see `X12Segment.packed`): a linear scan for the
/// few codes most elements have, a hash set for long lists (place of service, PWK report types).
struct X12CodeSet: Sendable {
    private let small: [UInt64]
    private let large: Set<UInt64>?
    /// Longest list scanned linearly.
    static let smallLimit = 12

    init(_ codes: some Sequence<String>) {
        let packed = codes.map { X12ElementSpec.pack(Array($0.utf8)) }
        if packed.count <= X12CodeSet.smallLimit {
            small = packed
            large = nil
        } else {
            small = []
            large = Set(packed)
        }
    }

    var isEmpty: Bool { small.isEmpty && (large?.isEmpty ?? true) }

    @inline(__always)
    func contains(_ value: UInt64) -> Bool {
        if let large { return large.contains(value) }
        for c in small where c == value { return true }
        return false
    }
}
