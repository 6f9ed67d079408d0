/// The loops and segments of one implementation guide as a tree of nodes in depth-first order (a node's
/// descendants are the indexes `index+1 ..< end`), read from a compact text (see `X12Map837P`).
struct X12TransactionMap: Sendable {
    struct Node: Sendable {
        var isLoop: Bool
        /// Loop identifier (e.g. `2400`) or segment identifier (e.g. `SV1`).
        var name: String
        var segmentID: X12SegmentID
        var required: Bool
        var maxUse: Int
        var position: Int
        /// Element (1-based), component (0 = the element itself) and the codes that select this node
        /// among segments with the same identifier.
        var qualifierElement: Int = 0
        var qualifierComponent: Int = 0
        var qualifierCodes: Set<String> = []
        /// Elements the standard defines for the segment, and the guide's spec of the leading ones.
        var standardElements = 0
        var elements: [X12ElementSpec] = []
        /// Syntax notes: kind (`P`, `R`, `C`, `L`, `E`) and element positions.
        var syntax: [(kind: Character, positions: [Int])] = []
        var parent: Int
        var children: [Int] = []
        var end: Int = 0
        /// The loop a segment belongs to (its parent's name), for IK303.
        var loop: String = ""
    }

    var nodes: [Node] = []

    // The walker's view of the nodes, as flat arrays of scalars (it looks at hundreds of nodes per claim).
    private(set) var positions: [Int32] = []
    private(set) var isLoop: [Bool] = []
    private(set) var isRequired: [Bool] = []
    private(set) var maxUses: [Int] = []
    private(set) var parents: [Int32] = []
    private(set) var ends: [Int32] = []
    private(set) var segmentIDs: [UInt32] = []
    /// The loop's first child when it is a segment, else -1.
    private(set) var firstSegments: [Int32] = []
    /// Children of node i: `childList[childStart[i] ..< childStart[i + 1]]`, in position order.
    private(set) var childStart: [Int32] = []
    private(set) var childList: [Int32] = []
    /// For each node, where its parent's `childList` reaches the node's position: the first sibling at
    /// that position (-1 for the root). The walker starts scanning there without a search.
    private(set) var positionSlots: [Int32] = []
    /// Beside `childList`: the child's segment identifier (high 32 bits; 0 for a loop), `slotLoop` and
    /// `slotRequired`, read in one load per child passed.
    private(set) var slotInfo: [UInt64] = []
    static let slotLoop: UInt64 = 1, slotRequired: UInt64 = 2
    private(set) var qualifierElements: [Int8] = []
    private(set) var qualifierComponents: [Int8] = []
    private(set) var qualifierCodes: [X12CodeSet] = []
    /// The qualifier codes of node i when there are few: `qualifierValues[qualifierStart[i] ..< +qualifierCount[i]]`
    /// (count -1: look in `qualifierCodes`).
    private(set) var qualifierStart: [Int32] = []
    private(set) var qualifierCount: [Int32] = []
    private(set) var qualifierValues: [UInt64] = []
    /// What the element validator needs of each segment node (nil for loops).
    private(set) var segmentRules: [SegmentRules?] = []
    /// Beside `childList`: the segment identifiers (as `idBit`s) a segment must have for this child or a
    /// later one of the same loop to take it (the child segments' own, the first segments' of child loops).
    private(set) var suffixMasks: [UInt64] = []
    /// For each loop, the children that note something when a segment matches none of them (required
    /// segments, required loops, loops that wrap loops), in position order:
    /// `visitList[visitStart[i] ..< visitStart[i + 1]]`.
    private(set) var visitStart: [Int32] = []
    private(set) var visitList: [Int32] = []
    /// Segment identifier → bit: an open-addressed table of 256 slots (key 0 is an empty slot).
    private var idKeys = [UInt32](repeating: 0, count: 256)
    private var idBits = [UInt64](repeating: 0, count: 256)

    /// A segment's element table and syntax notes, shared by reference. Element rules are rows of
    /// scalars (no reference counting while a segment is checked); code lists sit beside them.
    final class SegmentRules: Sendable {
        /// One element or component: what the guide allows.
        struct Rule: Sendable {
            var used: Bool
            var required: Bool
            var type: X12ElementSpec.DataType
            var minLength: Int
            var maxLength: Int
            /// Index into `codeSets` (-1: no internal code list).
            var codeSet: Int
            /// A short code list as `codeValues[codeStart ..< codeStart + codeCount]` (-1: look in `codeSets`).
            var codeStart: Int32 = 0
            var codeCount: Int32 = -1
            var placeOfService: Bool
            var dataElement: Int
            /// A date-time period (data element 1251), read in the format its qualifier names.
            var dateTimePeriod: Bool
            /// Composite: its components are `components[componentStart ..< componentStart + componentCount]`.
            var componentStart: Int
            var componentCount: Int
            var standardComponents: Int
            /// How a value is checked first (`plainText`, `plainNumber`): a value that passes that short
            /// check is valid; one that does not gets the full check.
            var shortCheck: UInt8 = 0

