/// Everything the engine needs to judge claims for one effective window: codes, PTP edits, MUEs and payer
/// profiles, plus the metadata that lets a verdict be replayed (id, dates, quarter, digest).
///
/// Built once by the loader (`RuleData`) and shared read-only between threads; `Scrubber.scrub` never mutates it.
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
    public var codes: CodeTable
    public var ptp: PTPTable
    public var mues: MUETable
    /// Payer profiles by id.
    public var payers: [String: PayerProfile]

    public init(id: String, effective: CalendarDate, through: CalendarDate? = nil, quarter: String? = nil,
                digest: String, codes: CodeTable, ptp: PTPTable = PTPTable(), mues: MUETable = MUETable(),
                payers: [String: PayerProfile]) {
        self.id = id
        self.effective = effective
        self.through = through
        self.quarter = quarter
        self.digest = digest
        self.codes = codes
        self.ptp = ptp
        self.mues = mues
        self.payers = payers
    }

    /// Whether `date` falls in [effective, through].
    public func isInForce(on date: CalendarDate) -> Bool {
        effective <= date && (through.map { date <= $0 } ?? true)
    }
}
