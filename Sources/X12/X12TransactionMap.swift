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
    func matches(_ index: Int, _ segment: X12Segment) -> Bool {
        let node = nodes[index]
        guard !node.isLoop, node.segmentID == segment.id else { return false }
        guard node.qualifierElement > 0 else { return true }
        let value = node.qualifierComponent > 0
            ? segment.component(node.qualifierElement, node.qualifierComponent)
            : segment.element(node.qualifierElement)
        return node.qualifierCodes.contains(value)
    }

    /// The first child of a loop that is a segment at the loop's first position (nil for a wrapper loop
    /// whose first child is a loop).
    func firstSegment(of loop: Int) -> Int? {
        guard let first = nodes[loop].children.first, !nodes[first].isLoop else { return nil }
        return first
    }

    /// Every segment identifier the guide uses.
    var segmentIDs: Set<X12SegmentID> { Set(nodes.filter { !$0.isLoop }.map(\.segmentID)) }
}