            static let plainText: UInt8 = 1, plainNumber: UInt8 = 2

            static let unused = Rule(used: false, required: false, type: .alphanumeric, minLength: 0, maxLength: Int.max,
                                     codeSet: -1, placeOfService: false, dataElement: 0, dateTimePeriod: false,
                                     componentStart: -1, componentCount: 0, standardComponents: 0)
        }

        let standardElements: Int
        let elements: [Rule]
        let components: [Rule]
        let codeSets: [X12CodeSet]
        /// The code lists of 12 codes or fewer, packed and side by side (the validator scans them without
        /// copying a set).
        let codeValues: [UInt64]
        /// The code values as text (for messages).
        let codeTexts: [[String]]
        /// The syntax notes as flat rows for the validator: kind (ASCII letter), and their positions as
        /// `syntaxPositions[start ..< start + count]`.
        let syntaxRows: [(kind: UInt8, start: Int32, count: Int32)]
        let syntaxPositions: [Int]
        /// The date formats a date-time period element follows when the guide fixes them (DMG02: D8),
        /// one bit per `X12DateFormat`.
        let dateFormatMask: UInt8
        let loop: String
        /// The segment is DTP: its date (DTP03) is read in the format DTP02 names.
        let isDTP: Bool

        init(_ node: Node) {
            var codeSets: [X12CodeSet] = [], codeTexts: [[String]] = [], components: [Rule] = [], codeValues: [UInt64] = []
            func rule(_ spec: X12ElementSpec) -> Rule {
                var r = Rule(used: spec.used, required: spec.required, type: spec.type, minLength: spec.minLength,
                             maxLength: spec.maxLength, codeSet: -1, placeOfService: spec.external == "pos",
                             dataElement: spec.dataElement, dateTimePeriod: spec.dataElement == 1251,
                             componentStart: -1, componentCount: 0, standardComponents: spec.standardComponents)
                if let codes = spec.codes, !codes.isEmpty {
                    r.codeSet = codeSets.count
                    codeSets.append(X12CodeSet(codes))
                    if codes.count <= X12CodeSet.smallLimit {
                        r.codeStart = Int32(codeValues.count)
                        r.codeCount = Int32(codes.count)
                        codeValues.append(contentsOf: codes.map { X12ElementSpec.pack(Array($0.utf8)) })
                    }
                    codeTexts.append(codes.sorted())
                }
                if r.used && !r.placeOfService {
                    if (r.type == .alphanumeric || r.type == .identifier) && (r.codeSet < 0 || r.codeCount >= 0) {
                        r.shortCheck = Rule.plainText
                    } else if (r.type == .numeric || r.type == .decimal) && r.codeSet < 0 {
                        r.shortCheck = Rule.plainNumber
                    }
                }
                return r
            }
            var elements: [Rule] = []
            for spec in node.elements {
                var r = rule(spec)
                if let parts = spec.components {
                    let rows = parts.map(rule)
                    r.componentStart = components.count
                    r.componentCount = rows.count
                    components.append(contentsOf: rows)
                }
                elements.append(r)
            }
            self.elements = elements
            self.components = components
            self.codeSets = codeSets
            self.codeValues = codeValues
            self.codeTexts = codeTexts
            standardElements = node.standardElements
            var rows: [(kind: UInt8, start: Int32, count: Int32)] = [], positions: [Int] = []
            for note in node.syntax {
                rows.append((note.kind.asciiValue ?? 0, Int32(positions.count), Int32(note.positions.count)))
                positions.append(contentsOf: note.positions)
            }
            syntaxRows = rows
            syntaxPositions = positions
            loop = node.loop
            isDTP = node.segmentID == .dtp
            var formats: UInt8 = 0
            for e in node.elements where e.dataElement == 1250 {
                for code in e.codes ?? [] {
                    if let f = X12DateFormat(code) { formats |= f.bit }
                }
            }
            dateFormatMask = formats
        }

        /// The rule of element `position` (1-based) or of its component `component` (0: the element).
        func rule(_ position: Int, _ component: Int) -> Rule {
            guard position >= 1, position <= elements.count else { return .unused }
            let e = elements[position - 1]
            guard component > 0 else { return e }
            guard e.componentStart >= 0, component <= e.componentCount else { return .unused }
            return components[e.componentStart + component - 1]
        }
    }

    /// The root (the ST loop).
    var root: Int { 0 }

    static let professional = X12TransactionMap(text: X12Map837P.text)

