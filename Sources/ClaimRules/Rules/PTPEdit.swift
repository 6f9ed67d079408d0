/// One procedure-to-procedure edit in the CMS column layout.
///
/// It applies to a date of service `dos` when `effective <= dos`, `deletion` is absent or `dos < deletion`,
/// and the indicator is not 9 (domain-rules §9 "Edit semantics"; deletion taken as exclusive, UNCONFIRMED).
public struct PTPEdit: Sendable, Equatable, Codable {
    /// Column One code (payable).
    public var column1: String
    /// Column Two code (denied unless a proper modifier bypasses an indicator-1 edit).
    public var column2: String
    public var effective: CalendarDate
    /// Deletion date (`*` in the CMS files = none).
    public var deletion: CalendarDate?
    public var modifierIndicator: PTPModifierIndicator
    /// PTP edit rationale as published (e.g. "Mutually exclusive procedures").
    public var rationale: String
    /// Where the edit comes from (CMS file version, or a document cited in domain-rules.md).
    public var source: String

    public init(column1: String, column2: String, effective: CalendarDate, deletion: CalendarDate? = nil,
                modifierIndicator: PTPModifierIndicator, rationale: String, source: String) {
        self.column1 = column1
        self.column2 = column2
        self.effective = effective
        self.deletion = deletion
        self.modifierIndicator = modifierIndicator
        self.rationale = rationale
        self.source = source
    }

    /// Whether the edit applies on `date` (see the type's documentation).
    public func applies(on date: CalendarDate) -> Bool {
        modifierIndicator != .notApplicable && effective <= date && (deletion.map { date < $0 } ?? true)
    }
}
