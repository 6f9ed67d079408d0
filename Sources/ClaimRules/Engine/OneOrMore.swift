/// One or more values with the first held inline (internal). A claim nearly always has one date of service judged
/// by one rule set: an array of one would cost an allocation and a free on every claim.
struct OneOrMore<Element>: RandomAccessCollection {
    typealias Indices = Range<Int>

    let head: Element
    /// The values after `head`, in order.
    let tail: [Element]

    init(_ head: Element, _ tail: [Element] = []) {
        self.head = head
        self.tail = tail
    }

    var startIndex: Int { 0 }
    var endIndex: Int { tail.count + 1 }
    var indices: Range<Int> { 0..<endIndex }
    var count: Int { tail.count + 1 }

    @inline(__always) subscript(i: Int) -> Element { i == 0 ? head : tail[i - 1] }
}
