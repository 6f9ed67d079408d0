/// Everything the engine needs about one code, resolved once per rule set so that a claim line costs a single
/// hash lookup (internal; plain data, no references, so copying it never touches reference counts).
struct CodeRef: Sendable, Equatable {
    /// The code is in the code table (the facts below are meaningful).
    var known = false
    var timed = false
    var family = CodeFamily.other
    /// Bit `1 << order` per allowed discipline (PT 1, OT 2, SLP 4).
    var disciplineMask: UInt8 = 0
    /// The one discipline of a discipline-specific code.
    var specificDiscipline: Discipline?
    var activityDocumentation = false
    /// Interned PTP id, or `UInt32.max` when no PTP edit mentions the code.
    var ptpId = UInt32.max
    /// MUE value, or -1 when the code has none.
    var mueValue: Int32 = -1
    var mueAdjudication = MUEAdjudication.line

    static let unknown = CodeRef()

    var isEvaluation: Bool { known && (family == .evaluation || family == .reevaluation) }
    var hasPTP: Bool { ptpId != UInt32.max }

    func allows(_ d: Discipline) -> Bool { disciplineMask & CodeRef.bit(d) != 0 }

    static func bit(_ d: Discipline) -> UInt8 {
        switch d {
        case .pt: return 1
        case .ot: return 2
        case .slp: return 4
        }
    }
}

extension RuleSet {
    /// Builds the per-code index over the code table, the PTP code ids and the MUE table.
    static func buildIndex(codes: CodeTable, ptp: PTPTable, mues: MUETable) -> [String: CodeRef] {
        var index: [String: CodeRef] = [:]
        index.reserveCapacity(codes.count + ptp.codes.count)
        for (code, info) in codes.entries {
            var r = CodeRef()
            r.known = true
            r.timed = info.timed
            r.family = info.family
            for d in info.disciplines { r.disciplineMask |= CodeRef.bit(d) }
            r.specificDiscipline = info.specificDiscipline
            r.activityDocumentation = info.activityDocumentation ?? false
            index[code] = r
        }
        for (i, code) in ptp.codes.enumerated() {
            index[code, default: CodeRef()].ptpId = UInt32(i)
        }
        for (code, mue) in mues.entries {
            var r = index[code] ?? CodeRef()
            r.mueValue = Int32(clamping: mue.value)
            r.mueAdjudication = mue.adjudication
            index[code] = r
        }
        return index
    }
}

/// The per-code index keyed by the code's bytes packed into one integer: an open-addressing table, so a claim line's
/// lookup costs a multiply and a compare or two instead of hashing a String (internal).
///
/// Only for ASCII codes of 1 to 8 bytes: among ASCII strings String equality is byte equality, so the table finds
/// exactly what the dictionary would. `key(_:)` is nil for any other query, and the whole table is disabled when
/// the index holds a key it cannot pack; the dictionary answers then.
struct PackedCodeIndex: Sendable {
    private var keys: [UInt64] = []
    private var values: [CodeRef] = []
    private var mask = 0
    /// False when the table is unused (empty index, or a key it cannot pack).
    private var enabled = false

    init() {}

    init(_ index: [String: CodeRef]) {
        var capacity = 16
        while capacity < index.count * 2 { capacity <<= 1 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var values = [CodeRef](repeating: .unknown, count: capacity)
        let mask = capacity - 1
        for (code, ref) in index {
            guard let k = PackedCodeIndex.pack(code) else { return }
            var slot = PackedCodeIndex.slot(k, mask)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = k
            values[slot] = ref
        }
        self.keys = keys
        self.values = values
        self.mask = mask
        self.enabled = !index.isEmpty
    }

    /// The table answers for packed keys (see `key(_:)`).
    var isEnabled: Bool { enabled }

    /// The packed key of `code`, or nil when the table cannot answer for it.
    @inline(__always) func key(_ code: String) -> UInt64? {
        enabled ? PackedCodeIndex.pack(code) : nil
    }

    /// The facts of a packed code (`CodeRef.unknown` when absent).
    @inline(__always) func lookup(_ key: UInt64) -> CodeRef {
        var slot = PackedCodeIndex.slot(key, mask)
        while true {
            let k = keys[slot]
            if k == key { return values[slot] }
            if k == 0 { return .unknown }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// 1 to 8 ASCII bytes (no NUL), little-endian; nil otherwise.
    @inline(__always) static func pack(_ code: String) -> UInt64? {
        let u = code.utf8
        guard u.count <= 8 else { return nil }
        // One contiguous view of the bytes where there is one (iterating `utf8` re-reads a small string per byte).
        return u.withContiguousStorageIfAvailable { pack(bytes: $0) } ?? pack(bytes: u)
    }

    /// At most 8 ASCII bytes, none NUL, little-endian in a word; nil for none or any other byte.
    @inline(__always) private static func pack<Bytes: Sequence<UInt8>>(bytes: Bytes) -> UInt64? {
        var k: UInt64 = 0
        var shift: UInt64 = 0
        for b in bytes {
            guard b != 0, b < 0x80 else { return nil }
            k |= UInt64(b) << shift
            shift += 8
        }
        return shift == 0 ? nil : k
    }
}
