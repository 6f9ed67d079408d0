/// Everything the engine needs to judge claims for one effective window: codes, PTP edits, MUEs, payer
/// profiles, place-of-service and provider taxonomy codes, plus the metadata that lets a verdict be replayed (id, dates, quarter, digest).
///
/// Built once by the loader (`RuleData`) and shared read-only between threads; `Scrubber.scrub` never mutates it.
/// The tables live in one copy-on-write box, so copying a `RuleSet` (as every scrub does) costs a few reference
/// counts, not one per table; the per-code index is rebuilt whenever `codes`, `ptp` or `mues` is set.
public struct RuleSet: Sendable {
    /// Ruleset id, e.g. `2026Q1` or `builtin-2026-01`.
    public var id: String
    /// First date of service the ruleset is for.
    public var effective: CalendarDate
    /// Last date of service it is for; `nil` = open-ended.
    public var through: CalendarDate?
    /// NCCI quarter label (e.g. `2026Q1`) when imported from CMS files.
    public var quarter: String?
    /// Digest of the data the ruleset was built from (the loader decides the algorithm, e.g. SHA-256 hex).
    public var digest: String
    /// What the data is when the ruleset is a snapshot of the edits in force on `effective` that scrubs every date of
    /// service (the built-in default while no NCCI quarter is imported), e.g. "CMS practitioner NCCI edits in force
    /// on 2024-07-01 (2024 Q3), therapy codes only"; nil for a quarter's ruleset. Outside [effective, through]
    /// a snapshot draws the info finding `NCCI_EDITS_SNAPSHOT` instead of the `RULESET_NOT_IN_FORCE` warning.
    public var snapshot: String?

    private var storage: Storage

    public var codes: CodeTable {
        get { storage.codes }
        set { mutate { $0.codes = newValue; $0.rebuildIndex() } }
    }
    public var ptp: PTPTable {
        get { storage.ptp }
        set { mutate { $0.ptp = newValue; $0.rebuildIndex() } }
    }
    public var mues: MUETable {
        get { storage.mues }
        set { mutate { $0.mues = newValue; $0.rebuildIndex() } }
    }
    /// Payer profiles by id.
    public var payers: [String: PayerProfile] {
        get { storage.payers }
        set { mutate { $0.payers = newValue; $0.rebuildProfiles() } }
    }
    /// The CMS place-of-service codes; empty = place of service is not checked.
    public var placesOfService: PlaceOfServiceTable {
        get { storage.placesOfService }
        set { mutate { $0.placesOfService = newValue } }
    }
    /// The therapy provider taxonomy codes; empty = taxonomies are not judged.
    public var taxonomies: ProviderTaxonomyTable {
        get { storage.taxonomies }
        set { mutate { $0.taxonomies = newValue } }
    }

    public init(id: String, effective: CalendarDate, through: CalendarDate? = nil, quarter: String? = nil,
                digest: String, codes: CodeTable, ptp: PTPTable = PTPTable(), mues: MUETable = MUETable(),
                payers: [String: PayerProfile], placesOfService: PlaceOfServiceTable = PlaceOfServiceTable(),
                taxonomies: ProviderTaxonomyTable = ProviderTaxonomyTable()) {
        self.id = id
        self.effective = effective
        self.through = through
        self.quarter = quarter
        self.digest = digest
        self.storage = Storage(codes: codes, ptp: ptp, mues: mues, payers: payers, placesOfService: placesOfService,
                               taxonomies: taxonomies)
    }

    /// Whether `date` falls in [effective, through].
    public func isInForce(on date: CalendarDate) -> Bool {
        effective <= date && (through.map { date <= $0 } ?? true)
    }

    /// The resolved facts of a code (`CodeRef.unknown` when no table mentions it).
    @inline(__always) func ref(_ code: String) -> CodeRef { storage.index[code] ?? .unknown }

    /// The boxed profile of a payer id (one reference count to hold, instead of one per profile field).
    func profileBox(_ payer: String) -> PayerProfileBox? { storage.profiles[payer] }

    private mutating func mutate(_ change: (Storage) -> Void) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        change(storage)
    }

    /// The tables and their derived indexes. Mutated only through `mutate`, i.e. only while uniquely referenced
    /// (copy-on-write), hence safe to share between threads.
    private final class Storage: @unchecked Sendable {
        var codes: CodeTable
        var ptp: PTPTable
        var mues: MUETable
        var payers: [String: PayerProfile]
        var placesOfService: PlaceOfServiceTable
        var taxonomies: ProviderTaxonomyTable
        var index: [String: CodeRef] = [:]
        var profiles: [String: PayerProfileBox] = [:]

        init(codes: CodeTable, ptp: PTPTable, mues: MUETable, payers: [String: PayerProfile],
             placesOfService: PlaceOfServiceTable, taxonomies: ProviderTaxonomyTable) {
            self.codes = codes
            self.ptp = ptp
            self.mues = mues
            self.payers = payers
            self.placesOfService = placesOfService
            self.taxonomies = taxonomies
            rebuildIndex()
            rebuildProfiles()
        }

        func copy() -> Storage {
            Storage(codes: codes, ptp: ptp, mues: mues, payers: payers, placesOfService: placesOfService, taxonomies: taxonomies)
        }

        func rebuildIndex() { index = RuleSet.buildIndex(codes: codes, ptp: ptp, mues: mues) }

        func rebuildProfiles() {
            var p: [String: PayerProfileBox] = [:]
            for (k, v) in payers { p[k] = PayerProfileBox(v) }
            profiles = p
        }
    }
}
