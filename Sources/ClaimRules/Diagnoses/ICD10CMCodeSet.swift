/// One release of the ICD-10-CM code set (CDC/NCHS, public domain), in force for a window of dates of
/// service (a fiscal year runs October 1 to September 30; an April update starts a new window).
///
/// Codes are looked up normalized: upper case, no dot (`M62.81` → `M6281`).
///
/// Storage: each code packed into one integer (6 bits a character, then the two flags) in an
/// open-addressing hash table: 1 MiB for a full release (98,186 codes) against 2.3 MiB for a dictionary
/// of strings, and a lookup hashes one integer instead of a string (Benchmarks/icd10cm).
public struct ICD10CMCodeSet: Sendable {
    /// Code set id, e.g. `icd10cm-2026`.
    public let id: String
    /// First date of service the release is for.
    public let effective: CalendarDate
    /// Last date of service it is for; `nil` = open-ended.
    public let through: CalendarDate?
    /// Digest of the data it was built from (the loader decides the algorithm, e.g. SHA-256 hex).
    public let digest: String
    /// Where the release comes from, for people (e.g. `ICD-10-CM FY2026, April 1, 2026 release ...`).
    public let source: String
    private let table: ICD10CMCodeTable

    public init(id: String, effective: CalendarDate, through: CalendarDate? = nil, digest: String,
                entries: [String: ICD10CMEntry]) {
        var builder = Builder()
        for (code, entry) in entries { builder.add(code, entry) }
        self.init(id: id, effective: effective, through: through, digest: digest, source: "", codes: builder)
    }

    /// A release from the codes gathered in `codes`.
    public init(id: String, effective: CalendarDate, through: CalendarDate? = nil, digest: String, source: String,
                codes: Builder) {
        self.id = id
        self.effective = effective
        self.through = through
        self.digest = digest
        self.source = source
        self.table = ICD10CMCodeTable(codes.packed)
    }

    /// Number of codes (headers and billable codes).
    public var count: Int { table.count }

    /// Number of billable (leaf) codes.
    public var billableCount: Int { table.billableCount }

    /// Number of codes flagged as manifestation codes (headers and billable).
    public var manifestationCount: Int { table.manifestationCount }

    /// Whether `date` falls in [effective, through].
    public func isInForce(on date: CalendarDate) -> Bool {
        effective <= date && (through.map { date <= $0 } ?? true)
    }

    /// The entry of a normalized code; `nil` when the release has no such code.
    public func lookup(_ normalizedCode: String) -> ICD10CMEntry? { table.lookup(normalizedCode) }

    /// Every code with its entry, in ascending code order.
    public var entries: [(code: String, entry: ICD10CMEntry)] {
        table.sorted.map { (ICD10CMCodeTable.code(of: $0), ICD10CMCodeTable.entry(of: $0)) }
    }

    /// `M62.81` or `m6281` → `M6281`; `nil` when the text cannot be an ICD-10-CM code (3 to 7
    /// characters, a letter first, letters and digits only, at most one dot after the third character).
    public static func normalize(_ code: String) -> String? {
        // The bytes go into one integer and the result is a small (inline) string: normalizing is on the
        // per-claim path and must not allocate.
        var bytes: UInt64 = 0
        var count = 0
        var dotAt: Int?
        var text = code
        let ok = text.withUTF8 { utf8 -> Bool in
            for b in utf8 {
                if b == UInt8(ascii: ".") {
                    guard dotAt == nil, count == 3 else { return false }
                    dotAt = count
                    continue
                }
                let u = (b >= 97 && b <= 122) ? b - 32 : b
                guard (u >= 48 && u <= 57) || (u >= 65 && u <= 90), count < 7 else { return false }
                bytes |= UInt64(u) << UInt64(8 * count)
                count += 1
            }
            return true
        }
        guard ok else { return nil }
        let first = UInt8(truncatingIfNeeded: bytes)
        guard count >= 3, first >= 65, first <= 90, dotAt == nil || count > 3 else { return nil }
        return String(unsafeUninitializedCapacity: count) { buffer in
            for i in 0..<count { buffer[i] = UInt8(truncatingIfNeeded: bytes >> UInt64(8 * i)) }
            return count
        }
    }

    /// Gathers the codes of a release (in any order) before they are packed into a code set.
    public struct Builder: Sendable {
        fileprivate var packed: [UInt64] = []

        public init() {}

        /// Reserves room for `count` codes.
        public mutating func reserveCapacity(_ count: Int) { packed.reserveCapacity(count) }

        /// Adds a normalized code. Returns false (and adds nothing) when `code` is not 3 to 7 upper-case
        /// letters and digits starting with a letter. When a code is added twice, the first entry counts.
        @discardableResult
        public mutating func add(_ code: String, _ entry: ICD10CMEntry) -> Bool {
            guard let key = ICD10CMCodeTable.key(code), key >> 36 >= ICD10CMCodeTable.firstLetter else { return false }
            packed.append(key << 2 | (entry.billable ? 1 : 0) | (entry.manifestation ? 2 : 0))
            return true
        }
    }
}

/// What the code set says of one code.
public struct ICD10CMEntry: Sendable, Hashable {
    /// A leaf code, valid on a claim; `false` for category and subcategory headers.
    public var billable: Bool
    /// A manifestation code (it carries a "code first" instruction for the underlying condition), which
    /// may not be first-listed.
    public var manifestation: Bool

    public init(billable: Bool, manifestation: Bool = false) {
        self.billable = billable
        self.manifestation = manifestation
    }
}

/// The loaded ICD-10-CM releases, chosen by date of service.
public struct ICD10CMCatalog: Sendable {
    /// Releases, ordered by effective date.
    public let codeSets: [ICD10CMCodeSet]

    public init(_ codeSets: [ICD10CMCodeSet]) {
        self.codeSets = codeSets.sorted { $0.effective < $1.effective }
    }

    /// No releases: diagnosis codes are not checked against a code set.
    public static let empty = ICD10CMCatalog([])

    /// The release in force on `date` (the latest-effective one when several cover it); `nil` when none does.
    public func codeSet(on date: CalendarDate) -> ICD10CMCodeSet? {
        codeSets.last { $0.isInForce(on: date) }
    }

    /// The newest release whose window ended before `date`: the one that stands in for a date of service no
    /// loaded release covers because the current fiscal year's release is not imported yet. `nil` when no
    /// release ended before `date` (then nothing earlier can speak for it).
    public func newestRelease(endedBefore date: CalendarDate) -> ICD10CMCodeSet? {
        codeSets.last { set in set.through.map { $0 < date } ?? false }
    }
}
