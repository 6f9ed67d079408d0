/// The packed codes of one release in an open-addressing hash table. A class, so copies of a code set
/// share one table.
///
/// A code packs into one integer: 6 bits a character (0 ends a code shorter than 7, `0`-`9` are 1-10,
/// `A`-`Z` are 11-36), so the packed keys sort like the code text, then the two flags. The slots are
/// the smallest power of two filled to at most 3/4 (a full release: 98,186 codes in 131,072 slots, 1 MiB);
/// linear probing then reads a few neighbouring slots, mostly within one cache line. 0 marks an
/// empty slot.
final class ICD10CMCodeTable: Sendable {
    /// `key << 2 | manifestation << 1 | billable`, or 0 for an empty slot.
    private let slots: [UInt64]
    private let shift: UInt64
    let count: Int
    let billableCount: Int
    let manifestationCount: Int

    static let firstLetter: UInt64 = 11

    init(_ packed: [UInt64]) {
        var bits: UInt64 = 4
        while (1 << bits) * 3 < packed.count * 4 { bits += 1 }
        var slots = [UInt64](repeating: 0, count: 1 << Int(bits))
        let mask = slots.count - 1
        let shift = 64 - bits
        var count = 0, billable = 0, manifestation = 0
        for value in packed {
            var i = Self.slot(value >> 2, shift: shift)
            // A code added twice keeps its first entry.
            while slots[i] != 0 && slots[i] >> 2 != value >> 2 { i = (i + 1) & mask }
            guard slots[i] == 0 else { continue }
            slots[i] = value
            count += 1
            billable += Int(value & 1)
            manifestation += Int(value >> 1 & 1)
        }
        self.slots = slots
        self.shift = shift
        self.count = count
        self.billableCount = billable
        self.manifestationCount = manifestation
    }

    func lookup(_ code: String) -> ICD10CMEntry? {
        guard let key = Self.key(code), key >> 36 >= Self.firstLetter else { return nil }
        return slots.withUnsafeBufferPointer { table -> ICD10CMEntry? in
            let mask = table.count - 1
            var i = Self.slot(key, shift: shift)
            while true {
                let value = table[i]
                if value == 0 { return nil }
                if value >> 2 == key { return Self.entry(of: value) }
                i = (i + 1) & mask
            }
        }
    }

    /// Every packed code, ascending.
    var sorted: [UInt64] { slots.filter { $0 != 0 }.sorted() }

    /// Fibonacci hashing: the top bits of the key times 2^64/φ.
    private static func slot(_ key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The packed key of a normalized code (3 to 7 of `0-9A-Z`), or nil.
    static func key(_ code: String) -> UInt64? {
        var text = code
        return text.withUTF8 { utf8 -> UInt64? in
            guard (3...7).contains(utf8.count) else { return nil }
            var key: UInt64 = 0
            for b in utf8 {
                let v: UInt64
                switch b {
                case 48...57: v = UInt64(b - 47)
                case 65...90: v = UInt64(b - 54)
                default: return nil
                }
                key = key << 6 | v
            }
            return key << UInt64(6 * (7 - utf8.count))
        }
    }

    static func entry(of packed: UInt64) -> ICD10CMEntry {
        ICD10CMEntry(billable: packed & 1 != 0, manifestation: packed & 2 != 0)
    }

    static func code(of packed: UInt64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(7)
        let key = packed >> 2
        for i in 0..<7 {
            let v = UInt8(key >> UInt64(6 * (6 - i)) & 63)
            if v == 0 { break }
            bytes.append(v <= 10 ? v + 47 : v + 54)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
