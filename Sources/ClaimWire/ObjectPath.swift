/// Where an object of the claim sits, for problem pointers: a fixed pointer such as `/context`, or an
/// element of an array such as `/lines/3`. The element's pointer text is built only when a problem is
/// reported, so reading a valid claim builds none.
struct ObjectPath: ExpressibleByStringLiteral {
    let base: String
    /// The array index after `base`, or -1 for none.
    let index: Int

    init(stringLiteral value: String) {
        base = value
        index = -1
    }

    init(_ base: String, index: Int) {
        self.base = base
        self.index = index
    }

    /// The RFC 6901 pointer.
    var pointer: String { index < 0 ? base : JSONPointer.appending(base, index: index) }
}
