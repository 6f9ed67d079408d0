/// Procedure-to-procedure edits, stored compactly for millions of rows.
///
/// Codes are interned to `UInt32` ids; each edit is a 24-byte `Row` (column ids, effective and deletion
/// as `YYYYMMDD` integers (effective 0 = started on a date the source does not give), indicator, rationale and source as indexes into string tables). Rows sit in one
/// contiguous array sorted by (column1, column2, effective); a per-column-1 offset index and a binary search
/// over column 2 find a pair in O(log n) without hashing the pair.
public struct PTPTable: Sendable, Equatable {
    /// A packed edit row.
    public struct Row: Sendable, Equatable {
        public var column1: UInt32
        public var column2: UInt32
        /// `YYYYMMDD`, or `PTPTable.unknownEffective` when the source does not give the start.
        public var effective: Int32
        /// `YYYYMMDD`, or `PTPTable.noDeletion` when the edit is active.
        public var deletion: Int32
        /// Index into `rationales`.
        public var rationale: UInt16
        /// Index into `sources`.
        public var source: UInt16
        /// 0, 1 or 9.
        public var indicator: UInt8

        public init(column1: UInt32, column2: UInt32, effective: Int32, deletion: Int32, indicator: UInt8,
                    rationale: UInt16, source: UInt16) {
            self.column1 = column1
            self.column2 = column2
            self.effective = effective
            self.deletion = deletion
            self.rationale = rationale
            self.source = source
            self.indicator = indicator
        }

        /// Whether the edit applies on `date` (`YYYYMMDD`): indicator 9 never applies; deletion is exclusive.
        @inlinable public func applies(on date: Int32) -> Bool {
            indicator != 9 && effective <= date && date < deletion
        }

        fileprivate func precedes(_ o: Row) -> Bool {
            (column1, column2, effective) < (o.column1, o.column2, o.effective)
        }
    }

    /// Why packed arrays were refused by `init(codes:rows:rationales:sources:)`.
    public enum BuildError: Error, Sendable, Equatable, CustomStringConvertible {
        case duplicateCode(String)
        case tooManyCodes(Int)
        case tooManyStrings(table: String, count: Int)
        case codeIdOutOfRange(row: Int)
        case stringIndexOutOfRange(row: Int)
        case invalidIndicator(row: Int, value: UInt8)
        case invalidDate(row: Int)
        case deletionBeforeEffective(row: Int)
        case notSorted(row: Int)

        public var description: String {
            switch self {
            case .duplicateCode(let c): return "code \(c) appears twice in the code table"
            case .tooManyCodes(let n): return "\(n) codes exceed the UInt32 id space"
            case .tooManyStrings(let t, let n): return "\(n) \(t) exceed the UInt16 index space"
            case .codeIdOutOfRange(let r): return "row \(r): code id out of range"
            case .stringIndexOutOfRange(let r): return "row \(r): rationale or source index out of range"
            case .invalidIndicator(let r, let v): return "row \(r): modifier indicator \(v) is not 0, 1 or 9"
            case .invalidDate(let r): return "row \(r): effective or deletion date is not a real YYYYMMDD date"
            case .deletionBeforeEffective(let r): return "row \(r): deletion date before effective date"
            case .notSorted(let r): return "row \(r): rows are not sorted by (column1, column2, effective)"
            }
        }
    }

    /// Deletion value of an active edit.
    public static let noDeletion: Int32 = Int32.max
    /// Effective value of an edit whose start the source does not give (it sorts first and applies from any date).
    public static let unknownEffective: Int32 = 0

    /// Code of each id.
    public let codes: [String]
    /// Rows sorted by (column1, column2, effective).
    public let rows: [Row]
    public let rationales: [String]
    public let sources: [String]
    private let codeIds: [String: UInt32]
    /// `rows[column1Start[id] ..< column1Start[id + 1]]` are the rows whose column 1 is `id`.
    private let column1Start: [UInt32]

