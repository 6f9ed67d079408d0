/// The packed, sorted codes of one release. A class, so copies of a code set share one table.
final class ICD10CMCodeTable: Sendable {
    /// `key << 2 | manifestation << 1 | billable`, ascending by key, one per code.
    let keys: [UInt64]
    /// `buckets[b] ..< buckets[b + 1]` is the run of `keys` whose first three characters have bucket `b`.
    private let buckets: [UInt32]
    let billableCount: Int
    let manifestationCount: Int

    /// Character values: 0 ends a code shorter than 7, `0`-`9` are 1-10, `A`-`Z` are 11-36, so the
    /// packed keys sort like the code text.
    static let firstLetter: UInt64 = 11
    private static let bucketCount = 26 * 36 * 36

    init(_ unsorted: [UInt64]) {
        var keys = unsorted
        if !zip(keys, keys.dropFirst()).allSatisfy({ $0 >> 2 < $1 >> 2 }) {
            // Duplicates keep their first entry: sort by key, then by position.
            var indexed = keys.indices.map { (key: keys[$0] >> 2, index: $0) }
            indexed.sort { ($0.key, $0.index) < ($1.key, $1.index) }
            var unique: [UInt64] = []
            unique.reserveCapacity(indexed.count)
            for item in indexed where unique.last.map({ $0 >> 2 != item.key }) ?? true {
                unique.append(keys[item.index])
            }
            keys = unique
        }
        var buckets = [UInt32](repeating: 0, count: Self.bucketCount + 1)
        var billable = 0, manifestation = 0
        for key in keys {
            buckets[Self.bucket(key >> 2) + 1] += 1
            billable += Int(key & 1)
            manifestation += Int(key >> 1 & 1)
        }
        for b in 0..<Self.bucketCount { buckets[b + 1] += buckets[b] }
        self.keys = keys
        self.buckets = buckets
        self.billableCount = billable
        self.manifestationCount = manifestation
    }

    func lookup(_ code: String) -> ICD10CMEntry? {
        guard let key = Self.key(code), key >> 36 >= Self.firstLetter else { return nil }
        let b = Self.bucket(key)
        var lo = Int(buckets[b]), hi = Int(buckets[b + 1])
        while lo < hi {
            let mid = (lo + hi) >> 1
            let k = keys[mid] >> 2
            if k == key { return Self.entry(of: keys[mid]) }
            if k < key { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// The packed key of a normalized code (3 to 7 of `0-9A-Z`), or nil.
    static func key(_ code: String) -> UInt64? {
        var key: UInt64 = 0
        var count = 0
        for b in code.utf8 {
            let v: UInt64
            switch b {
            case 48...57: v = UInt64(b - 47)
            case 65...90: v = UInt64(b - 54)
            default: return nil
            }
            guard count < 7 else { return nil }
            key = key << 6 | v
            count += 1
        }
        guard count >= 3 else { return nil }
        return key << UInt64(6 * (7 - count))
    }

    /// The first three characters (a letter, then two of 36) as 0 ..< 26·36·36.
    private static func bucket(_ key: UInt64) -> Int {
        let c0 = Int(key >> 36 & 63) - 11, c1 = Int(key >> 30 & 63) - 1, c2 = Int(key >> 24 & 63) - 1
        return (c0 * 36 + c1) * 36 + c2
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
