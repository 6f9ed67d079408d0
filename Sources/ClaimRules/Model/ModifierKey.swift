/// A two-character ASCII modifier as one integer, so the engine can tell the modifiers it knows apart without String
/// comparisons (internal). Among ASCII strings String equality is byte equality; any other string has no key, and
/// callers compare it as a String.
enum ModifierKey {
    /// The key of a modifier of exactly two ASCII bytes; nil for anything else.
    @inline(__always) static func ascii(_ m: String) -> UInt16? {
        let u = m.utf8
        guard u.count == 2 else { return nil }
        // A contiguous view where there is one (`last` and per-byte iteration are slow on a small string).
        if let key = u.withContiguousStorageIfAvailable({ b -> UInt16? in
            guard b.count == 2, b[0] < 0x80, b[1] < 0x80 else { return nil }
            return UInt16(b[0]) | UInt16(b[1]) << 8
        }) {
            return key
        }
        let i0 = u.startIndex, i1 = u.index(after: i0)
        let a = u[i0], b = u[i1]
        guard a < 0x80, b < 0x80 else { return nil }
        return UInt16(a) | UInt16(b) << 8
    }

    // The keys as literals (first byte low), so the switches below compile to integer compares.
    static var gp: UInt16 { 0x5047 }
    static var go: UInt16 { 0x4F47 }
    static var gn: UInt16 { 0x4E47 }
    static var cq: UInt16 { 0x5143 }
    static var co: UInt16 { 0x4F43 }
    static var kx: UInt16 { 0x584B }
    static var m59: UInt16 { 0x3935 }
    static var xu: UInt16 { 0x5558 }
    static var xe: UInt16 { 0x4558 }
    static var xs: UInt16 { 0x5358 }
    static var xp: UInt16 { 0x5058 }

    /// The modifiers a line's mask records, in bit order.
    static let tracked = ["GP", "GO", "GN", "CQ", "CO", "KX", "59", "XU", "XE", "XS", "XP"]

    /// The mask bit of a tracked modifier key; 0 for others.
    @inline(__always) static func bit(_ key: UInt16) -> UInt16 {
        switch key {
        case gp: return 1 << 0
        case go: return 1 << 1
        case gn: return 1 << 2
        case cq: return 1 << 3
        case co: return 1 << 4
        case kx: return 1 << 5
        case m59: return 1 << 6
        case xu: return 1 << 7
        case xe: return 1 << 8
        case xs: return 1 << 9
        case xp: return 1 << 10
        default: return 0
        }
    }

    /// GP, GO, GN.
    static let therapyBits: UInt16 = (1 << 0) | (1 << 1) | (1 << 2)

    /// 59, XU, XE, XS, XP: the NCCI PTP-associated modifiers.
    static let distinctServiceBits: UInt16 = (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10)

    /// The mask of the tracked modifiers among `mods` (compared as Strings when a modifier has no key).
    static func mask(_ mods: [String]) -> UInt16 {
        var mask: UInt16 = 0
        for m in mods {
            if let k = ascii(m) {
                mask |= bit(k)
            } else {
                mask |= self.mask(of: m)
            }
        }
        return mask
    }

    /// The bits of the tracked modifiers a modifier without a key equals as a String.
    static func mask(of m: String) -> UInt16 {
        var mask: UInt16 = 0
        for (b, t) in tracked.enumerated() where m == t { mask |= 1 << UInt16(b) }
        return mask
    }
}
