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
    private(set) var qualifierElements: [Int8] = []
    private(set) var qualifierComponents: [Int8] = []
    private(set) var qualifierCodes: [X12CodeSet] = []
    /// What the element validator needs of each segment node (nil for loops).
    private(set) var segmentRules: [SegmentRules?] = []

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
            var placeOfService: Bool
            var dataElement: Int
            /// A date-time period (data element 1251), read in the format its qualifier names.
            var dateTimePeriod: Bool
            /// Composite: its components are `components[componentStart ..< componentStart + componentCount]`.
            var componentStart: Int
            var componentCount: Int
            var standardComponents: Int

            static let unused = Rule(used: false, required: false, type: .alphanumeric, minLength: 0, maxLength: Int.max,
                                     codeSet: -1, placeOfService: false, dataElement: 0, dateTimePeriod: false,
                                     componentStart: -1, componentCount: 0, standardComponents: 0)
        }

        let standardElements: Int
        let elements: [Rule]
        let components: [Rule]
        let codeSets: [X12CodeSet]
        /// The code values as text (for messages).
        let codeTexts: [[String]]
        /// Required element positions, for the elements a segment leaves out.
        let requiredPositions: [Int]
        let syntax: [(kind: Character, positions: [Int])]
        let loop: String
        /// The segment is DTP: its date (DTP03) is read in the format DTP02 names.
        let isDTP: Bool
        /// The date formats a date-time period element follows when the guide fixes them (DMG02: D8).
        let dateFormats: [X12DateFormat]

        init(_ node: Node) {
            var codeSets: [X12CodeSet] = [], codeTexts: [[String]] = [], components: [Rule] = []
            func rule(_ spec: X12ElementSpec) -> Rule {
                var r = Rule(used: spec.used, required: spec.required, type: spec.type, minLength: spec.minLength,
                             maxLength: spec.maxLength, codeSet: -1, placeOfService: spec.external == "pos",
                             dataElement: spec.dataElement, dateTimePeriod: spec.dataElement == 1251,
                             componentStart: -1, componentCount: 0, standardComponents: spec.standardComponents)
                if let codes = spec.codes, !codes.isEmpty {
                    r.codeSet = codeSets.count
                    codeSets.append(X12CodeSet(codes))
                    codeTexts.append(codes.sorted())
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
            self.codeTexts = codeTexts
            standardElements = node.standardElements
            requiredPositions = elements.indices.filter { elements[$0].required }.map { $0 + 1 }
            syntax = node.syntax
            loop = node.loop
            isDTP = node.segmentID == .dtp
            var formats: [X12DateFormat] = []
            for e in node.elements where e.dataElement == 1250 {
                for code in e.codes ?? [] {
                    if let f = X12DateFormat(code) { formats.append(f) }
                }
            }
            dateFormats = formats
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
            segmentRules.append(node.isLoop ? nil : SegmentRules(node))
            _ = i
        }
        childStart.append(Int32(childList.count))
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
        return qualifierCodes[index].contains(value)
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
