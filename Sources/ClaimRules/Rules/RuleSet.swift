/// Everything the engine needs to judge claims for one effective window: codes, PTP edits, MUEs, payer
/// profiles, place-of-service and provider taxonomy codes, plus the metadata that lets a verdict be replayed (id, dates, quarter, digest).
///
/// Built once by the loader (`RuleData`) and shared read-only between threads; `Scrubber.scrub` never mutates it.
/// The tables live in one copy-on-write box, so copying a `RuleSet` (as every scrub does) costs a few reference
/// counts, not one per table; the per-code index is rebuilt whenever `codes`, `ptp` or `mues` is set.
public struct RuleSet: Sendable {
    /// Ruleset id, e.g. `2026Q1` or `builtin-2026-01`.
    public var id: String {
        get { meta.fields.id }
        set { changeMeta { $0.id = newValue } }
    }
    /// First date of service the ruleset is for.
    public var effective: CalendarDate {
        get { meta.fields.effective }
        set { changeMeta { $0.effective = newValue } }
    }
    /// Last date of service it is for; `nil` = open-ended.
    public var through: CalendarDate? {
        get { meta.fields.through }
        set { changeMeta { $0.through = newValue } }
    }
    /// NCCI quarter label (e.g. `2026Q1`) when imported from CMS files.
    public var quarter: String? {
        get { meta.fields.quarter }
        set { changeMeta { $0.quarter = newValue } }
    }
    /// Digest of the data the ruleset was built from (the loader decides the algorithm, e.g. SHA-256 hex).
    public var digest: String {
        get { meta.fields.digest }
        set { changeMeta { $0.digest = newValue } }
    }
    /// What the data is when the ruleset is a snapshot of the edits in force on `effective` that scrubs every date of
    /// service (the built-in default while no NCCI quarter is imported), e.g. "CMS practitioner NCCI edits in force
    /// on 2024-07-01 (2024 Q3), therapy codes only"; nil for a quarter's ruleset. Outside [effective, through]
    /// a snapshot draws the info finding `NCCI_EDITS_SNAPSHOT` instead of the `RULESET_NOT_IN_FORCE` warning.
    public var snapshot: String? {
        get { meta.fields.snapshot }
        set { changeMeta { $0.snapshot = newValue } }
    }

    /// The metadata above in one immutable box, and the tables in another: a copy of a rule set (every scrub takes
    /// one per date) costs two reference counts.
    private var meta: Meta
    private var storage: Storage

    /// `snapshotNotice`, built when the metadata is set: a snapshot judges most claims outside its window, and
    /// building the text per claim cost more than the rest of the ruleset check.
    var snapshotNoticeBox: SnapshotNoticeBox? { meta.notice }

    public var codes: CodeTable {
        get { storage.tables.codes }
        set { mutate { $0.codes = newValue } }
    }
    public var ptp: PTPTable {
        get { storage.tables.ptp }
        set { mutate { $0.ptp = newValue } }
    }
    public var mues: MUETable {
        get { storage.tables.mues }
        set { mutate { $0.mues = newValue } }
    }
    /// Payer profiles by id.
    public var payers: [String: PayerProfile] {
        get { storage.tables.payers }
        set { mutate { $0.payers = newValue } }
    }
    /// The CMS place-of-service codes; empty = place of service is not checked.
    public var placesOfService: PlaceOfServiceTable {
        get { storage.tables.placesOfService }
        set { mutate { $0.placesOfService = newValue } }
    }
    /// The therapy provider taxonomy codes; empty = taxonomies are not judged.
    public var taxonomies: ProviderTaxonomyTable {
        get { storage.tables.taxonomies }
        set { mutate { $0.taxonomies = newValue } }
    }

    public init(id: String, effective: CalendarDate, through: CalendarDate? = nil, quarter: String? = nil,
                digest: String, codes: CodeTable, ptp: PTPTable = PTPTable(), mues: MUETable = MUETable(),
                payers: [String: PayerProfile], placesOfService: PlaceOfServiceTable = PlaceOfServiceTable(),
                taxonomies: ProviderTaxonomyTable = ProviderTaxonomyTable()) {
        self.meta = Meta(MetaFields(id: id, effective: effective, through: through, quarter: quarter, digest: digest,
                                    snapshot: nil))
        self.storage = Storage(Tables(codes: codes, ptp: ptp, mues: mues, payers: payers, placesOfService: placesOfService,
                                      taxonomies: taxonomies))
    }