    /// An empty table.
    public init() {
        codes = []; rows = []; rationales = []; sources = []; codeIds = [:]; column1Start = [0]
    }

    /// Builds the table from edits in any order (rule data files, tests). Deterministic: ids follow first appearance.
    /// An edit with an unknown start and a deletion date cannot be placed in time (it might have ended before any
    /// given date or not), so it is left out: it must never apply (`PTPEdit.canApply`).
    public init(_ edits: [PTPEdit]) {
        var codes: [String] = []
        var ids: [String: UInt32] = [:]
        var rationales: [String] = []
        var rationaleIds: [String: UInt16] = [:]
        var sources: [String] = []
        var sourceIds: [String: UInt16] = [:]
        func codeId(_ c: String) -> UInt32 {
            if let id = ids[c] { return id }
            let id = UInt32(codes.count)
            ids[c] = id
            codes.append(c)
            return id
        }
        // Beyond 65,535 distinct strings the last index is reused; real files have a handful.
        func intern(_ s: String, _ table: inout [String], _ map: inout [String: UInt16]) -> UInt16 {
            if let i = map[s] { return i }
            guard table.count < Int(UInt16.max) else { return UInt16.max - 1 }
            let i = UInt16(table.count)
            map[s] = i
            table.append(s)
            return i
        }
        var rows: [Row] = []
        rows.reserveCapacity(edits.count)
        for e in edits where e.effective != nil || e.deletion == nil {
            rows.append(Row(column1: codeId(e.column1), column2: codeId(e.column2),
                            effective: e.effective?.yyyymmdd ?? PTPTable.unknownEffective,
                            deletion: e.deletion?.yyyymmdd ?? PTPTable.noDeletion, indicator: e.modifierIndicator.rawValue,
                            rationale: intern(e.rationale, &rationales, &rationaleIds),
                            source: intern(e.source, &sources, &sourceIds)))
        }
        rows.sort { $0.precedes($1) }
        self.codes = codes
        self.codeIds = ids
        self.rationales = rationales
        self.sources = sources
        self.rows = rows
        self.column1Start = PTPTable.index(rows: rows, codeCount: codes.count)
    }

    /// Fast path for the NCCI loader: adopts pre-sorted packed rows and their tables after checking,
    /// in one pass, the invariants the lookups rely on:
    /// - `codes` are unique (their index is the id) and fit `UInt32`;
    /// - `rationales` and `sources` fit `UInt16` indexes; every row's indexes are in range;
    /// - every row's column ids are `< codes.count`; the indicator is 0, 1 or 9;
    /// - effective is a real `YYYYMMDD` date (the NCCI files always give it); deletion is `noDeletion` or a real
    ///   date `>= effective`;
    /// - rows are sorted by (column1, column2, effective), non-decreasing.
    public init(codes: [String], rows: [Row], rationales: [String], sources: [String]) throws(BuildError) {
        guard codes.count < Int(UInt32.max) else { throw .tooManyCodes(codes.count) }
        guard rationales.count <= Int(UInt16.max) else { throw .tooManyStrings(table: "rationales", count: rationales.count) }
        guard sources.count <= Int(UInt16.max) else { throw .tooManyStrings(table: "sources", count: sources.count) }
        var ids: [String: UInt32] = [:]
        ids.reserveCapacity(codes.count)
        for (i, c) in codes.enumerated() {
            guard ids.updateValue(UInt32(i), forKey: c) == nil else { throw .duplicateCode(c) }
        }
        let n = UInt32(codes.count)
        var lastDate: Int32 = -1
        var lastValid = false
        for i in rows.indices {
            let r = rows[i]
            guard r.column1 < n, r.column2 < n else { throw .codeIdOutOfRange(row: i) }
            guard Int(r.rationale) < rationales.count, Int(r.source) < sources.count else {
                throw .stringIndexOutOfRange(row: i)
            }
            guard r.indicator == 0 || r.indicator == 1 || r.indicator == 9 else {
                throw .invalidIndicator(row: i, value: r.indicator)
            }
            // Most consecutive rows share dates; validate each distinct value once.
            if r.effective != lastDate || !lastValid {
                guard CalendarDate(yyyymmdd: Int(r.effective)) != nil else { throw .invalidDate(row: i) }
                lastDate = r.effective
                lastValid = true
            }
            if r.deletion != PTPTable.noDeletion {
                guard CalendarDate(yyyymmdd: Int(r.deletion)) != nil else { throw .invalidDate(row: i) }
                guard r.deletion >= r.effective else { throw .deletionBeforeEffective(row: i) }
            }
            if i > 0, r.precedes(rows[i - 1]) { throw .notSorted(row: i) }
        }
        self.codes = codes
        self.codeIds = ids
        self.rows = rows
        self.rationales = rationales
        self.sources = sources
        self.column1Start = PTPTable.index(rows: rows, codeCount: codes.count)
    }

