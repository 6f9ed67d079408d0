/// One procedure-to-procedure edit in the CMS column layout.
///
/// It applies to a date of service `dos` when the indicator is not 9, the edit had started (`effective <= dos`)
/// and had not ended (`deletion` absent or `dos < deletion`; deletion taken as exclusive, as the NCCI files'
/// indicator-9 rows, deleted on their effective date, are never in force).
///
/// `effective` is nil when the source of the edit does not give its start (e.g. a snapshot of the edits in force on
/// one day). Such an edit applies on every date while it has no deletion date; once it has one it cannot be placed
/// in time and never applies (`PTPTable` leaves it out).
public struct PTPEdit: Sendable, Equatable, Codable {
    /// Column One code (payable).
    public var column1: String
    /// Column Two code (denied unless a proper modifier bypasses an indicator-1 edit).
    public var column2: String
    /// First date the edit applies; nil when the source does not say.
    public var effective: CalendarDate?
    /// Deletion date (`*` in the CMS files = none).
    public var deletion: CalendarDate?
    public var modifierIndicator: PTPModifierIndicator
    /// PTP edit rationale as published (e.g. "Mutually exclusive procedures").
    public var rationale: String
    /// Where the edit comes from (the CMS table and its version, or an input file name).
    public var source: String

    public init(column1: String, column2: String, effective: CalendarDate?, deletion: CalendarDate? = nil,
                modifierIndicator: PTPModifierIndicator, rationale: String, source: String) {
        self.column1 = column1
        self.column2 = column2
        self.effective = effective
        self.deletion = deletion
        self.modifierIndicator = modifierIndicator
        self.rationale = rationale
        self.source = source
    }

    /// Whether the edit can apply on some date: not indicator 9, and placed in time (a known start, or no end).
    public var canApply: Bool {
        modifierIndicator != .notApplicable && (effective != nil || deletion == nil)
    }

    /// Whether the edit applies on `date` (see the type's documentation).
    public func applies(on date: CalendarDate) -> Bool {
        guard canApply else { return false }
        return (effective.map { $0 <= date } ?? true) && (deletion.map { date < $0 } ?? true)
    }
}