    init(text: String) {
        let lines = X12TransactionMap.expand(text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init))
        var stack: [(indent: Int, node: Int)] = []
        for line in lines {
            let indent = line.prefix { $0 == " " }.count
            let words = line.split(separator: " ").map(String.init)
            guard !words.isEmpty else { continue }
            while let top = stack.last, top.indent >= indent { stack.removeLast() }
            let parent = stack.last?.node ?? -1
            var node: Node
            if words[0] == "loop", words.count >= 5 {
                node = Node(isLoop: true, name: words[1], segmentID: X12SegmentID(rawValue: 0), required: words[2] == "R",
                            maxUse: words[3] == "*" ? Int.max : Int(words[3]) ?? 1, position: Int(words[4]) ?? 0, parent: parent)
            } else if words.count >= 4 {
                node = Node(isLoop: false, name: words[0], segmentID: X12SegmentID(words[0]), required: words[1] == "R",
                            maxUse: words[2] == "*" ? Int.max : Int(words[2]) ?? 1, position: Int(words[3]) ?? 0, parent: parent)
                var specs = false
                for word in words.dropFirst(4) {
                    if word == "|" {
                        specs = true
                    } else if specs {
                        if word.hasPrefix("e"), node.standardElements == 0 {
                            node.standardElements = Int(word.dropFirst()) ?? 0
                        } else if word.hasPrefix("!"), word.count >= 6, let kind = word.dropFirst().first {
                            let digits = Array(word.dropFirst(2))
                            var positions: [Int] = []
                            var k = 0
                            while k + 1 < digits.count {
                                positions.append(Int(String(digits[k...k + 1])) ?? 0)
                                k += 2
                            }
                            node.syntax.append((kind, positions))
                        } else {
                            node.elements.append(X12ElementSpec(token: Substring(word)))
                        }
                    } else if let eq = word.firstIndex(of: "=") {
                        let place = word[..<eq].split(separator: "-")
                        node.qualifierElement = Int(place[0]) ?? 0
                        node.qualifierComponent = place.count > 1 ? Int(place[1]) ?? 0 : 0
                        node.qualifierCodes = Set(word[word.index(after: eq)...].split(separator: ",").map(String.init))
                    }
                }
                if parent >= 0 { node.loop = nodes[parent].name }
            } else {
                continue
            }
            let index = nodes.count
            nodes.append(node)
            if parent >= 0 { nodes[parent].children.append(index) }
            if node.isLoop { stack.append((indent, index)) }
        }
        for i in nodes.indices.reversed() {
            nodes[i].end = nodes[i].children.last.map { nodes[$0].end } ?? i + 1
            // Children are scanned in position order; the guide lists them so, and a stable sort keeps
            // same-position siblings in listed order.
            let sorted = nodes[i].children.enumerated().sorted {
                (nodes[$0.element].position, $0.offset) < (nodes[$1.element].position, $1.offset)
            }.map(\.element)
            nodes[i].children = sorted
        }
        for (i, node) in nodes.enumerated() {
            positions.append(Int32(node.position))
            isLoop.append(node.isLoop)
            isRequired.append(node.required)
            maxUses.append(node.maxUse)
            parents.append(Int32(node.parent))
            ends.append(Int32(node.end))
            segmentIDs.append(node.segmentID.rawValue)
            let first = node.children.first.flatMap { nodes[$0].isLoop ? nil : $0 }
            firstSegments.append(Int32(first ?? -1))
            childStart.append(Int32(childList.count))
            childList.append(contentsOf: node.children.map { Int32($0) })
            qualifierElements.append(Int8(node.qualifierElement))
            qualifierComponents.append(Int8(node.qualifierComponent))
            qualifierCodes.append(X12CodeSet(node.qualifierCodes))
            qualifierStart.append(Int32(qualifierValues.count))
            if node.qualifierCodes.count <= X12CodeSet.smallLimit {
                qualifierCount.append(Int32(node.qualifierCodes.count))
                qualifierValues.append(contentsOf: node.qualifierCodes.map { X12ElementSpec.pack(Array($0.utf8)) })
            } else {
                qualifierCount.append(-1)
            }
            segmentRules.append(node.isLoop ? nil : SegmentRules(node))
            _ = i
        }
        childStart.append(Int32(childList.count))
        slotInfo = childList.map { c in
            let node = nodes[Int(c)]
            return (node.isLoop ? X12TransactionMap.slotLoop : UInt64(node.segmentID.rawValue) << 32)
                | (node.required ? X12TransactionMap.slotRequired : 0)
        }
        positionSlots = [Int32](repeating: -1, count: nodes.count)
        for i in nodes.indices {
            let range = Int(childStart[i])..<Int(childStart[i + 1])
            for k in range {
                let child = Int(childList[k])
                positionSlots[child] = Int32(range.first { positions[Int(childList[$0])] == positions[child] } ?? k)
            }
        }
        buildIDMasks()
    }

    /// Fills `idKeys`/`idBits`, `idMasks` and the visit lists.
    private mutating func buildIDMasks() {
        var next = 0
        for node in nodes where !node.isLoop && idBit(node.segmentID) == 0 {
            // More than 63 identifiers share the last bit (the masks stay a superset).
            let bit: UInt64 = 1 << UInt64(min(next, 63))
            next += 1
            var slot = X12TransactionMap.slot(node.segmentID.rawValue)
            while idKeys[slot] != 0 { slot = (slot + 1) & 255 }
            idKeys[slot] = node.segmentID.rawValue
            idBits[slot] = bit
        }
        // What can start loop i: its first segment, or for a loop that wraps loops, what starts them.
        func entry(_ i: Int) -> UInt64 {
            if let first = firstSegment(of: i) { return idBit(nodes[first].segmentID) }
            var mask: UInt64 = 0
            for child in nodes[i].children where nodes[child].isLoop { mask |= entry(child) }
            return mask
        }
        suffixMasks = [UInt64](repeating: 0, count: childList.count)
        for (i, node) in nodes.enumerated() {
            visitStart.append(Int32(visitList.count))
            var mask: UInt64 = 0
            var k = Int(childStart[i + 1])
            while k > Int(childStart[i]) {
                k -= 1
                let child = Int(childList[k])
                mask |= nodes[child].isLoop ? entry(child) : idBit(nodes[child].segmentID)
                suffixMasks[k] = mask
            }
            for child in node.children {
                let c = nodes[child]
                if c.required || (c.isLoop && firstSegment(of: child) == nil) { visitList.append(Int32(child)) }
            }
        }
        visitStart.append(Int32(visitList.count))
    }

    @inline(__always)
    private static func slot(_ key: UInt32) -> Int { Int((key &* 0x9E37_79B1) >> 24) }

    /// The bit of a segment identifier in `idMasks` (0 for one the guide does not use).
    @inline(__always)
    func idBit(_ id: X12SegmentID) -> UInt64 {
        let key = id.rawValue
        guard key != 0 else { return 0 }
        var slot = X12TransactionMap.slot(key)
        while true {
            let k = idKeys[slot]
            if k == key { return idBits[slot] }
            if k == 0 { return 0 }
            slot = (slot + 1) & 255
        }
    }

    /// Replaces `loop NAME ... = TEMPLATE` by a copy of the earlier loop TEMPLATE's body.
    private static func expand(_ lines: [String]) -> [String] {
        var out: [String] = []
        for line in lines {
            let words = line.split(separator: " ")
            guard words.count == 7, words[0] == "loop", words[5] == "=" else {
                out.append(line)
                continue
            }
            let template = words[6]
            let indent = line.prefix { $0 == " " }.count
            out.append(String(repeating: " ", count: indent) + words[0...4].joined(separator: " "))
            guard let start = out.firstIndex(where: { w in
                let parts = w.split(separator: " ")
                return parts.count >= 2 && parts[0] == "loop" && parts[1] == template
            }) else { continue }
            let templateIndent = out[start].prefix { $0 == " " }.count
            var k = start + 1
            var body: [String] = []
            while k < out.count - 1, out[k].prefix(while: { $0 == " " }).count > templateIndent {
                body.append(String(repeating: " ", count: indent - templateIndent) + out[k])
                k += 1
            }
            out.append(contentsOf: body)
        }
        return out
    }

    /// The segment matches node `index` (identifier and, when the node has one, its qualifier).
    @inline(__always)
    func matches(_ index: Int, _ segment: X12Segment) -> Bool {
        guard !isLoop[index], segmentIDs[index] == segment.id.rawValue else { return false }
        let element = Int(qualifierElements[index])
        guard element > 0 else { return true }
        let component = Int(qualifierComponents[index])
        let range = component > 0 ? segment.componentRange(element, component) : segment.range(element)
        guard let value = segment.packed(range) else { return false }
        let count = Int(qualifierCount[index])
        guard count >= 0 else { return qualifierCodes[index].contains(value) }
        var k = Int(qualifierStart[index])
        let end = k + count
        while k < end {
            if qualifierValues[k] == value { return true }
            k += 1
        }
        return false
    }

    /// The first child of a loop that is a segment at the loop's first position (nil for a wrapper loop
    /// whose first child is a loop).
    @inline(__always)
    func firstSegment(of loop: Int) -> Int? {
        let f = Int(firstSegments[loop])
        return f >= 0 ? f : nil
    }

    /// Every segment identifier the guide uses.
    var knownSegmentIDs: Set<X12SegmentID> { Set(nodes.filter { !$0.isLoop }.map(\.segmentID)) }
}
