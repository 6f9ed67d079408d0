/// Places each segment of a transaction set in the implementation guide's loop structure, the way
/// the guide's segment tables are read: from the last segment placed, forward in its loop, then out
/// to the enclosing loops; entering a loop starts a new instance of it. Along the way it notes
/// required segments and loops that were skipped, segments and loops used more often than allowed,
/// and segments that fit nowhere.
///
/// Its decisions match pyx12 4.0.0's map walker on the same map (required-segment errors are
/// reported at the segment where the gap is noticed, and a requirement at the same position as the
/// segment just placed stays open until a later position is reached).
struct X12MapWalker: Sendable {
    enum Finding: Sendable, Equatable {
        /// Required segment (node) skipped.
        case segmentMissing(Int)
        /// Required loop skipped; the node is the loop.
        case loopMissing(Int)
        case segmentRepeated(Int)
        case loopRepeated(Int)
        /// The segment fits nowhere from the current place.
        case unexpected
    }

    let map: X12TransactionMap
    /// The node of the last segment placed (or the root before the first).
    private(set) var current: Int
    private var counts: [Int32]
    private var missing: [(node: Int, loop: Int?)] = []
    /// What the last `walk` noticed.
    private(set) var findings: [Finding] = []

    init(map: X12TransactionMap) {
        self.map = map
        current = map.root
        counts = [Int32](repeating: 0, count: map.nodes.count)
    }

    /// Starts a transaction set at its ST (the root loop's first segment).
    mutating func start() {
        counts.withUnsafeMutableBufferPointer { c in
            for i in c.indices { c[i] = 0 }
        }
        counts[map.root] = 1
        if let st = map.firstSegment(of: map.root) {
            counts[st] = 1
            current = st
        } else {
            current = map.root
        }
    }

    /// The enclosing loops of the current node, innermost first (names).
    func loopPath() -> [String] {
        var out: [String] = []
        var n = map.nodes[current].parent
        while n >= 0 {
            out.append(map.nodes[n].name)
            n = map.nodes[n].parent
        }
        return out
    }

    /// Places `segment`; returns its node (nil when it fits nowhere). `findings` holds what was noticed.
    mutating func walk(_ segment: X12Segment) -> Int? {
        if !missing.isEmpty { missing.removeAll(keepingCapacity: true) }
        if !findings.isEmpty { findings.removeAll(keepingCapacity: true) }
        var position = map.positions[current]
        var loop = map.isLoop[current] ? current : Int(map.parents[current])
        // Where `loop`'s children reach `position` (the node at `position` is one of them), else -1.
        var slot = map.isLoop[current] ? -1 : Int(map.positionSlots[current])
        let bit = map.idBit(segment.id)
        while loop >= 0 {
            if let node = scan(loop, from: position, slot: slot, segment, bit) { return node }
            if loop == map.root { break }
            position = map.positions[loop]
            slot = Int(map.positionSlots[loop])
            loop = Int(map.parents[loop])
        }
        findings.append(.unexpected)
        return nil
    }

