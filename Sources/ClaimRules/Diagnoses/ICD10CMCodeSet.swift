/// One release of the ICD-10-CM code set (CDC/NCHS, public domain), in force for a window of dates of
/// service (a fiscal year runs October 1 to September 30; an April update starts a new window).
///
/// Codes are looked up normalized: upper case, no dot (`M62.81` → `M6281`).
public struct ICD10CMCodeSet: Sendable {
    /// Code set id, e.g. `icd10cm-2026`.
    public let id: String
    /// First date of service the release is for.
    public let effective: CalendarDate
    /// Last date of service it is for; `nil` = open-ended.
    public let through: CalendarDate?
    /// Digest of the data it was built from (the loader decides the algorithm, e.g. SHA-256 hex).
    public let digest: String
    private let entries: [String: ICD10CMEntry]

    public init(id: String, effective: CalendarDate, through: CalendarDate? = nil, digest: String,
                entries: [String: ICD10CMEntry]) {
        self.id = id
        self.effective = effective
        self.through = through
        self.digest = digest
        self.entries = entries
    }

    /// Number of codes (headers and billable codes).
    public var count: Int { entries.count }

    /// Whether `date` falls in [effective, through].
    public func isInForce(on date: CalendarDate) -> Bool {
        effective <= date && (through.map { date <= $0 } ?? true)
    }

    /// The entry of a normalized code; `nil` when the release has no such code.
    public func lookup(_ normalizedCode: String) -> ICD10CMEntry? { entries[normalizedCode] }

    /// `M62.81` or `m6281` → `M6281`; `nil` when the text cannot be an ICD-10-CM code (3 to 7
    /// characters, a letter first, letters and digits only, at most one dot after the third character).
    public static func normalize(_ code: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(7)
        var dotAt: Int?
        for b in code.utf8 {
            if b == UInt8(ascii: ".") {
                guard dotAt == nil, out.count == 3 else { return nil }
                dotAt = out.count
                continue
            }
            let u = (b >= 97 && b <= 122) ? b - 32 : b
            guard (u >= 48 && u <= 57) || (u >= 65 && u <= 90) else { return nil }
            out.append(u)
            guard out.count <= 7 else { return nil }
        }
        guard out.count >= 3, out[0] >= 65, out[0] <= 90, dotAt == nil || out.count > 3 else { return nil }
        return String(decoding: out, as: UTF8.self)
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
}