    private mutating func changeMeta(_ change: (inout MetaFields) -> Void) {
        var fields = meta.fields
        change(&fields)
        meta = Meta(fields)
    }

    /// A rule set's id, window, quarter, digest and snapshot description (internal).
    struct MetaFields: Sendable {
        var id: String
        var effective: CalendarDate
        var through: CalendarDate?
        var quarter: String?
        var digest: String
        var snapshot: String?
    }

    /// The metadata and the snapshot notice derived from it, immutable once built.
    private final class Meta: Sendable {
        let fields: MetaFields
        let notice: SnapshotNoticeBox?

        init(_ fields: MetaFields) {
            self.fields = fields
            self.notice = RuleSet.snapshotNotice(of: fields).map { SnapshotNoticeBox(message: $0.message, fix: $0.fix) }
        }
    }

    /// Whether `date` falls in [effective, through].
    public func isInForce(on date: CalendarDate) -> Bool {
        effective <= date && (through.map { date <= $0 } ?? true)
    }

    /// The resolved facts of a code (`CodeRef.unknown` when no table mentions it).
    @inline(__always) func ref(_ code: String) -> CodeRef {
        if let key = storage.packed.key(code) { return storage.packed.lookup(key) }
        return storage.index[code] ?? .unknown
    }

    /// `ref(code)` for a code packed already (`PackedCodeIndex.pack(code)`, nil when it has no packed form).
    @inline(__always) func ref(_ code: String, packed: UInt64?) -> CodeRef {
        if let packed, storage.packed.isEnabled { return storage.packed.lookup(packed) }
        return storage.index[code] ?? .unknown
    }

    /// The number of PTP edit rows, read in place (the `ptp` getter copies the table: a reference count per array).
    var ptpCount: Int { storage.tables.ptp.count }

    /// `ptp.edit(column1:column2:on:)`, read in place.
    @inline(__always) func ptpEdit(column1: UInt32, column2: UInt32, on date: Int32) -> PTPTable.Row? {
        storage.tables.ptp.edit(column1: column1, column2: column2, on: date)
    }

    /// The boxed profile of a payer id (one reference count to hold, instead of one per profile field).
    func profileBox(_ payer: String) -> PayerProfileBox? {
        // A handful of payers: comparing the ids (String ==, as the dictionary does) beats hashing one.
        if let list = storage.profileList {
            for entry in list where entry.payer == payer { return entry.box }
            return nil
        }
        return storage.profiles[payer]
    }

    /// Replaces the storage with one built from the changed tables: rule sets change only while loaded, and an
    /// immutable storage is read per claim without exclusivity checks.
    private mutating func mutate(_ change: (inout Tables) -> Void) {
        var tables = storage.tables
        change(&tables)
        storage = Storage(tables)
    }

    /// The tables of a rule set (internal).
    fileprivate struct Tables: Sendable {
        var codes: CodeTable
        var ptp: PTPTable
        var mues: MUETable
        var payers: [String: PayerProfile]
        var placesOfService: PlaceOfServiceTable
        var taxonomies: ProviderTaxonomyTable
    }

    /// The tables and their derived indexes, immutable once built, hence safe to share between threads.
    private final class Storage: Sendable {
        let tables: Tables
        let index: [String: CodeRef]
        /// `index` for lookups without hashing (codes are a few ASCII bytes).
        let packed: PackedCodeIndex
        let profiles: [String: PayerProfileBox]
        /// `profiles` as a list while there are few of them (nil otherwise).
        let profileList: [(payer: String, box: PayerProfileBox)]?

        init(_ tables: Tables) {
            self.tables = tables
            let index = RuleSet.buildIndex(codes: tables.codes, ptp: tables.ptp, mues: tables.mues)
            self.index = index
            self.packed = PackedCodeIndex(index)
            var p: [String: PayerProfileBox] = [:]
            for (k, v) in tables.payers { p[k] = PayerProfileBox(v) }
            self.profiles = p
            self.profileList = p.count <= 8 ? p.map { (payer: $0.key, box: $0.value) } : nil
        }
    }
}