    private mutating func scan(_ loop: Int, from position: Int32, slot: Int, _ segment: X12Segment, _ bit: UInt64) -> Int? {
        let first = map.firstSegment(of: loop)
        let end = Int(map.childStart[loop + 1])
        // Children are in position order: skip to the first at `position` or later.
        var low = Int(map.childStart[loop]), high = end
        if slot >= low && slot < end {
            low = slot
        } else {
            while low < high {
                let mid = (low + high) / 2
                if map.positions[Int(map.childList[mid])] < position { low = mid + 1 } else { high = mid }
            }
        }
        if low == end || map.suffixMasks[low] & bit == 0 {
            // Nothing from here on in this loop takes the segment: only the required segments and loops
            // it passes are noted (the full scan below would note the same, in the same order).
            var k = Int(map.visitStart[loop])
            let visitEnd = Int(map.visitStart[loop + 1])
            while k < visitEnd && map.positions[Int(map.visitList[k])] < position { k += 1 }
            while k < visitEnd {
                let child = Int(map.visitList[k])
                k += 1
                if !map.isLoop[child] {
                    if counts[child] < 1 { missing.append((child, nil)) }
                } else {
                    _ = loopMatches(child, segment)
                }
            }
            return nil
        }
        var k = low
        let id = UInt64(segment.id.rawValue)
        while k < end {
            let info = map.slotInfo[k]
            let child = Int(map.childList[k])
            k += 1
            if info & X12TransactionMap.slotLoop == 0 {
                if info >> 32 == id, map.matches(child, segment) {
                    if first == child {
                        return enter(loop, at: child)
                    }
                    counts[child] += 1
                    if Int(counts[child]) > map.maxUses[child] { findings.append(.segmentRepeated(child)) }
                    if !missing.isEmpty {
                        missing.removeAll { $0.node == child }
                        flushMissing(except: map.positions[child])
                    }
                    current = child
                    return child
                }
                if info & X12TransactionMap.slotRequired != 0 && counts[child] < 1 { missing.append((child, nil)) }
            } else if loopMatches(child, segment) {
                if let found = descend(child, segment) { return found }
            }
        }
        return nil
    }

    /// The segment starts loop `loop` (or, for a loop that wraps loops, one of them). A required loop
    /// not started yet and not matching is noted as missing.
    @inline(__always)
    private mutating func loopMatches(_ loop: Int, _ segment: X12Segment) -> Bool {
        // Most loops passed start with another segment: settled here without a call.
        let f = Int(map.firstSegments[loop])
        if f >= 0 && map.segmentIDs[f] != segment.id.rawValue {
            if map.isRequired[loop] && counts[loop] < 1 { missing.append((f, loop)) }
            return false
        }
        return loopMatchesSlowly(loop, segment)
    }

    private mutating func loopMatchesSlowly(_ loop: Int, _ segment: X12Segment) -> Bool {
        guard let first = map.firstSegment(of: loop) else {
            var any = false
            var k = Int(map.childStart[loop])
            let end = Int(map.childStart[loop + 1])
            while k < end {
                let child = Int(map.childList[k])
                k += 1
                if map.isLoop[child], loopMatches(child, segment) { any = true }
            }
            return any
        }
        if map.matches(first, segment) { return true }
        if map.isRequired[loop] && counts[loop] < 1 { missing.append((first, loop)) }
        return false
    }

    private mutating func descend(_ loop: Int, _ segment: X12Segment) -> Int? {
        if let first = map.firstSegment(of: loop), map.matches(first, segment) {
            return enter(loop, at: first)
        }
        var k = Int(map.childStart[loop])
        let end = Int(map.childStart[loop + 1])
        while k < end {
            let child = Int(map.childList[k])
            k += 1
            if map.isLoop[child], let found = descend(child, segment) { return found }
        }
        return nil
    }

    /// A new instance of `loop` begins with its first segment.
    private mutating func enter(_ loop: Int, at first: Int) -> Int {
        let end = Int(map.ends[loop])
        if loop + 1 < end {
            counts.withUnsafeMutableBufferPointer { c in
                for i in (loop + 1)..<end { c[i] = 0 }
            }
        }
        counts[loop] += 1
        if Int(counts[loop]) > map.maxUses[loop] { findings.append(.loopRepeated(loop)) }
        counts[first] += 1
        if !missing.isEmpty { flushMissing(except: nil) }
        current = first
        return first
    }

    private mutating func flushMissing(except position: Int32?) {
        var kept: [(node: Int, loop: Int?)] = []
        for m in missing {
            if let position, map.positions[m.node] == position {
                kept.append(m)
            } else {
                findings.append(m.loop.map { .loopMissing($0) } ?? .segmentMissing(m.node))
            }
        }
        missing = kept
    }
}