    private static func index(rows: [Row], codeCount: Int) -> [UInt32] {
        var start = [UInt32](repeating: 0, count: codeCount + 1)
        for r in rows { start[Int(r.column1) + 1] += 1 }
        for i in 0..<codeCount { start[i + 1] += start[i] }
        return start
    }

    /// Number of rows.
    public var count: Int { rows.count }

    /// The interned id of a code, or `nil` when no edit mentions it.
    public func id(of code: String) -> UInt32? { codeIds[code] }

    /// The edit for (column1, column2) that applies on `date` (`YYYYMMDD`), if any. When several rows of the pair
    /// apply (overlapping history), the one with the latest effective date wins.
    public func edit(column1: UInt32, column2: UInt32, on date: Int32) -> Row? {
        let c1 = Int(column1)
        guard c1 + 1 < column1Start.count else { return nil }
        var lo = Int(column1Start[c1])
        var hi = Int(column1Start[c1 + 1])
        // Lower bound of column2.
        while lo < hi {
            let mid = (lo + hi) >> 1
            if rows[mid].column2 < column2 { lo = mid + 1 } else { hi = mid }
        }
        var found: Row?
        var i = lo
        let end = Int(column1Start[c1 + 1])
        while i < end, rows[i].column2 == column2 {
            if rows[i].applies(on: date) { found = rows[i] }
            i += 1
        }
        return found
    }

    /// The edit for the pair of codes that applies on `date`, unpacked; `nil` when none applies.
    public func edit(column1: String, column2: String, on date: CalendarDate) -> PTPEdit? {
        guard let a = id(of: column1), let b = id(of: column2),
              let r = edit(column1: a, column2: b, on: date.yyyymmdd) else { return nil }
        return unpack(r)
    }

    /// The edit a packed row stands for.
    public func unpack(_ r: Row) -> PTPEdit? {
        guard let ind = PTPModifierIndicator(rawValue: r.indicator),
              Int(r.column1) < codes.count, Int(r.column2) < codes.count else { return nil }
        var eff: CalendarDate?
        if r.effective != PTPTable.unknownEffective {
            guard let date = CalendarDate(yyyymmdd: Int(r.effective)) else { return nil }
            eff = date
        }
        let del = r.deletion == PTPTable.noDeletion ? nil : CalendarDate(yyyymmdd: Int(r.deletion))
        return PTPEdit(column1: codes[Int(r.column1)], column2: codes[Int(r.column2)], effective: eff, deletion: del,
                       modifierIndicator: ind, rationale: rationaleText(r), source: sourceText(r))
    }

    /// Rationale text of a row.
    public func rationaleText(_ r: Row) -> String { Int(r.rationale) < rationales.count ? rationales[Int(r.rationale)] : "" }
    /// Source text of a row.
    public func sourceText(_ r: Row) -> String { Int(r.source) < sources.count ? sources[Int(r.source)] : "" }

    public static func == (a: PTPTable, b: PTPTable) -> Bool {
        a.codes == b.codes && a.rows == b.rows && a.rationales == b.rationales && a.sources == b.sources
    }
}
